// The alert delivery outbox as the worker sees it: alert messages (one per alert and channel) and notices to post,
// edit and thread, claimed per channel under a lease so that several replicas deliver each row once.

import type { AlertRecord, ChatPlatform } from './ports.ts';

export type { ChatPlatform };

/** An alert as its message shows it (the alerts row with its carrier's name); an AlertRecord is one. */
export type AlertSnapshot = Omit<AlertRecord, 'lastTrueAt' | 'lastRemindedAt'>;

/** One line of an alert's history: what its thread shows. */
export interface HistoryEntry {
  id: number;
  at: Date;
  text: string;
  actor: string | null;
}

export interface ChannelRef {
  platform: ChatPlatform;
  channel: string;
}

/** `message_id` of an alert summarised by a storm digest: its message is a line of the digest notice. */
export const DIGEST_PREFIX = 'digest:';
/** The notice kind of a storm digest (alert_notices.kind). */
export const STORM_DIGEST = 'alert_storm';

export interface OutboxMessage extends ChannelRef {
  alert: AlertSnapshot;
  messageId: string | null;
  threadId: string | null;
  dirty: boolean;
  threadedUpTo: number;
  attempts: number;
  lastError: string | null;
  /** The lease this worker holds; every write is fenced on it, so a worker whose lease lapsed records nothing. */
  claim: Date;
  /** The alert's version and update time when claimed: dirty is cleared only if the alert has not changed since. */
  stamp: string;
}

export interface OutboxNotice extends ChannelRef {
  id: number;
  kind: string;
  payload: Record<string, unknown>;
  alertIds: string[];
  messageId: string | null;
  attempts: number;
  lastError: string | null;
  claim: Date;
  /** Its due time when claimed: a notice touched while being sent stays unsent, to be edited again. */
  stamp: string;
}

export interface ClaimRequest extends ChannelRef {
  at: Date;
  leaseUntil: Date;
  /** At most this many messages (and as many notices). */
  limit: number;
  /** More than `threshold` alerts of the channel opened within `windowMs`: those not yet posted become one digest. */
  storm: { threshold: number; windowMs: number };
  /** A message is edited at most once per this interval (a burst of changes becomes one edit). */
  editDebounceMs: number;
}

export interface ClaimedWork {
  messages: OutboxMessage[];
  notices: OutboxNotice[];
  /** Storm digests this claim created or extended (notice id and how many alerts joined). */
  storms: { noticeId: number; joined: number; created: boolean }[];
}

export interface MessagePatch {
  messageId?: string | null;
  threadId?: string | null;
  threadedUpTo?: number;
  postedAt?: Date;
  editedAt?: Date;
}

export interface DeliveryRepo {
  /** Channels of these platforms with messages or notices due now and not claimed. */
  dueChannels(platforms: ChatPlatform[], at: Date): Promise<ChannelRef[]>;
  /** Forms or extends a storm digest if the channel is in a storm, then claims what is due in the channel. */
  claim(req: ClaimRequest): Promise<ClaimedWork>;
  /** History of an alert after `afterId`, oldest first. */
  history(alertId: string, afterId: number, limit: number): Promise<HistoryEntry[]>;
  alerts(ids: string[]): Promise<AlertSnapshot[]>;
  /** Records progress on a claimed message; false when the lease was lost. */
  recordMessage(m: OutboxMessage, patch: MessagePatch): Promise<boolean>;
  /**
   * Done with a message for now: dirty cleared unless the alert changed since the claim, errors cleared, and due again
   * at `again`, or when work is left or the alert changed; otherwise it waits for the next change. `hold` (on this and
   * the calls below) keeps the row leased until then instead of letting it go, so the channel stays busy for every
   * replica: one pace after a write, or until a Retry-After has passed.
   */
  finishMessage(m: OutboxMessage, at: Date, opts?: { again?: Date; hold?: Date }): Promise<boolean>;
  /** Delivery failed: due again at `retryAt` with the error kept (and counted as an attempt unless it was a rate limit). */
  failMessage(m: OutboxMessage, error: string | null, retryAt: Date, countAttempt: boolean, hold?: Date): Promise<void>;
  /** Lets claimed messages go unprocessed (shutdown, the lease running out), due again at `dueAt` or as they were. */
  releaseMessages(ms: OutboxMessage[], dueAt?: Date): Promise<void>;
  recordNotice(n: OutboxNotice, messageId: string, sentAt: Date, hold?: Date): Promise<boolean>;
  failNotice(n: OutboxNotice, error: string | null, retryAt: Date, countAttempt: boolean, hold?: Date): Promise<void>;
  releaseNotices(ns: OutboxNotice[], dueAt?: Date): Promise<void>;
  /** A posted notice (a storm digest) is to be edited to its members' current state, not before `dueAt`. */
  touchNotice(id: number, at: Date, dueAt: Date): Promise<void>;
  /** The digest notice a summarised alert belongs to (its message id, null until posted). */
  notice(id: number): Promise<{ id: number; messageId: string | null; sentAt: Date | null; dueAt: Date } | null>;
  /** Marks undelivered rows of a platform that is not configured with `error`; returns how many changed. */
  markUnconfigured(platform: ChatPlatform, error: string): Promise<number>;
}
