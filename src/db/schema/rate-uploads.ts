// rate_uploads: a deck between its preview and the uploader's confirmation. Chat platforms do not send the file
// again with the confirm button, so the bytes wait here (any replica can finish the import), briefly.
import { customType, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { rateCards } from './rate-cards.ts';

const bytea = customType<{ data: Buffer; driverData: Buffer | Uint8Array }>({
  dataType: () => 'bytea',
  fromDriver: (v) => (Buffer.isBuffer(v) ? v : Buffer.from(v)),
});

export const rateUploads = pgTable(
  'rate_uploads',
  {
    id: text('id').primaryKey(),
    cardId: uuid('card_id')
      .notNull()
      .references(() => rateCards.id, { onDelete: 'cascade' }),
    /** Who uploaded it: only they can confirm it. */
    owner: text('owner').notNull(),
    name: text('name').notNull(),
    data: bytea('data').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('rate_uploads_expires_idx').on(t.expiresAt)],
);
