// What Discord sends a bot in INTERACTION_CREATE, built the way Discord builds it: slash commands with options
// nested under sub-commands (attachments resolved), autocomplete with the focused option, button clicks carrying
// their message, modal submits, and fillModal, which fills a modal the way the Discord client submits it.
// Push them with fake.interaction(payload).
import { APP_ID, CHANNEL_ID, GUILD_ID, OTHER_CHANNEL_ID, snowflake, toApiMessage, type FakeMessage, type Json } from './discord.ts';

/** VIEW_CHANNEL, SEND_MESSAGES, EMBED_LINKS, ATTACH_FILES, READ_MESSAGE_HISTORY, ADD_REACTIONS, USE_APPLICATION_COMMANDS and friends. */
const MEMBER_PERMISSIONS = '2248473465835073';
/** The bot's permissions in the channel: the member set plus threads and message management. */
const APP_PERMISSIONS = '2251799813685247';

export interface Where {
  guildId?: string;
  channelId?: string;
}

/** A guild member as an interaction carries it (`permissions` are the member's computed permissions in the channel). */
export function member(userId: string, roles: string[] = [], opts: { name?: string; permissions?: string } = {}): Json {
  const name = opts.name ?? `user${userId.slice(-4)}`;
  return {
    user: { id: userId, username: name, global_name: name, discriminator: '0', avatar: null, public_flags: 0 },
    roles,
    permissions: opts.permissions ?? MEMBER_PERMISSIONS,
    nick: null,
    avatar: null,
    banner: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}

function base(type: number, who: Json, data: Json, where: Where = {}): Json {
  const id = snowflake();
  const guildId = where.guildId ?? GUILD_ID;
  const channelId = where.channelId ?? (guildId === GUILD_ID ? CHANNEL_ID : OTHER_CHANNEL_ID);
  return {
    id,
    application_id: APP_ID,
    type,
    token: `itoken-${id}`,
    version: 1,
    guild_id: guildId,
    guild: { id: guildId, locale: 'en-US', features: [] },
    channel_id: channelId,
    channel: { id: channelId, type: 0, guild_id: guildId, name: 'noc', position: 0, permission_overwrites: [], flags: 0, nsfw: false, parent_id: null, rate_limit_per_user: 0, topic: null, last_message_id: null },
    member: who,
    app_permissions: APP_PERMISSIONS,
    locale: 'en-US',
    guild_locale: 'en-US',
    entitlements: [],
    authorizing_integration_owners: { '0': guildId },
    context: 0,
    attachment_size_limit: 10 * 1024 * 1024,
    data,
  };
}

export type OptionValue = string | number | boolean | { attachment: Json };
export interface OptionInput {
  name: string;
  type: number;
  value: OptionValue;
  focused?: boolean;
}

const commandIds = new Map<string, string>();

function commandData(path: string[], options: OptionInput[], opts: { commandId?: string }): Json {
  const [name, ...subs] = path;
  if (!name) throw new Error('chatInput: empty command path');
  const resolved: Json = {};
  const leaf = options.map((o) => {
    const out: Json = { name: o.name, type: o.type };
    if (typeof o.value === 'object') {
      const att = o.value.attachment;
      (resolved.attachments ??= {})[att.id] = att;
      out.value = att.id;
    } else out.value = o.value;
    if (o.focused) out.focused = true;
    return out;
  });
  let nested: Json[] = leaf;
  if (subs.length === 1) nested = [{ name: subs[0], type: 1, options: leaf }];
  if (subs.length === 2) nested = [{ name: subs[0], type: 2, options: [{ name: subs[1], type: 1, options: leaf }] }];
  if (subs.length > 2) throw new Error('chatInput: at most command, group and sub-command');
  if (!commandIds.has(name)) commandIds.set(name, snowflake());
  return {
    id: opts.commandId ?? commandIds.get(name),
    name,
    type: 1,
    ...(nested.length ? { options: nested } : {}),
    ...(Object.keys(resolved).length ? { resolved } : {}),
  };
}

/**
 * A slash command (type 2). `path` like ['carrier','show'] or ['carrier','contacts','add'] or ['help']; options are
 * flat by name with Discord types (3 string, 4 integer, 5 boolean, 10 number, 11 attachment) and get nested under
 * SUB_COMMAND / SUB_COMMAND_GROUP; an attachment option becomes value=<id> plus data.resolved.attachments.
 */
export function chatInput(path: string[], options: OptionInput[], who: Json, opts: Where & { commandId?: string } = {}): Json {
  return base(2, who, commandData(path, options, opts), opts);
}

/** An autocomplete request (type 4): option values arrive as typed so far (strings), one of them focused. */
export function autocomplete(path: string[], options: { name: string; type: number; value: string; focused?: boolean }[], who: Json, opts: Where & { commandId?: string } = {}): Json {
  if (!options.some((o) => o.focused) && options.length) options = options.map((o, i) => (i === options.length - 1 ? { ...o, focused: true } : o));
  return base(4, who, commandData(path, options, opts), opts);
}

function apiMessageOf(message: FakeMessage | Json): Json {
  return 'edits' in message ? toApiMessage(message as FakeMessage) : message;
}

/** A button click (type 3) on `message` (a FakeMessage from the fake, or an API message object). */
export function button(customId: string, message: FakeMessage | Json, who: Json, opts: Where = {}): Json {
  const msg = apiMessageOf(message);
  return { ...base(3, who, { custom_id: customId, component_type: 2 }, { channelId: msg.channel_id, ...opts }), message: msg };
}

/** A string select choice (type 3, component_type 3) on `message`. */
export function select(customId: string, values: string[], message: FakeMessage | Json, who: Json, opts: Where = {}): Json {
  const msg = apiMessageOf(message);
  return { ...base(3, who, { custom_id: customId, component_type: 3, values }, { channelId: msg.channel_id, ...opts }), message: msg };
}

/** A modal submit (type 5); `components`/`resolved` usually come from fillModal. */
export function modalSubmit(customId: string, components: Json[], who: Json, opts: Where & { message?: FakeMessage | Json; resolved?: Json } = {}): Json {
  const data = { custom_id: customId, components, ...(opts.resolved ? { resolved: opts.resolved } : {}) };
  if (!opts.message) return base(5, who, data, opts);
  const msg = apiMessageOf(opts.message);
  return { ...base(5, who, data, { channelId: msg.channel_id, ...opts }), message: msg };
}

export type Typed = string | string[] | boolean | { attachment: Json } | { attachment: Json }[];

/**
 * Fills a modal (the callback type 9 `data`) as the Discord client submits it. Every Label's component gets the
 * typed value, else its prefilled value ('' for an empty text input); selects submit `values` (typed, else the
 * options marked default); file uploads submit attachment ids (typed {attachment}) with resolved.attachments;
 * TextDisplays come back as {type:10,id}. Components get the ids Discord numbers them with when the modal had none.
 * Throws where the Discord client would not let the user submit (a required field left empty, a text length out of
 * min/max, an unknown option, a typed custom_id the modal lacks).
 */
export function fillModal(modal: Json, typed: Record<string, Typed> = {}): { components: Json[]; resolved?: Json } {
  const fields = (modal.components as Json[]).flatMap((c) => (c.type === 18 ? [c.component] : c.type === 1 ? c.components : [])).map((c: Json) => c.custom_id);
  const unknown = Object.keys(typed).filter((k) => !fields.includes(k));
  if (unknown.length) throw new Error(`fillModal: modal ${modal.custom_id} has no field ${unknown.join(', ')}`);
  let next = 1;
  const resolved: Json = {};
  const idOf = (c: Json): number => (typeof c.id === 'number' ? c.id : next++);
  const fill = (c: Json): Json => {
    const id = idOf(c);
    const t = typed[c.custom_id];
    const where = `modal ${modal.custom_id}: ${c.custom_id}`;
    switch (c.type) {
      case 4: {
        const value = t === undefined ? (c.value ?? '') : String(t);
        if (!value && c.required !== false) throw new Error(`${where} is required`);
        if (value && (value.length < (c.min_length ?? 0) || value.length > (c.max_length ?? 4000))) throw new Error(`${where} must be ${c.min_length ?? 0}-${c.max_length ?? 4000} characters`);
        return { type: 4, id, custom_id: c.custom_id, value };
      }
      case 3:
      case 22: {
        const values = t === undefined ? (c.options as Json[]).filter((o) => o.default).map((o) => o.value) : ([] as string[]).concat(t as string | string[]);
        for (const v of values) if (!(c.options as Json[]).some((o) => o.value === v)) throw new Error(`${where} has no option ${v}`);
        checkCount(where, values.length, c);
        return { type: c.type, id, custom_id: c.custom_id, values };
      }
      case 5:
      case 6:
      case 7:
      case 8: {
        const values = t === undefined ? ((c.default_values ?? []) as Json[]).map((d) => d.id) : ([] as string[]).concat(t as string | string[]);
        checkCount(where, values.length, c);
        return { type: c.type, id, custom_id: c.custom_id, values };
      }
      case 19: {
        const atts = t === undefined ? [] : ([] as Json[]).concat(t).map((x) => x.attachment);
        checkCount(where, atts.length, { min_values: c.min_values ?? 1, max_values: c.max_values ?? 1, required: c.required });
        for (const a of atts) (resolved.attachments ??= {})[a.id] = a;
        return { type: 19, id, custom_id: c.custom_id, values: atts.map((a) => a.id) };
      }
      case 21: {
        const value = t === undefined ? ((c.options as Json[]).find((o) => o.default)?.value ?? null) : String(t);
        if (value !== null && !(c.options as Json[]).some((o) => o.value === value)) throw new Error(`${where} has no option ${value}`);
        if (value === null && c.required !== false) throw new Error(`${where} is required`);
        return { type: 21, id, custom_id: c.custom_id, value };
      }
      case 23:
        return { type: 23, id, custom_id: c.custom_id, value: t === undefined ? Boolean(c.default) : t === true || t === 'true' };
      default:
        throw new Error(`fillModal: component type ${c.type} cannot be submitted`);
    }
  };
  const components = (modal.components as Json[]).map((c) => {
    if (c.type === 10) return { type: 10, id: idOf(c) };
    if (c.type === 18) {
      const id = idOf(c);
      return { type: 18, id, component: fill(c.component) };
    }
    if (c.type === 1) {
      const id = idOf(c);
      return { type: 1, id, components: (c.components as Json[]).map(fill) };
    }
    throw new Error(`fillModal: top-level component type ${c.type} is not a modal component`);
  });
  return Object.keys(resolved).length ? { components, resolved } : { components };
}

function checkCount(where: string, n: number, c: { min_values?: number; max_values?: number; required?: boolean }): void {
  if (n === 0 && c.required === false) return;
  const min = c.min_values ?? 1;
  const max = c.max_values ?? 1;
  if (n < min || n > max) throw new Error(`${where} needs ${min}-${max} values, got ${n}`);
}
