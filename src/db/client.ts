// The database handle: drizzle on postgres.js when a server URL is given, on embedded PGlite otherwise. PGlite (a
// WASM Postgres, ~40 MB of memory once loaded) is imported only when it is used, so a server deployment never loads it.
import type { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { mkdirSync } from 'node:fs';
import postgres from 'postgres';
import * as schema from './schema/index.ts';

export type Schema = typeof schema;
export type Database = PgDatabase<PgQueryResultHKT, Schema>;

export interface DbHandle {
  db: Database;
  kind: 'postgres' | 'pglite';
  /** Runs fn on one dedicated connection (session-level advisory locks need that). */
  withSession<T>(fn: (db: Database) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DbTarget = { url: string; poolSize?: number } | { dataDir: string } | { pglite: PGlite };

export async function createDb(target: DbTarget): Promise<DbHandle> {
  if ('url' in target) {
    const client = postgres(target.url, { max: target.poolSize ?? 10, onnotice: () => {}, connection: { application_name: 'trunkops' } });
    const db = drizzlePostgres(client, { schema }) as unknown as Database;
    return {
      db,
      kind: 'postgres',
      async withSession(fn) {
        const one = postgres(target.url, { max: 1, onnotice: () => {} });
        try {
          return await fn(drizzlePostgres(one, { schema }) as unknown as Database);
        } finally {
          await one.end({ timeout: 5 });
        }
      },
      close: () => client.end({ timeout: 5 }),
    };
  }
  let pg: PGlite;
  if ('pglite' in target) pg = target.pglite;
  else {
    mkdirSync(target.dataDir, { recursive: true });
    const { PGlite } = await import('@electric-sql/pglite');
    pg = await PGlite.create(target.dataDir);
  }
  const { drizzle: drizzlePglite } = await import('drizzle-orm/pglite');
  const db = drizzlePglite(pg, { schema }) as unknown as Database;
  return { db, kind: 'pglite', withSession: (fn) => fn(db), close: () => pg.close() };
}

export async function pingDb(db: Database): Promise<void> {
  await db.execute(sql`select 1`);
}
