// Bolt listeners: slash commands, buttons, confirmations, modal submissions and refreshes, external-select
// options, messages that mention the bot (with files), and the App Home tab. Every listener acks first
// (a modal submission acks with its field errors), then does the work and answers through the delivery.
import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import { atLeast } from '../core/access/roles.ts';
import { lineTarget, parseLine } from '../core/runtime/commandline.ts';
import { findAction, type ActionSpec, type CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import { UserError } from '../core/runtime/errors.ts';
import type { Attachment, Invocation } from '../core/runtime/invocation.ts';
import type { Form, Outcome, Reply } from '../core/runtime/reply.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { confirmToMessage, decodeAction, replyToMessage, type SlackMessage } from './blocks.ts';
import type { Delivery, Target } from './delivery.ts';
import { downloadSlackFile } from './files.ts';
import type { SlackIdentity } from './identity.ts';
import { decodeMeta, FORM_CALLBACK, formToModal, issuesToErrors, readViewState, viewWithProblems, type ModalMeta, type SlackFile } from './modal.ts';
import { createProgress } from './progress.ts';
import { homeView } from './home.ts';
import { slackText } from './mrkdwn.ts';

export interface HandlerDeps {
  dispatcher: Dispatcher;
  commands: CommandSpec[];
  store: Store;
  logger: Logger;
  identity: SlackIdentity;
  delivery: Delivery;
  botUserId: string;
  uploadMaxBytes: number;
  config: { botToken: string; apiUrl?: string; commandPrefix: string };
  now?: () => Date;
  submitBudgetMs?: number;
}

interface Presentation {
  target: Target;
  triggerId?: string;
  /** Replace the message the interaction came from (the confirmation). */
  replace?: boolean;
}

const errorReply = (text: string): Reply => ({ type: 'reply', ephemeral: true, tone: 'error', text });

export function registerHandlers(app: App, d: HandlerDeps): void {
  const now = d.now ?? (() => new Date());

  /** Opens a form, or sends the reply / confirmation. */
  async function present(outcome: Outcome, p: Presentation, progressTs?: string): Promise<void> {
    if (outcome.type === 'form') return openForm(outcome.form, p);
    const msg: SlackMessage = outcome.type === 'confirm' ? confirmToMessage(outcome) : replyToMessage(outcome, now());
    const updateTs = progressTs && !outcome.ephemeral ? progressTs : undefined;
    await d.delivery.send(p.target, msg, { ephemeral: outcome.ephemeral, replaceOriginal: p.replace, updateTs });
  }

  async function openForm(form: Form, p: Presentation): Promise<void> {
    if (!p.triggerId) {
      return present(errorReply(`This needs the form \`${form.path.join(' ')}\`; run it as a slash command to open it, or give every option inline.`), p);
    }
    const meta: ModalMeta = { p: form.path, c: form.context, ch: p.target.channel, ru: p.target.responseUrl };
    try {
      await app.client.views.open({ trigger_id: p.triggerId, view: formToModal(form, meta) as never });
    } catch (err) {
      if ((err as { data?: { error?: string } }).data?.error !== 'expired_trigger_id') throw err;
      await present(errorReply('The form could not open in time (Slack allows 3 seconds). Run the command again.'), p);
    }
  }

  /** Dispatches with progress reported to the caller (debounced), then presents the final outcome. */
  async function run(inv: Invocation, p: Presentation): Promise<void> {
    let progressTs: string | undefined;
    const viaUrl = Boolean(p.target.responseUrl);
    const progress = createProgress(
      async (text, first) => {
        const msg = { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: `:hourglass_flowing_sand: ${text}` }] }] };
        // A response_url takes 5 answers in all: at most 2 go to progress.
        const r = await d.delivery.send(p.target, msg, { ephemeral: viaUrl, replaceOriginal: viaUrl && !first, updateTs: progressTs });
        progressTs ??= r.ts;
      },
      { intervalMs: viaUrl ? 3000 : 1000, maxSends: viaUrl ? 2 : 30 },
    );
    const outcome = await d.dispatcher.dispatch({ ...inv, progress: (t) => progress.push(t) });
    const sent = await progress.close();
    if (progressTs && outcome.type !== 'form' && outcome.ephemeral) {
      // The answer goes privately; the public progress line must not be left saying "Imported 1000 of …".
      const failed = outcome.type === 'reply' && outcome.tone === 'error';
      const text = failed ? ':x: Stopped: nothing was saved (the reason was sent to you privately).' : 'Done; the answer was sent to you privately.';
      await d.delivery.send(p.target, { text, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text }] }] }, { ephemeral: false, updateTs: progressTs });
    }
    await present(outcome, { ...p, replace: p.replace || (sent && viaUrl && outcome.type !== 'form' && outcome.ephemeral) }, progressTs);
  }

  /** Runs a listener body; an unexpected failure is logged with a ref and the caller told. */
  async function guarded(what: string, target: Target | undefined, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const ref = randomBytes(3).toString('hex');
      d.logger.error({ err, ref, what }, 'slack interaction failed');
      if (target) await d.delivery.send(target, replyToMessage(errorReply(`Something went wrong (ref ${ref}). It has been logged; quote the ref when you report it.`)), { ephemeral: true }).catch(() => {});
    }
  }

  const commandNames = new Map(d.commands.map((c) => [`/${d.config.commandPrefix}${c.name}`, c.name]));

  // Slash commands: ack at once (Slack allows 3 s), then dispatch and answer through the response_url.
  app.command(/^\/[a-z0-9_-]+$/, async ({ command, ack }) => {
    await ack();
    const target: Target = { responseUrl: command.response_url, channel: command.channel_id, user: command.user_id };
    await guarded(command.command, target, async () => {
      const name = commandNames.get(command.command);
      if (!name) return present(errorReply(`\`${command.command}\` is not a trunkops command here; run \`/${d.config.commandPrefix}help\`.`), { target });
      let parsed;
      try {
        parsed = parseLine(slackText(command.text));
      } catch (err) {
        if (err instanceof UserError) return present(errorReply(err.message), { target });
        throw err;
      }
      // `/carrier` alone or `/carrier help …` explains the command.
      const spec = d.commands.find((c) => c.name === name)!;
      if (!spec.run && (!parsed.words.length || parsed.words[0]!.toLowerCase() === 'help') && !Object.keys(parsed.options).length) {
        parsed = { words: ['help', [name, ...parsed.words.slice(1)].join(' ')], options: {} };
      } else parsed = { ...parsed, words: [name, ...parsed.words] };
      const inv: Invocation = {
        platform: 'slack',
        user: await d.identity.user(command.user_id, command.user_name),
        channel: command.channel_id,
        ...lineTarget(d.commands, parsed),
        interactive: true,
      };
      await run(inv, { target, triggerId: command.trigger_id });
    });
  });

  // Buttons on replies (Edit, Add number, Delete, …): the same flows as the commands they stand for.
  app.action(/^run:\d+$/, async ({ ack, body, action }) => {
    await ack();
    const b = body as BlockActionBody;
    const target = actionTarget(b);
    await guarded('button', target, async () => {
      const ref = decodeAction((action as { value?: string }).value);
      if (!ref) return present(errorReply('That button is out of date; run the command again.'), { target });
      const inv: Invocation = { platform: 'slack', user: await d.identity.user(b.user.id, b.user.username ?? b.user.name), channel: target.channel, path: ref.path, args: ref.args, positionals: [], interactive: true };
      await run(inv, { target, triggerId: b.trigger_id });
    });
  });

  // The confirmation's button: Slack has already shown its own confirm dialog, so run it (confirm=yes is in the args).
  app.action('confirm', async ({ ack, body, action }) => {
    await ack();
    const b = body as BlockActionBody;
    const target = actionTarget(b);
    await guarded('confirm', target, async () => {
      const ref = decodeAction((action as { value?: string }).value);
      if (!ref) return present(errorReply('That confirmation is out of date; run the command again.'), { target, replace: true });
      const inv: Invocation = { platform: 'slack', user: await d.identity.user(b.user.id, b.user.username ?? b.user.name), channel: target.channel, path: ref.path, args: ref.args, positionals: [], interactive: false };
      await run(inv, { target, replace: true });
    });
  });

  app.action('cancel', async ({ ack, body }) => {
    await ack();
    const target = actionTarget(body as BlockActionBody);
    await guarded('cancel', target, () => present({ type: 'reply', ephemeral: true, tone: 'info', text: 'Cancelled; nothing was changed.' }, { target, replace: true }));
  });

  // A field that others depend on changed (a DID's direction): rebuild the modal with what was typed.
  app.action('refresh', async ({ ack, body }) => {
    await ack();
    const b = body as BlockActionBody;
    await guarded('form refresh', undefined, async () => {
      const meta = decodeMeta(b.view?.private_metadata);
      if (!meta || !b.view) return;
      const { values } = readViewState(b.view.state);
      const outcome = await d.dispatcher.dispatch({ platform: 'slack', user: await d.identity.user(b.user.id, b.user.username), channel: meta.ch, path: meta.p, args: { ...meta.c, ...values }, positionals: [], interactive: true, wantForm: true });
      if (outcome.type !== 'form') return;
      await app.client.views.update({ view_id: b.view.id, hash: b.view.hash, view: formToModal(outcome.form, meta, { typed: values }) as never });
    });
  });

  // Type-ahead for carrier and bot pickers (external selects).
  app.options(/^pick:(carrier|bot)$/, async ({ ack, body }) => {
    const b = body as unknown as { user: { id: string }; value?: string; action_id: string };
    const caller = await d.dispatcher.callerFor({ platform: 'slack', user: await d.identity.user(b.user.id), path: [], args: {}, positionals: [], interactive: false });
    if (caller.role === 'none') return ack({ options: [] });
    const q = (b.value ?? '').trim().toLowerCase();
    const names = b.action_id === 'pick:bot'
      ? (await d.store.bots.list()).map((x) => x.name).filter((n) => n.toLowerCase().includes(q))
      : (await d.store.carriers.list(q || undefined)).map((x) => x.name);
    await ack({ options: names.slice(0, 100).map((n) => ({ text: { type: 'plain_text', text: n.slice(0, 75) }, value: n })) });
  });

  // Modal submissions: validate within Slack's 3 s and keep the modal open with errors on the fields.
  app.view(FORM_CALLBACK, async ({ ack, body, view }) => {
    const meta = decodeMeta(view.private_metadata);
    if (!meta) return ack();
    const target: Target = { responseUrl: meta.ru, channel: meta.ch, user: body.user.id };
    const { values, files } = readViewState(view.state as never);
    const work = (async (): Promise<Outcome> => {
      try {
        const inv: Invocation = { platform: 'slack', user: await d.identity.user(body.user.id, body.user.name), channel: meta.ch, path: meta.p, args: { ...meta.c, ...values }, positionals: [], interactive: false };
        const withFiles = await attachFiles(inv, files);
        return 'type' in withFiles ? withFiles : await d.dispatcher.dispatch(withFiles);
      } catch (err) {
        const ref = randomBytes(3).toString('hex');
        d.logger.error({ err, ref }, 'slack form submission failed');
        return errorReply(`Something went wrong (ref ${ref}). It has been logged; quote the ref when you report it.`);
      }
    })();
    const late = Symbol('late');
    let timer: NodeJS.Timeout | undefined;
    const first = await Promise.race([work, new Promise<typeof late>((r) => (timer = setTimeout(() => r(late), d.submitBudgetMs ?? 2500)))]);
    clearTimeout(timer);
    if (first === late) {
      // Too slow to answer in the modal: close it and post the outcome when it is ready.
      await ack();
      await guarded('form submission', target, async () => present(await work, { target }));
      return;
    }
    if (first.type === 'reply' && first.tone === 'error') {
      const errors = first.issues ? issuesToErrors(first.issues, view as never) : null;
      if (errors) return ack({ response_action: 'errors', errors });
      return ack({ response_action: 'update', view: viewWithProblems(view as never, [first.text ?? 'The form could not be saved.']) as never });
    }
    await ack();
    await guarded('form submission', target, () => present(first, { target }));
  });

  /** Downloads the modal's files for the action's file options; a bad file becomes an error on its field. */
  async function attachFiles(inv: Invocation, files: Record<string, SlackFile[]>): Promise<Invocation | Reply> {
    const found = findAction(d.commands, inv.path);
    if (!('match' in found) || !Object.keys(files).length) return inv;
    if (!(await mayRun(inv, found.match.action))) return inv; // the dispatcher refuses it, without a download
    const attachments: Record<string, Attachment> = {};
    for (const [field, list] of Object.entries(files)) {
      const o = found.match.action.options[field];
      if (!o?.file) continue;
      try {
        attachments[field] = await downloadSlackFile(list[0]!, d.config.botToken, { accept: o.file.accept, maxBytes: Math.min(o.file.maxBytes, d.uploadMaxBytes) }, d.config.apiUrl);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return { ...errorReply(err.message), issues: [{ field, label: o.label, message: err.message.replace(/^File: /, '') }] };
      }
    }
    return { ...inv, attachments };
  }

  async function mayRun(inv: Invocation, action: ActionSpec): Promise<boolean> {
    return atLeast((await d.dispatcher.callerFor(inv)).role, action.role);
  }

  // Messages that mention the bot (or direct messages): `@trunkops did import Acme` with a CSV attached.
  app.event('message', async ({ event }) => {
    const e = event as MessageEvent;
    if (e.bot_id || (e.subtype && e.subtype !== 'file_share') || !e.user) return;
    const mention = `<@${d.botUserId}>`;
    let text = (e.text ?? '').trim();
    if (text.startsWith(mention)) text = text.slice(mention.length);
    else if (e.channel_type !== 'im') return;
    const target: Target = { channel: e.channel, user: e.user, threadTs: e.thread_ts ?? e.ts };
    await guarded('message', target, async () => {
      let parsed;
      try {
        parsed = parseLine(slackText(text));
      } catch (err) {
        if (err instanceof UserError) return present(errorReply(err.message), { target });
        throw err;
      }
      if (!parsed.words.length) return present(errorReply('Mention me with a command, e.g. `@trunkops did import Acme` with the CSV attached, or `@trunkops help`.'), { target });
      let inv: Invocation = { platform: 'slack', user: await d.identity.user(e.user!), channel: e.channel, ...lineTarget(d.commands, parsed), interactive: false };
      if (e.files?.length) {
        const found = findAction(d.commands, inv.path);
        const fileOption = 'match' in found ? Object.entries(found.match.action.options).find(([, o]) => o.file)?.[0] : undefined;
        if (!fileOption) return present(errorReply(`\`${inv.path.join(' ')}\` takes no file.`), { target });
        const withFiles = await attachFiles(inv, { [fileOption]: e.files });
        if ('type' in withFiles) return present(withFiles, { target });
        inv = withFiles;
      }
      await run(inv, { target });
    });
  });

  // App Home: the carrier overview (sync state, numbers) for anyone with at least the viewer role.
  app.event('app_home_opened', async ({ event }) => {
    if (event.tab !== 'home') return;
    await guarded('app home', undefined, async () => {
      const user = await d.identity.user(event.user);
      const outcome = await d.dispatcher.dispatch({ platform: 'slack', user, path: ['carrier', 'list'], args: {}, positionals: [], interactive: false });
      await app.client.views.publish({ user_id: event.user, view: homeView(outcome, d.config.commandPrefix, now()) as never });
    });
  });
}

interface BlockActionBody {
  user: { id: string; username?: string; name?: string };
  trigger_id?: string;
  response_url?: string;
  channel?: { id: string };
  container?: { channel_id?: string };
  view?: { id: string; hash: string; type: string; private_metadata: string; state: { values: Record<string, Record<string, never>> } };
}

interface MessageEvent {
  user?: string;
  bot_id?: string;
  subtype?: string;
  text?: string;
  channel: string;
  channel_type?: string;
  ts: string;
  thread_ts?: string;
  files?: SlackFile[];
}

function actionTarget(b: BlockActionBody): Target {
  return { responseUrl: b.response_url, channel: b.channel?.id ?? b.container?.channel_id, user: b.user.id };
}
