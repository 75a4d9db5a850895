// Carrier health, kept current as call events arrive (never by scanning history): the consecutive-failure run, the
// 200-vs-404 code-consistency counts, hourly rollups, and numbers one carrier 404'd while another connected them.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

/** One of the last calls kept as evidence: call id, final SIP code (0: none), dialled number, end time (ISO). */
export interface RecentCall { callId: string; code: number; number: string | null; at: string }

export const carrierHealth = pgTable('carrier_health', {
  carrierId: uuid('carrier_id').primaryKey().references(() => carriers.id, { onDelete: 'cascade' }),
  /** Counted failures since the last connected call. */
  consecutiveFailures: integer('consecutive_failures').notNull().default(0),
  /** Distinct dialled numbers among the current run of failures (at most 20 kept). */
  failureNumbers: text('failure_numbers').array().notNull().default(sql`'{}'::text[]`),
  /** Connected calls since the last counted failure (an open consecutive-failure alert resolves after a few). */
  connectsSinceFailure: integer('connects_since_failure').notNull().default(0),
  /** The last calls (newest first, at most 20) with their codes: the evidence an alert shows. */
  recentCalls: jsonb('recent_calls').$type<RecentCall[]>().notNull().default(sql`'[]'::jsonb`),
  /** Code consistency since the carrier was first seen: attempts, 200-class answers, 404s. */
  attempts: bigint('attempts', { mode: 'number' }).notNull().default(0),
  count200: bigint('count_200', { mode: 'number' }).notNull().default(0),
  count404: bigint('count_404', { mode: 'number' }).notNull().default(0),
  /** Attempts since the carrier last returned a 404 (all attempts when it never has). */
  attemptsSince404: bigint('attempts_since_404', { mode: 'number' }).notNull().default(0),
  last404At: timestamp('last_404_at', { withTimezone: true }),
  lastEventAt: timestamp('last_event_at', { withTimezone: true }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

/** Per carrier and UTC hour: attempts, answered calls, counted failures, billed (answered) seconds. */
export const carrierStatsHourly = pgTable(
  'carrier_stats_hourly',
  {
    carrierId: uuid('carrier_id').notNull().references(() => carriers.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    attempts: integer('attempts').notNull().default(0),
    answered: integer('answered').notNull().default(0),
    failures: integer('failures').notNull().default(0),
    billedSeconds: bigint('billed_seconds', { mode: 'number' }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.carrierId, t.hour] }), index('carrier_stats_hourly_hour_idx').on(t.hour)],
);

/** Per carrier, UTC hour and final SIP code (0 when the call ended without one): how many calls ended so. */
export const carrierCodesHourly = pgTable(
  'carrier_codes_hourly',
  {
    carrierId: uuid('carrier_id').notNull().references(() => carriers.id, { onDelete: 'cascade' }),
    hour: timestamp('hour', { withTimezone: true }).notNull(),
    code: integer('code').notNull(),
    calls: integer('calls').notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.carrierId, t.hour, t.code] })],
);

/** A number this carrier answered 404 (not found) within an hour of another carrier connecting it. */
export const codeContradictions = pgTable(
  'code_contradictions',
  {
    carrierId: uuid('carrier_id').notNull().references(() => carriers.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    /** The carrier that connected the number. */
    connectedBy: uuid('connected_by').notNull().references(() => carriers.id, { onDelete: 'cascade' }),
    callId: text('call_id').notNull(),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.carrierId, t.callId] }), index('code_contradictions_at_idx').on(t.at)],
);
