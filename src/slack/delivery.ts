// Where an answer goes: the interaction's response_url when there is one (works in any channel, ephemeral or
// not), else the channel (ephemeral to the caller when private), else a direct message to the caller.
import type { WebClient } from '@slack/web-api';
import type { Logger } from '../logger.ts';
import type { SlackMessage } from './blocks.ts';
import { trustedSlackUrl } from './files.ts';

export interface Target {
  responseUrl?: string;
  channel?: string;
  /** Raw Slack user id of the caller. */
  user: string;
  threadTs?: string;
}

export interface SendOptions {
  ephemeral: boolean;
  /** Replace the message the interaction came from (a confirmation, a progress line). */
  replaceOriginal?: boolean;
  /** Edit this message of ours in place instead of posting (progress in a thread). */
  updateTs?: string;
}

export interface Delivery {
  /** Returns the ts of a message posted with chat.postMessage, so it can be edited later. */
  send(target: Target, msg: SlackMessage, opts: SendOptions): Promise<{ ts?: string }>;
}

export function createDelivery(client: WebClient, logger: Logger, apiUrl?: string): Delivery {
  async function viaResponseUrl(url: string, msg: SlackMessage, opts: SendOptions): Promise<boolean> {
    if (!trustedSlackUrl(url, apiUrl)) return false;
    const body = { ...msg, response_type: opts.ephemeral ? 'ephemeral' : 'in_channel', replace_original: opts.replaceOriginal ?? false };
    try {
      const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      await res.body?.cancel();
      if (res.ok) return true;
      // A response_url lasts 30 minutes and 5 uses; past that the answer goes to the channel instead.
      logger.warn({ status: res.status }, 'slack response_url refused the answer; posting instead');
    } catch (err) {
      logger.warn({ err }, 'slack response_url unreachable; posting instead');
    }
    return false;
  }

  return {
    async send(target, msg, opts) {
      if (opts.updateTs && target.channel) {
        await client.chat.update({ channel: target.channel, ts: opts.updateTs, text: msg.text, blocks: msg.blocks });
        return { ts: opts.updateTs };
      }
      if (target.responseUrl && (await viaResponseUrl(target.responseUrl, msg, opts))) return {};
      if (target.channel) {
        try {
          if (opts.ephemeral) {
            await client.chat.postEphemeral({ channel: target.channel, user: target.user, text: msg.text, blocks: msg.blocks, thread_ts: target.threadTs });
            return {};
          }
          const res = await client.chat.postMessage({ channel: target.channel, text: msg.text, blocks: msg.blocks, thread_ts: target.threadTs });
          return { ts: res.ts };
        } catch (err) {
          const code = (err as { data?: { error?: string } }).data?.error;
          if (code !== 'channel_not_found' && code !== 'not_in_channel') throw err;
          logger.info({ channel: target.channel }, 'bot is not in the channel; answering by direct message');
        }
      }
      const res = await client.chat.postMessage({ channel: target.user, text: msg.text, blocks: msg.blocks });
      return { ts: res.ts };
    },
  };
}
