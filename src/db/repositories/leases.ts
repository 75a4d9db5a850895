// LeaseRepo on drizzle: one row per job; a tick is claimed by the one replica whose upsert wins.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { LeaseRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { jobLeases } from '../schema/job-leases.ts';

export function leaseRepo(db: Database): LeaseRepo {
  return {
    async acquire(name, slot, holder, at, until) {
      const rows = await db
        .insert(jobLeases)
        .values({ name, holder, lastSlot: slot, leaseUntil: until, lastStartedAt: at })
        .onConflictDoUpdate({
          target: jobLeases.name,
          set: { holder, lastSlot: slot, leaseUntil: until, lastStartedAt: at },
          // Not this tick already, and nobody still running the previous one.
          // (A raw parameter is not converted by drizzle: postgres.js needs the Date as text.)
          setWhere: sql`${jobLeases.lastSlot} is distinct from ${slot} and (${jobLeases.leaseUntil} is null or ${jobLeases.leaseUntil} < ${at.toISOString()}::timestamptz)`,
        })
        .returning({ name: jobLeases.name });
      return rows.length > 0;
    },
    async finish(name, holder, at, error) {
      await db
        .update(jobLeases)
        .set({ leaseUntil: null, lastFinishedAt: at, lastError: error })
        .where(and(eq(jobLeases.name, name), eq(jobLeases.holder, holder)));
    },
    list: () =>
      db
        .select({ name: jobLeases.name, lastStartedAt: jobLeases.lastStartedAt, lastFinishedAt: jobLeases.lastFinishedAt, lastError: jobLeases.lastError })
        .from(jobLeases)
        .orderBy(asc(jobLeases.name)),
  };
}
