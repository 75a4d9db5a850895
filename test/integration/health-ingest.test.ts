// The call-event pipeline against the database: counters updated as events arrive (one statement per table per
// batch), replays changing nothing, bad events refused one by one with the good ones kept, unknown carriers reported,
// concurrent batches adding up, and code contradictions across carriers.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingestCallEvents, storeCallEvents, type RawCallEvent } from '../../src/health/ingest.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const T0 = Date.parse('2026-05-01T10:00:00Z');
let h: Harness;
let ids: Record<string, string>;
let seq = 0;

beforeAll(async () => {
  h = await createHarness();
  const names = ['Acme', 'Beta', 'Gamma', 'Delta', 'Omega', 'Twin'];
  await h.script(names.map((n) => `carrier add name=${n} sip_address=sip.${n.toLowerCase()}.example`));
  ids = Object.fromEntries((await h.db.query('select id, name from carriers')).map((r) => [r.name as string, r.id as string]));
  await h.db.query("update carriers set outbound_trunk_id = 'ST_gammaOut1', inbound_trunk_id = 'ST_gammaIn1' where name = 'Gamma'");
});
afterAll(async () => {
  await h?.close();
});

/** An event ending `minute` minutes after 10:00 UTC; 2xx calls answered 10 s after the start, 30.2 s before the end. */
function ev(carrier: string, code: number | null, opts: { number?: string; minute?: number; id?: string; direction?: string } = {}) {
  const end = T0 + (opts.minute ?? seq) * 60_000;
  const answered = code !== null && code >= 200 && code < 300;
  return {
    call_id: opts.id ?? `call-${seq++}`,
    carrier,
    number: opts.number ?? '+14155550100',
    direction: opts.direction ?? 'outbound',
    sip_code: code,
    started_at: new Date(end - 40_200).toISOString(),
    ...(answered ? { answered_at: new Date(end - 30_200).toISOString() } : {}),
    ended_at: new Date(end).toISOString(),
  };
}

const raw = (events: unknown[]): RawCallEvent[] => events.map((value, index) => ({ at: { index }, value }));
const ingest = (events: unknown[]) => ingestCallEvents(h.app.store, raw(events), { source: 'api', now: NOW });
/** The carrier's health row; the bigint counts as numbers (postgres.js returns int8 as text). */
const health = async (carrier: string) =>
  (
    await h.db.query(
      `select h.*, h.attempts::int as attempts, h.count_200::int as count_200, h.count_404::int as count_404, h.attempts_since_404::int as attempts_since_404
       from carrier_health h join carriers c on c.id = h.carrier_id where c.name = $1`,
      [carrier],
    )
  )[0];
const snapshot = async () => ({
  health: await h.db.query('select * from carrier_health order by carrier_id'),
  stats: await h.db.query('select * from carrier_stats_hourly order by carrier_id, hour'),
  codes: await h.db.query('select * from carrier_codes_hourly order by carrier_id, hour, code'),
  contradictions: await h.db.query('select * from code_contradictions order by carrier_id, call_id'),
  events: await h.db.query('select count(*)::int as n from call_events'),
});

describe('counters as events arrive', () => {
  it('keeps the run, its numbers, the connects since, the 200/404 counts and the recent calls', async () => {
    const r = await ingest([
      ev('Acme', 200, { number: '+14155550100' }),
      ev('Acme', 503, { number: '+14155550101' }),
      ev('Acme', 486, { number: '+14155550102' }),
      ev('Acme', 404, { number: '+14155550103' }),
      ev('Acme', null, { number: '+14155550101' }),
    ]);
    expect(r).toEqual({ accepted: 5, duplicates: 0, rejected: [], unknownCarriers: [] });
    const row = await health('Acme');
    expect(row).toMatchObject({
      consecutive_failures: 3,
      failure_numbers: ['+14155550101', '+14155550103'],
      connects_since_failure: 0,
      attempts: 4,
      count_200: 1,
      count_404: 1,
      attempts_since_404: 0,
    });
    expect(new Date(row!.last_404_at as string).toISOString()).toBe(new Date(T0 + 3 * 60_000).toISOString());
    expect((row!.recent_calls as { code: number }[]).map((c) => c.code)).toEqual([0, 404, 486, 503, 200]);
    // A connect in the next batch resets the run; user codes after it change nothing.
    await ingest([ev('Acme', 200), ev('Acme', 603), ev('Acme', 200)]);
    expect(await health('Acme')).toMatchObject({ consecutive_failures: 0, failure_numbers: [], connects_since_failure: 2, attempts: 7, count_200: 3, attempts_since_404: 3 });
  });

  it('one batch or one event per batch: the same stored state', async () => {
    const codes = [503, 200, 404, 503, 486, 503, null, 200, 480, 503, 500, 404];
    const numbers = ['+14155550100', '+14155550101', '+14155550102'];
    const make = (carrier: string) => codes.map((c, i) => ev(carrier, c, { number: numbers[i % 3], minute: i, id: `${carrier}-same-${i}` }));
    await ingest(make('Beta'));
    for (const e of make('Delta')) await ingest([e]);
    const strip = (row: Record<string, unknown> | undefined) => {
      const { carrier_id: _c, updated_at: _u, recent_calls, ...rest } = row!;
      return { ...rest, recent: (recent_calls as { callId: string; code: number }[]).map((c) => [c.callId.replace(/^\w+-/, ''), c.code]) };
    };
    expect(strip(await health('Delta'))).toEqual(strip(await health('Beta')));
    expect(await health('Beta')).toMatchObject({ consecutive_failures: 3, failure_numbers: ['+14155550100', '+14155550101', '+14155550102'], attempts: 11, count_404: 2 });
  });

  it("uses the carrier's own ignored codes", async () => {
    await h.db.query("update carriers set health_ignored_codes = '{404}' where name = 'Omega'");
    await ingest([ev('Omega', 503), ev('Omega', 404), ev('Omega', 486)]);
    expect(await health('Omega')).toMatchObject({ consecutive_failures: 2, count_404: 1 });
  });

  it('rolls calls up per UTC hour: attempts, answered, failures, billed seconds and per-code counts', async () => {
    await ingest([ev('Twin', 200, { minute: 5 }), ev('Twin', 200, { minute: 6 }), ev('Twin', 487, { minute: 7 }), ev('Twin', 503, { minute: 65 }), ev('Twin', null, { minute: 66 })]);
    await ingest([ev('Twin', 503, { minute: 8 })]);
    const stats = await h.db.query('select hour, attempts, answered, failures, billed_seconds from carrier_stats_hourly where carrier_id = $1 order by hour', [ids.Twin]);
    expect(stats.map((s) => ({ ...s, hour: new Date(s.hour as string).toISOString(), billed_seconds: Number(s.billed_seconds) }))).toEqual([
      { hour: '2026-05-01T10:00:00.000Z', attempts: 4, answered: 2, failures: 1, billed_seconds: 62 },
      { hour: '2026-05-01T11:00:00.000Z', attempts: 2, answered: 0, failures: 2, billed_seconds: 0 },
    ]);
    const codes = await h.db.query('select extract(hour from hour at time zone \'UTC\')::int as h, code, calls from carrier_codes_hourly where carrier_id = $1 order by hour, code', [ids.Twin]);
    expect(codes).toEqual([
      { h: 10, code: 200, calls: 2 },
      { h: 10, code: 487, calls: 1 },
      { h: 10, code: 503, calls: 1 },
      { h: 11, code: 0, calls: 1 },
      { h: 11, code: 503, calls: 1 },
    ]);
  });

  it('stores inbound calls without counting them', async () => {
    const before = await health('Gamma');
    const r = await ingest([ev('Gamma', 503, { direction: 'inbound' })]);
    expect(r.accepted).toBe(1);
    expect(await health('Gamma')).toEqual(before);
  });
});

describe('ingestion', () => {
  it('a replay of the same batch changes nothing', async () => {
    const batch = [ev('Acme', 503), ev('Beta', 200), ev('Acme', 404, { number: '+14155550199' }), ev('Beta', 200, { number: '+14155550199' })];
    const first = await ingest(batch);
    expect(first.accepted).toBe(4);
    const before = await snapshot();
    expect(await ingest(batch)).toEqual({ accepted: 0, duplicates: 4, rejected: [], unknownCarriers: [] });
    expect(await snapshot()).toEqual(before);
  });

  it('refuses malformed events one by one with their reasons and keeps the good ones', async () => {
    const r = await ingest([ev('Acme', 200, { id: 'ok-1' }), { ...ev('Acme', 200), sip_code: 'busy', number: 'x' }, 'junk', ev('Acme', 503, { id: 'ok-2' }), { ...ev('Acme', 503), call_id: '' }]);
    expect(r.accepted).toBe(2);
    expect(r.rejected).toEqual([
      { at: { index: 1 }, callId: expect.any(String), errors: [expect.stringMatching(/^number: /), expect.stringMatching(/^sip_code: /)] },
      { at: { index: 2 }, callId: undefined, errors: [expect.stringMatching(/^event: use a JSON object/)] },
      { at: { index: 4 }, callId: undefined, errors: ['call_id: required: the call id (unique per call)'] },
    ]);
    expect(await h.db.query("select call_id from call_events where call_id in ('ok-1', 'ok-2') order by call_id")).toEqual([{ call_id: 'ok-1' }, { call_id: 'ok-2' }]);
  });

  it('reports unknown carriers, with how many events named each, and stores the rest', async () => {
    const r = await ingest([ev('Nobody', 503, { id: 'u-1' }), ev('acme', 503, { id: 'u-2' }), ev('Nobody', 200, { id: 'u-3' }), ev('ST_unknownTrunk', 503, { id: 'u-4' })]);
    expect(r.accepted).toBe(1);
    expect(r.unknownCarriers).toEqual([
      { carrier: 'Nobody', events: 2 },
      { carrier: 'ST_unknownTrunk', events: 1 },
    ]);
    expect(r.rejected.map((x) => [x.callId, x.errors[0]])).toEqual([
      ['u-1', 'carrier: no carrier has the id, name or LiveKit trunk id "Nobody"'],
      ['u-3', 'carrier: no carrier has the id, name or LiveKit trunk id "Nobody"'],
      ['u-4', 'carrier: no carrier has the id, name or LiveKit trunk id "ST_unknownTrunk"'],
    ]);
  });

  it('a batch naming thousands of different carriers is looked up in slices (under the parameter limit)', async () => {
    const r = await ingest([...Array.from({ length: 25_000 }, (_, i) => ev(`Ghost ${i}`, 503, { id: `ghost-${i}` })), ev('Acme', 503, { id: 'ghost-ok' })]);
    expect(r.accepted).toBe(1);
    expect(r.unknownCarriers).toHaveLength(25_000);
    expect(r.rejected).toHaveLength(25_000);
  });

  it('finds the carrier by id, by name in any case, or by a LiveKit trunk id (kept on the event)', async () => {
    const r = await ingest([ev(ids.Gamma!, 503, { id: 'g-1' }), ev('GAMMA', 503, { id: 'g-2' }), ev('ST_gammaOut1', 503, { id: 'g-3' }), ev('ST_gammaIn1', 200, { id: 'g-4', direction: 'inbound' })]);
    expect(r.accepted).toBe(4);
    const rows = await h.db.query("select call_id, carrier_id, trunk_id, source, outcome from call_events where call_id like 'g-%' order by call_id");
    expect(rows.map((x) => [x.call_id, x.carrier_id === ids.Gamma, x.trunk_id, x.source, x.outcome])).toEqual([
      ['g-1', true, null, 'api', 'failed'],
      ['g-2', true, null, 'api', 'failed'],
      ['g-3', true, 'ST_gammaOut1', 'api', 'failed'],
      ['g-4', true, 'ST_gammaIn1', 'api', 'answered'],
    ]);
  });

  it('stores the times to the millisecond, and the number normalised', async () => {
    const e = { ...ev('Acme', 200, { id: 'ms-1' }), number: '+1 (415) 555-0100'.replace(/[()]/g, ''), started_at: '2026-05-01T10:00:00.001Z', answered_at: '2026-05-01T12:00:00.999+02:00', ended_at: '2026-05-01T10:01:30.123Z' };
    expect((await ingest([e])).accepted).toBe(1);
    const [row] = await h.db.query("select number, to_char(started_at at time zone 'UTC', 'HH24:MI:SS.MS') as s, to_char(answered_at at time zone 'UTC', 'HH24:MI:SS.MS') as a, to_char(ended_at at time zone 'UTC', 'HH24:MI:SS.MS') as e from call_events where call_id = 'ms-1'");
    expect(row).toEqual({ number: '+14155550100', s: '10:00:00.001', a: '10:00:00.999', e: '10:01:30.123' });
  });

  it('a call id repeated in one batch is stored and counted once', async () => {
    const before = Number((await health('Beta'))!.attempts);
    const e = ev('Beta', 503, { id: 'twice' });
    expect(await ingest([e, e])).toMatchObject({ accepted: 1, duplicates: 1 });
    expect(Number((await health('Beta'))!.attempts)).toBe(before + 1);
  });

  it('concurrent batches add up, and the same batch sent twice at once counts once', async () => {
    await h.script(['carrier add name=Busy1 sip_address=sip.busy1.example', 'carrier add name=Busy2 sip_address=sip.busy2.example']);
    const batches = Array.from({ length: 6 }, (_, b) => Array.from({ length: 50 }, (_, i) => ev(i % 2 ? 'Busy1' : 'Busy2', i % 5 ? 503 : 200, { id: `conc-${b}-${i}`, minute: i })));
    const results = await Promise.all([...batches, batches[0]!].map((batch) => ingest(batch)));
    expect(results.reduce((n, r) => n + r.accepted, 0)).toBe(300);
    const rows = await h.db.query("select c.name, h.attempts, h.count_200 from carrier_health h join carriers c on c.id = h.carrier_id where c.name like 'Busy%' order by c.name");
    expect(rows.map((r) => [r.name, Number(r.attempts), Number(r.count_200)])).toEqual([
      ['Busy1', 150, 30],
      ['Busy2', 150, 30],
    ]);
    const stats = await h.db.query("select sum(attempts)::int as n from carrier_stats_hourly s join carriers c on c.id = s.carrier_id where c.name like 'Busy%'");
    expect(stats[0]!.n).toBe(300);
  });

  it('stores a LiveKit-style event (no code, an outcome) through the same pipeline', async () => {
    await h.script(['carrier add name=Kit sip_address=sip.kit.example']);
    const base = { carrierId: (await h.app.store.carriers.findByName('Kit'))!.id, number: '+14155550100', direction: 'outbound' as const, sipCode: null, disconnectReason: 'USER_UNAVAILABLE', trunkId: 'ST_x', source: 'livekit' as const, startedAt: null, answeredAt: null };
    await storeCallEvents(h.app.store, [{ ...base, callId: 'lk-1', outcome: 'failed', endedAt: new Date(T0) }]);
    await storeCallEvents(h.app.store, [{ ...base, callId: 'lk-2', outcome: 'unavailable', endedAt: new Date(T0 + 1000) }]);
    expect(await health('Kit')).toMatchObject({ consecutive_failures: 1, attempts: 0 });
    await storeCallEvents(h.app.store, [{ ...base, callId: 'lk-3', outcome: 'answered', endedAt: new Date(T0 + 2000) }]);
    expect(await health('Kit')).toMatchObject({ consecutive_failures: 0, connects_since_failure: 1 });
  });
});

describe('code contradictions', () => {
  const rows = async (number: string) =>
    (await h.db.query('select c.name as carrier, b.name as connected_by, x.call_id from code_contradictions x join carriers c on c.id = x.carrier_id join carriers b on b.id = x.connected_by where x.number = $1 order by x.call_id', [number])).map(
      (r) => [r.carrier, r.connected_by, r.call_id],
    );

  it('a 404 after another carrier connected the number, within the hour', async () => {
    await ingest([ev('Beta', 200, { number: '+15550001001', minute: 0, id: 'k1-ok' })]);
    await ingest([ev('Acme', 404, { number: '+15550001001', minute: 30, id: 'k1-404' })]);
    expect(await rows('+15550001001')).toEqual([['Acme', 'Beta', 'k1-404']]);
  });

  it('a connect after another carrier 404d the number (either order), and both in one batch', async () => {
    await ingest([ev('Acme', 404, { number: '+15550001002', minute: 10, id: 'k2-404' })]);
    await ingest([ev('Beta', 200, { number: '+15550001002', minute: 50, id: 'k2-ok' })]);
    expect(await rows('+15550001002')).toEqual([['Acme', 'Beta', 'k2-404']]);
    await ingest([ev('Beta', 404, { number: '+15550001003', minute: 10, id: 'k3-404' }), ev('Gamma', 200, { number: '+15550001003', minute: 20, id: 'k3-ok' })]);
    expect(await rows('+15550001003')).toEqual([['Beta', 'Gamma', 'k3-404']]);
  });

  it('not beyond an hour, not the same carrier, not an inbound call, not a failed call', async () => {
    await ingest([ev('Beta', 200, { number: '+15550001004', minute: 0, id: 'k4-ok' }), ev('Acme', 404, { number: '+15550001004', minute: 61, id: 'k4-404' })]);
    await ingest([ev('Acme', 200, { number: '+15550001005', minute: 0, id: 'k5-ok' }), ev('Acme', 404, { number: '+15550001005', minute: 5, id: 'k5-404' })]);
    await ingest([ev('Beta', 200, { number: '+15550001006', minute: 0, id: 'k6-ok', direction: 'inbound' }), ev('Acme', 404, { number: '+15550001006', minute: 5, id: 'k6-404' })]);
    await ingest([ev('Beta', 503, { number: '+15550001007', minute: 0, id: 'k7-fail' }), ev('Acme', 404, { number: '+15550001007', minute: 5, id: 'k7-404' })]);
    for (const n of ['+15550001004', '+15550001005', '+15550001006', '+15550001007']) expect(await rows(n)).toEqual([]);
  });
});
