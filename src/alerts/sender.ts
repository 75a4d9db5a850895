// What the delivery worker needs from a chat platform, and the four ways a delivery can fail. Each platform's
// sender (slack-sender.ts, discord-sender.ts) maps its own errors onto these, so the worker decides once.
import type { ChatPlatform } from '../core/alerts/delivery-ports.ts';
import type { Reply } from '../core/runtime/reply.ts';

export interface AlertSender {
  platform: ChatPlatform;
  /** Least time between two calls into one channel (Slack: about one message per second per channel). */
  paceMs: number;
  /** Posts a message; returns its id (Slack ts, Discord message id). */
  post(channel: string, reply: Reply): Promise<string>;
  edit(channel: string, messageId: string, reply: Reply): Promise<void>;
  /** The thread under a message, started if needed (Slack: the message's ts; Discord: a thread started from it). */
  thread(channel: string, messageId: string, name: string): Promise<string>;
  /** One line of history in a thread (neutral text: time tokens, no markup). */
  postInThread(channel: string, threadId: string, text: string): Promise<void>;
}

/**
 * - `rate_limited`: wait `retryAfterMs`, then try again (not an attempt: the platform asked us to wait).
 * - `config`: the channel cannot be used (bot not invited, channel gone, no access): retry rarely, tell the operator once.
 * - `gone`: the message (or its thread) was deleted in the channel: post it again.
 * - `invalid`: the platform refused what we sent (a bug): retry rarely, log as an error.
 * - `transient`: network, 5xx, timeouts: exponential backoff.
 */
export type DeliveryFailure = 'rate_limited' | 'config' | 'gone' | 'invalid' | 'transient';

export class DeliveryError extends Error {
  constructor(
    readonly kind: DeliveryFailure,
    /** The platform's error code (`not_in_channel`, `50001`), for logs and deduplication. */
    readonly code: string,
    message: string,
    readonly opts: { retryAfterMs?: number; what?: 'message' | 'thread' } = {},
  ) {
    super(message);
    this.name = 'DeliveryError';
  }
}

export function asDeliveryError(err: unknown): DeliveryError {
  if (err instanceof DeliveryError) return err;
  const message = err instanceof Error ? err.message : String(err);
  return new DeliveryError('transient', 'error', message);
}

/** An hour: what the platform refused is a bug; retried rarely in case it was a passing problem. */
export const INVALID_RETRY_MS = 3_600_000;

export interface RetryPlan {
  /** When to try the row again (ms since the epoch). */
  retryAt: number;
  /** Kept on the row (null: leave it, e.g. a rate limit is not a problem worth showing). */
  error: string | null;
  /** Counts as an attempt (the backoff grows). */
  countAttempt: boolean;
  /** The whole channel waits until then (Retry-After, or a channel the bot cannot use). */
  pauseChannel: boolean;
  /** How to log it: every time, or once per channel and code until a delivery there succeeds. */
  log: { level: 'warn' | 'error'; once: boolean; msg: string } | null;
}

/** What a failure means for the row, the channel and the log. `now` is the wall clock (Retry-After is relative to it). */
export function retryPlan(e: DeliveryError, attempts: number, now: number): RetryPlan {
  switch (e.kind) {
    case 'rate_limited':
      return { retryAt: now + (e.opts.retryAfterMs ?? 1000), error: null, countAttempt: false, pauseChannel: true, log: { level: 'warn', once: false, msg: 'alert delivery rate-limited; the channel waits for Retry-After' } };
    case 'config':
      return { retryAt: now + configBackoffMs(attempts), error: e.message, countAttempt: true, pauseChannel: true, log: { level: 'warn', once: true, msg: 'alert channel cannot be used; retrying rarely until it is fixed' } };
    case 'gone':
      return { retryAt: now, error: e.message, countAttempt: false, pauseChannel: false, log: null };
    case 'invalid':
      return { retryAt: now + INVALID_RETRY_MS, error: e.message, countAttempt: true, pauseChannel: false, log: { level: 'error', once: true, msg: 'alert message refused by the platform' } };
    default:
      return { retryAt: now + transientBackoffMs(attempts), error: e.message, countAttempt: true, pauseChannel: false, log: { level: 'warn', once: false, msg: 'alert delivery failed; retrying with backoff' } };
  }
}

/** 5 s doubling to 10 minutes, ±20 % jitter: transient failures. */
export function transientBackoffMs(attempts: number, random = Math.random): number {
  const base = Math.min(5_000 * 2 ** Math.min(attempts, 10), 600_000);
  return Math.round(base * (0.8 + random() * 0.4));
}

/** 1 minute doubling to 15 minutes: a channel that cannot be used is retried rarely, never in a loop, yet soon after it is fixed. */
export function configBackoffMs(attempts: number): number {
  return Math.min(60_000 * 2 ** Math.min(attempts, 6), 900_000);
}
