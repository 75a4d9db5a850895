// ContactRepo on drizzle.
import { asc, eq } from 'drizzle-orm';
import type { Contact, ContactRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { carrierContacts } from '../schema/carrier-contacts.ts';

export function contactRepo(db: Database): ContactRepo {
  return {
    async insert(c) {
      const [row] = await db.insert(carrierContacts).values(c).returning();
      return row as Contact;
    },
    async delete(id) {
      await db.delete(carrierContacts).where(eq(carrierContacts.id, id));
    },
    async list(carrierId) {
      return (await db.select().from(carrierContacts).where(eq(carrierContacts.carrierId, carrierId)).orderBy(asc(carrierContacts.name))) as Contact[];
    },
  };
}
