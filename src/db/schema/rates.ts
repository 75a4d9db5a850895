// rates: the rows of a revision — one per prefix, prices as exact numerics (never floats), billing as MCD/pulse.
// The primary key (revision, prefix) is also the index longest-prefix lookups use.
import { boolean, integer, numeric, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { rateCardRevisions } from './rate-card-revisions.ts';

export const rates = pgTable(
  'rates',
  {
    revisionId: uuid('revision_id')
      .notNull()
      .references(() => rateCardRevisions.id, { onDelete: 'cascade' }),
    /** Digits only, as text: leading zeros matter and a prefix is never a number. */
    prefix: text('prefix').notNull(),
    name: text('name'),
    /** Per minute: the single rate (or indeterminate when the card has no separate column). */
    rate: numeric('rate'),
    inter: numeric('inter'),
    intra: numeric('intra'),
    indeterminate: numeric('indeterminate'),
    mcd: integer('mcd').notNull().default(1),
    pulse: integer('pulse').notNull().default(1),
    connect: numeric('connect'),
    blocked: boolean('blocked').notNull().default(false),
    effectiveAt: timestamp('effective_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.revisionId, t.prefix] })],
);

export type RateRow = typeof rates.$inferSelect;
