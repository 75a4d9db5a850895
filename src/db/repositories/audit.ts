// AuditRepo on drizzle.
import { and, desc, eq, sql } from 'drizzle-orm';
import type { AuditRecord, AuditRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { auditLog } from '../schema/audit-log.ts';

export function auditRepo(db: Database): AuditRepo {
  return {
    async insert(e) {
      await db.insert(auditLog).values(e);
    },
    async insertMany(entries) {
      // Postgres takes at most 65535 bind parameters per statement; an audit row uses 13.
      for (let i = 0; i < entries.length; i += 2000) await db.insert(auditLog).values(entries.slice(i, i + 2000));
    },
    async list({ carrierId, limit }) {
      const rows = await db
        .select()
        .from(auditLog)
        .where(carrierId ? eq(auditLog.carrierId, carrierId) : undefined)
        .orderBy(desc(auditLog.at), desc(auditLog.id))
        .limit(limit);
      return rows as AuditRecord[];
    },
    async carrierIdByName(name) {
      const [row] = await db
        .select({ carrierId: auditLog.carrierId })
        .from(auditLog)
        .where(and(eq(auditLog.entityType, 'carrier'), sql`lower(${auditLog.entityName}) = lower(${name.trim()})`))
        .orderBy(desc(auditLog.id))
        .limit(1);
      return row?.carrierId ?? null;
    },
  };
}
