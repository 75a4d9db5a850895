// Alert delivery to Slack: chat.postMessage / chat.update with the same Block Kit as every reply (so its buttons
// run through the adapter's existing `run:` action handler), thread replies under the message's ts. Its own
// WebClient does not retry: a 429 comes back to the worker with its Retry-After, which then holds the whole channel.
import { ErrorCode, WebClient, type WebAPICallError } from '@slack/web-api';
import type { SlackConfig } from '../config.ts';
import type { Logger } from '../logger.ts';
import { boltLogger } from '../slack/adapter.ts';
import { replyToMessage } from '../slack/blocks.ts';
import { clip, mrkdwn, plain } from '../slack/mrkdwn.ts';
import { DeliveryError, type AlertSender } from './sender.ts';

/** Slack's documented pace for posting to one channel. */
export const SLACK_CHANNEL_PACE_MS = 1000;

/** Errors that mean the channel cannot be used until someone fixes the setup. */
const CONFIG: Record<string, string> = {
  channel_not_found: 'Slack: the alert channel does not exist or the bot cannot see it (a private channel needs the bot invited: /invite @trunkops)',
  not_in_channel: 'Slack: the bot is not in the alert channel; invite it there with /invite @trunkops',
  is_archived: 'Slack: the alert channel is archived; unarchive it or route alerts elsewhere (alert route)',
  restricted_action: 'Slack: the workspace does not let the bot post in the alert channel',
  missing_scope: 'Slack: the app lacks the chat:write scope; reinstall it from a fresh manifest',
  invalid_auth: 'Slack: SLACK_BOT_TOKEN is not valid any more',
  not_authed: 'Slack: SLACK_BOT_TOKEN is not valid any more',
  token_revoked: 'Slack: the bot token was revoked; reinstall the app',
  account_inactive: 'Slack: the bot token was revoked; reinstall the app',
  team_access_not_granted: 'Slack: the app is not allowed in this workspace',
};
const GONE = new Set(['message_not_found', 'cant_update_message', 'thread_not_found']);
const INVALID = new Set(['invalid_blocks', 'invalid_blocks_format', 'invalid_arguments', 'msg_too_long', 'no_text', 'too_many_attachments', 'invalid_attachments']);

export function createSlackSender(o: { config: Pick<SlackConfig, 'botToken' | 'apiUrl'>; logger: Logger; now?: () => Date }): AlertSender {
  const now = o.now ?? (() => new Date());
  const client = new WebClient(o.config.botToken, {
    slackApiUrl: o.config.apiUrl,
    retryConfig: { retries: 0 },
    rejectRateLimitedCalls: true,
    timeout: 15_000,
    logger: boltLogger(o.logger.child({ component: 'slack-alerts' })),
  });

  async function api<T>(what: 'message' | 'thread', fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw classify(err as WebAPICallError, what);
    }
  }

  return {
    platform: 'slack',
    paceMs: SLACK_CHANNEL_PACE_MS,
    async post(channel, reply) {
      const msg = replyToMessage(reply, now());
      const res = await api('message', () => client.chat.postMessage({ channel, text: msg.text, blocks: msg.blocks, unfurl_links: false, unfurl_media: false }));
      return res.ts!;
    },
    async edit(channel, ts, reply) {
      const msg = replyToMessage(reply, now());
      await api('message', () => client.chat.update({ channel, ts, text: msg.text, blocks: msg.blocks }));
    },
    // A Slack thread is the message's own ts: nothing to create.
    thread: async (_channel, ts) => ts,
    async postInThread(channel, threadTs, text) {
      await api('thread', () => client.chat.postMessage({ channel, thread_ts: threadTs, text: clip(mrkdwn(text), 3000), unfurl_links: false, unfurl_media: false }));
    },
  };
}

function classify(err: WebAPICallError, what: 'message' | 'thread'): DeliveryError {
  switch (err.code) {
    case ErrorCode.RateLimitedError:
      return new DeliveryError('rate_limited', 'ratelimited', 'Slack rate limit', { retryAfterMs: Math.max(1, err.retryAfter) * 1000 });
    case ErrorCode.PlatformError: {
      const code = err.data.error;
      if (CONFIG[code]) return new DeliveryError('config', code, CONFIG[code]);
      if (GONE.has(code)) return new DeliveryError('gone', code, `Slack: ${code}`, { what });
      if (INVALID.has(code)) return new DeliveryError('invalid', code, `Slack refused the message: ${code} ${plain((err.data.response_metadata?.messages ?? []).join('; '))}`.trim());
      if (code === 'ratelimited') return new DeliveryError('rate_limited', code, 'Slack rate limit', { retryAfterMs: 1000 });
      return new DeliveryError('transient', code, `Slack: ${code}`);
    }
    case ErrorCode.HTTPError:
      return new DeliveryError(err.statusCode >= 500 ? 'transient' : 'invalid', String(err.statusCode), `Slack answered HTTP ${err.statusCode}`);
    case ErrorCode.RequestError:
      return new DeliveryError('transient', 'request', `Slack could not be reached: ${err.original?.message ?? err.message}`);
    default:
      return new DeliveryError('transient', 'error', (err as Error).message ?? String(err));
  }
}
