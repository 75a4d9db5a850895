// npm run bench:livekit — a full LiveKit reconcile of 1,000 carriers (2,000 trunks, 1,200 dispatch rules) against
// the fake LiveKit SIP server, driven by the real SDK: from an empty LiveKit, with nothing to do, with 5 % drift,
// and as a dry run. Real Postgres and PGlite; the figures go into test/bench/README.md.
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';
import { machine, onEachBackend, seed, writeSection } from './lib.ts';

const CARRIERS = 1000;

interface Row {
  backend: string;
  pass: string;
  ms: number;
  changes: number;
  calls: number;
}

async function main() {
  const fake = await startFakeLiveKit();
  try {
    const rows = await onEachBackend(async (backend, server) => {
      fake.reset();
      const db = server?.handle ?? (await createDb({ pglite: new PGlite() }));
      const silent = new Writable({ write: (_c, _e, cb) => cb() });
      const config = loadConfig({
        TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
        LOG_LEVEL: 'warn',
        LIVEKIT_URL: fake.url,
        LIVEKIT_API_KEY: fake.apiKey,
        LIVEKIT_API_SECRET: fake.apiSecret,
      });
      const app = await createApp(config, createLogger(config, silent), { db });
      try {
        await app.sync!.stop(); // the reconcile does all the work, nothing syncs in the background
        return await measure(backend, app, fake);
      } finally {
        await app.close();
      }
    });
    writeSection('livekit', [
      `Measured ${machine()}; ${CARRIERS} carriers with 3 numbers each (numbers ending in 0, 3, 6 or 9 routed to a bot): 1,000 outbound trunks, 1,000 inbound trunks, 1,200 dispatch rules. The fake runs in the same process.`,
      '',
      '| backend | reconcile pass | ms | changes | LiveKit calls |',
      '|---|---|---:|---:|---:|',
      ...rows.map((r) => `| ${r.backend} | ${r.pass} | ${r.ms.toFixed(0)} | ${r.changes} | ${r.calls} |`),
    ]);
  } finally {
    await fake.close();
  }
}

async function measure(backend: string, app: App, fake: FakeLiveKit): Promise<Row[]> {
  await seed(app, CARRIERS);
  const [bot] = rowsOf<{ id: string }>(await app.db.db.execute(sql`insert into bots (name, agent_name) values ('Bench', 'bench-agent') returning id`));
  // Inbound trunks need an authenticated carrier: give each an IP allowlist.
  await app.db.db.execute(sql`update carriers set inbound_auth = 'ip_allowlist', allowed_ips = '{192.0.2.10,198.51.100.0/24}'`);
  await app.db.db.execute(sql`update dids set bot_id = ${bot!.id} where number_normalized like '%0' or number_normalized like '%3' or number_normalized like '%6' or number_normalized like '%9'`);
  const rows: Row[] = [];
  const pass = async (name: string, dryRun = false) => {
    const before = fake.requests.length;
    const started = performance.now();
    const r = await app.sync!.reconcile({ dryRun });
    const ms = performance.now() - started;
    if (r.errors.length) throw new Error(`${name}: ${r.errors.length} errors, first: ${r.errors[0]!.message}`);
    rows.push({ backend, pass: name, ms, changes: r.changes.length, calls: fake.requests.length - before });
    console.log(`${backend} ${name}: ${ms.toFixed(0)} ms, ${r.changes.length} changes`);
  };
  await pass('first sync of every carrier (LiveKit empty)');
  await pass('nothing to do');
  await pass('dry run, nothing to do', true);
  const outbound = [...fake.outbound.values()];
  for (const t of outbound.slice(0, 50)) t.address = 'drifted.example';
  for (const id of [...fake.rules.keys()].slice(0, 20)) fake.rules.delete(id);
  await pass('5 % drift (50 trunks changed, 20 rules deleted)');
  return rows;
}

function rowsOf<T>(r: unknown): T[] {
  return (Array.isArray(r) ? r : (r as { rows: T[] }).rows) as T[];
}

await main();
