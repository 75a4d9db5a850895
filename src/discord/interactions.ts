// Interaction listeners: slash commands, autocomplete, buttons and modal submissions become Invocations for the
// dispatcher, and its outcomes become replies, confirmations and modals. Every answer that may take longer than
// Discord's 3 s is deferred first; progress of long commands edits the deferred placeholder.
import { randomBytes } from 'node:crypto';
import { ApplicationCommandOptionType, type AutocompleteInteraction, type ButtonInteraction, type ChatInputCommandInteraction, type CommandInteractionOption, type Interaction, type ModalSubmitInteraction } from 'discord.js';
import { atLeast } from '../core/access/roles.ts';
import { findAction, type CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import { UserError } from '../core/runtime/errors.ts';
import type { InteractionStates } from '../core/runtime/interaction-state.ts';
import type { Attachment, Invocation } from '../core/runtime/invocation.ts';
import { createProgress } from '../core/runtime/progress.ts';
import type { Outcome } from '../core/runtime/reply.ts';
import { suggestEntities } from '../core/runtime/suggest.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { createActionIds } from './action-ids.ts';
import { downloadAttachment } from './files.ts';
import { createFormFlow, formIds, type FlowResult } from './forms.ts';
import { discordUser } from './identity.ts';
import type { RemoteFile, SubmittedField } from './modal.ts';
import { CANCEL_ID, confirmToMessage, noticeMessage, replyToMessage } from './render.ts';
import { Responder, type SendOptions } from './responder.ts';

export interface InteractionDeps {
  dispatcher: Dispatcher;
  commands: CommandSpec[];
  store: Store;
  states: InteractionStates;
  logger: Logger;
  uploadMaxBytes: number;
  /** Servers the commands are registered in; interactions from any other server are refused. Empty: any. */
  guildIds: string[];
  apiUrl?: string;
  /** How long to wait for the dispatcher before deferring (Discord allows 3 s for the first response); 0 defers at once. */
  deferAfterMs: number;
  now: () => Date;
}

export function createInteractionHandler(d: InteractionDeps): (i: Interaction) => Promise<void> {
  const ids = createActionIds(d.commands, d.states);
  const flow = createFormFlow({ dispatcher: d.dispatcher, store: d.store, states: d.states, download: (field, file, path) => fetchFile(field, file, path) });

  async function fetchFile(field: string, file: RemoteFile, path: string[]) {
    const found = findAction(d.commands, path);
    const o = 'match' in found ? found.match.action.options[field] : undefined;
    if (!o?.file) return { field, label: field, message: 'this command takes no file here' };
    try {
      return await downloadAttachment(file, { accept: o.file.upload, maxBytes: Math.min(o.file.maxBytes, d.uploadMaxBytes) }, d.apiUrl);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      return { field, label: o.label, message: err.message };
    }
  }

  /** Presents an outcome: a form opens its first page (or a button to open it), the rest become messages. */
  async function present(outcome: Outcome, r: Responder, inv: Pick<Invocation, 'user' | 'channel'>, replace: boolean): Promise<void> {
    if (outcome.type === 'form') {
      const { id, first } = await flow.start(outcome.form, inv.user, inv.channel);
      if (r.canShowModal && first.kind === 'modal') return r.modal(first.modal);
      return r.send(flow.openButton(id, outcome.form), { ephemeral: true, replace });
    }
    const encode = (ref: Parameters<typeof ids.encode>[0], kind: Parameters<typeof ids.encode>[1]) => ids.encode(ref, kind, inv.user.id);
    if (outcome.type === 'confirm') return r.send(await confirmToMessage(outcome, encode, d.now()), { ephemeral: true, replace });
    return r.send(await replyToMessage(outcome, encode, d.now()), { ephemeral: outcome.ephemeral, replace });
  }

  /** Runs `work`; if it is not done in time, defers (guessing private or public) and answers when it is. */
  async function withDeadline<T>(r: Responder, o: SendOptions, work: Promise<T>): Promise<T> {
    if (d.deferAfterMs <= 0) {
      await r.defer(o);
      return work;
    }
    let timer: NodeJS.Timeout | undefined;
    const late = Symbol('late');
    const first = await Promise.race([work, new Promise<typeof late>((res) => (timer = setTimeout(() => res(late), d.deferAfterMs)))]);
    clearTimeout(timer);
    if (first !== late) return first as T;
    await r.defer(o);
    return work;
  }

  async function run(inv: Invocation, r: Responder, replace: boolean): Promise<void> {
    const found = findAction(d.commands, inv.path);
    // Reads are usually private answers, changes usually public: the guess only matters when the work is slow.
    const ephemeral = !('match' in found) || !found.match.action.mutates;
    const progress = createProgress((text) => r.progress(text, ephemeral), { intervalMs: 1500, maxSends: 100 });
    const outcome = await withDeadline(r, { ephemeral, replace }, d.dispatcher.dispatch({ ...inv, progress: (t) => progress.push(t) }));
    await progress.close();
    await present(outcome, r, inv, replace);
  }

  async function presentFlow(res: FlowResult, r: Responder, inv: Pick<Invocation, 'user' | 'channel'>): Promise<void> {
    if (res.kind === 'modal') return r.canShowModal ? r.modal(res.modal) : r.send(noticeMessage('Press the button again to open the form.', 'info'), { ephemeral: true, replace: true });
    if (res.kind === 'message') return r.send(res.message, { ephemeral: true, replace: true });
    // The command's answer: a private one replaces the form's step message; a public one is posted, and the
    // step message closed.
    if (res.outcome.type === 'reply' && !res.outcome.ephemeral && (r.i.isButton() || (r.i.isModalSubmit() && r.i.isFromMessage()))) {
      await r.send(noticeMessage('Saved; the result is posted in the channel.', 'ok'), { ephemeral: true, replace: true });
    }
    return present(res.outcome, r, inv, true);
  }

  async function onCommand(i: ChatInputCommandInteraction, r: Responder, inv: Invocation): Promise<void> {
    const { path, args, files } = readOptions(i);
    let withFiles: Invocation = { ...inv, path, args, interactive: true };
    const found = findAction(d.commands, path);
    if (Object.keys(files).length && 'match' in found) {
      // A caller without the role gets the dispatcher's refusal, and nothing is downloaded.
      if (atLeast((await d.dispatcher.callerFor(withFiles)).role, found.match.action.role)) {
        const attachments: Record<string, Attachment> = {};
        for (const [field, file] of Object.entries(files)) {
          const got = await withDeadline(r, { ephemeral: !found.match.action.mutates, replace: false }, fetchFile(field, file, path));
          if (!('data' in got)) return r.send(noticeMessage(`${got.label}: ${got.message} Nothing was saved.`, 'error'), { ephemeral: true, replace: false });
          attachments[field] = got;
        }
        withFiles = { ...withFiles, attachments };
      }
    }
    await run(withFiles, r, false);
  }

  async function onButton(i: ButtonInteraction, r: Responder, inv: Invocation): Promise<void> {
    const id = i.customId;
    if (id === CANCEL_ID || id.startsWith(`${CANCEL_ID}|`)) {
      const draft = id.split('|')[1];
      if (draft) await flow.cancel(draft);
      return r.send(noticeMessage('Cancelled; nothing was changed.', 'info'), { ephemeral: true, replace: true });
    }
    const form = formIds.parse(id);
    if (form) {
      const res = form.op === 'save' ? withDeadline(r, { ephemeral: true, replace: true }, flow.saveNow(form.draft, inv.user)) : flow.open(form.draft, form.page, inv.user);
      return presentFlow(await res, r, inv);
    }
    const action = await ids.decode(id, inv.user.id);
    if (!action) return r.send(noticeMessage('That button is out of date; run the command again.', 'error'), { ephemeral: true, replace: false });
    const confirming = action.kind === 'confirm';
    await run({ ...inv, path: action.ref.path, args: action.ref.args, interactive: !confirming }, r, confirming);
  }

  async function onModal(i: ModalSubmitInteraction, r: Responder, inv: Invocation): Promise<void> {
    const form = formIds.parse(i.customId);
    if (!form || form.op !== 'submit') return r.send(noticeMessage('That form is out of date; run the command again.', 'error'), { ephemeral: true, replace: false });
    const submitted = (customId: string) => i.fields.fields.get(customId) as SubmittedField | undefined;
    const res = await withDeadline(r, { ephemeral: true, replace: true }, flow.submit(form.draft, form.page, submitted, inv.user));
    await presentFlow(res, r, inv);
  }

  async function onAutocomplete(i: AutocompleteInteraction): Promise<void> {
    const focused = i.options.getFocused(true);
    const found = findAction(d.commands, commandPath(i.commandName, i.options.getSubcommandGroup(false), i.options.getSubcommand(false)));
    const entity = 'match' in found ? found.match.action.options[focused.name]?.entity : undefined;
    const caller = await d.dispatcher.callerFor({ platform: 'discord', user: discordUser(i), path: [], args: {}, positionals: [], interactive: false });
    // People without a trunkops role see no names.
    const found25 = entity && caller.role !== 'none' ? await suggestEntities(d.store, entity, String(focused.value), 25) : [];
    await i.respond(found25.map((s) => ({ name: s.name.slice(0, 100), value: s.value.slice(0, 100) })));
  }

  return async (i) => {
    if (!i.isChatInputCommand() && !i.isAutocomplete() && !i.isButton() && !i.isModalSubmit()) return;
    const started = Date.now();
    try {
      if (!i.inGuild() || (d.guildIds.length && !d.guildIds.includes(i.guildId))) {
        if (i.isAutocomplete()) return void (await i.respond([]));
        return await new Responder(i, d.logger).send(noticeMessage('trunkops answers in the servers it is set up for; run the command there.', 'error'), { ephemeral: true, replace: false });
      }
      if (i.isAutocomplete()) return await onAutocomplete(i);
      const r = new Responder(i, d.logger);
      const inv: Invocation = { platform: 'discord', user: discordUser(i), channel: i.channelId ?? undefined, path: [], args: {}, positionals: [], interactive: true, raw: i };
      if (i.isChatInputCommand()) await onCommand(i, r, inv);
      else if (i.isButton()) await onButton(i, r, inv);
      else await onModal(i, r, inv);
    } catch (err) {
      const ref = randomBytes(3).toString('hex');
      d.logger.error({ err, ref, interaction: i.id, kind: i.type, ms: Date.now() - started }, 'discord interaction failed');
      if (i.isAutocomplete()) return;
      await new Responder(i, d.logger)
        .send(noticeMessage(`Something went wrong (ref ${ref}). It has been logged; quote the ref when you report it.`, 'error'), { ephemeral: true, replace: false })
        .catch(() => {});
    }
  };
}

function commandPath(name: string, group: string | null, sub: string | null): string[] {
  return [name, ...(group ? [group] : []), ...(sub ? [sub] : [])];
}

/** The command path and raw option values (as the console would type them); attachments by option name. */
function readOptions(i: ChatInputCommandInteraction): { path: string[]; args: Record<string, string>; files: Record<string, RemoteFile> } {
  const path = [i.commandName];
  const args: Record<string, string> = {};
  const files: Record<string, RemoteFile> = {};
  const walk = (opts: readonly CommandInteractionOption[]) => {
    for (const o of opts) {
      if (o.type === ApplicationCommandOptionType.Subcommand || o.type === ApplicationCommandOptionType.SubcommandGroup) {
        path.push(o.name);
        walk(o.options ?? []);
      } else if (o.type === ApplicationCommandOptionType.Attachment && o.attachment) {
        files[o.name] = { name: o.attachment.name, url: o.attachment.url, size: o.attachment.size, contentType: o.attachment.contentType ?? undefined };
      } else if (o.type === ApplicationCommandOptionType.Boolean) args[o.name] = o.value ? 'yes' : 'no';
      else if (o.value !== undefined) args[o.name] = String(o.value);
    }
  };
  walk(i.options.data);
  return { path, args, files };
}
