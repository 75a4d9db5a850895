// rate_card_revisions: one uploaded deck of a card. At most 8 are kept; the two most recent are active / inactive
// (or scheduled to go live), older ones archived. A revision is written whole or not at all.
import { sql } from 'drizzle-orm';
import { check, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { rateCards } from './rate-cards.ts';

export const rateCardRevisions = pgTable(
  'rate_card_revisions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    cardId: uuid('card_id')
      .notNull()
      .references(() => rateCards.id, { onDelete: 'cascade' }),
    /** 1, 2, 3 … per card, as people refer to them (`ratecard activate Acme 3`). */
    number: integer('number').notNull(),
    /** draft, scheduled, active, inactive or archived. */
    status: text('status').notNull().default('draft'),
    /** When a scheduled revision goes live. */
    dateLive: timestamp('date_live', { withTimezone: true }),
    /** Why a scheduled activation failed, if it did. */
    activationError: text('activation_error'),
    rowCount: integer('row_count').notNull().default(0),
    sourceName: text('source_name'),
    uploadedBy: text('uploaded_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    activatedAt: timestamp('activated_at', { withTimezone: true }),
  },
  (t) => [
    uniqueIndex('rate_card_revisions_card_number_key').on(t.cardId, t.number),
    // At most one live revision per card.
    uniqueIndex('rate_card_revisions_one_active').on(t.cardId).where(sql`${t.status} = 'active'`),
    index('rate_card_revisions_due_idx').on(t.dateLive).where(sql`${t.status} = 'scheduled'`),
    check('rate_card_revisions_status', sql`${t.status} in ('draft', 'scheduled', 'active', 'inactive', 'archived')`),
  ],
);

export type RateCardRevisionRow = typeof rateCardRevisions.$inferSelect;
