// Bolt listeners for slash commands and message buttons (run, confirm, cancel); the modal listeners are in
// form-handlers.ts, the events (mentions with files, App Home) in event-handlers.ts. Every listener acks
// first, then does the work and answers through the delivery.
import type { App } from '@slack/bolt';
import { lineTarget } from '../core/runtime/commandline.ts';
import type { Invocation } from '../core/runtime/invocation.ts';
import { decodeAction } from './blocks.ts';
import type { Target } from './delivery.ts';
import { registerEventHandlers } from './event-handlers.ts';
import { registerFormHandlers } from './form-handlers.ts';
import { createPresenter, errorReply, type HandlerDeps, type Presenter } from './presenter.ts';

export type { HandlerDeps } from './presenter.ts';

export function registerHandlers(app: App, d: HandlerDeps): void {
  const p = createPresenter(app, d);
  registerCommandHandlers(app, d, p);
  registerFormHandlers(app, d, p);
  registerEventHandlers(app, d, p);
}

function registerCommandHandlers(app: App, d: HandlerDeps, { present, run, guarded, parse }: Presenter): void {
  const commandNames = new Map(d.commands.map((c) => [`/${d.config.commandPrefix}${c.name}`, c.name]));

  // Slash commands: ack at once (Slack allows 3 s), then dispatch and answer through the response_url.
  app.command(/^\/[a-z0-9_-]+$/, async ({ command, ack }) => {
    await ack();
    const target: Target = { responseUrl: command.response_url, channel: command.channel_id, user: command.user_id };
    await guarded(command.command, target, async () => {
      const name = commandNames.get(command.command);
      if (!name) return present(errorReply(`\`${command.command}\` is not a trunkops command here; run \`/${d.config.commandPrefix}help\`.`), { target });
      let parsed = await parse(command.text, target);
      if (!parsed) return;
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

  /** A button that runs the command in its value: a reply's button (which may open a form) or a confirmation's. */
  const runButton = (kind: 'button' | 'confirm') =>
    async ({ ack, body, action }: { ack: () => Promise<void>; body: unknown; action: unknown }) => {
      await ack();
      const b = body as BlockActionBody;
      const target = actionTarget(b);
      const confirming = kind === 'confirm';
      await guarded(kind, target, async () => {
        const ref = decodeAction((action as { value?: string }).value);
        if (!ref) return present(errorReply(`That ${confirming ? 'confirmation' : 'button'} is out of date; run the command again.`), { target, replace: confirming });
        const inv: Invocation = { platform: 'slack', user: await d.identity.user(b.user.id, b.user.username ?? b.user.name), channel: target.channel, path: ref.path, args: ref.args, positionals: [], interactive: !confirming };
        await run(inv, confirming ? { target, replace: true } : { target, triggerId: b.trigger_id });
      });
    };

  // Buttons on replies (Edit, Add number, Delete, …): the same flows as the commands they stand for.
  app.action(/^run:\d+$/, runButton('button'));
  // The confirmation's button: Slack has already shown its own confirm dialog, so run it (confirm=yes is in the args).
  app.action('confirm', runButton('confirm'));

  app.action('cancel', async ({ ack, body }) => {
    await ack();
    const target = actionTarget(body as BlockActionBody);
    await guarded('cancel', target, () => present({ type: 'reply', ephemeral: true, tone: 'info', text: 'Cancelled; nothing was changed.' }, { target, replace: true }));
  });
}

export interface BlockActionBody {
  user: { id: string; username?: string; name?: string };
  trigger_id?: string;
  response_url?: string;
  channel?: { id: string };
  container?: { channel_id?: string };
  view?: { id: string; hash: string; type: string; private_metadata: string; state: { values: Record<string, Record<string, never>> } };
}

function actionTarget(b: BlockActionBody): Target {
  return { responseUrl: b.response_url, channel: b.channel?.id ?? b.container?.channel_id, user: b.user.id };
}
