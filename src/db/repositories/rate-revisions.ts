// RevisionRepo on drizzle: a revision and its rows, bulk-loaded with COPY … FROM STDIN (text format) on the
// connection the caller's Store is using, so the rows land in the caller's transaction or not at all.
//
// Reaching the driver under drizzle: `db._.session` is the PgSession; on postgres.js its `client` is the Sql the
// session runs on (inside `db.transaction` the TransactionSql of `sql.begin`), on PGlite the PGlite instance or its
// Transaction. Outside a transaction `insert` opens one itself.
//
// postgres.js trap: once `writable()` has resolved with the stream, postgres.js reports a COPY that fails after the
// last chunk went out (duplicate key in the final rows, a bad value in the last buffer, a foreign key checked at the
// end of the statement) to nobody — the query promise is already settled and the stream's final callback is only
// called on CommandComplete — so `pipeline()` / `end()` would wait forever. `watchCopy` therefore hooks the query's
// settle functions to learn the outcome (the server's own error included) and we wait on that, not on 'finish'.
//
// The diff compares the main price, coalesce(rate, indeterminate). A row that is blocked or has no main price cannot
// be priced, and ranks above every price: becoming unpriceable counts as an increase, becoming priceable again as a
// decrease, and two unpriceable rows are unchanged whatever their stored prices. Only rows priced on both sides can be
// among the largest increases (their difference is a number).
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { and, entityKind, eq, inArray, is, sql } from 'drizzle-orm';
import { PgTransaction } from 'drizzle-orm/pg-core';
import { PostgresJsSession } from 'drizzle-orm/postgres-js';
import type { Sql } from 'postgres';
import { NotFoundError } from '../../core/runtime/errors.ts';
import type { DeckDiff, RateRowInput, RevisionRepo } from '../../core/store.ts';
import type { Database } from '../client.ts';
import { rateCardRevisions } from '../schema/rate-card-revisions.ts';
import { rates } from '../schema/rates.ts';
import { toSummary } from './rate-cards.ts';
import { resultRows } from './result-rows.ts';

const COLUMNS = 'revision_id, prefix, name, rate, inter, intra, indeterminate, mcd, pulse, connect, blocked, effective_at';
/** Rows per write to the postgres.js COPY stream (about 60 KB of text). */
const WRITE_ROWS = 1_000;
/** Rows per PGlite COPY (one /dev/blob each); also how often progress is reported. */
const PROGRESS_EVERY = 50_000;


// ---- COPY text format -------------------------------------------------------------------------------------------

const NEEDS_ESCAPE = /[\\\t\n\r]/;
const ESCAPABLE = /[\\\t\n\r]/g;
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** A text value for COPY's text format: \N for null; backslash, tab, newline and carriage return escaped. */
function field(value: string | null): string {
  if (value === null) return '\\N';
  return NEEDS_ESCAPE.test(value) ? value.replace(ESCAPABLE, (c) => ESCAPES[c]!) : value;
}

function line(revisionId: string, r: RateRowInput): string {
  return `${revisionId}\t${field(r.prefix)}\t${field(r.name)}\t${field(r.rate)}\t${field(r.inter)}\t${field(r.intra)}\t${field(r.indeterminate)}\t${r.mcd}\t${r.pulse}\t${field(r.connect)}\t${r.blocked ? 't' : 'f'}\t${r.effectiveAt ? r.effectiveAt.toISOString() : '\\N'}\n`;
}

/** The rows as COPY text, `size` rows per chunk (the last may be shorter). */
function* chunks(revisionId: string, rows: Iterable<RateRowInput>, size: number): Generator<{ text: string; count: number }> {
  let parts: string[] = [];
  for (const r of rows) {
    parts.push(line(revisionId, r));
    if (parts.length === size) {
      yield { text: parts.join(''), count: size };
      parts = [];
    }
  }
  if (parts.length) yield { text: parts.join(''), count: parts.length };
}

function reporter(progress: ((loaded: number) => void) | undefined) {
  let next = PROGRESS_EVERY;
  return (loaded: number) => {
    for (; loaded >= next; next += PROGRESS_EVERY) progress?.(next);
  };
}

// ---- postgres.js --------------------------------------------------------------------------------------------------

/**
 * Settles when the COPY query really ends: resolved on the server's CommandComplete + ReadyForQuery, rejected with the
 * server's error whenever it arrives (see the trap above). The first resolve of the query hands out the stream and is
 * passed through untouched.
 */
function watchCopy(query: object): Promise<void> {
  const q = query as unknown as { resolve?: (x: unknown) => unknown; reject?: (e: unknown) => unknown };
  const { resolve: passResolve, reject: passReject } = q;
  if (typeof passResolve !== 'function' || typeof passReject !== 'function') {
    throw new Error('postgres.js internals changed: a COPY query has no resolve/reject to watch');
  }
  const outcome = new Promise<void>((resolve, reject) => {
    q.resolve = (x) => {
      if (!(x instanceof Writable)) resolve();
      return passResolve(x);
    };
    q.reject = (e) => {
      reject(e);
      return passReject(e);
    };
  });
  outcome.catch(() => {}); // observed by the caller; never an unhandled rejection
  return outcome;
}

async function copyPostgres(client: Sql, revisionId: string, rows: Iterable<RateRowInput>, progress: (loaded: number) => void): Promise<number> {
  const query = client.unsafe(`copy rates (${COLUMNS}) from stdin`);
  const outcome = watchCopy(query);
  const stream = await query.writable();
  let failure: unknown = null;
  const failed = new Promise<never>((_, reject) => {
    const fail = (e: unknown) => {
      failure ??= e;
      reject(e);
    };
    stream.once('error', fail);
    outcome.catch(fail);
  });
  const ended = Promise.race([outcome, failed]);
  for (const p of [failed, ended]) p.catch(() => {}); // awaited below, or superseded by the error we rethrow
  let loaded = 0;
  try {
    for (const chunk of chunks(revisionId, rows, WRITE_ROWS)) {
      if (failure) throw failure;
      loaded += chunk.count;
      if (!stream.write(chunk.text)) await Promise.race([once(stream, 'drain'), failed]);
      progress(loaded);
    }
    stream.end();
    await ended;
    return loaded;
  } catch (err) {
    if (!failure) {
      // Our side failed (the rows threw, a bad date…): abort the COPY (CopyFail) and let the server answer before the
      // transaction is rolled back, so the connection is back in step.
      stream.destroy(err instanceof Error ? err : new Error(String(err)));
      await outcome.catch(() => {});
    }
    throw err;
  }
}

// ---- PGlite -------------------------------------------------------------------------------------------------------

interface PgliteClient {
  query(text: string, params?: unknown[], options?: { blob?: Blob }): Promise<unknown>;
}

async function copyPglite(client: PgliteClient, revisionId: string, rows: Iterable<RateRowInput>, progress: (loaded: number) => void): Promise<number> {
  // PGlite reads COPY data from a file: the blob is copied into its WASM file system as /dev/blob, so it goes in
  // slices of PROGRESS_EVERY rows (a few MB) rather than one blob for the whole deck.
  let loaded = 0;
  for (const chunk of chunks(revisionId, rows, PROGRESS_EVERY)) {
    await client.query(`copy rates (${COLUMNS}) from '/dev/blob'`, [], { blob: new Blob([chunk.text]) });
    loaded += chunk.count;
    progress(loaded);
  }
  return loaded;
}

export function revisionRepo(db: Database): RevisionRepo {
  const session = db._.session;

  async function copyRows(revisionId: string, rows: Iterable<RateRowInput>, progress: (loaded: number) => void): Promise<number> {
    if (is(session, PostgresJsSession)) return copyPostgres(session.client, revisionId, rows, progress);
    // PGlite's session is recognised by its drizzle entity kind, not imported by class: that would load PGlite (~40 MB)
    // on a server deployment.
    if ((session.constructor as { [entityKind]?: string })[entityKind] === 'PgliteSession') {
      return copyPglite((session as unknown as { client: PgliteClient }).client, revisionId, rows, progress);
    }
    throw new Error('bulk load: unsupported database driver');
  }

  return {
    async insert(input) {
      // COPY must run on the transaction's connection; a Store that is not in one opens one.
      if (!is(db, PgTransaction)) return db.transaction((tx) => revisionRepo(tx as unknown as Database).insert(input));
      const card = resultRows<{ id: string }>(await db.execute(sql`select id from rate_cards where id = ${input.cardId} for update`));
      if (!card.length) throw new NotFoundError('That rate card no longer exists.');
      const [rev] = await db
        .insert(rateCardRevisions)
        .values({
          cardId: input.cardId,
          number: sql`(select coalesce(max(${rateCardRevisions.number}), 0) + 1 from ${rateCardRevisions} where ${rateCardRevisions.cardId} = ${input.cardId})`,
          status: input.status,
          dateLive: input.dateLive,
          sourceName: input.sourceName,
          uploadedBy: input.uploadedBy,
        })
        .returning({ id: rateCardRevisions.id });
      const loaded = await copyRows(rev!.id, input.rows, reporter(input.progress));
      const [row] = await db.update(rateCardRevisions).set({ rowCount: loaded }).where(eq(rateCardRevisions.id, rev!.id)).returning();
      return toSummary(row!);
    },

    async removePrefixes(revisionId, prefixes) {
      for (let i = 0; i < prefixes.length; i += 10_000) {
        const part = prefixes.slice(i, i + 10_000);
        await db.delete(rates).where(and(eq(rates.revisionId, revisionId), inArray(rates.prefix, part)));
      }
      const [row] = await db
        .update(rateCardRevisions)
        .set({ rowCount: sql`(select count(*)::int from ${rates} where ${rates.revisionId} = ${revisionId})` })
        .where(eq(rateCardRevisions.id, revisionId))
        .returning();
      if (!row) throw new NotFoundError('That revision no longer exists.');
      return toSummary(row);
    },

    async diff(revisionId, againstId): Promise<DeckDiff> {
      // Main price per side; null when the row cannot be priced (blocked, or neither rate nor indeterminate).
      const side = (id: string | null) => sql`
        select prefix, name, case when blocked then null else coalesce(rate, indeterminate) end as price
        from rates where revision_id = ${id}`;
      const joined = sql`
        select coalesce(n.prefix, o.prefix) as prefix, n.prefix is not null as in_new, o.prefix is not null as in_old,
               n.name, o.price as before, n.price as after
        from (${side(revisionId)}) n full join (${side(againstId)}) o on o.prefix = n.prefix`;
      const [counts] = resultRows<Record<keyof Omit<DeckDiff, 'largestIncreases'>, number | string>>(
        await db.execute(sql`
          select
            count(*) filter (where in_new and not in_old)::int as added,
            count(*) filter (where in_old and not in_new)::int as removed,
            count(*) filter (where in_new and in_old
              and ((before is not null and after is null) or after > before))::int as increased,
            count(*) filter (where in_new and in_old
              and ((before is null and after is not null) or after < before))::int as decreased,
            count(*) filter (where in_new and in_old
              and ((before is null and after is null) or after = before))::int as unchanged
          from (${joined}) j`),
      );
      const top = resultRows<{ prefix: string; name: string | null; before: string; after: string }>(
        await db.execute(sql`
          select n.prefix, n.name, o.price::text as before, n.price::text as after
          from (${side(revisionId)}) n join (${side(againstId)}) o on o.prefix = n.prefix
          where n.price > o.price
          order by n.price - o.price desc, n.prefix
          limit 10`),
      );
      return {
        added: Number(counts!.added),
        removed: Number(counts!.removed),
        increased: Number(counts!.increased),
        decreased: Number(counts!.decreased),
        unchanged: Number(counts!.unchanged),
        largestIncreases: top.map((r) => ({ prefix: r.prefix, name: r.name, before: r.before, after: r.after })),
      };
    },

    async setStatus(id, status, fields = {}) {
      const set: Partial<typeof rateCardRevisions.$inferInsert> = { status };
      if (fields.activatedAt !== undefined) set.activatedAt = fields.activatedAt;
      if (fields.dateLive !== undefined) set.dateLive = fields.dateLive;
      if (fields.activationError !== undefined) set.activationError = fields.activationError;
      await db.update(rateCardRevisions).set(set).where(eq(rateCardRevisions.id, id));
    },

    async delete(id) {
      await db.delete(rateCardRevisions).where(eq(rateCardRevisions.id, id));
    },

    async *rows(revisionId, pageSize = 10_000) {
      // Keyset pagination on the primary key (revision_id, prefix): each page is one index range scan.
      let after: string | null = null;
      for (;;) {
        const page: RateRowInput[] = await db
          .select({
            prefix: rates.prefix,
            name: rates.name,
            rate: sql<string | null>`${rates.rate}::text`,
            inter: sql<string | null>`${rates.inter}::text`,
            intra: sql<string | null>`${rates.intra}::text`,
            indeterminate: sql<string | null>`${rates.indeterminate}::text`,
            mcd: rates.mcd,
            pulse: rates.pulse,
            connect: sql<string | null>`${rates.connect}::text`,
            blocked: rates.blocked,
            effectiveAt: rates.effectiveAt,
          })
          .from(rates)
          .where(after === null ? eq(rates.revisionId, revisionId) : sql`${rates.revisionId} = ${revisionId} and ${rates.prefix} > ${after}`)
          .orderBy(rates.prefix)
          .limit(pageSize);
        if (page.length) yield page;
        if (page.length < pageSize) return;
        after = page[page.length - 1]!.prefix;
      }
    },
  };
}
