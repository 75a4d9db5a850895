// A fresh, migrated database for one test file: an in-memory PGlite, or a new database on the
// Postgres server named by the project (dropped afterwards). Never shared between files.
import { PGlite } from '@electric-sql/pglite';
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { inject } from 'vitest';
import { createDb, type DbHandle } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';

export interface TestDb extends DbHandle {
  /** Raw SQL against the same database, for assertions on what is stored. */
  query(text: string, params?: unknown[]): Promise<Record<string, unknown>[]>;
  destroy(): Promise<void>;
}

export async function createTestDb(): Promise<TestDb> {
  const kind = inject('dbKind');
  if (kind === 'postgres') return createServerDb(inject('databaseUrl'));
  const pglite = new PGlite();
  const handle = await createDb({ pglite });
  await runMigrations(handle);
  return {
    ...handle,
    query: async (text, params) => (await pglite.query<Record<string, unknown>>(text, params as unknown[])).rows,
    destroy: () => handle.close(),
  };
}

async function createServerDb(baseUrl: string): Promise<TestDb> {
  const name = `trunkops_t_${randomBytes(5).toString('hex')}`;
  const admin = postgres(baseUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const url = new URL(baseUrl);
  url.pathname = `/${name}`;
  const handle = await createDb({ url: url.toString(), poolSize: 4 });
  await runMigrations(handle);
  const raw = postgres(url.toString(), { max: 1, onnotice: () => {} });
  return {
    ...handle,
    query: async (text, params) => [...(await raw.unsafe(text, (params ?? []) as never[]))] as Record<string, unknown>[],
    destroy: async () => {
      await raw.end();
      await handle.close();
      await admin.unsafe(`drop database if exists ${name} with (force)`);
      await admin.end();
    },
  };
}
