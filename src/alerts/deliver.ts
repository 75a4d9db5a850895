// The alert delivery worker. Every few seconds (and when kicked) it finds channels with due work, claims it per
// channel (a storm digest is formed there) and delivers it through the platform's sender at the channel's pace:
// notices, first posts, edits in place, history into the thread. A failure becomes a retry time on the row
// (Retry-After, backoff, a long wait for a channel the bot cannot use), never a loop and never a crash.
import { DIGEST_PREFIX, STORM_DIGEST, type ChannelRef, type ChatPlatform, type OutboxMessage, type OutboxNotice } from '../core/alerts/delivery-ports.ts';
import type { Reply } from '../core/runtime/reply.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { ChannelPacer, createTicker } from './pacing.ts';
import { historyLine, renderAlert, renderStormDigest, threadName, type RenderOptions } from './render.ts';
import { asDeliveryError, INVALID_RETRY_MS, retryPlan, type AlertSender, type DeliveryError } from './sender.ts';

export interface DeliveryWorkerOptions {
  store: Store;
  senders: Partial<Record<ChatPlatform, AlertSender>>;
  logger: Logger;
  now?: () => Date;
  /** More than this many alerts opened in one channel within a minute are summarised in one digest. */
  stormThreshold: number;
  editDebounceMs: number;
  intervalMs: number;
  render: RenderOptions;
  leaseMs?: number;
  /** Rows claimed per channel per pass, and history lines posted per alert per pass. */
  batch?: number;
  threadBatch?: number;
  /** How often rows routed to a platform that is not configured are marked so (default a minute). */
  unconfiguredCheckMs?: number;
}

export interface DeliveryWorker {
  start(): void;
  /** Looks for due work now (after a change, rather than at the next tick). */
  kick(): void;
  runOnce(): Promise<void>;
  stop(): Promise<void>;
}

const STORM_WINDOW_MS = 60_000;
/** An alert resolved this long before its first post is not posted any more (Slack was down, the bot not invited…). */
const STALE_RESOLVED_MS = 3_600_000;
/** Stop taking new rows this long before the lease ends, so nothing is delivered twice. */
const LEASE_MARGIN_MS = 15_000;
const THREAD_CHUNK_CHARS = 1800;
const UNCONFIGURED: Record<ChatPlatform, string> = {
  slack: 'Slack is not configured (SLACK_BOT_TOKEN): nothing is posted here',
  discord: 'Discord is not configured (DISCORD_TOKEN): nothing is posted here',
};

interface Channel extends ChannelRef {
  sender: AlertSender;
  pacer: ChannelPacer;
}

interface Step {
  run(): Promise<void>;
  release(until?: Date): Promise<void>;
}

export function createDeliveryWorker(o: DeliveryWorkerOptions): DeliveryWorker {
  const now = o.now ?? (() => new Date());
  const repo = o.store.deliveries;
  const log = o.logger.child({ component: 'alert-delivery' });
  const leaseMs = o.leaseMs ?? 120_000;
  const batch = o.batch ?? 8;
  const threadBatch = o.threadBatch ?? 10;
  const platforms = Object.keys(o.senders) as ChatPlatform[];
  const pacers = new Map<string, ChannelPacer>();
  /** Problems already logged per channel, so a channel the bot cannot use is reported once, not every retry. */
  const reported = new Set<string>();
  let unconfiguredCheckedAt = 0;

  const channelOf = (c: ChannelRef): Channel => {
    const sender = o.senders[c.platform]!;
    const key = `${c.platform}:${c.channel}`;
    if (!pacers.has(key)) pacers.set(key, new ChannelPacer(sender.paceMs));
    return { ...c, sender, pacer: pacers.get(key)! };
  };

  /** After a write the channel stays leased for one pace, so no replica writes there sooner. */
  const hold = (ch: Channel) => (ch.sender.paceMs ? new Date(Date.now() + ch.sender.paceMs) : undefined);

  async function call<T>(ch: Channel, fn: () => Promise<T>): Promise<T> {
    await ch.pacer.turn();
    try {
      return await fn();
    } finally {
      ch.pacer.done();
    }
  }

  async function runOnce(): Promise<void> {
    if (Date.now() - unconfiguredCheckedAt > (o.unconfiguredCheckMs ?? 60_000)) {
      unconfiguredCheckedAt = Date.now();
      for (const p of (['slack', 'discord'] as const).filter((x) => !o.senders[x])) {
        const n = await repo.markUnconfigured(p, UNCONFIGURED[p]);
        if (n) log.warn({ platform: p, rows: n }, 'alerts are routed to a platform that is not configured; they wait');
      }
    }
    const due = (await repo.dueChannels(platforms, now())).map(channelOf).filter((c) => !c.pacer.pausedUntil);
    await Promise.all(due.map((c) => deliverChannel(c).catch((err: unknown) => log.error({ err, platform: c.platform, channel: c.channel }, 'alert delivery pass failed'))));
  }

  async function deliverChannel(ch: Channel): Promise<void> {
    const at = now();
    const work = await repo.claim({ platform: ch.platform, channel: ch.channel, at, leaseUntil: new Date(at.getTime() + leaseMs), limit: batch, storm: { threshold: o.stormThreshold, windowMs: STORM_WINDOW_MS }, editDebounceMs: o.editDebounceMs });
    for (const s of work.storms) {
      log.warn({ platform: ch.platform, channel: ch.channel, notice: s.noticeId, alerts: s.joined }, s.created ? 'alert storm: one digest instead of a message per alert' : 'alert storm: more alerts joined the digest');
    }
    const members = new Map<number, OutboxMessage[]>();
    const single: OutboxMessage[] = [];
    for (const m of work.messages) {
      if (!m.messageId?.startsWith(DIGEST_PREFIX)) single.push(m);
      else {
        const id = Number(m.messageId.slice(DIGEST_PREFIX.length));
        members.set(id, [...(members.get(id) ?? []), m]);
      }
    }
    // Notices first (a digest is posted before the thread lines of its alerts), then messages in due order.
    const steps: Step[] = [
      ...work.notices.map((n) => ({ run: () => deliverNotice(ch, n), release: (u?: Date) => repo.releaseNotices([n], u) })),
      ...single.map((m) => ({ run: () => deliverMessage(ch, m), release: (u?: Date) => repo.releaseMessages([m], u) })),
      ...[...members].map(([id, ms]) => ({ run: () => deliverDigestLines(ch, id, ms), release: (u?: Date) => repo.releaseMessages(ms, u) })),
    ];
    const deadline = Date.now() + leaseMs - LEASE_MARGIN_MS;
    for (const [i, step] of steps.entries()) {
      const paused = ch.pacer.pausedUntil;
      if (ticker.stopped || paused || Date.now() > deadline) {
        for (const rest of steps.slice(i)) await rest.release(paused ? new Date(paused) : undefined);
        return;
      }
      await step.run();
    }
  }

  async function deliverMessage(ch: Channel, m: OutboxMessage): Promise<void> {
    const a = m.alert;
    let { messageId, threadId } = m;
    let phase: 'message' | 'thread' = 'message';
    try {
      if (!messageId) {
        if (a.state === 'resolved' && a.resolvedAt && now().getTime() - a.resolvedAt.getTime() > STALE_RESOLVED_MS) {
          log.info({ platform: ch.platform, channel: ch.channel, alert: a.id }, 'alert was resolved long before it could be posted; not posted');
          if (await repo.recordMessage(m, { threadedUpTo: Number.MAX_SAFE_INTEGER })) await repo.finishMessage(m, now(), { hold: hold(ch) });
          return;
        }
        const posted = await call(ch, () => ch.sender.post(ch.channel, renderAlert(a, o.render)));
        messageId = posted;
        if (!(await repo.recordMessage(m, { messageId, threadId: null, postedAt: now() }))) return lost(ch, m);
        threadId = null;
      } else if (m.dirty) {
        const id = messageId;
        await call(ch, () => ch.sender.edit(ch.channel, id, renderAlert(a, o.render)));
        if (!(await repo.recordMessage(m, { editedAt: now() }))) return lost(ch, m);
      }
      phase = 'thread';
      const entries = await repo.history(a.id, m.threadedUpTo, threadBatch);
      if (entries.length && !threadId) {
        threadId = await ch.sender.thread(ch.channel, messageId, threadName(a.title));
        if (!(await repo.recordMessage(m, { threadId }))) return lost(ch, m);
      }
      for (const e of entries) {
        const thread = threadId!;
        await call(ch, () => ch.sender.postInThread(ch.channel, thread, historyLine(e, now())));
        if (!(await repo.recordMessage(m, { threadedUpTo: e.id }))) return lost(ch, m);
      }
      await repo.finishMessage(m, now(), { hold: hold(ch) });
      delivered(ch);
    } catch (err) {
      const e = asDeliveryError(err);
      if (e.kind === 'gone') {
        // Deleted in the channel: post the message (or start the thread) again; the history follows.
        log.info({ platform: ch.platform, channel: ch.channel, alert: a.id, what: phase }, 'alert message or thread was deleted; posting it again');
        await repo.recordMessage(m, phase === 'message' ? { messageId: null, threadId: null, threadedUpTo: 0 } : { threadId: null });
      }
      await failed(ch, e, [m], m.attempts);
    }
  }

  /** Alerts summarised by a storm digest: a change edits the digest, their history goes to its thread. */
  async function deliverDigestLines(ch: Channel, noticeId: number, ms: OutboxMessage[]): Promise<void> {
    try {
      const notice = await repo.notice(noticeId);
      if (!notice) {
        // The digest is gone: these alerts get messages of their own.
        for (const m of ms) if (await repo.recordMessage(m, { messageId: null })) await repo.failMessage(m, null, now(), false);
        return;
      }
      if (ms.some((m) => m.dirty)) await repo.touchNotice(noticeId, now(), new Date(now().getTime() + o.editDebounceMs));
      if (!notice.messageId) {
        // Not posted yet (it shows their state when it is); their history waits for its thread, as long as it does.
        const next = Math.max(notice.dueAt.getTime(), now().getTime() + Math.max(o.intervalMs, 1000));
        for (const m of ms) await repo.finishMessage(m, now(), { again: new Date(next) });
        return;
      }
      const lines: string[] = [];
      const upTo = new Map<OutboxMessage, number>();
      for (const m of ms) {
        for (const e of await repo.history(m.alert.id, m.threadedUpTo, threadBatch)) {
          lines.push(historyLine(e, now(), m.alert.title));
          upTo.set(m, e.id);
        }
      }
      if (lines.length) {
        const threadId = ms.find((m) => m.threadId)?.threadId ?? (await ch.sender.thread(ch.channel, notice.messageId, 'Alert storm'));
        for (const text of chunk(lines, THREAD_CHUNK_CHARS)) await call(ch, () => ch.sender.postInThread(ch.channel, threadId, text));
        for (const m of ms) await repo.recordMessage(m, { threadId, ...(upTo.has(m) ? { threadedUpTo: upTo.get(m)! } : {}) });
      }
      for (const m of ms) await repo.finishMessage(m, now(), { hold: hold(ch) });
      delivered(ch);
    } catch (err) {
      await failed(ch, asDeliveryError(err), ms, Math.max(...ms.map((m) => m.attempts)));
    }
  }

  async function deliverNotice(ch: Channel, n: OutboxNotice): Promise<void> {
    try {
      const reply = n.kind === STORM_DIGEST ? renderStormDigest(await repo.alerts(n.alertIds), o.render) : noticeReply(n.payload);
      if (!reply) {
        log.error({ platform: ch.platform, channel: ch.channel, notice: n.id, kind: n.kind }, 'alert notice has no title or text; not posted');
        await repo.failNotice(n, 'the notice has no title or text', new Date(now().getTime() + INVALID_RETRY_MS), true);
        return;
      }
      const existing = n.messageId;
      const id = existing ?? (await call(ch, () => ch.sender.post(ch.channel, reply)));
      if (existing) await call(ch, () => ch.sender.edit(ch.channel, existing, reply));
      if (!(await repo.recordNotice(n, id, now(), hold(ch)))) log.warn({ platform: ch.platform, channel: ch.channel, notice: n.id }, 'alert notice lease lost; another worker has it');
      delivered(ch);
    } catch (err) {
      const e = asDeliveryError(err);
      if (e.kind === 'gone' && n.messageId) {
        // The digest was deleted in the channel: it is not edited any more.
        log.info({ platform: ch.platform, channel: ch.channel, notice: n.id }, 'alert notice was deleted in the channel; no longer edited');
        await repo.recordNotice(n, n.messageId, now());
        return;
      }
      await failed(ch, e, [], n.attempts, n);
    }
  }

  /** Applies the retry plan for a failure to the rows (and the channel), logging as it says. */
  async function failed(ch: Channel, e: DeliveryError, ms: OutboxMessage[], attempts: number, notice?: OutboxNotice): Promise<void> {
    const plan = retryPlan(e, attempts, Date.now());
    if (plan.pauseChannel) ch.pacer.pause(plan.retryAt);
    if (plan.log) {
      const { level, msg } = plan.log;
      const fields = { platform: ch.platform, channel: ch.channel, code: e.code, error: e.message, attempts: attempts + (plan.countAttempt ? 1 : 0), retryInMs: plan.retryAt - Date.now() };
      if (plan.log.once) report(ch, e, () => log[level](fields, msg));
      else log[level](fields, msg);
    }
    const when = new Date(plan.retryAt);
    // A paused channel stays leased until the pause ends: no replica writes there before.
    const held = plan.pauseChannel ? when : hold(ch);
    for (const m of ms) await repo.failMessage(m, plan.error, when, plan.countAttempt, held);
    if (notice) await repo.failNotice(notice, plan.error, when, plan.countAttempt, held);
  }

  function report(ch: Channel, e: DeliveryError, logIt: () => void): void {
    const key = `${ch.platform}:${ch.channel}:${e.code}`;
    if (reported.has(key)) return;
    reported.add(key);
    logIt();
  }

  function delivered(ch: Channel): void {
    for (const key of [...reported]) if (key.startsWith(`${ch.platform}:${ch.channel}:`)) reported.delete(key);
  }

  function lost(ch: Channel, m: OutboxMessage): void {
    log.warn({ platform: ch.platform, channel: ch.channel, alert: m.alert.id }, 'alert delivery lease lost; another worker has it');
  }

  const ticker = createTicker(runOnce, o.intervalMs, (err) => log.error({ err }, 'alert delivery worker failed; retrying on the next tick'));
  return { runOnce, kick: ticker.kick, start: ticker.start, stop: ticker.stop };
}

/** A notice's stored payload as a channel reply: it needs at least a title or a text. */
function noticeReply(payload: Record<string, unknown>): Reply | null {
  if (typeof payload.title !== 'string' && typeof payload.text !== 'string') return null;
  return { ...(payload as Partial<Reply>), type: 'reply', ephemeral: false };
}

/** Lines joined into messages of at most `max` characters. */
function chunk(lines: string[], max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of lines.map((l) => (l.length > max ? `${l.slice(0, max - 1)}…` : l))) {
    if (cur && cur.length + 1 + line.length > max) {
      out.push(cur);
      cur = line;
    } else cur = cur ? `${cur}\n${line}` : line;
  }
  if (cur) out.push(cur);
  return out;
}
