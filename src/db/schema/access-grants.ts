// access_grants: a trunkops role for a platform user or a platform group (Slack user group, Discord role).
import { sql } from 'drizzle-orm';
import { check, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const accessGrants = pgTable(
  'access_grants',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    /** Namespaced principal: `slack:U123`, `slack-group:S123`, `discord:123`, `discord-role:456`. */
    principal: text('principal').notNull(),
    role: text('role').notNull(),
    grantedBy: text('granted_by').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('access_grants_principal_key').on(t.principal),
    check('access_grants_role_check', sql`${t.role} in ('admin','operator','viewer')`),
  ],
);

export type GrantRow = typeof accessGrants.$inferSelect;
