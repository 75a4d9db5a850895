// npm run bench: measures command dispatch on real Postgres (BENCH_DATABASE_URL / TEST_DATABASE_URL, or the
// local server) and on PGlite, 50 requests in flight, and writes the figures into test/bench/README.md.
import { PGlite } from '@electric-sql/pglite';
import { Writable } from 'node:stream';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Invocation } from '../../src/core/runtime/invocation.ts';
import { createDb, type DbHandle } from '../../src/db/client.ts';
import { createLogger } from '../../src/logger.ts';
import { machine, onEachBackend, percentile, seed, writeSection } from './lib.ts';

const CONCURRENCY = 50;
const CARRIERS = 1000;

interface Row {
  backend: string;
  name: string;
  ops: number;
  p50: number;
  p99: number;
  perSec: number;
}

async function main() {
  report(
    await onEachBackend(async (backend, server) => {
      const db = server?.handle ?? (await createDb({ pglite: new PGlite() }));
      try {
        return await measure(backend, db);
      } finally {
        if (!server) await db.close();
      }
    }),
  );
}

async function measure(backend: string, db: DbHandle): Promise<Row[]> {
  const silent = new Writable({ write: (_c, _e, cb) => cb() });
  const config = loadConfig({ TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'warn', TRUNKOPS_ADMINS: 'slack:UBENCH' });
  const app = await createApp(config, createLogger(config, silent), { db });
  await seed(app, CARRIERS);
  const rows: Row[] = [];
  const inv = (path: string[], args: Record<string, string> = {}): Invocation => ({
    platform: 'slack',
    user: { id: 'slack:UBENCH', groups: [] },
    path,
    args,
    positionals: [],
    interactive: false,
  });
  rows.push(await run(backend, 'carrier show (card with 3 numbers)', 2000, (i) => app.dispatcher.dispatch(inv(['carrier', 'show'], { carrier: `Carrier ${i % CARRIERS}` }))));
  rows.push(await run(backend, 'carrier list search (1,000 carriers)', 2000, (i) => app.dispatcher.dispatch(inv(['carrier', 'list'], { search: `carrier ${i % 100}` }))));
  rows.push(await run(backend, 'did edit (write + audit, one transaction)', 2000, (i) => app.dispatcher.dispatch(inv(['did', 'edit'], { number: `+1555${String(i % (CARRIERS * 3)).padStart(7, '0')}`, label: `L${i}` }))));
  rows.push(await run(backend, 'carrier add (validate, encrypt, insert, audit)', 1000, (i) => app.dispatcher.dispatch(inv(['carrier', 'add'], { name: `Bench ${i}`, sip_address: `b${i}.example:5060`, username: 'u', password: 'pw-bench' }))));
  rows.push(await run(backend, 'carrier list (all, 2,000 carriers)', 200, () => app.dispatcher.dispatch(inv(['carrier', 'list']))));
  return rows;
}

async function run(backend: string, name: string, ops: number, op: (i: number) => Promise<{ type: string; tone?: string }>): Promise<Row> {
  const latencies: number[] = [];
  let next = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) {
        const i = next++;
        const t = performance.now();
        const r = await op(i);
        latencies.push(performance.now() - t);
        if ('tone' in r && r.tone === 'error') throw new Error(`${name} failed: ${JSON.stringify(r)}`);
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const row = { backend, name, ops, p50: percentile(latencies, 50), p99: percentile(latencies, 99), perSec: ops / elapsed };
  console.log(`${backend.padEnd(8)} ${name.padEnd(48)} p50 ${row.p50.toFixed(1)} ms  p99 ${row.p99.toFixed(1)} ms  ${row.perSec.toFixed(0)}/s`);
  return row;
}

function report(rows: Row[]) {
  writeSection('dispatch', [
    `Measured ${machine()}, ${CONCURRENCY} requests in flight.`,
    '',
    '| backend | operation | ops | p50 ms | p99 ms | ops/s |',
    '|---|---|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.backend} | ${r.name} | ${r.ops} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.perSec.toFixed(0)} |`),
  ]);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
