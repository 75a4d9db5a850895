// SyncRepo on drizzle: the LiveKit sync queue on the carriers table and the cleanup outbox.
// A claim is one short statement (FOR UPDATE SKIP LOCKED, then a lease column), so no row lock is held while
// LiveKit is called and an edit of the carrier never waits for a sync.
import { and, asc, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { Carrier, CleanupTask, SyncRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { carriers } from '../schema/carriers.ts';
import { dids } from '../schema/dids.ts';
import { livekitCleanup } from '../schema/livekit-cleanup.ts';

export function syncRepo(db: Database): SyncRepo {
  const free = (at: Date) => or(isNull(carriers.syncClaimedUntil), lt(carriers.syncClaimedUntil, at));
  const claimWhere = async (where: ReturnType<typeof and>, limit: number, leaseUntil: Date) => {
    const ids = db.select({ id: carriers.id }).from(carriers).where(where).orderBy(asc(carriers.syncDueAt)).limit(limit).for('update', { skipLocked: true });
    const rows = await db.update(carriers).set({ syncClaimedUntil: leaseUntil }).where(inArray(carriers.id, ids)).returning();
    return rows as Carrier[];
  };
  return {
    async request(ids, at) {
      if (!ids.length) return;
      await db
        .update(carriers)
        .set({ syncStatus: 'pending', syncDueAt: at, syncAttempts: 0, syncError: null, syncGeneration: sql`${carriers.syncGeneration} + 1` })
        .where(inArray(carriers.id, [...new Set(ids)]));
    },
    async requestAll(at) {
      const rows = await db
        .update(carriers)
        .set({ syncStatus: 'pending', syncDueAt: at, syncAttempts: 0, syncError: null, syncGeneration: sql`${carriers.syncGeneration} + 1` })
        .returning({ id: carriers.id });
      return rows.length;
    },
    claimDue: (at, limit, leaseUntil) => claimWhere(and(lte(carriers.syncDueAt, at), free(at)), limit, leaseUntil),
    claim: (ids, at, leaseUntil) => (ids.length ? claimWhere(and(inArray(carriers.id, ids), free(at)), ids.length, leaseUntil) : Promise.resolve([])),
    async record(id, claimedGeneration, r, claim) {
      // If someone queued the carrier again while it was syncing, keep it pending and queued for another pass.
      const requeued = sql`(${carriers.syncGeneration} <> ${claimedGeneration})`;
      const rows = await db
        .update(carriers)
        .set({
          outboundTrunkId: r.outboundTrunkId,
          inboundTrunkId: r.inboundTrunkId,
          syncStatus: sql`case when ${requeued} then 'pending' else ${r.status} end`,
          syncError: sql`case when ${requeued} then null else ${r.error}::text end`,
          syncNote: r.note,
          lastSyncedAt: r.syncedAt ?? sql`${carriers.lastSyncedAt}`,
          // Raw SQL parameters are not converted by drizzle: postgres.js needs the Date as text.
          syncDueAt: sql`case when ${requeued} then ${carriers.syncDueAt} else ${r.retryAt?.toISOString() ?? null}::timestamptz end`,
          syncAttempts: sql`case when ${requeued} then 0 else ${r.attempts}::int end`,
          syncClaimedUntil: null,
          ...(r.drift ? { driftAt: r.syncedAt ?? new Date(), driftNote: r.drift } : {}),
        })
        .where(claim ? and(eq(carriers.id, id), eq(carriers.syncClaimedUntil, claim)) : eq(carriers.id, id))
        .returning({ id: carriers.id });
      return rows.length > 0;
    },
    async renew(id, claim, until) {
      const rows = await db
        .update(carriers)
        .set({ syncClaimedUntil: until })
        .where(and(eq(carriers.id, id), eq(carriers.syncClaimedUntil, claim)))
        .returning({ id: carriers.id });
      return rows.length > 0;
    },
    async release(ids) {
      if (ids.length) await db.update(carriers).set({ syncClaimedUntil: null }).where(inArray(carriers.id, ids));
    },
    async setRuleIds(map) {
      // One statement per 1,000 numbers (a first sync after an import touches every number of the carrier).
      const entries = [...map];
      for (let i = 0; i < entries.length; i += 1000) {
        const part = entries.slice(i, i + 1000);
        const value = sql`case ${dids.id} ${sql.join(part.map(([id, rule]) => sql`when ${id}::uuid then ${rule}::text`), sql` `)} end`;
        await db.update(dids).set({ dispatchRuleId: value }).where(inArray(dids.id, part.map(([id]) => id)));
      }
    },
    async enqueueCleanup(t, at) {
      await db
        .insert(livekitCleanup)
        .values({ ...t, dueAt: at })
        .onConflictDoUpdate({ target: livekitCleanup.carrierId, set: { trunkIds: t.trunkIds, ruleIds: t.ruleIds, dueAt: at } });
    },
    async claimCleanup(at, limit, leaseUntil, all = false) {
      const ready = and(all ? undefined : lte(livekitCleanup.dueAt, at), or(isNull(livekitCleanup.claimedUntil), lt(livekitCleanup.claimedUntil, at)));
      const ids = db.select({ id: livekitCleanup.carrierId }).from(livekitCleanup).where(ready).orderBy(asc(livekitCleanup.dueAt)).limit(limit).for('update', { skipLocked: true });
      const rows = await db.update(livekitCleanup).set({ claimedUntil: leaseUntil }).where(inArray(livekitCleanup.carrierId, ids)).returning();
      return rows.map((r): CleanupTask => ({ carrierId: r.carrierId, carrierName: r.carrierName, trunkIds: r.trunkIds, ruleIds: r.ruleIds, attempts: r.attempts, lastError: r.lastError }));
    },
    async finishCleanup(carrierId) {
      await db.delete(livekitCleanup).where(eq(livekitCleanup.carrierId, carrierId));
    },
    async failCleanup(carrierId, error, retryAt) {
      await db
        .update(livekitCleanup)
        .set({ lastError: error, attempts: sql`${livekitCleanup.attempts} + 1`, claimedUntil: null, dueAt: retryAt ?? sql`'infinity'::timestamptz` })
        .where(eq(livekitCleanup.carrierId, carrierId));
    },
  };
}
