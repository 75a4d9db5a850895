// DidRepo on drizzle: numbers with their carrier's name and their bot (or "bot not found").
import { and, asc, eq, ilike, inArray, or, sql, type SQL } from 'drizzle-orm';
import { ValidationError } from '../../core/runtime/errors.ts';
import type { Did, DidRepo, DidView } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { bots } from '../schema/bots.ts';
import { carriers } from '../schema/carriers.ts';
import { dids } from '../schema/dids.ts';
import { isUniqueViolation, likeEscape } from './pg-errors.ts';

export function didRepo(db: Database): DidRepo {
  const view = (where: SQL | undefined) =>
    db
      .select({
        did: dids,
        carrierName: carriers.name,
        botName: bots.name,
      })
      .from(dids)
      .innerJoin(carriers, eq(carriers.id, dids.carrierId))
      .leftJoin(bots, eq(bots.id, dids.botId))
      .where(where)
      .orderBy(asc(sql`lower(${carriers.name})`), asc(dids.numberNormalized))
      .then((rows) =>
        rows.map(
          (r): DidView => ({
            ...(r.did as Did),
            carrierName: r.carrierName,
            botName: r.botName,
            botMissing: r.did.botId !== null && r.botName === null,
          }),
        ),
      );

  return {
    async insert(d) {
      try {
        const [row] = await db.insert(dids).values(d).returning();
        return row as Did;
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ValidationError([{ field: 'number', label: 'Phone number', message: `${d.number} is already on a carrier; a number belongs to one carrier` }]);
        }
        throw err;
      }
    },
    async insertMany(rows) {
      const out: Did[] = [];
      try {
        // Postgres takes at most 65535 bind parameters per statement; a DID row uses 7.
        for (let i = 0; i < rows.length; i += 5000) out.push(...((await db.insert(dids).values(rows.slice(i, i + 5000)).returning()) as Did[]));
      } catch (err) {
        if (isUniqueViolation(err)) {
          throw new ValidationError([{ field: 'file', label: 'File', message: 'a number in the file was added to a carrier meanwhile; run the import again' }]);
        }
        throw err;
      }
      return out;
    },
    findManyByNormalized(list) {
      return list.length ? view(inArray(dids.numberNormalized, list)) : Promise.resolve([]);
    },
    async update(id, patch) {
      const [row] = await db.update(dids).set({ ...patch, updatedAt: sql`now()` }).where(eq(dids.id, id)).returning();
      return row as Did;
    },
    async move(id, carrierId) {
      await db.update(dids).set({ carrierId, dispatchRuleId: null, updatedAt: sql`now()` }).where(eq(dids.id, id));
    },
    async delete(id) {
      await db.delete(dids).where(eq(dids.id, id));
    },
    async findByNormalized(n) {
      const [row] = await view(eq(dids.numberNormalized, n));
      return row ?? null;
    },
    async suggest(text, limit) {
      const t = text.trim();
      const digits = t.replace(/\D/g, '');
      const conds: SQL[] = [];
      if (digits) conds.push(sql`${dids.numberNormalized} like ${`%${digits}%`}`);
      if (t) conds.push(ilike(dids.label, `%${likeEscape(t)}%`), ilike(carriers.name, `%${likeEscape(t)}%`));
      const rows = await db
        .select({ number: dids.number, label: dids.label, carrier: carriers.name })
        .from(dids)
        .innerJoin(carriers, eq(carriers.id, dids.carrierId))
        .where(conds.length ? or(...conds) : undefined)
        .orderBy(asc(dids.numberNormalized))
        .limit(limit);
      return rows.map((r) => ({ name: [r.number, r.carrier, r.label].filter(Boolean).join(' · '), value: r.number }));
    },
    list(filter) {
      const conds: SQL[] = [];
      if (filter.carrierId) conds.push(eq(dids.carrierId, filter.carrierId));
      if (filter.botId) conds.push(eq(dids.botId, filter.botId));
      // "outbound" means every number that can dial out, which includes "both"; likewise "inbound".
      if (filter.direction === 'both') conds.push(eq(dids.direction, 'both'));
      else if (filter.direction) conds.push(inArray(dids.direction, [filter.direction, 'both']));
      return view(conds.length ? and(...conds) : undefined);
    },
  };
}
