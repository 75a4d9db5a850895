// npm run db:migrate: applies the migrations to the configured database (DATABASE_URL, or PGlite in DATA_DIR) and exits.
import { ConfigError, loadConfig } from '../config.ts';
import { createDb } from './client.ts';
import { runMigrations } from './migrate.ts';

try {
  const config = loadConfig();
  const db = await createDb(config.databaseUrl ? { url: config.databaseUrl, poolSize: 1 } : { dataDir: `${config.dataDir}/pglite` });
  const started = Date.now();
  await runMigrations(db);
  await db.close();
  console.log(`migrations applied to ${db.kind} in ${Date.now() - started} ms`);
} catch (err) {
  console.error(err instanceof ConfigError ? err.message : err);
  process.exit(1);
}
