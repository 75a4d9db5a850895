// StateRepo on drizzle: short-lived sealed interaction state, read only by its owner and only until it expires.
import { and, eq, gt, lt } from 'drizzle-orm';
import type { StateRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { interactionState } from '../schema/interaction-state.ts';

export function stateRepo(db: Database): StateRepo {
  return {
    async put(rec) {
      await db
        .insert(interactionState)
        .values(rec)
        .onConflictDoUpdate({ target: interactionState.id, set: { payload: rec.payload, expiresAt: rec.expiresAt } });
    },
    async get(id, owner, now) {
      const [row] = await db
        .select()
        .from(interactionState)
        .where(and(eq(interactionState.id, id), eq(interactionState.owner, owner), gt(interactionState.expiresAt, now)));
      return row ? { ...row, kind: row.kind as 'form' | 'action' } : null;
    },
    async delete(id) {
      await db.delete(interactionState).where(eq(interactionState.id, id));
    },
    async purge(now) {
      const rows = await db.delete(interactionState).where(lt(interactionState.expiresAt, now)).returning({ id: interactionState.id });
      return rows.length;
    },
  };
}
