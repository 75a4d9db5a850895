// Modal listeners: dependent-field refreshes (views.update), type-ahead for pickers, and submissions, which
// must be answered within Slack's 3 s with the field errors so the modal stays open.
import type { App } from '@slack/bolt';
import type { Invocation } from '../core/runtime/invocation.ts';
import type { Outcome } from '../core/runtime/reply.ts';
import { suggestEntities } from '../core/runtime/suggest.ts';
import type { Target } from './delivery.ts';
import type { BlockActionBody } from './handlers.ts';
import { decodeMeta, FORM_CALLBACK, formToModal, issuesToErrors, readViewState, viewWithProblems } from './modal.ts';
import type { HandlerDeps, Presenter } from './presenter.ts';

export function registerFormHandlers(app: App, d: HandlerDeps, { present, guarded, failure, attachFiles }: Presenter): void {
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
    const q = b.value ?? '';
    const found = await suggestEntities(d.store, b.action_id === 'pick:bot' ? 'bot' : 'carrier', q, 100);
    await ack({ options: found.map((s) => ({ text: { type: 'plain_text', text: s.value.slice(0, 75) }, value: s.value })) });
  });

  // Submissions: validate within Slack's 3 s and keep the modal open with errors on the fields.
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
        return failure(err, 'form submission');
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
}
