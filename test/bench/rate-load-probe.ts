// Probe for DESIGN §10's deck-import budget, load path only: 1,000,000 generated rows through
// store.revisions.insert (COPY … FROM STDIN on postgres.js, in a child process so its peak RSS is its own) against
// psql's `\copy` of the same rows from a TSV file into the same table, alternating, on a throwaway database.
//   npx tsx test/bench/rate-load-probe.ts [rows=1000000] [trials=3]
// Not part of `npm run bench` (yet): it prints its figures.
import { execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import type { RateRowInput } from '../../src/core/store.ts';
import { createDb } from '../../src/db/client.ts';
import { runMigrations } from '../../src/db/migrate.ts';
import { createStore } from '../../src/db/store.ts';
import { benchUrl } from './lib.ts';

const COLUMNS = 'revision_id, prefix, name, rate, inter, intra, indeterminate, mcd, pulse, connect, blocked, effective_at';
const CC = ['1', '44', '49', '33', '34', '39', '61', '81', '86', '91'];
const EFFECTIVE = new Date('2026-12-01T00:00:00Z');

function row(i: number): RateRowInput {
  const cc = CC[i % CC.length]!;
  return {
    prefix: `${cc}${String(Math.floor(i / CC.length)).padStart(6, '0')}`,
    name: `Country ${cc} - Mobile Operator ${i % 500}`,
    rate: `0.${String((i * 7919) % 100000).padStart(5, '0')}`,
    inter: null,
    intra: null,
    indeterminate: null,
    mcd: 60,
    pulse: i % 4 === 0 ? 1 : 60,
    connect: null,
    blocked: i % 997 === 0,
    effectiveAt: EFFECTIVE,
  };
}

function* deck(n: number): Generator<RateRowInput> {
  for (let i = 0; i < n; i++) yield row(i);
}

async function child(url: string, cardId: string, n: number) {
  const handle = await createDb({ url, poolSize: 2 });
  const store = createStore(handle.db);
  await store.ping();
  const baseRssMB = process.memoryUsage().rss / 2 ** 20;
  const start = performance.now();
  const summary = await store.revisions.insert({ cardId, status: 'draft', dateLive: null, sourceName: 'probe.tsv', uploadedBy: null, rows: deck(n) });
  const seconds = (performance.now() - start) / 1000;
  await handle.close();
  process.stdout.write(JSON.stringify({ seconds, rows: summary.rowCount, baseRssMB, maxRssMB: process.resourceUsage().maxRSS / 1024 }) + '\n');
}

async function main() {
  const n = Number(process.argv[2] ?? 1_000_000);
  const trials = Number(process.argv[3] ?? 3);
  const name = `trunkops_probe_${randomBytes(4).toString('hex')}`;
  const admin = postgres(benchUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  const u = new URL(benchUrl);
  u.pathname = `/${name}`;
  const url = u.toString();
  const dir = mkdtempSync(join(tmpdir(), 'rate-probe-'));
  const handle = await createDb({ url, poolSize: 2 });
  try {
    await runMigrations(handle);
    const sql = postgres(url, { max: 1, onnotice: () => {} });
    const [carrier] = await sql`insert into carriers (id, name, sip_address) values (gen_random_uuid(), 'Probe', 'sip.probe.example') returning id`;
    const [card] = await sql`insert into rate_cards (name, carrier_id, currency) values ('Probe', ${carrier!.id}, 'USD') returning id`;
    const [psqlRev] = await sql`insert into rate_card_revisions (card_id, number) values (${card!.id}, 1000) returning id`;

    // The same rows as COPY text, for psql (the repository's own encoder is not exported; this deck has no escapes).
    const file = join(dir, 'deck.tsv');
    const out = createWriteStream(file);
    let buf = '';
    for (const r of deck(n)) {
      buf += `${psqlRev!.id}\t${r.prefix}\t${r.name}\t${r.rate}\t\\N\t\\N\t\\N\t${r.mcd}\t${r.pulse}\t\\N\t${r.blocked ? 't' : 'f'}\t${r.effectiveAt!.toISOString()}\n`;
      if (buf.length > 1 << 20) {
        if (!out.write(buf)) await once(out, 'drain');
        buf = '';
      }
    }
    out.end(buf);
    await once(out, 'finish');
    console.log(`${n} rows, TSV ${(statSync(file).size / 1e6).toFixed(1)} MB, Postgres ${(await sql`show server_version`)[0]!.server_version}`);

    const reset = async () => {
      await sql`truncate rates`;
      await sql`delete from rate_card_revisions where number <> 1000`;
      await sql`checkpoint`;
    };
    const psql = () => {
      const start = performance.now();
      execFileSync('psql', [url, '-v', 'ON_ERROR_STOP=1', '-qc', `\\copy rates (${COLUMNS}) from '${file}'`], { stdio: 'inherit' });
      return (performance.now() - start) / 1000;
    };
    const ours = () => {
      const r = spawnSync(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--child', url, card!.id, String(n)], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`child failed: ${r.stderr}`);
      return JSON.parse(r.stdout.trim().split('\n').pop()!) as { seconds: number; rows: number; baseRssMB: number; maxRssMB: number };
    };
    for (let t = 0; t < trials; t++) {
      const order = t % 2 === 0 ? ['psql', 'ours'] : ['ours', 'psql'];
      for (const which of order) {
        await reset();
        if (which === 'psql') console.log(`trial ${t + 1}: psql \\copy      ${psql().toFixed(2)} s`);
        else {
          const r = ours();
          console.log(`trial ${t + 1}: revisions.insert ${r.seconds.toFixed(2)} s, ${r.rows} rows, peak RSS ${r.maxRssMB.toFixed(0)} MB (${r.baseRssMB.toFixed(0)} MB before the load)`);
        }
      }
    }
    await sql.end();
  } finally {
    await handle.close();
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv[2] === '--child') await child(process.argv[3]!, process.argv[4]!, Number(process.argv[5]));
else await main();
