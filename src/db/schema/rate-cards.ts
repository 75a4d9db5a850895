// rate_cards: a provider's price list for one carrier and direction — currency, how calls are rounded and priced,
// and the limits that go with the contract. Its prices live in revisions (rate_card_revisions, rates).
import { sql } from 'drizzle-orm';
import { check, integer, numeric, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

export const rateCards = pgTable(
  'rate_cards',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    name: text('name').notNull(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    /** termination (calls out to the PSTN) or origination (DIDs receiving calls). */
    direction: text('direction').notNull().default('termination'),
    currency: text('currency').notNull(),
    techPrefix: text('tech_prefix'),
    /** single, inter_intra or inter_intra_indeterminate: which rate columns the card carries. */
    presentation: text('presentation').notNull().default('single'),
    /** Decimal places a call's cost is rounded to, once per call. */
    precision: integer('precision').notNull().default(4),
    rounding: text('rounding').notNull().default('up'),
    /** Calls priced above this per-minute rate are refused. */
    cappedRate: numeric('capped_rate'),
    cps: numeric('cps'),
    channels: integer('channels'),
    notes: text('notes'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('rate_cards_name_lower_key').on(sql`lower(${t.name})`),
    check('rate_cards_precision_range', sql`${t.precision} between 0 and 8`),
    check('rate_cards_direction', sql`${t.direction} in ('termination', 'origination')`),
  ],
);

export type RateCardRow = typeof rateCards.$inferSelect;
