// Builds the platform-free application — database, store, secrets, dispatcher — from config.
// main.ts adds HTTP, adapters and shutdown; tests build the same thing against their own database.
import { commands } from '../commands/index.ts';
import type { Config } from './config.ts';
import { createSecrets, loadOrCreateKeyFile } from './core/secrets.ts';
import type { Deps } from './core/runtime/command.ts';
import { createDispatcher, type Dispatcher } from './core/runtime/dispatch.ts';
import type { Store } from './core/store.ts';
import { createDb, type DbHandle } from './db/client.ts';
import { runMigrations } from './db/migrate.ts';
import { createStore } from './db/store.ts';
import { createLiveKitClient } from './livekit/client.ts';
import { createSyncService, type RunningSync } from './livekit/service.ts';
import type { Logger } from './logger.ts';
import { metrics } from './metrics.ts';
import { SCHEDULER_PRINCIPAL } from './jobs/ratecard-activation.ts';

export interface App {
  db: DbHandle;
  store: Store;
  deps: Deps;
  dispatcher: Dispatcher;
  /** The LiveKit sync, when LIVEKIT_* is configured; main.ts starts its worker. */
  sync?: RunningSync;
  close(): Promise<void>;
}

export async function createApp(config: Config, logger: Logger, opts: { db?: DbHandle; now?: () => Date } = {}): Promise<App> {
  const secretKey = config.secretKey ?? resolveKeyFile(config, logger);
  const db = opts.db ?? (await createDb(config.databaseUrl ? { url: config.databaseUrl } : { dataDir: `${config.dataDir}/pglite` }));
  try {
    const started = Date.now();
    await runMigrations(db);
    logger.info({ db: db.kind, ms: Date.now() - started }, 'database migrated');
  } catch (err) {
    await db.close().catch(() => {});
    throw err;
  }
  const store = createStore(db.db);
  const secrets = createSecrets(secretKey);
  const now = opts.now ?? (() => new Date());
  const sync = config.livekit
    ? createSyncService({
        store,
        port: createLiveKitClient(config.livekit),
        secrets,
        logger,
        now,
        timeoutSec: config.livekit.requestTimeoutSec,
      })
    : undefined;
  const deps: Deps = {
    secrets,
    syncEnabled: !!sync,
    sync,
    configAdmins: config.admins,
    rateCardStaleDays: config.rateCardStaleDays,
    health: config.health,
    now,
    commands: () => commands,
  };
  // The console runs on the operator's own machine with the database in reach: it is a local admin.
  // Scheduled jobs run commands as the scheduler principal, an admin like the console.
  const admins = [...config.admins, `console:${config.consoleUser}`, SCHEDULER_PRINCIPAL];
  const dispatcher = createDispatcher({
    commands,
    store,
    deps,
    logger,
    defaultRole: config.defaultRole,
    admins,
    observe: (e) => metrics.commandHandled(e.command, e.outcome, e.ms),
  });
  return {
    db,
    store,
    deps,
    dispatcher,
    sync,
    async close() {
      await sync?.stop();
      await db.close();
    },
  };
}

function resolveKeyFile(config: Config, logger: Logger): Buffer {
  const { key, created, path } = loadOrCreateKeyFile(config.dataDir);
  if (created) logger.warn({ path }, 'generated a secret key for SIP passwords; back it up, or set TRUNKOPS_SECRET_KEY');
  return key;
}
