// Event listeners: messages that mention the bot (or direct messages), with the CSV a command asks for
// attached, and the App Home tab.
import type { App } from '@slack/bolt';
import { lineTarget } from '../core/runtime/commandline.ts';
import { findAction } from '../core/runtime/command.ts';
import type { Invocation } from '../core/runtime/invocation.ts';
import type { Target } from './delivery.ts';
import { homeView } from './home.ts';
import type { SlackFile } from './modal.ts';
import { errorReply, type HandlerDeps, type Presenter } from './presenter.ts';

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

export function registerEventHandlers(app: App, d: HandlerDeps, { now, present, run, guarded, parse, attachFiles }: Presenter): void {
  // `@trunkops did import Acme` with a CSV attached, answered in the message's thread.
  app.event('message', async ({ event }) => {
    const e = event as MessageEvent;
    if (e.bot_id || (e.subtype && e.subtype !== 'file_share') || !e.user) return;
    const mention = `<@${d.botUserId}>`;
    let text = (e.text ?? '').trim();
    if (text.startsWith(mention)) text = text.slice(mention.length);
    else if (e.channel_type !== 'im') return;
    const target: Target = { channel: e.channel, user: e.user, threadTs: e.thread_ts ?? e.ts };
    await guarded('message', target, async () => {
      const parsed = await parse(text, target);
      if (!parsed) return;
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
