// interaction_state: what a chat interaction must carry between clicks that the platform cannot hold for us —
// a multi-modal Discord form in progress, or a button action too long for a 100-character custom id.
// The payload is sealed with the secret key (it may hold a typed SIP password); rows expire.
import { index, pgTable, text, timestamp } from 'drizzle-orm/pg-core';

export const interactionState = pgTable(
  'interaction_state',
  {
    id: text('id').primaryKey(),
    /** form (a draft) or action (a button's command). */
    kind: text('kind').notNull(),
    /** The principal it belongs to; nobody else may continue it. */
    owner: text('owner').notNull(),
    /** Sealed JSON (AES-256-GCM, bound to the id). */
    payload: text('payload').notNull(),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('interaction_state_expires_idx').on(t.expiresAt)],
);

export type InteractionStateRow = typeof interactionState.$inferSelect;
