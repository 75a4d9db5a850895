// RateCardRepo on drizzle: cards with their carrier's name, and their revisions summarised for lists.
import { and, asc, desc, eq, getTableColumns, gt, inArray, lt, lte, sql, type SQL } from 'drizzle-orm';
import { summariseCard } from '../../core/ratecards/cards.ts';
import { ValidationError } from '../../core/runtime/errors.ts';
import type { RateCard, RateCardRepo, RateCardSettings, RateMatch, RevisionSummary } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { carriers } from '../schema/carriers.ts';
import { rateCardRevisions, type RateCardRevisionRow } from '../schema/rate-card-revisions.ts';
import { rateCards } from '../schema/rate-cards.ts';
import { rateUploads } from '../schema/rate-uploads.ts';
import { isUniqueViolation } from './pg-errors.ts';
import { suggestByName } from './suggest.ts';

function nameTaken(name: string): ValidationError {
  return new ValidationError([{ field: 'name', label: 'Name', message: `a rate card named "${name}" already exists; names are unique, ignoring case` }]);
}

/** A revision row as the core sees it. */
export const toSummary = (r: RateCardRevisionRow): RevisionSummary => ({
  id: r.id,
  number: r.number,
  status: r.status as RevisionSummary['status'],
  rowCount: r.rowCount,
  dateLive: r.dateLive,
  activationError: r.activationError,
  sourceName: r.sourceName,
  uploadedBy: r.uploadedBy,
  createdAt: r.createdAt,
  activatedAt: r.activatedAt,
});

export function rateCardRepo(db: Database): RateCardRepo {
  const select = (where: SQL | undefined) =>
    db
      .select({ ...getTableColumns(rateCards), carrierName: carriers.name })
      .from(rateCards)
      .innerJoin(carriers, eq(carriers.id, rateCards.carrierId))
      .where(where)
      .orderBy(asc(sql`lower(${rateCards.name})`))
      .then((rows) => rows as RateCard[]);
  const one = async (where: SQL) => (await select(where))[0] ?? null;

  return {
    async insert(settings) {
      try {
        const [row] = await db.insert(rateCards).values(settings).returning({ id: rateCards.id });
        return (await one(eq(rateCards.id, row!.id)))!;
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(settings.name);
        throw err;
      }
    },
    async update(id, settings: RateCardSettings, expectedVersion) {
      try {
        const where = expectedVersion === undefined ? eq(rateCards.id, id) : and(eq(rateCards.id, id), eq(rateCards.version, expectedVersion));
        const rows = await db
          .update(rateCards)
          .set({ ...settings, version: sql`${rateCards.version} + 1`, updatedAt: sql`now()` })
          .where(where)
          .returning({ id: rateCards.id });
        return rows.length ? one(eq(rateCards.id, id)) : null;
      } catch (err) {
        if (isUniqueViolation(err)) throw nameTaken(settings.name);
        throw err;
      }
    },
    async delete(id) {
      await db.delete(rateCards).where(eq(rateCards.id, id));
    },
    findById: (id) => one(eq(rateCards.id, id)),
    findByName: (name) => one(sql`lower(${rateCards.name}) = lower(${name})`),
    async list(filter) {
      const cards = await select(filter.carrierId ? eq(rateCards.carrierId, filter.carrierId) : undefined);
      if (!cards.length) return [];
      const revs = await db
        .select()
        .from(rateCardRevisions)
        .where(inArray(rateCardRevisions.cardId, cards.map((c) => c.id)))
        .orderBy(desc(rateCardRevisions.number));
      return cards.map((c) => summariseCard(c, revs.filter((r) => r.cardId === c.id).map(toSummary)));
    },
    async revisions(cardId) {
      const rows = await db.select().from(rateCardRevisions).where(eq(rateCardRevisions.cardId, cardId)).orderBy(desc(rateCardRevisions.number));
      return rows.map(toSummary);
    },
    suggest: (text, limit) => suggestByName(db, rateCards, rateCards.name, text, limit, { detail: rateCards.currency }),
    async stageUpload(u, now) {
      await db.delete(rateUploads).where(lt(rateUploads.expiresAt, now));
      await db.insert(rateUploads).values(u);
    },
    async stagedUpload(id, owner, now) {
      const [row] = await db
        .select({ cardId: rateUploads.cardId, name: rateUploads.name, data: rateUploads.data })
        .from(rateUploads)
        .where(and(eq(rateUploads.id, id), eq(rateUploads.owner, owner), gt(rateUploads.expiresAt, now)));
      return row ?? null;
    },
    async dueRevisions(now) {
      const rows = await db
        .select()
        .from(rateCardRevisions)
        .where(and(eq(rateCardRevisions.status, 'scheduled'), lte(rateCardRevisions.dateLive, now)))
        .orderBy(asc(rateCardRevisions.dateLive), asc(rateCardRevisions.number));
      return rows.map((r) => ({ cardId: r.cardId, revision: toSummary(r) }));
    },
    async dropUpload(id) {
      await db.delete(rateUploads).where(eq(rateUploads.id, id));
    },
    async longestMatches(prefixes, cardIds) {
      if (!prefixes.length || cardIds?.length === 0) return [];
      // One index probe per candidate prefix per card (the primary key is (revision, prefix)); DISTINCT ON keeps
      // each card's longest.
      const scope = cardIds ? sql`c.id in ${cardIds}` : sql`c.direction = 'termination' and car.status = 'active'`;
      const rows = await db.execute(sql`
        select distinct on (c.id)
          c.id as "cardId", c.name as "cardName", car.name as "carrierName", c.currency, c.presentation, c.precision,
          c.rounding, c.capped_rate::text as "cappedRate", v.number as "revisionNumber", r.prefix, r.name,
          r.rate::text as rate, r.inter::text as inter, r.intra::text as intra, r.indeterminate::text as indeterminate,
          r.mcd, r.pulse, r.connect::text as connect, r.blocked
        from rate_cards c
        join carriers car on car.id = c.carrier_id
        join rate_card_revisions v on v.card_id = c.id and v.status = 'active'
        join rates r on r.revision_id = v.id and r.prefix in ${prefixes}
        where ${scope}
        order by c.id, length(r.prefix) desc`);
      // postgres.js returns the rows, PGlite a result object holding them.
      const list = (Array.isArray(rows) ? rows : (rows as unknown as { rows: unknown[] }).rows) as (RateMatch & { mcd: number | string; pulse: number | string })[];
      return list.map((r) => ({ ...r, mcd: Number(r.mcd), pulse: Number(r.pulse), precision: Number(r.precision), revisionNumber: Number(r.revisionNumber) }));
    },
  };
}
