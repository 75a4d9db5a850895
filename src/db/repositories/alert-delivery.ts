// DeliveryRepo on drizzle: the alert_messages / alert_notices outbox. A claim runs per channel in one short
// transaction under an advisory lock on the channel (so the storm decision is taken once, whichever replica asks),
// takes due rows with FOR UPDATE SKIP LOCKED and leases them; every later write is fenced on that lease.
import { and, asc, desc, eq, gt, inArray, isNull, like, lt, lte, or, sql, type SQL } from 'drizzle-orm';
import {
  DIGEST_PREFIX,
  STORM_DIGEST,
  type AlertSnapshot,
  type ChannelRef,
  type ClaimRequest,
  type DeliveryRepo,
  type OutboxMessage,
  type OutboxNotice,
} from '../../core/alerts/delivery-ports.ts';
import type { Database } from '../client.ts';
import { alertHistory, alertMessages, alertNotices, alerts } from '../schema/alerts.ts';
import { carriers } from '../schema/carriers.ts';
import { resultRows } from './result-rows.ts';

/** Raw SQL parameters are not converted by drizzle: postgres.js needs a Date as text. */
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const INFINITY = sql`'infinity'::timestamptz`;
/** Exact to the microsecond whichever way the row was written (a JS Date keeps milliseconds only). */
const micros = (col: SQL | typeof alerts.updatedAt | typeof alertNotices.dueAt) => sql<string>`(extract(epoch from ${col}) * 1000000)::bigint::text`;
const ALERT_STAMP = sql<string>`${alerts.version}::text || ':' || ${micros(alerts.updatedAt)}`;
const uuids = (ids: string[]) => sql`array[${sql.join(ids.map((id) => sql`${id}`), sql`, `)}]::uuid[]`;

const snapshotColumns = {
  id: alerts.id,
  key: alerts.key,
  kind: alerts.kind,
  carrierId: alerts.carrierId,
  carrierName: carriers.name,
  severity: alerts.severity,
  state: alerts.state,
  title: alerts.title,
  evidence: alerts.evidence,
  openedAt: alerts.openedAt,
  updatedAt: alerts.updatedAt,
  resolvedAt: alerts.resolvedAt,
  resolvedBy: alerts.resolvedBy,
  ackedAt: alerts.ackedAt,
  ackedBy: alerts.ackedBy,
  snoozedUntil: alerts.snoozedUntil,
  snoozedBy: alerts.snoozedBy,
  flaps: alerts.flaps,
  version: alerts.version,
  stamp: ALERT_STAMP,
};

type Snapshot = AlertSnapshot & { stamp: string };

export function deliveryRepo(db: Database): DeliveryRepo {
  const free = (col: typeof alertMessages.claimedUntil | typeof alertNotices.claimedUntil, at: Date) => or(isNull(col), lt(col, at));
  const inChannel = (c: ChannelRef) => and(eq(alertMessages.platform, c.platform), eq(alertMessages.channel, c.channel));
  const messageKey = (m: OutboxMessage) => and(eq(alertMessages.alertId, m.alert.id), inChannel(m));
  const fenced = (m: OutboxMessage) => and(messageKey(m), eq(alertMessages.claimedUntil, m.claim));

  async function snapshots(tx: Database, ids: string[]): Promise<Map<string, Snapshot>> {
    if (!ids.length) return new Map();
    const rows = await tx.select(snapshotColumns).from(alerts).leftJoin(carriers, eq(carriers.id, alerts.carrierId)).where(inArray(alerts.id, ids));
    return new Map(rows.map((r) => [r.id, r as Snapshot]));
  }

  /** More than `threshold` alerts of the channel opened within the window: the ones not posted yet become (or join) one digest. */
  async function formStorm(tx: Database, req: ClaimRequest): Promise<ClaimedStorm[]> {
    const since = new Date(req.at.getTime() - req.storm.windowMs);
    const recent = await tx
      .select({ alertId: alertMessages.alertId, messageId: alertMessages.messageId, claimedUntil: alertMessages.claimedUntil, state: alerts.state })
      .from(alertMessages)
      .innerJoin(alerts, eq(alerts.id, alertMessages.alertId))
      .where(and(inChannel(req), gt(alerts.openedAt, since)));
    const pending = recent.filter((r) => r.messageId === null && r.state !== 'resolved' && !(r.claimedUntil && r.claimedUntil >= req.at)).map((r) => r.alertId);
    if (!pending.length) return [];
    // A storm lasts while its alerts keep coming: a digest with a member opened within the window takes newcomers.
    const [active] = await tx
      .select({ id: alertNotices.id, messageId: alertNotices.messageId })
      .from(alertNotices)
      .where(
        and(
          eq(alertNotices.platform, req.platform),
          eq(alertNotices.channel, req.channel),
          eq(alertNotices.kind, STORM_DIGEST),
          sql`exists (select 1 from ${alerts} where ${alerts.id} = any(${alertNotices.alertIds}) and ${alerts.openedAt} > ${ts(since)})`,
        ),
      )
      .orderBy(desc(alertNotices.id))
      .limit(1);
    if (!active && recent.length <= req.storm.threshold) return [];
    let noticeId: number;
    if (active) {
      noticeId = active.id;
      const edit = new Date(req.at.getTime() + req.editDebounceMs);
      await tx
        .update(alertNotices)
        .set({ alertIds: sql`${alertNotices.alertIds} || ${uuids(pending)}`, ...(active.messageId ? { sentAt: null, dueAt: edit } : {}) })
        .where(eq(alertNotices.id, active.id));
    } else {
      const [n] = await tx
        .insert(alertNotices)
        .values({ platform: req.platform, channel: req.channel, kind: STORM_DIGEST, payload: { windowMs: req.storm.windowMs }, alertIds: pending, dueAt: req.at })
        .returning({ id: alertNotices.id });
      noticeId = n!.id;
    }
    await tx
      .update(alertMessages)
      .set({ messageId: `${DIGEST_PREFIX}${noticeId}`, dueAt: req.at })
      .where(and(inChannel(req), inArray(alertMessages.alertId, pending)));
    return [{ noticeId, joined: pending.length, created: !active }];
  }

  return {
    async dueChannels(platforms, at) {
      if (!platforms.length) return [];
      const m = await db
        .selectDistinct({ platform: alertMessages.platform, channel: alertMessages.channel })
        .from(alertMessages)
        .where(and(inArray(alertMessages.platform, platforms), lte(alertMessages.dueAt, at), free(alertMessages.claimedUntil, at)));
      const n = await db
        .selectDistinct({ platform: alertNotices.platform, channel: alertNotices.channel })
        .from(alertNotices)
        .where(and(inArray(alertNotices.platform, platforms), isNull(alertNotices.sentAt), lte(alertNotices.dueAt, at), free(alertNotices.claimedUntil, at)));
      const seen = new Map([...m, ...n].map((c) => [`${c.platform}\n${c.channel}`, c as ChannelRef]));
      return [...seen.values()];
    },

    claim(req) {
      return db.transaction(async (t) => {
        const tx = t as unknown as Database;
        await tx.execute(sql`select pg_advisory_xact_lock(hashtext(${`alert-delivery:${req.platform}:${req.channel}`}))`);
        // One replica writes to a channel at a time, so the channel's pace holds across replicas: while another
        // holds a lease on any of its rows, this one leaves the channel alone.
        const busy = await tx.execute(
          sql`select 1 from ${alertMessages} where ${inChannel(req)} and ${alertMessages.claimedUntil} >= ${ts(req.at)}
              union all select 1 from ${alertNotices} where ${alertNotices.platform} = ${req.platform} and ${alertNotices.channel} = ${req.channel} and ${alertNotices.claimedUntil} >= ${ts(req.at)}
              limit 1`,
        );
        if (resultRows(busy).length) return { messages: [], notices: [], storms: [] };
        const storms = await formStorm(tx, req);
        const debounced = new Date(req.at.getTime() - req.editDebounceMs);
        // An edit waits out the debounce after the previous one; a first post, a digest line or history does not.
        const due = and(
          inChannel(req),
          lte(alertMessages.dueAt, req.at),
          free(alertMessages.claimedUntil, req.at),
          or(isNull(alertMessages.messageId), eq(alertMessages.dirty, 0), like(alertMessages.messageId, `${DIGEST_PREFIX}%`), isNull(alertMessages.editedAt), lte(alertMessages.editedAt, debounced)),
        );
        const ids = tx.select({ id: alertMessages.alertId }).from(alertMessages).where(due).orderBy(asc(alertMessages.dueAt)).limit(req.limit).for('update', { skipLocked: true });
        const rows = await tx.update(alertMessages).set({ claimedUntil: req.leaseUntil }).where(and(inChannel(req), inArray(alertMessages.alertId, ids))).returning();
        const snaps = await snapshots(tx, rows.map((r) => r.alertId));
        const messages: OutboxMessage[] = rows
          .sort((x, y) => x.dueAt.getTime() - y.dueAt.getTime())
          .flatMap((r) => {
            const s = snaps.get(r.alertId);
            if (!s) return [];
            const { stamp, ...alert } = s;
            return [{ platform: req.platform, channel: req.channel, alert, messageId: r.messageId, threadId: r.threadId, dirty: r.dirty === 1, threadedUpTo: r.threadedUpTo, attempts: r.attempts, lastError: r.lastError, claim: req.leaseUntil, stamp }];
          });
        const noticeDue = and(
          eq(alertNotices.platform, req.platform),
          eq(alertNotices.channel, req.channel),
          isNull(alertNotices.sentAt),
          lte(alertNotices.dueAt, req.at),
          free(alertNotices.claimedUntil, req.at),
        );
        const noticeIds = tx.select({ id: alertNotices.id }).from(alertNotices).where(noticeDue).orderBy(asc(alertNotices.dueAt), asc(alertNotices.id)).limit(req.limit).for('update', { skipLocked: true });
        const claimed = await tx
          .update(alertNotices)
          .set({ claimedUntil: req.leaseUntil })
          .where(inArray(alertNotices.id, noticeIds))
          .returning({ id: alertNotices.id, kind: alertNotices.kind, payload: alertNotices.payload, alertIds: alertNotices.alertIds, messageId: alertNotices.messageId, attempts: alertNotices.attempts, lastError: alertNotices.lastError, stamp: micros(alertNotices.dueAt) });
        const notices: OutboxNotice[] = claimed
          .sort((x, y) => x.id - y.id)
          .map((n) => ({ platform: req.platform, channel: req.channel, ...n, claim: req.leaseUntil }));
        return { messages, notices, storms };
      });
    },

    async history(alertId, afterId, limit) {
      return db
        .select({ id: alertHistory.id, at: alertHistory.at, text: alertHistory.text, actor: alertHistory.actor })
        .from(alertHistory)
        .where(and(eq(alertHistory.alertId, alertId), gt(alertHistory.id, afterId)))
        .orderBy(asc(alertHistory.id))
        .limit(limit);
    },

    async alerts(ids) {
      return [...(await snapshots(db, ids)).values()].map(({ stamp: _s, ...a }) => a);
    },

    async recordMessage(m, patch) {
      const rows = await db.update(alertMessages).set({ ...patch, lastError: null }).where(fenced(m)).returning({ id: alertMessages.alertId });
      return rows.length > 0;
    },

    async finishMessage(m, at, opts = {}) {
      // Dirty is cleared only if this pass rendered the alert as it still is; history added meanwhile keeps it due.
      const unchanged = sql`(select ${ALERT_STAMP} from ${alerts} where ${alerts.id} = ${alertMessages.alertId}) = ${m.stamp}`;
      const dirty = m.dirty ? sql`case when ${unchanged} then 0 else ${alertMessages.dirty} end` : sql`${alertMessages.dirty}`;
      const moreHistory = sql`exists (select 1 from ${alertHistory} where ${alertHistory.alertId} = ${alertMessages.alertId} and ${alertHistory.id} > ${alertMessages.threadedUpTo})`;
      const rows = await db
        .update(alertMessages)
        .set({
          dirty,
          dueAt: opts.again ?? sql`case when (${dirty}) = 1 or ${moreHistory} then greatest(${alertMessages.dueAt}, ${ts(at)}) else ${INFINITY} end`,
          claimedUntil: opts.hold ?? null,
          attempts: 0,
          lastError: null,
        })
        .where(fenced(m))
        .returning({ id: alertMessages.alertId });
      return rows.length > 0;
    },

    async failMessage(m, error, retryAt, countAttempt, hold) {
      await db
        .update(alertMessages)
        .set({
          dueAt: retryAt,
          claimedUntil: hold ?? null,
          ...(error !== null ? { lastError: error } : {}),
          ...(countAttempt ? { attempts: sql`${alertMessages.attempts} + 1` } : {}),
        })
        .where(fenced(m));
    },

    async releaseMessages(ms, dueAt) {
      for (const m of ms) {
        await db
          .update(alertMessages)
          .set({ claimedUntil: null, ...(dueAt ? { dueAt: sql`greatest(${alertMessages.dueAt}, ${ts(dueAt)})` } : {}) })
          .where(fenced(m));
      }
    },

    async recordNotice(n, messageId, sentAt, hold) {
      // Touched while it was being sent (a summarised alert changed): it stays unsent, to be edited again.
      const touched = sql`${micros(alertNotices.dueAt)} <> ${n.stamp}`;
      const rows = await db
        .update(alertNotices)
        .set({ messageId, sentAt: sql`case when ${touched} then null else ${ts(sentAt)} end`, claimedUntil: hold ?? null, attempts: 0, lastError: null })
        .where(and(eq(alertNotices.id, n.id), eq(alertNotices.claimedUntil, n.claim)))
        .returning({ id: alertNotices.id });
      return rows.length > 0;
    },

    async failNotice(n, error, retryAt, countAttempt, hold) {
      await db
        .update(alertNotices)
        .set({
          dueAt: retryAt,
          claimedUntil: hold ?? null,
          ...(error !== null ? { lastError: error } : {}),
          ...(countAttempt ? { attempts: sql`${alertNotices.attempts} + 1` } : {}),
        })
        .where(and(eq(alertNotices.id, n.id), eq(alertNotices.claimedUntil, n.claim)));
    },

    async releaseNotices(ns, dueAt) {
      if (!ns.length) return;
      for (const n of ns) {
        await db
          .update(alertNotices)
          .set({ claimedUntil: null, ...(dueAt ? { dueAt: sql`greatest(${alertNotices.dueAt}, ${ts(dueAt)})` } : {}) })
          .where(and(eq(alertNotices.id, n.id), eq(alertNotices.claimedUntil, n.claim)));
      }
    },

    async touchNotice(id, at, dueAt) {
      // Unsent and idle: keep the earlier time. Sent, or being sent: a new due time marks it for another edit.
      const idle = sql`${alertNotices.sentAt} is null and (${alertNotices.claimedUntil} is null or ${alertNotices.claimedUntil} < ${ts(at)})`;
      await db
        .update(alertNotices)
        .set({ sentAt: null, dueAt: sql`case when ${idle} then least(${alertNotices.dueAt}, ${ts(dueAt)}) else ${ts(dueAt)} end` })
        .where(eq(alertNotices.id, id));
    },

    async notice(id) {
      const [n] = await db
        .select({ id: alertNotices.id, messageId: alertNotices.messageId, sentAt: alertNotices.sentAt, dueAt: alertNotices.dueAt })
        .from(alertNotices)
        .where(eq(alertNotices.id, id));
      return n ?? null;
    },

    async markUnconfigured(platform, error) {
      const m = await db
        .update(alertMessages)
        .set({ lastError: error })
        .where(and(eq(alertMessages.platform, platform), sql`${alertMessages.dueAt} <> ${INFINITY}`, sql`${alertMessages.lastError} is distinct from ${error}`))
        .returning({ id: alertMessages.alertId });
      const n = await db
        .update(alertNotices)
        .set({ lastError: error })
        .where(and(eq(alertNotices.platform, platform), isNull(alertNotices.sentAt), sql`${alertNotices.lastError} is distinct from ${error}`))
        .returning({ id: alertNotices.id });
      return m.length + n.length;
    },
  };
}

type ClaimedStorm = { noticeId: number; joined: number; created: boolean };
