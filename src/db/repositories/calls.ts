// CallRepo on drizzle: call events, stored once per call id.
import type { CallRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { callEvents } from '../schema/call-events.ts';

export function callRepo(db: Database): CallRepo {
  return {
    async insert(e) {
      const rows = await db.insert(callEvents).values(e).onConflictDoNothing({ target: callEvents.callId }).returning({ id: callEvents.id });
      return rows.length > 0;
    },
  };
}
