// Runs the real Discord adapter (discord.js gateway client) against the fake Discord, on a test database, and
// drives it the way Discord does: slash commands typed with the options as registered, autocomplete, button
// clicks on the messages the bot sent, and modals filled and submitted like the Discord client.
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { startDiscord, type DiscordAdapter } from '../../src/discord/adapter.ts';
import { APP_ID, DISCORD_TOKEN, GUILD_ID, startFakeDiscord, type FakeDiscord, type FakeMessage, type Json, type StartOptions } from '../fakes/discord.ts';
import { autocomplete, button, chatInput, fillModal, member, modalSubmit, type OptionValue, type Typed, type Where } from '../fakes/discord-payloads.ts';
import { createHarness, TEST_KEY, type Harness } from './harness.ts';

export const ADMIN_ID = '1400000000000000001';
export const SUPPORT_ID = '1400000000000000002';
export const STRANGER_ID = '1400000000000000003';
export const SUPPORT_ROLE = '1500000000000000001';

export interface Sent {
  payload: Json;
  /** The accepted callback body ({type, data}). */
  callback: Json;
}

export interface DiscordHarness {
  h: Harness;
  fake: FakeDiscord;
  adapter: DiscordAdapter;
  admin: Json;
  support: Json;
  stranger: Json;
  /** A slash command with options by name; their Discord types come from the registered command. */
  slash(path: string[], options?: Record<string, OptionValue>, who?: Json, where?: Where): Promise<Sent>;
  /** Autocomplete with `focused` being typed; resolves with the choices offered. */
  complete(path: string[], focused: string, typed: string, who?: Json, where?: Where): Promise<{ name: string; value: string }[]>;
  /** Clicks the button labelled `label` on a message the bot sent (or on a callback's data). */
  click(message: FakeMessage | Json, label: string, who?: Json): Promise<Sent>;
  /** Fills and submits a modal the bot showed (callback type 9 data), from the message it was opened on if any. */
  submit(modal: Json, typed?: Record<string, Typed>, who?: Json, message?: FakeMessage): Promise<Sent>;
  /** The message an interaction's answer ended up as: the @original, after any edits. */
  answer(sent: Sent): FakeMessage;
  close(): Promise<void>;
}

export async function createDiscordHarness(o: { env?: Record<string, string>; fake?: StartOptions; deferAfterMs?: number; global?: boolean } = {}): Promise<DiscordHarness> {
  const fake = await startFakeDiscord({ heartbeatIntervalMs: 1000, guilds: [{ id: GUILD_ID, roles: [{ id: SUPPORT_ROLE, name: 'support' }] }], ...o.fake });
  const env = {
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    ...(o.global ? {} : { DISCORD_GUILD_IDS: GUILD_ID }),
    TRUNKOPS_ADMINS: `discord:${ADMIN_ID}`,
    ...o.env,
  };
  const h = await createHarness(env);
  const config = loadConfig({ TRUNKOPS_SECRET_KEY: TEST_KEY, ...env });
  let adapter: DiscordAdapter;
  try {
    adapter = await startDiscord({ config: config.discord!, dispatcher: h.app.dispatcher, commands, store: h.app.store, secrets: h.app.deps.secrets, logger: h.logger, uploadMaxBytes: config.uploadMaxBytes, deferAfterMs: o.deferAfterMs });
  } catch (err) {
    await fake.close();
    await h.close();
    throw err;
  }
  const admin = member(ADMIN_ID, [], { name: 'alice' });
  const support = member(SUPPORT_ID, [SUPPORT_ROLE], { name: 'sam' });
  const stranger = member(STRANGER_ID, [], { name: 'eve' });
  const registered = () => fake.commands.get(o.global ? 'global' : GUILD_ID) ?? [];

  function command(path: string[]): Json {
    let node: Json = registered().find((c: Json) => c.name === path[0]);
    for (const p of path.slice(1)) node = node?.options?.find((x: Json) => x.name === p);
    if (!node) throw new Error(`/${path.join(' ')} is not registered`);
    return node;
  }

  function optionType(path: string[], name: string): number {
    const opt = command(path).options?.find((x: Json) => x.name === name);
    if (!opt) throw new Error(`/${path.join(' ')} has no registered option ${name}`);
    return opt.type;
  }

  async function send(payload: Json): Promise<Sent> {
    fake.interaction(payload);
    return { payload, callback: await fake.callback(payload.id) };
  }

  return {
    h,
    fake,
    adapter,
    admin,
    support,
    stranger,
    slash(path, options = {}, who = admin, where = {}) {
      // The Discord client does not send a command with a required option left out.
      const missing = (command(path).options ?? []).filter((o: Json) => o.required && !(o.name in options)).map((o: Json) => o.name);
      if (missing.length) throw new Error(`Discord would not send /${path.join(' ')} without ${missing.join(', ')}`);
      const opts = Object.entries(options).map(([name, value]) => ({ name, type: optionType(path, name), value }));
      return send(chatInput(path, opts, who, where));
    },
    async complete(path, focused, typed, who = admin, where = {}) {
      const sent = await send(autocomplete(path, [{ name: focused, type: optionType(path, focused), value: typed, focused: true }], who, where));
      return sent.callback.data.choices;
    },
    click(message, label, who = admin) {
      const rows: Json[] = message.components ?? [];
      const b = rows.flatMap((r: Json) => r.components ?? []).find((c: Json) => c.label === label);
      if (!b) throw new Error(`no button "${label}"; buttons: ${rows.flatMap((r: Json) => r.components ?? []).map((c: Json) => c.label).join(', ')}`);
      return send(button(b.custom_id, message, who));
    },
    submit(modal, typed = {}, who = admin, message) {
      const filled = fillModal(modal, typed);
      return send(modalSubmit(modal.custom_id, filled.components, who, { resolved: filled.resolved, message }));
    },
    answer(sent) {
      const m = fake.original(sent.payload.token);
      if (!m) throw new Error(`interaction ${sent.payload.id} has no answer message`);
      return m;
    },
    async close() {
      await adapter.stop();
      await fake.close();
      await h.close();
    },
  };
}

/** Everything readable in a message (content, embed title, description, fields), for assertions. */
export function messageText(m: FakeMessage | Json): string {
  const parts: string[] = [m.content ?? ''];
  for (const e of m.embeds ?? []) parts.push(e.title ?? '', e.description ?? '', ...(e.fields ?? []).map((f: Json) => `${f.name}: ${f.value}`));
  return parts.filter(Boolean).join('\n');
}

export function buttonLabels(m: FakeMessage | Json): string[] {
  return (m.components ?? []).flatMap((r: Json) => r.components ?? []).map((c: Json) => c.label);
}

/** Waits until `fn` returns something (polling the fake's state). */
export async function eventually<T>(fn: () => T | undefined, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined && v !== null && v !== false) return v;
    if (Date.now() > end) throw new Error('timed out waiting for the bot');
    await new Promise((r) => setTimeout(r, 10));
  }
}
