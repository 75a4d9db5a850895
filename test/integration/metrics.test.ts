// GET /metrics over real HTTP: the Prometheus text format, commands by path and outcome (through the real dispatcher),
// a LiveKit sync outcome (against the fake LiveKit), job runs and durations (through the real scheduler), call events,
// the open-alerts gauge read from the alerts table at scrape time, and METRICS_TOKEN.
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { metricsRoutes } from '../../src/http/metrics.ts';
import { startHttp, type HttpServer } from '../../src/http/server.ts';
import { startScheduler } from '../../src/jobs/scheduler.ts';
import { metrics } from '../../src/metrics.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const TOKEN = 'metrics-token-0123456789abcdef';
let h: Harness;
let livekit: FakeLiveKit;
let guarded: HttpServer;
let open: HttpServer;

beforeAll(async () => {
  livekit = await startFakeLiveKit();
  h = await createHarness({ LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret });
  const openAlerts = () => h.app.store.healthView.openAlertCounts();
  guarded = await startHttp(0, metricsRoutes({ token: TOKEN, metrics, openAlerts }), h.logger);
  open = await startHttp(0, metricsRoutes({ metrics, openAlerts }), h.logger);
});
afterAll(async () => {
  await guarded?.close();
  await open?.close();
  await h?.close();
  await livekit?.close();
});

const scrape = async (server = guarded, token: string | null = TOKEN) => {
  const res = await fetch(`http://127.0.0.1:${server.port}/metrics`, token ? { headers: { authorization: `Bearer ${token}` } } : {});
  return { status: res.status, type: res.headers.get('content-type'), auth: res.headers.get('www-authenticate'), text: await res.text() };
};

/** The value of one sample line (`name{labels} value`), or undefined. */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('GET /metrics', () => {
  it('asks for the bearer token when METRICS_TOKEN is set, and is open when it is not', async () => {
    expect(await scrape(guarded, null)).toMatchObject({ status: 401, auth: 'Bearer realm="trunkops"' });
    const wrong = await scrape(guarded, 'not-the-token-at-all');
    expect(wrong).toMatchObject({ status: 401, auth: 'Bearer realm="trunkops", error="invalid_token"' });
    expect(wrong.text).not.toContain('trunkops_');
    expect((await scrape(open, null)).status).toBe(200);
  });

  it('serves every metric in the Prometheus text format', async () => {
    await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier show Nobody', 'health', 'health']);
    const r = await scrape();
    expect(r.status).toBe(200);
    expect(r.type).toBe('text/plain; version=0.0.4; charset=utf-8');
    for (const [name, type] of [
      ['trunkops_commands_total', 'counter'],
      ['trunkops_command_duration_seconds', 'histogram'],
      ['trunkops_errors_total', 'counter'],
      ['trunkops_sync_outcomes_total', 'counter'],
      ['trunkops_call_events_total', 'counter'],
      ['trunkops_job_runs_total', 'counter'],
      ['trunkops_job_duration_seconds', 'histogram'],
      ['trunkops_alerts_open', 'gauge'],
      ['trunkops_database_up', 'gauge'],
      ['process_cpu_seconds_total', 'counter'],
    ]) {
      expect(r.text).toContain(`# TYPE ${name} ${type}\n`);
      expect(r.text).toMatch(new RegExp(`# HELP ${name} \\S`));
    }
    // Every other line is one sample: a name, optional labels, a number.
    const samples = r.text.split('\n').filter((l) => l && !l.startsWith('#'));
    expect(samples.filter((l) => !/^[a-zA-Z_:][a-zA-Z0-9_:]*(\{([a-zA-Z_][a-zA-Z0-9_]*="[^"]*",?)*\})? (-?[0-9.e+-]+|NaN|[+-]Inf)$/.test(l))).toEqual([]);

    expect(sample(r.text, 'trunkops_commands_total{command="carrier add",outcome="ok"}')).toBe(1);
    expect(sample(r.text, 'trunkops_commands_total{command="carrier show",outcome="user_error"}')).toBe(1);
    expect(sample(r.text, 'trunkops_commands_total{command="health",outcome="ok"}')).toBe(2);
    expect(sample(r.text, 'trunkops_command_duration_seconds_count{command="health"}')).toBe(2);
    expect(sample(r.text, 'trunkops_database_up')).toBe(1);
  });

  it('labels a command by its path, never by the words typed', async () => {
    await h.script(['nonsense with words', 'carrier frobnicate']);
    const r = await scrape();
    expect(sample(r.text, 'trunkops_commands_total{command="unknown",outcome="user_error"}')).toBe(2);
    expect(r.text).not.toContain('nonsense');
  });

  it('counts LiveKit sync outcomes, job runs with their durations, and call events', async () => {
    await h.script(['carrier sync Acme']);
    const scheduler = startScheduler(
      [
        { name: 'probe', schedule: null, leaseMs: 10_000, run: async () => 'done' },
        { name: 'broken', schedule: null, leaseMs: 10_000, run: async () => Promise.reject(new Error('boom')) },
      ],
      { store: h.app.store, logger: h.logger },
    );
    expect(await scheduler.runNow('probe')).toBe('done');
    await expect(scheduler.runNow('broken')).rejects.toThrow('boom');
    await scheduler.stop();
    metrics.eventsIngested('api', { accepted: 7, duplicates: 2, rejected: 0 });

    const r = await scrape();
    // Acme has no outbound number yet: LiveKit sync records it pending.
    expect(sample(r.text, 'trunkops_sync_outcomes_total{status="pending"}')).toBeGreaterThanOrEqual(1);
    expect(sample(r.text, 'trunkops_job_runs_total{job="probe",outcome="ok"}')).toBe(1);
    expect(sample(r.text, 'trunkops_job_runs_total{job="broken",outcome="error"}')).toBe(1);
    expect(sample(r.text, 'trunkops_job_duration_seconds_count{job="probe"}')).toBe(1);
    expect(sample(r.text, 'trunkops_errors_total{component="job"}')).toBe(1);
    expect(sample(r.text, 'trunkops_call_events_total{source="api",result="accepted"}')).toBe(7);
    expect(sample(r.text, 'trunkops_call_events_total{source="api",result="duplicate"}')).toBe(2);
    expect(r.text).not.toContain('result="rejected"');
  });

  it('reads open alerts from the alerts table at scrape time', async () => {
    const before = await scrape();
    expect(sample(before.text, 'trunkops_alerts_open{severity="critical",state="open"}')).toBe(0);
    const carrier = String((await h.db.query(`select id from carriers where name = 'Acme'`))[0]!.id);
    const at = new Date().toISOString();
    for (const [kind, severity, state] of [['consecutive_failures', 'critical', 'open'], ['asr', 'warning', 'acked'], ['sync', 'warning', 'resolved']]) {
      await h.db.query(
        `insert into alerts (id, key, kind, carrier_id, severity, state, title, opened_at, updated_at, last_true_at) values ($1, $2, $3, $4, $5, $6, 't', $7::timestamptz, $7::timestamptz, $7::timestamptz)`,
        [randomUUID(), `${kind}:${carrier}`, kind, carrier, severity, state, at],
      );
    }
    const after = await scrape();
    expect(sample(after.text, 'trunkops_alerts_open{severity="critical",state="open"}')).toBe(1);
    expect(sample(after.text, 'trunkops_alerts_open{severity="warning",state="acked"}')).toBe(1);
    expect(sample(after.text, 'trunkops_alerts_open{severity="warning",state="open"}')).toBe(0);
    expect(after.text).not.toContain('state="resolved"');
  });
});
