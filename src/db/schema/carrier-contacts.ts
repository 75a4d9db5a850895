// carrier_contacts: the people to call at a carrier (NOC, billing, sales, support).
import { pgTable, text, timestamp, uuid, index } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

export const carrierContacts = pgTable(
  'carrier_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    carrierId: uuid('carrier_id')
      .notNull()
      .references(() => carriers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    role: text('role').notNull(),
    email: text('email'),
    phone: text('phone'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('carrier_contacts_carrier_idx').on(t.carrierId)],
);

export type ContactRow = typeof carrierContacts.$inferSelect;
export type NewContactRow = typeof carrierContacts.$inferInsert;
