// `health` through the console on a real database: rollups seeded in SQL as the call-event ingestion leaves them,
// the figures and verdicts in the text, the chart saved as a PNG in TRUNKOPS_DOWNLOAD_DIR, every carrier worst first,
// and the digest on demand.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'health-view-'));
const now = new Date('2026-09-20T12:30:00Z');
let h: Harness;

const idOf = async (name: string) => String((await h.db.query('select id from carriers where name = $1', [name]))[0]!.id);

/** One hour of rollups: attempts, answered, counted failures, billed seconds, and calls per final code. */
async function hour(carrier: string, at: string, s: [number, number, number, number], codes: Record<number, number>): Promise<void> {
  const id = await idOf(carrier);
  await h.db.query('insert into carrier_stats_hourly (carrier_id, hour, attempts, answered, failures, billed_seconds) values ($1, $2::timestamptz, $3, $4, $5, $6)', [id, at, ...s]);
  for (const [code, calls] of Object.entries(codes)) {
    await h.db.query('insert into carrier_codes_hourly (carrier_id, hour, code, calls) values ($1, $2::timestamptz, $3, $4)', [id, at, Number(code), calls]);
  }
}

async function health(carrier: string, c: { cf: number; numbers?: number; attempts: number; c200: number; c404: number; since404: number }): Promise<void> {
  const nums = Array.from({ length: c.numbers ?? 0 }, (_, i) => `+1555000${i}`);
  await h.db.query(
    `insert into carrier_health (carrier_id, consecutive_failures, failure_numbers, attempts, count_200, count_404, attempts_since_404) values ($1, $2, $3::text[], $4, $5, $6, $7)`,
    [await idOf(carrier), c.cf, `{${nums.join(',')}}`, c.attempts, c.c200, c.c404, c.since404],
  );
}

const saved = (output: string) => [...output.matchAll(/📎 Saved (.+?\.png) \(/g)].map((m) => m[1]!);

beforeAll(async () => {
  h = await createHarness({ TRUNKOPS_DOWNLOAD_DIR: dir }, { now: () => now });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Beta sip_address=sip.beta.example', 'carrier add name=Gamma sip_address=sip.gamma.example']);
  await hour('Acme', '2026-09-20T10:00:00Z', [100, 40, 30, 4000], { 200: 40, 486: 20, 503: 30, 404: 10 });
  await hour('Acme', '2026-09-20T11:00:00Z', [50, 25, 10, 2500], { 200: 25, 480: 10, 503: 10, 487: 5 });
  await hour('Acme', '2026-09-05T08:00:00Z', [50, 35, 15, 3500], { 200: 35, 503: 15 });
  await hour('Acme', '2026-03-10T08:00:00Z', [200, 100, 100, 6000], { 200: 100, 408: 100 });
  await hour('Acme', '2025-09-30T23:00:00Z', [999, 0, 999, 0], { 503: 999 });
  await health('Acme', { cf: 3, numbers: 2, attempts: 1000, c200: 500, c404: 20, since404: 5 });
  await hour('Beta', '2026-09-20T11:00:00Z', [100, 90, 10, 9000], { 200: 90, 503: 10 });
  await health('Beta', { cf: 12, numbers: 3, attempts: 700, c200: 600, c404: 0, since404: 700 });
  const at = '2026-09-20T11:00:00Z';
  await h.db.query(
    `insert into alerts (id, key, kind, carrier_id, severity, state, title, opened_at, updated_at, last_true_at) values ($1, $2, 'asr', $3, 'warning', 'open', 'Acme: ASR below 50 %', $4::timestamptz, $4::timestamptz, $4::timestamptz)`,
    [randomUUID(), `asr:${await idOf('Acme')}`, await idOf('Acme'), at],
  );
  await h.script(['carrier maintenance Beta 2h "router swap"']);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('health <carrier>', () => {
  it('shows the last 24 h with ASR, ACD, NER, verdicts, top codes and alerts, and saves the chart', async () => {
    const { output } = await h.script(['health Acme']);
    expect(output).toContain('Acme: health, last 24 h (UTC)');
    expect(output).toContain('2026-09-19 13:00 – 2026-09-20 12:59 UTC.');
    expect(output).toMatch(/Attempts\s+150/);
    expect(output).toMatch(/ASR\s+43\.3 % \(65 answered\)/);
    expect(output).toMatch(/ACD\s+1m 40s/);
    // (65 answered + 20 × 486 + 10 × 480 + 5 × 487) / 150
    expect(output).toMatch(/NER\s+66\.7 %/);
    expect(output).toMatch(/Consecutive failures\s+⚠ 3 \(alert at 10\)/);
    expect(output).toContain('consistent: 404 on 20 of 1,000 attempts (2.0 %), 200 on 500');
    expect(output).toContain('503 Service Unavailable: 40 (26.7 %)');
    expect(output).toContain('486 Busy Here (user): 20 (13.3 %)');
    expect(output).toContain('Low ASR (warning, open): Acme: ASR below 50 %');
    expect(output).toContain('NER = (answered + calls ended 486, 600, 603, 480, 487) / attempts');

    const [file] = saved(output);
    expect(file).toBe(join(dir, 'health-Acme-live-2026-09-20T12.png'));
    const png = readFileSync(file!);
    expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 440]);
  });

  it('daily covers 30 days and monthly 12 months, by UTC day and month', async () => {
    // Buckets are cut in UTC whatever the session's time zone (on PGlite this is the app's own session).
    await h.db.query("set timezone to 'Pacific/Auckland'");
    const daily = (await h.script(['health Acme daily'])).output;
    expect(daily).toContain('Acme: health, last 30 days (UTC)');
    expect(daily).toMatch(/Attempts\s+200/);
    expect(saved(daily)[0]).toMatch(/health-Acme-daily-2026-09-20\.png$/);
    const monthly = (await h.script(['health Acme monthly'])).output;
    expect(monthly).toMatch(/Attempts\s+400/);
    expect(monthly).toContain('2025-10 – 2026-09 UTC.');
    expect(saved(monthly)[0]).toMatch(/health-Acme-monthly-2026-09\.png$/);
  });

  it('flags consecutive failures over the threshold and a carrier that never answers 404, and shows maintenance', async () => {
    const { output } = await h.script(['health Beta']);
    expect(output).toContain('🔴 12: at or over the threshold of 10 (to 3 numbers)');
    expect(output).toContain('never answered 404 in 700 attempts (flagged from 500)');
    expect(output).toContain('Beta: maintenance until');
    expect(output).toContain('router swap');
  });

  it('says so when a carrier has no data, without a chart', async () => {
    const { output } = await h.script(['health Gamma']);
    expect(output).toContain('No call data for Gamma yet');
    expect(saved(output)).toEqual([]);
    expect((await h.script(['health Nobody'])).output).toContain('No carrier named "Nobody"');
  });
});

describe('health', () => {
  it('lists every carrier, worst first', async () => {
    const { output } = await h.script(['health']);
    expect(output).toContain('Carrier health, last 24 h (UTC)');
    expect(output).toContain('3 carriers: 1 critical, 1 warning');
    const order = ['Beta', 'Acme', 'Gamma'].map((n) => output.indexOf(`\n${n} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(output).toMatch(/Beta\s+critical\s+100\s+90\.0 %\s+90\.0 %\s+1m 40s\s+12 \/ 10\s+0/);
  });

  it('takes a view alone, unless a carrier has that name, and shows the digest', async () => {
    expect((await h.script(['health monthly'])).output).toContain('Carrier health, last 12 months (UTC)');
    await h.script(['carrier add name=Daily sip_address=sip.daily.example']);
    expect((await h.script(['health daily'])).output).toContain('Daily: health, last 24 h (UTC)');
    const digest = (await h.script(['health digest'])).output;
    expect(digest).toContain('Daily carrier digest, 2026-09-20');
    expect(digest).toMatch(/Open incidents \(1\)\s+🟠 Acme: Low ASR/);
    expect(digest).toContain('Beta: maintenance until');
  });
});
