// livekit_cleanup: LiveKit objects of deleted carriers still to be removed — an outbox, so a delete made while
// LiveKit is unreachable still happens later, with retries (rules are deleted before trunks).
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const livekitCleanup = pgTable(
  'livekit_cleanup',
  {
    /** The deleted carrier's id (it no longer exists in carriers). */
    carrierId: uuid('carrier_id').primaryKey(),
    carrierName: text('carrier_name').notNull(),
    trunkIds: text('trunk_ids').array().notNull().default(sql`'{}'::text[]`),
    ruleIds: text('rule_ids').array().notNull().default(sql`'{}'::text[]`),
    attempts: integer('attempts').notNull().default(0),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull().defaultNow(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    lastError: text('last_error'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('livekit_cleanup_due_idx').on(t.dueAt)],
);

export type LivekitCleanupRow = typeof livekitCleanup.$inferSelect;
