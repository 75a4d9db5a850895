// npm run bench:checks — DESIGN §10's "scheduled health pass, 10,000 carriers, under 1 s": every check (consecutive
// failures, code consistency, ASR, sync + drift, failed rate-card activations, heartbeat) over 10,000 carriers,
// alerts opened / updated / resolved through the engine, on real Postgres (the budget) and PGlite (for reference).
//
// Seeded directly in SQL, as the ingestion would have left it: carrier_health for every carrier (20 recent calls each),
// 24 hourly stats and 4 codes per hour per carrier (240,000 + 960,000 rows), ~1 % of carriers with contradictions,
// some carriers in sync error / stuck / drift, 50 failed rate-card activations, 20 maintenance windows, Slack and
// Discord routes (2 delivery marks per changed alert). About 3 % of carriers fire each check.
// Passes, on a clock moving a minute each: cold (opens every incident), steady ×4 (nothing new: last_true_at only),
// growth (a third of the failing carriers double their run: history + delivery marks), clearing (half of them connect
// again), flap (a tenth of those fail again: same incidents, flaps + 1), resolved (6 minutes later the rest resolve),
// relapse (another tenth fail again: new incidents). Each timed whole; p50 / max reported.
//   BENCH_CARRIERS (default 10000) changes the size.
import { PGlite } from '@electric-sql/pglite';
import { sql, type SQL } from 'drizzle-orm';
import { Writable } from 'node:stream';
import { loadavg } from 'node:os';
import { pathToFileURL } from 'node:url';
import { createApp, type App } from '../../src/app.ts';
import { CHECK_NAMES } from '../../src/core/alerts/kinds.ts';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { runChecks, type CheckContext } from '../../src/health/pass.ts';
import { createLogger } from '../../src/logger.ts';
import { machine, onEachBackend, percentile, writeSection } from './lib.ts';

const CARRIERS = Number(process.env.BENCH_CARRIERS ?? 10_000);
const BUDGET_MS = 1000;
/**
 * The checks run one after another, as `alert check` does: the sum of the six, an upper bound for the scheduled jobs,
 * which start on the same tick side by side (BENCH_PARALLEL=1 measures that; on 2 cores it is no faster).
 */
const PARALLEL = process.env.BENCH_PARALLEL === '1';

interface Row {
  backend: string;
  pass: string;
  ms: number;
  opened: number;
  updated: number;
  flapped: number;
  resolved: number;
  firing: number;
}

async function exec(app: App, q: SQL): Promise<void> {
  await app.db.db.execute(q);
}

export async function seed(app: App, start: Date): Promise<void> {
  const n = CARRIERS;
  const t = start.toISOString();
  await exec(app, sql`insert into carriers (id, name, sip_address, sync_status, last_synced_at, health_failure_threshold)
    select gen_random_uuid(), 'Carrier ' || lpad(i::text, 5, '0'), 'c' || i || '.example:5060',
      case when i % 100 = 1 then 'error' when i % 100 = 2 then 'pending' else 'synced' end, ${t}::timestamptz - interval '1 hour',
      case when i % 10 = 0 then 20 end
    from generate_series(1, ${n}) i`);
  await exec(app, sql`update carriers set sync_error = 'Conflicting inbound SIP Trunks', sync_attempts = 1 where sync_status = 'error'`);
  await exec(app, sql`update carriers set sync_due_at = ${t}::timestamptz - interval '20 minutes' where sync_status = 'pending'`);
  await exec(app, sql`update carriers set drift_at = ${t}::timestamptz - interval '5 minutes', drift_note = 'recreated inbound trunk' where name like '%3' and substr(name, 9)::int % 100 = 3`);
  // carrier_health: ~3 % failing runs (10–60 to several numbers), ~2 % never 404, the rest healthy.
  await exec(app, sql`insert into carrier_health (carrier_id, consecutive_failures, failure_numbers, connects_since_failure, recent_calls, attempts, count_200, count_404, attempts_since_404, last_404_at, last_event_at)
    select c.id,
      case when k % 33 = 0 then 10 + k % 50 else k % 5 end,
      case when k % 33 = 0 then array['+15550001', '+15550002', '+1555000' || (k % 7)] else '{}'::text[] end,
      case when k % 33 = 0 then 0 else 3 + k % 4 end,
      (select jsonb_agg(jsonb_build_object('callId', 'call-' || k || '-' || j, 'code', case when j % 3 = 0 then 408 else 503 end, 'number', '+1555000' || (j % 9), 'at', ${t}::text)) from generate_series(1, 20) j),
      2000 + k % 3000, 900 + k % 1000, case when k % 50 = 7 then 0 else 20 + k % 40 end,
      case when k % 50 = 7 then 2000 + k % 3000 else k % 300 end,
      case when k % 50 = 7 then null else ${t}::timestamptz - interval '10 minutes' end, ${t}::timestamptz
    from (select id, substr(name, 9)::int as k from carriers) c`);
  // 24 hours of rollups; ~3 % of carriers at 5 % ASR, the rest near 40 %.
  await exec(app, sql`insert into carrier_stats_hourly (carrier_id, hour, attempts, answered, failures, billed_seconds)
    select c.id, date_trunc('hour', ${t}::timestamptz) - h * interval '1 hour', 60 + k % 140,
      case when k % 31 = 0 then (60 + k % 140) / 20 else (60 + k % 140) * 2 / 5 end, (60 + k % 140) / 3, 3000
    from (select id, substr(name, 9)::int as k from carriers) c, generate_series(0, 23) h`);
  await exec(app, sql`insert into carrier_codes_hourly (carrier_id, hour, code, calls)
    select carrier_id, hour, code, greatest(1, attempts / 4) from carrier_stats_hourly, unnest(array[200, 503, 408, 486]) code`);
  // Contradictions: ~1 % of carriers 404 four numbers others connected (flagged), ~2 % one (noise).
  await exec(app, sql`insert into code_contradictions (carrier_id, number, connected_by, call_id, at)
    select c.id, '+1666' || k || '-' || j, (select id from carriers order by id limit 1), 'x-' || k || '-' || j, ${t}::timestamptz - j * interval '5 minutes'
    from (select id, substr(name, 9)::int as k from carriers) c, generate_series(1, 4) j
    where k % 97 = 0 or (k % 53 = 0 and j = 1)`);
  await exec(app, sql`insert into rate_cards (id, name, carrier_id, currency) select gen_random_uuid(), 'Card ' || name, id, 'USD' from carriers where substr(name, 9)::int % 200 = 5`);
  await exec(app, sql`insert into rate_card_revisions (card_id, number, status, row_count, date_live, activation_error)
    select id, 2, 'scheduled', 0, ${t}::timestamptz - interval '1 hour', 'Revision #2 has no rows; it cannot go live.' from rate_cards`);
  await exec(app, sql`insert into maintenance_windows (id, carrier_id, starts_at, ends_at, created_by, announced_start)
    select gen_random_uuid(), id, ${t}::timestamptz - interval '1 hour', ${t}::timestamptz + interval '1 day', 'bench', ${t}::timestamptz from carriers where substr(name, 9)::int % 500 = 0`);
  await exec(app, sql`insert into job_leases (name, last_finished_at) select 'check-' || x, ${t}::timestamptz from unnest(array['asr', 'sync']) x`);
  await exec(app, sql`insert into alert_routes (platform, channel, updated_by, updated_at) values ('slack', 'C0ALERTS', 'bench', now()), ('discord', '123456789012345678', 'bench', now())`);
  await exec(app, sql`analyze`);
}

async function measure(backend: string, app: App): Promise<Row[]> {
  let now = new Date('2026-05-01T12:30:00Z');
  await seed(app, now);
  const ctx: CheckContext = { store: app.store, settings: app.deps.health, now: () => now, syncEnabled: true, startedAt: now };
  const rows: Row[] = [];
  const pass = async (name: string) => {
    now = new Date(now.getTime() + 60_000);
    const started = performance.now();
    const runs = await runChecks(ctx, CHECK_NAMES, { parallel: PARALLEL });
    const ms = performance.now() - started;
    const sum = (k: 'opened' | 'updated' | 'flapped' | 'resolved' | 'firing') => runs.reduce((n, r) => n + (r.result?.[k] ?? 0), 0);
    rows.push({ backend, pass: name, ms, opened: sum('opened'), updated: sum('updated'), flapped: sum('flapped'), resolved: sum('resolved'), firing: sum('firing') });
    console.log(`${backend} ${name}: ${ms.toFixed(0)} ms`, runs.map((r) => `${r.check} ${Math.round(r.ms)}`).join(', '));
  };
  const failing = sql`carrier_id in (select carrier_id from carrier_health where consecutive_failures >= 10)`;
  await pass('cold: every incident opens');
  for (let i = 1; i <= 4; i++) await pass(`steady ${i}: nothing new`);
  await exec(app, sql`update carrier_health set consecutive_failures = consecutive_failures * 2 + 40 where ${failing} and substr(carrier_id::text, 1, 1) < '6'`);
  await pass('growth: a third of the runs double');
  await exec(app, sql`update carrier_health set consecutive_failures = 0, failure_numbers = '{}', connects_since_failure = 3 where ${failing} and substr(carrier_id::text, 1, 1) < '8'`);
  await pass('clearing: half the failing carriers connect');
  const withAlert = (state: SQL) => sql`carrier_id in (select carrier_id from alerts where kind = 'consecutive_failures' and ${state})`;
  const clearing = sql`connects_since_failure = 3 and consecutive_failures = 0 and ${withAlert(sql`state <> 'resolved'`)}`;
  await exec(app, sql`update carrier_health set consecutive_failures = 30, failure_numbers = array['+15550001', '+15550002'], connects_since_failure = 0 where ${clearing} and substr(carrier_id::text, 1, 1) = '0'`);
  await pass('flap: a tenth of them fail again (same incidents)');
  now = new Date(now.getTime() + 5 * 60_000);
  await pass('resolved: 6 min later the others resolve');
  const resolved = sql`connects_since_failure = 3 and consecutive_failures = 0 and ${withAlert(sql`state = 'resolved'`)}`;
  await exec(app, sql`update carrier_health set consecutive_failures = 30, failure_numbers = array['+15550001', '+15550002'], connects_since_failure = 0 where ${resolved} and substr(carrier_id::text, 1, 1) < '4'`);
  await pass('relapse: some fail again (new incidents)');
  return rows;
}

async function main() {
  const rows = await onEachBackend(async (backend, server) => {
    const db = server?.handle ?? (await createDb({ pglite: new PGlite() }));
    const silent = new Writable({ write: (_c, _e, cb) => cb() });
    const config = loadConfig({ TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'warn' });
    const app = await createApp(config, createLogger(config, silent), { db });
    try {
      return await measure(backend, app);
    } finally {
      await app.close();
    }
  });
  const summary = ['postgres', 'pglite'].flatMap((b) => {
    const ms = rows.filter((r) => r.backend === b).map((r) => r.ms).sort((x, y) => x - y);
    if (!ms.length) return [];
    const max = ms[ms.length - 1]!;
    return [`| ${b} | ${ms.length} | ${percentile(ms, 50).toFixed(0)} | ${max.toFixed(0)} | ${b === 'postgres' ? (max < BUDGET_MS ? 'yes' : '**no**') : 'n/a (no budget)'} |`];
  });
  writeSection('health-checks', [
    `Measured ${machine()}; ${CARRIERS.toLocaleString('en')} carriers, every check per pass (${CHECK_NAMES.join(', ')}), ${PARALLEL ? 'side by side, as the scheduled jobs start on one tick' : 'one after another, as `alert check` runs them'}, each applying its verdicts in one transaction; load average ${loadavg()[0]!.toFixed(1)} when it finished.`,
    '',
    '| backend | passes | p50 ms | max ms | max under 1 s (budget) |',
    '|---|---:|---:|---:|---|',
    ...summary,
    '',
    '| backend | pass | ms | firing | opened | updated | flapped | resolved |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.backend} | ${r.pass} | ${r.ms.toFixed(0)} | ${r.firing} | ${r.opened} | ${r.updated} | ${r.flapped} | ${r.resolved} |`),
  ]);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
