// job_leases: one row per scheduled job; a replica runs a tick only while it holds the lease, so each tick runs once.
import { pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const jobLeases = pgTable('job_leases', {
  name: text('name').primaryKey(),
  holder: text('holder'),
  /** The tick (job name + scheduled time) last claimed, so each tick runs on one replica only. */
  lastSlot: text('last_slot'),
  leaseUntil: timestamp('lease_until', { withTimezone: true }),
  lastStartedAt: timestamp('last_started_at', { withTimezone: true }),
  lastFinishedAt: timestamp('last_finished_at', { withTimezone: true }),
  lastError: text('last_error'),
});
