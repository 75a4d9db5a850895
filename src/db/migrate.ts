// Applies the committed drizzle-kit migrations at start-up, under a Postgres advisory lock so that
// several replicas starting together migrate once.
import { sql } from 'drizzle-orm';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import type { PgliteDatabase } from 'drizzle-orm/pglite';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import type { PostgresJsDatabase } from 'drizzle-orm/postgres-js';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { DbHandle, Schema } from './client.ts';

/** pg_advisory_lock key for migrations: "trunkops" in ASCII, as a bigint. */
const MIGRATION_LOCK = 0x7472756e6b6f7073n;

export function migrationsFolder(): string {
  for (const rel of ['../../migrations', '../../../migrations']) {
    const dir = fileURLToPath(new URL(rel, import.meta.url));
    if (existsSync(dir)) return dir;
  }
  throw new Error('migrations folder not found next to the application');
}

export async function runMigrations(handle: DbHandle): Promise<void> {
  const folder = migrationsFolder();
  await handle.withSession(async (db) => {
    await db.execute(sql`select pg_advisory_lock(${MIGRATION_LOCK})`);
    try {
      if (handle.kind === 'postgres') await migratePostgres(db as unknown as PostgresJsDatabase<Schema>, { migrationsFolder: folder });
      else await migratePglite(db as unknown as PgliteDatabase<Schema>, { migrationsFolder: folder });
    } finally {
      await db.execute(sql`select pg_advisory_unlock(${MIGRATION_LOCK})`);
    }
  });
}
