// GrantRepo on drizzle.
import { asc, eq, inArray } from 'drizzle-orm';
import type { Grant, GrantRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { accessGrants } from '../schema/access-grants.ts';

export function grantRepo(db: Database): GrantRepo {
  return {
    async upsert(principal, role, grantedBy) {
      const [row] = await db
        .insert(accessGrants)
        .values({ principal, role, grantedBy })
        .onConflictDoUpdate({ target: accessGrants.principal, set: { role, grantedBy } })
        .returning();
      return row as Grant;
    },
    async delete(principal) {
      const rows = await db.delete(accessGrants).where(eq(accessGrants.principal, principal)).returning({ p: accessGrants.principal });
      return rows.length > 0;
    },
    async list() {
      return (await db.select().from(accessGrants).orderBy(asc(accessGrants.principal))) as Grant[];
    },
    async find(principals) {
      if (!principals.length) return [];
      return (await db.select().from(accessGrants).where(inArray(accessGrants.principal, principals))) as Grant[];
    },
  };
}
