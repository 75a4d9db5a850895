// call_events: one row per call attempt through a carrier, idempotent on the call id. Sources: the call-event API,
// CDR imports and LiveKit webhooks (participant_left of SIP participants, which carry no exact SIP code).
import { sql } from 'drizzle-orm';
import { bigserial, check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

export const callEvents = pgTable(
  'call_events',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    callId: text('call_id').notNull(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    number: text('number'),
    direction: text('direction').notNull(),
    /** The final SIP code when the source knows it; LiveKit webhooks only give a disconnect reason. */
    sipCode: integer('sip_code'),
    /** answered | unavailable | rejected | failed | unknown — the class of the outcome. */
    outcome: text('outcome').notNull(),
    disconnectReason: text('disconnect_reason'),
    trunkId: text('trunk_id'),
    source: text('source').notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    receivedAt: timestamp('received_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('call_events_call_id_key').on(t.callId),
    index('call_events_carrier_ended_idx').on(t.carrierId, t.endedAt),
    // Cross-carrier code consistency: the same number through other carriers in the last hour.
    index('call_events_number_ended_idx').on(t.number, t.endedAt),
    check('call_events_direction_check', sql`${t.direction} in ('inbound','outbound')`),
    check('call_events_source_check', sql`${t.source} in ('api','livekit','import')`),
    check('call_events_outcome_check', sql`${t.outcome} in ('answered','unavailable','rejected','failed','unknown')`),
  ],
);

export type CallEventRow = typeof callEvents.$inferSelect;
