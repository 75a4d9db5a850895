// What every Slack listener shares: presenting an outcome (reply, confirmation or modal), running a command
// with debounced progress, turning unexpected failures into a logged ref, parsing Slack text, and
// downloading the files a command asked for.
import { randomBytes } from 'node:crypto';
import type { App } from '@slack/bolt';
import { atLeast } from '../core/access/roles.ts';
import { parseLine, type ParsedLine } from '../core/runtime/commandline.ts';
import { findAction, type CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import { UserError } from '../core/runtime/errors.ts';
import type { Attachment, Invocation } from '../core/runtime/invocation.ts';
import type { Form, Outcome, Reply } from '../core/runtime/reply.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { confirmToMessage, replyToMessage, type SlackMessage } from './blocks.ts';
import type { Delivery, Target } from './delivery.ts';
import { downloadSlackFile } from './files.ts';
import type { SlackIdentity } from './identity.ts';
import { formToModal, type ModalMeta, type SlackFile } from './modal.ts';
import { slackText } from './mrkdwn.ts';
import { shareFiles } from './uploads.ts';
import { createProgress } from '../core/runtime/progress.ts';

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

export interface Presentation {
  target: Target;
  triggerId?: string;
  /** Replace the message the interaction came from (the confirmation). */
  replace?: boolean;
}

export const errorReply = (text: string): Reply => ({ type: 'reply', ephemeral: true, tone: 'error', text });

export interface Presenter {
  now: () => Date;
  /** Opens a form, or sends the reply / confirmation. */
  present(outcome: Outcome, p: Presentation, progressTs?: string): Promise<void>;
  /** Dispatches with progress reported to the caller (debounced), then presents the final outcome. */
  run(inv: Invocation, p: Presentation): Promise<void>;
  /** Runs a listener body; an unexpected failure is logged with a ref and the caller told. */
  guarded(what: string, target: Target | undefined, fn: () => Promise<void>): Promise<void>;
  /** Logs an unexpected error with a short ref and returns the reply that quotes it. */
  failure(err: unknown, what: string): Reply;
  /** Slack text as a command line; a quoting mistake is answered and gives null. */
  parse(text: string, target: Target): Promise<ParsedLine | null>;
  /** Downloads files for the action's file options; a bad file becomes an error on its field. */
  attachFiles(inv: Invocation, files: Record<string, SlackFile[]>): Promise<Invocation | Reply>;
}

export function createPresenter(app: App, d: HandlerDeps): Presenter {
  const now = d.now ?? (() => new Date());

  async function present(outcome: Outcome, p: Presentation, progressTs?: string): Promise<void> {
    if (outcome.type === 'form') return openForm(outcome.form, p);
    if (outcome.type === 'reply' && outcome.files?.length) return presentWithFiles(outcome, p, progressTs);
    const msg: SlackMessage = outcome.type === 'confirm' ? confirmToMessage(outcome) : replyToMessage(outcome, now());
    const updateTs = progressTs && !outcome.ephemeral ? progressTs : undefined;
    await d.delivery.send(p.target, msg, { ephemeral: outcome.ephemeral, replaceOriginal: p.replace, updateTs });
  }

  /**
   * A private reply's files go first (to the caller's DM) so the reply can say where they are; a public reply is
   * posted, then its files shared under it, and the caller told privately if that failed.
   */
  async function presentWithFiles(reply: Reply, p: Presentation, progressTs?: string): Promise<void> {
    const { files = [], ...rest } = reply;
    const comment = replyToMessage(rest, now()).text;
    if (reply.ephemeral) {
      const shared = await shareFiles(app.client, d.logger, p.target, files, { private: true, comment });
      return present({ ...rest, tone: shared.where ? rest.tone : 'warn', footer: [...(rest.footer ?? []), ...(shared.note ? [shared.note] : [])] }, p, progressTs);
    }
    await present(rest, p, progressTs);
    const shared = await shareFiles(app.client, d.logger, p.target, files, { private: false });
    if (shared.note) await d.delivery.send(p.target, { text: shared.note, blocks: [{ type: 'context', elements: [{ type: 'mrkdwn', text: shared.note }] }] }, { ephemeral: true });
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

  async function guarded(what: string, target: Target | undefined, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      const reply = failure(err, what);
      if (target) await d.delivery.send(target, replyToMessage(reply), { ephemeral: true }).catch(() => {});
    }
  }

  function failure(err: unknown, what: string): Reply {
    const ref = randomBytes(3).toString('hex');
    d.logger.error({ err, ref, what }, 'slack interaction failed');
    return errorReply(`Something went wrong (ref ${ref}). It has been logged; quote the ref when you report it.`);
  }

  async function parse(text: string, target: Target): Promise<ParsedLine | null> {
    try {
      return parseLine(slackText(text));
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      await present(errorReply(err.message), { target });
      return null;
    }
  }

  async function attachFiles(inv: Invocation, files: Record<string, SlackFile[]>): Promise<Invocation | Reply> {
    const found = findAction(d.commands, inv.path);
    if (!('match' in found) || !Object.keys(files).length) return inv;
    // A caller without the role gets the dispatcher's refusal, and nothing is downloaded.
    if (!atLeast((await d.dispatcher.callerFor(inv)).role, found.match.action.role)) return inv;
    const attachments: Record<string, Attachment> = {};
    for (const [field, list] of Object.entries(files)) {
      const o = found.match.action.options[field];
      if (!o?.file) continue;
      try {
        attachments[field] = await downloadSlackFile(list[0]!, d.config.botToken, { accept: o.file.upload, maxBytes: Math.min(o.file.maxBytes, d.uploadMaxBytes) }, d.config.apiUrl);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        return { ...errorReply(err.message), issues: [{ field, label: o.label, message: err.message.replace(/^File: /, '') }] };
      }
    }
    return { ...inv, attachments };
  }

  return { now, present, run, guarded, failure, parse, attachFiles };
}
