// CarrierRepo on drizzle.
import { and, asc, eq, getTableColumns, ilike, or, sql } from 'drizzle-orm';
import { ValidationError } from '../../core/runtime/errors.ts';
import type { Carrier, CarrierListItem, CarrierRepo, CarrierSettings } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { carriers, type CarrierRow } from '../schema/carriers.ts';
import { isUniqueViolation, likeEscape } from './pg-errors.ts';
import { suggestByName } from './suggest.ts';

const toCarrier = (r: CarrierRow): Carrier => r as Carrier;

function nameTaken(name: string): ValidationError {
  return new ValidationError([{ field: 'name', label: 'Name', message: `a carrier named "${name}" already exists; names are unique, ignoring case` }]);
}

export function carrierRepo(db: Database): CarrierRepo {
  return {
    async insert(id, settings) {
      try {
        const [row] = await db.insert(carriers).values({ id, ...settings }).returning();
        return toCarrier(row!);
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(settings.name);
        throw err;
      }
    },
    async update(id, settings: CarrierSettings, expectedVersion) {
      try {
        const where = expectedVersion === undefined ? eq(carriers.id, id) : and(eq(carriers.id, id), eq(carriers.version, expectedVersion));
        const [row] = await db
          .update(carriers)
          .set({ ...settings, version: sql`${carriers.version} + 1`, updatedAt: sql`now()` })
          .where(where)
          .returning();
        return row ? toCarrier(row) : null;
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(settings.name);
        throw err;
      }
    },
    async delete(id) {
      await db.delete(carriers).where(eq(carriers.id, id));
    },
    async findById(id) {
      const [row] = await db.select().from(carriers).where(eq(carriers.id, id));
      return row ? toCarrier(row) : null;
    },
    async findByName(name) {
      const [row] = await db.select().from(carriers).where(sql`lower(${carriers.name}) = lower(${name.trim()})`);
      return row ? toCarrier(row) : null;
    },
    async findByTrunk(trunkId) {
      const [row] = await db
        .select()
        .from(carriers)
        .where(or(eq(carriers.inboundTrunkId, trunkId), eq(carriers.outboundTrunkId, trunkId)));
      return row ? toCarrier(row) : null;
    },
    suggest: (text, limit) => suggestByName(db, carriers, carriers.name, text, limit, { detail: carriers.sipAddress }),
    async list(search) {
      const term = search?.trim() ? `%${likeEscape(search.trim())}%` : undefined;
      const rows = await db
        .select({
          ...getTableColumns(carriers),
          // Spelled out: drizzle renders columns unqualified inside a raw subquery, which would bind to the wrong table.
          didCount: sql<number>`(select count(*)::int from dids d where d.carrier_id = "carriers"."id")`.mapWith(Number),
        })
        .from(carriers)
        .where(term ? or(ilike(carriers.name, term), ilike(carriers.sipAddress, term)) : undefined)
        .orderBy(asc(sql`lower(${carriers.name})`));
      return rows as CarrierListItem[];
    },
  };
}
