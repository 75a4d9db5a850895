// dids: phone numbers on a carrier, their direction and the bot that answers them.
// bot_id deliberately has no foreign key: a DID whose bot was deleted keeps the id and shows "bot not found".
import { sql } from 'drizzle-orm';
import { check, index, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

export const dids = pgTable(
  'dids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    numberNormalized: text('number_normalized').notNull(),
    label: text('label'),
    direction: text('direction').notNull().default('both'),
    botId: uuid('bot_id'),
    dispatchRuleId: text('dispatch_rule_id'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('dids_number_normalized_key').on(t.numberNormalized),
    index('dids_carrier_idx').on(t.carrierId),
    index('dids_bot_idx').on(t.botId),
    check('dids_direction_check', sql`${t.direction} in ('both','inbound','outbound')`),
    check('dids_outbound_no_bot_check', sql`${t.direction} <> 'outbound' or ${t.botId} is null`),
  ],
);

export type DidRow = typeof dids.$inferSelect;
export type NewDidRow = typeof dids.$inferInsert;
