// audit_log: one row per write — who, where, what, and the entity before/after with secrets redacted.
import { bigserial, index, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

export const auditLog = pgTable(
  'audit_log',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorPlatform: text('actor_platform').notNull(),
    actorId: text('actor_id').notNull(),
    actorName: text('actor_name'),
    channel: text('channel'),
    action: text('action').notNull(),
    entityType: text('entity_type').notNull(),
    entityId: text('entity_id'),
    entityName: text('entity_name'),
    /** Not a foreign key: the audit trail outlives the carrier it describes. */
    carrierId: uuid('carrier_id'),
    before: jsonb('before'),
    after: jsonb('after'),
  },
  (t) => [index('audit_log_carrier_at_idx').on(t.carrierId, t.at), index('audit_log_at_idx').on(t.at)],
);

export type AuditRow = typeof auditLog.$inferSelect;
export type NewAuditRow = typeof auditLog.$inferInsert;
