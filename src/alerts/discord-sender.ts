// Alert delivery to Discord over the running client's REST (discord.js queues per route and waits out a 429 on its
// own, logged by the adapter): the same embeds and buttons as every reply (custom ids the interaction handler already
// dispatches), a thread started from the message once, and history posted there. Nothing pings anyone.
import { DiscordAPIError, HTTPError, Routes, type REST } from 'discord.js';
import type { CommandSpec } from '../core/runtime/command.ts';
import type { InteractionStates } from '../core/runtime/interaction-state.ts';
import type { Reply } from '../core/runtime/reply.ts';
import { createActionIds } from '../discord/action-ids.ts';
import { LIMITS, md, replyToMessage } from '../discord/render.ts';
import { DeliveryError, type AlertSender } from './sender.ts';

/** Who a stored button action belongs to: a channel message's buttons may be pressed by anyone (the dispatcher decides). */
const CHANNEL_OWNER = 'alerts';
/** Threads outlive a quiet night: archived after a week without messages (a new message unarchives it). */
const THREAD_ARCHIVE_MINUTES = 10080;

const CONFIG: Record<number, string> = {
  10003: 'Discord: the alert channel does not exist (check ALERT_DISCORD_CHANNEL or alert route)',
  50001: 'Discord: the bot cannot see the alert channel (Missing Access); give it View Channel there',
  50013: 'Discord: the bot lacks permissions in the alert channel (Send Messages, Embed Links, Create Public Threads, Send Messages in Threads)',
  50008: 'Discord: the alert channel is not a text channel',
};

export function createDiscordSender(o: { rest: REST; commands: CommandSpec[]; states: InteractionStates; now?: () => Date }): AlertSender {
  const now = o.now ?? (() => new Date());
  const ids = createActionIds(o.commands, o.states);

  async function body(reply: Reply) {
    const msg = await replyToMessage(reply, (ref, kind) => ids.encode(ref, kind, CHANNEL_OWNER), now());
    return { content: msg.content ?? '', embeds: msg.embeds, components: msg.components, allowed_mentions: { parse: [] } };
  }

  async function api<T>(what: 'message' | 'thread', fn: () => Promise<unknown>): Promise<T> {
    try {
      return (await fn()) as T;
    } catch (err) {
      throw classify(err, what);
    }
  }

  return {
    platform: 'discord',
    // discord.js spaces requests per route bucket itself.
    paceMs: 0,
    async post(channel, reply) {
      const b = await body(reply);
      const m = await api<{ id: string }>('message', () => o.rest.post(Routes.channelMessages(channel), { body: b }));
      return m.id;
    },
    async edit(channel, messageId, reply) {
      const b = await body(reply);
      await api('message', () => o.rest.patch(Routes.channelMessage(channel, messageId), { body: b }));
    },
    async thread(channel, messageId, name) {
      try {
        const t = (await o.rest.post(Routes.threads(channel, messageId), { body: { name, auto_archive_duration: THREAD_ARCHIVE_MINUTES } })) as { id: string };
        return t.id;
      } catch (err) {
        // Already started (by an earlier pass that could not record it): a message's thread has the message's id.
        if (err instanceof DiscordAPIError && err.code === 160004) return messageId;
        throw classify(err, 'message');
      }
    },
    async postInThread(_channel, threadId, text) {
      const content = md(text);
      const b = { content: content.length > LIMITS.content ? `${content.slice(0, LIMITS.content - 1)}…` : content, allowed_mentions: { parse: [] } };
      await api('thread', () => o.rest.post(Routes.channelMessages(threadId), { body: b }));
    },
  };
}

function classify(err: unknown, what: 'message' | 'thread'): DeliveryError {
  if (err instanceof DiscordAPIError) {
    const code = Number(err.code);
    // A thread that was deleted is posted again from the message; the message itself is reposted when deleted.
    if (code === 10008 || (code === 10003 && what === 'thread')) return new DeliveryError('gone', String(code), `Discord: ${err.message}`, { what });
    if (CONFIG[code]) return new DeliveryError('config', String(code), CONFIG[code]);
    if (err.status === 429) return new DeliveryError('rate_limited', '429', 'Discord rate limit', { retryAfterMs: 1000 });
    if (err.status >= 500) return new DeliveryError('transient', String(code), `Discord: ${err.message}`);
    return new DeliveryError('invalid', String(code), `Discord refused the message: ${err.message}`);
  }
  if (err instanceof HTTPError) return new DeliveryError(err.status >= 500 ? 'transient' : 'invalid', String(err.status), `Discord answered HTTP ${err.status}`);
  return new DeliveryError('transient', 'request', `Discord could not be reached: ${err instanceof Error ? err.message : String(err)}`);
}
