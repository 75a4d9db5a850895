// What Slack sends to an app, built the way Slack builds it: signed form posts for slash commands and
// interactivity (payload=…), signed JSON for events, and modal state as the Slack client fills it in.
import { createHmac } from 'node:crypto';
import { TEAM, type FakeFile } from './slack.ts';

export const SIGNING_SECRET = '8f742231b10e8888abcd99aaaaaa85a5';

export function sign(body: string, ts: number, secret = SIGNING_SECRET): string {
  return 'v0=' + createHmac('sha256', secret).update(`v0:${ts}:${body}`).digest('hex');
}

export interface SignedPost {
  status: number;
  text: string;
  contentType: string | null;
}

/** POSTs to the app's Request URL with Slack's headers; content-type exactly as Slack sends it. */
export async function postSigned(url: string, body: string, opts: { json?: boolean; ts?: number; signature?: string } = {}): Promise<SignedPost> {
  const ts = opts.ts ?? Math.floor(Date.now() / 1000);
  const res = await fetch(url, {
    method: 'POST',
    body,
    headers: {
      'content-type': opts.json ? 'application/json' : 'application/x-www-form-urlencoded',
      'x-slack-request-timestamp': String(ts),
      'x-slack-signature': opts.signature ?? sign(body, ts),
    },
  });
  return { status: res.status, text: await res.text(), contentType: res.headers.get('content-type') };
}

export function slashBody(f: { command: string; text: string; user: string; userName?: string; channel?: string; responseUrl: string; triggerId: string }): string {
  return new URLSearchParams({
    token: 'deprecated-verification-token',
    team_id: TEAM,
    team_domain: 'fake',
    channel_id: f.channel ?? 'C0NOC',
    channel_name: 'noc',
    user_id: f.user,
    user_name: f.userName ?? f.user.toLowerCase(),
    command: f.command,
    text: f.text,
    api_app_id: 'A0APP',
    is_enterprise_install: 'false',
    response_url: f.responseUrl,
    trigger_id: f.triggerId,
  }).toString();
}

export function interactiveBody(payload: Record<string, unknown>): string {
  return new URLSearchParams({ payload: JSON.stringify(payload) }).toString();
}

const user = (id: string) => ({ id, username: id.toLowerCase(), name: id.toLowerCase(), team_id: TEAM });

/** A button click on a message (block_actions), as Slack sends it. */
export function blockAction(f: { user: string; actionId: string; value?: string; responseUrl?: string; triggerId: string; channel?: string; view?: Record<string, unknown>; messageTs?: string }): Record<string, unknown> {
  return {
    type: 'block_actions',
    team: { id: TEAM, domain: 'fake' },
    user: user(f.user),
    api_app_id: 'A0APP',
    token: 'deprecated-verification-token',
    trigger_id: f.triggerId,
    ...(f.view
      ? { container: { type: 'view', view_id: f.view.id }, view: f.view }
      : {
          // A click on a message in the channel (an alert) comes with that message; otherwise an ephemeral reply.
          container: { type: 'message', message_ts: f.messageTs ?? '1700000000.000100', channel_id: f.channel ?? 'C0NOC', is_ephemeral: !f.messageTs },
          channel: { id: f.channel ?? 'C0NOC', name: 'noc' },
          response_url: f.responseUrl,
          ...(f.messageTs ? { message: { type: 'message', ts: f.messageTs, bot_id: 'B0TRUNKOPS' } } : {}),
        }),
    actions: [{ type: 'button', action_id: f.actionId, block_id: 'b', value: f.value, action_ts: '1700000001.000200' }],
  };
}

export function viewSubmission(f: { user: string; view: Record<string, unknown> }): Record<string, unknown> {
  return { type: 'view_submission', team: { id: TEAM, domain: 'fake' }, user: user(f.user), api_app_id: 'A0APP', token: 'deprecated-verification-token', trigger_id: '1.2.fake', view: f.view, response_urls: [], is_enterprise_install: false };
}

export function blockSuggestion(f: { user: string; actionId: string; blockId: string; value: string; view: Record<string, unknown> }): Record<string, unknown> {
  return { type: 'block_suggestion', team: { id: TEAM, domain: 'fake' }, user: user(f.user), api_app_id: 'A0APP', token: 'deprecated-verification-token', action_id: f.actionId, block_id: f.blockId, value: f.value, container: { type: 'view', view_id: f.view.id }, view: f.view };
}

export function eventBody(event: Record<string, unknown>): string {
  return JSON.stringify({ token: 'deprecated-verification-token', team_id: TEAM, api_app_id: 'A0APP', type: 'event_callback', event_id: `Ev${Date.now()}`, event_time: Math.floor(Date.now() / 1000), event });
}

export type Typed = Record<string, string | FakeFile[]>;

/**
 * The view as the Slack client submits it: every input block in state.values, holding what the user typed
 * or picked, else its initial value, else null (an empty optional field).
 */
export function fillView(view: Record<string, unknown>, typed: Typed = {}): Record<string, unknown> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of view.blocks as Record<string, unknown>[]) {
    if (b.type !== 'input') continue;
    const el = b.element as Record<string, unknown>;
    const id = String(b.block_id);
    const t = typed[id];
    const aid = String(el.action_id);
    switch (el.type) {
      case 'file_input':
        values[id] = { [aid]: { type: 'file_input', files: Array.isArray(t) ? t : [] } };
        break;
      case 'static_select': {
        const options = el.options as { value: string; text: unknown }[];
        const picked = typeof t === 'string' ? options.find((o) => o.value === t) : (el.initial_option ?? null);
        if (typeof t === 'string' && !picked) throw new Error(`fillView: ${t} is not an option of ${id}`);
        values[id] = { [aid]: { type: 'static_select', selected_option: picked ?? null } };
        break;
      }
      case 'external_select':
        values[id] = { [aid]: { type: 'external_select', selected_option: typeof t === 'string' ? (t ? { text: { type: 'plain_text', text: t }, value: t } : null) : (el.initial_option ?? null) } };
        break;
      default:
        values[id] = { [aid]: { type: el.type, value: typeof t === 'string' ? t || null : ((el.initial_value as string | undefined) ?? null) } };
    }
  }
  return { ...view, state: { values } };
}
