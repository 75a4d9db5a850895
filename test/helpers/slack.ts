// Runs the real Slack adapter (Bolt, HTTP or Socket Mode) against the fake Slack, on a test database,
// and drives it the way Slack does: signed slash commands, clicks, modal submissions, events.
import { commands } from '../../commands/index.ts';
import { loadConfig } from '../../src/config.ts';
import { healthRoutes, startHttp, type HttpServer } from '../../src/http/server.ts';
import { startSlack, type SlackAdapter } from '../../src/slack/adapter.ts';
import { APP_TOKEN, BOT_TOKEN, startFakeSlack, type FakeSlack, type ResponsePost } from '../fakes/slack.ts';
import { blockAction, eventBody, fillView, interactiveBody, postSigned, SIGNING_SECRET, slashBody, viewSubmission, type SignedPost, type Typed } from '../fakes/slack-requests.ts';
import { createHarness, TEST_KEY, type Harness } from './harness.ts';

export const ADMIN = 'U0ADMIN';

export interface Interaction {
  ack: SignedPost;
  responseUrl: string;
  /** The modal this interaction opened (or updated). */
  view(): Promise<Record<string, unknown>>;
  /** The nth answer posted to its response_url. */
  answer(nth?: number): Promise<ResponsePost>;
}

export interface SlackHarness {
  h: Harness;
  fake: FakeSlack;
  adapter: SlackAdapter;
  eventsUrl: string;
  /** Runs a slash command; resolves with the HTTP ack and the response_url / trigger it carried. */
  slash(user: string, command: string, text?: string, opts?: { channel?: string; triggerAgeMs?: number }): Promise<Interaction>;
  /** The answer posted to a response_url (the nth one, from 0). */
  answer(responseUrl: string, nth?: number): Promise<ResponsePost>;
  /** The nth view opened or updated (from 0), as Slack stores it. */
  openedView(index: number): Promise<Record<string, unknown>>;
  /** Submits a modal the way the Slack client does: filled with `typed` over its initial values. */
  submit(user: string, view: Record<string, unknown>, typed?: Typed): Promise<SignedPost>;
  /** Clicks a button found in a posted message; `message` when it sits on a channel message (an alert) rather than a reply. */
  click(user: string, button: Record<string, unknown>, opts?: { responseUrl?: string; view?: Record<string, unknown>; message?: { channel: string; ts: string } }): Promise<Interaction>;
  interact(payload: Record<string, unknown>): Promise<SignedPost>;
  event(event: Record<string, unknown>): Promise<SignedPost>;
  close(): Promise<void>;
}

export async function createSlackHarness(opts: { socket?: boolean; env?: Record<string, string>; submitBudgetMs?: number } = {}): Promise<SlackHarness> {
  const fake = await startFakeSlack();
  const env = {
    SLACK_BOT_TOKEN: BOT_TOKEN,
    SLACK_API_URL: fake.apiUrl,
    TRUNKOPS_ADMINS: `slack:${ADMIN}`,
    ...(opts.socket ? { SLACK_APP_TOKEN: APP_TOKEN } : { SLACK_SIGNING_SECRET: SIGNING_SECRET }),
    ...opts.env,
  };
  const h = await createHarness(env);
  const config = loadConfig({ TRUNKOPS_SECRET_KEY: TEST_KEY, ...env });
  let adapter: SlackAdapter;
  let http: HttpServer;
  try {
    adapter = await startSlack({ config: config.slack!, dispatcher: h.app.dispatcher, commands, store: h.app.store, logger: h.logger, uploadMaxBytes: config.uploadMaxBytes, submitBudgetMs: opts.submitBudgetMs });
    http = await startHttp(0, { ...healthRoutes(() => h.app.store.ping()), ...adapter.routes }, h.logger);
  } catch (err) {
    await fake.close();
    await h.close();
    throw err;
  }
  const eventsUrl = `http://127.0.0.1:${http.port}/slack/events`;
  const answer = (responseUrl: string, nth = 0) => fake.answerTo(responseUrl, nth);
  const openedView = async (index: number) => {
    const v = await fake.waitFor(() => fake.viewLog[index]);
    return { ...v.view, hash: v.hash };
  };
  const interact = (payload: Record<string, unknown>) => postSigned(eventsUrl, interactiveBody(payload));
  return {
    h,
    fake,
    adapter,
    eventsUrl,
    async slash(user, command, text = '', o = {}) {
      const responseUrl = fake.responseUrl();
      const before = fake.viewLog.length;
      const ack = await postSigned(eventsUrl, slashBody({ command, text, user, channel: o.channel, responseUrl, triggerId: fake.trigger(o.triggerAgeMs) }));
      return { ack, responseUrl, view: () => openedView(before), answer: (nth = 0) => answer(responseUrl, nth) };
    },
    answer,
    openedView,
    submit(user, view, typed = {}) {
      return interact(viewSubmission({ user, view: fillView(view, typed) }));
    },
    async click(user, button, o = {}) {
      const responseUrl = o.responseUrl ?? fake.responseUrl();
      const before = fake.viewLog.length;
      const ack = await interact(blockAction({ user, actionId: String(button.action_id), value: button.value as string | undefined, responseUrl, triggerId: fake.trigger(), view: o.view, channel: o.message?.channel, messageTs: o.message?.ts }));
      return { ack, responseUrl, view: () => openedView(before), answer: (nth = 0) => answer(responseUrl, nth) };
    },
    interact,
    event: (event) => postSigned(eventsUrl, eventBody(event), { json: true }),
    async close() {
      await adapter.stop();
      await http.close();
      await fake.close();
      await h.close();
    },
  };
}

/** Every button in a message's blocks, by label. */
export function buttons(blocks: unknown): Record<string, Record<string, unknown>> {
  const out: Record<string, Record<string, unknown>> = {};
  for (const b of (blocks as Record<string, unknown>[]) ?? []) {
    if (b.type !== 'actions') continue;
    for (const e of b.elements as Record<string, unknown>[]) out[(e.text as { text: string }).text] = e;
  }
  return out;
}

/** All text in a message's blocks, joined, for assertions. */
export function blockText(blocks: unknown): string {
  return JSON.stringify(blocks ?? [])
    .replace(/\\n/g, '\n')
    .replace(/"(type|action_id|block_id|value|style)":"[^"]*",?/g, '');
}

export function inputBlocks(view: Record<string, unknown>): Record<string, Record<string, unknown>> {
  return Object.fromEntries((view.blocks as Record<string, unknown>[]).filter((b) => b.type === 'input').map((b) => [String(b.block_id), b]));
}
