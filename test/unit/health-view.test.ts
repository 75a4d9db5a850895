// The figures `health` and the daily digest show: UTC buckets and windows, ASR / ACD / NER, top failure codes, the
// code-consistency and consecutive-failure verdicts, the overview's order and the digest's worst changes.
import { describe, expect, it } from 'vitest';
import type { CodeRow, HealthCounters, StatsRow } from '../../src/core/health/view-ports.ts';
import { changeLine, worstChanges } from '../../src/health/digest.ts';
import {
  addBuckets, bucketLabel, bucketStart, codeConsistency, failureRun, figuresOf, formatAcd, formatPct, formatPp, periodWindow, seriesOf, sumTotals,
  topFailureCodes, totalsByCarrier, NO_TOTALS,
} from '../../src/health/view-math.ts';
import { carrierHealthView, overviewState, rankOverview, rangeText, type OverviewRow } from '../../src/health/view.ts';

const at = (iso: string) => new Date(iso);
const stat = (iso: string, attempts: number, answered: number, billedSeconds = 0, failures = 0, carrierId = 'a'): StatsRow => ({ carrierId, at: at(iso), attempts, answered, failures, billedSeconds });
const code = (c: number, calls: number, carrierId = 'a', iso = '2026-09-20T10:00:00Z'): CodeRow => ({ carrierId, at: at(iso), code: c, calls });
const counters = (o: Partial<HealthCounters> = {}): HealthCounters => ({
  carrierId: 'a', consecutiveFailures: 0, failureNumbers: 0, connectsSinceFailure: 0, attempts: 1000, count200: 500, count404: 20, attemptsSince404: 10, last404At: null, lastEventAt: null, ...o,
});
const S = { no404Attempts: 500, contradictionNumbers: 3 };

describe('UTC buckets and windows', () => {
  it.each([
    ['2026-09-20T12:34:56.789Z', 'hour', '2026-09-20T12:00:00.000Z'],
    ['2026-09-20T00:00:00.000Z', 'hour', '2026-09-20T00:00:00.000Z'],
    ['2026-09-20T23:59:59.999Z', 'day', '2026-09-20T00:00:00.000Z'],
    ['2026-02-28T23:30:00Z', 'month', '2026-02-01T00:00:00.000Z'],
    ['2026-12-31T23:59:00Z', 'month', '2026-12-01T00:00:00.000Z'],
  ] as const)('bucketStart(%s, %s) is %s', (d, b, want) => {
    expect(bucketStart(at(d), b).toISOString()).toBe(want);
  });

  it('moves months by calendar month, across a year', () => {
    expect(addBuckets(at('2026-01-01T00:00:00Z'), 'month', -1).toISOString()).toBe('2025-12-01T00:00:00.000Z');
    expect(addBuckets(at('2026-11-01T00:00:00Z'), 'month', 3).toISOString()).toBe('2027-02-01T00:00:00.000Z');
  });

  it('live covers the current hour and the 23 before it', () => {
    const w = periodWindow('live', at('2026-09-20T12:34:00Z'));
    expect([w.since.toISOString(), w.until.toISOString(), w.keys.length, w.bucket]).toEqual(['2026-09-19T13:00:00.000Z', '2026-09-20T13:00:00.000Z', 24, 'hour']);
    expect(rangeText(w)).toBe('2026-09-19 13:00 – 2026-09-20 12:59 UTC');
    expect(bucketLabel(w.keys[0]!, 'hour')).toBe('13:00');
  });

  it('daily covers 30 days and monthly 12 months, ending with the current one', () => {
    const d = periodWindow('daily', at('2026-03-01T05:00:00Z'));
    expect([d.since.toISOString(), d.until.toISOString(), d.keys.length]).toEqual(['2026-01-31T00:00:00.000Z', '2026-03-02T00:00:00.000Z', 30]);
    expect(bucketLabel(d.keys[0]!, 'day')).toBe('01-31');
    const m = periodWindow('monthly', at('2026-03-15T05:00:00Z'));
    expect([m.since.toISOString(), m.until.toISOString(), m.keys.length]).toEqual(['2025-04-01T00:00:00.000Z', '2026-04-01T00:00:00.000Z', 12]);
    expect(m.keys.map((k) => bucketLabel(k, 'month')).slice(-3)).toEqual(['2026-01', '2026-02', '2026-03']);
    expect(rangeText(m)).toBe('2025-04 – 2026-03 UTC');
  });

  it('fills every bucket, folds finer rows into theirs, and leaves ASR out where there were no attempts', () => {
    const w = periodWindow('daily', at('2026-09-20T12:00:00Z'));
    const s = seriesOf(w, [stat('2026-09-20T01:00:00Z', 10, 5), stat('2026-09-20T23:00:00Z', 10, 2), stat('2026-09-18T00:00:00Z', 4, 4), stat('2026-01-01T00:00:00Z', 99, 99)]);
    expect(s.attempts.slice(-3)).toEqual([4, 0, 20]);
    expect(s.answered.slice(-3)).toEqual([4, 0, 7]);
    expect(s.asr.slice(-3)).toEqual([100, null, 35]);
    expect(s.attempts.reduce((a, b) => a + b)).toBe(24);
  });
});

describe('ASR, ACD and NER', () => {
  it('ASR = answered / attempts, ACD = billed / answered, NER = (answered + user-ended) / attempts', () => {
    const t = sumTotals([stat('2026-09-20T10:00:00Z', 150, 60, 5400, 40), stat('2026-09-20T11:00:00Z', 50, 20, 2000, 10)], [code(200, 80), code(486, 20), code(480, 10), code(487, 5), code(600, 2), code(603, 3), code(503, 60), code(404, 20)]);
    expect(t).toEqual({ attempts: 200, answered: 80, failures: 50, billedSeconds: 7400, userEnded: 40 });
    const f = figuresOf(t);
    expect(f.asr).toBe(0.4);
    expect(f.acd).toBe(92.5);
    expect(f.ner).toBe(0.6);
    expect([formatPct(f.asr), formatAcd(f.acd), formatPct(f.ner)]).toEqual(['40.0 %', '1m 33s', '60.0 %']);
  });

  it('has no figure without attempts (or ACD without answered calls)', () => {
    expect(figuresOf(NO_TOTALS)).toEqual({ asr: null, acd: null, ner: null });
    expect(figuresOf({ ...NO_TOTALS, attempts: 3 })).toEqual({ asr: 0, acd: null, ner: 0 });
    expect([formatPct(null), formatAcd(null), formatAcd(48.4), formatPp(-0.0312), formatPp(0.015)]).toEqual(['—', '—', '48s', '−3.1 pp', '+1.5 pp']);
  });

  it('sums per carrier', () => {
    const m = totalsByCarrier([stat('2026-09-20T10:00:00Z', 10, 5, 0, 0, 'a'), stat('2026-09-20T10:00:00Z', 4, 1, 0, 0, 'b')], [code(486, 2, 'b')]);
    expect(m.get('a')).toMatchObject({ attempts: 10, answered: 5, userEnded: 0 });
    expect(m.get('b')).toMatchObject({ attempts: 4, answered: 1, userEnded: 2 });
  });

  it('top failure codes: no 2xx, most calls first, share of attempts, user codes marked', () => {
    const top = topFailureCodes([code(200, 50), code(503, 10), code(503, 5, 'a', '2026-09-20T11:00:00Z'), code(486, 15), code(0, 3), code(404, 15), code(181, 0)], 100, 3);
    expect(top).toEqual([
      { code: 404, calls: 15, share: 0.15, user: false },
      { code: 486, calls: 15, share: 0.15, user: true },
      { code: 503, calls: 15, share: 0.15, user: false },
    ]);
    expect(topFailureCodes([code(0, 3)], 10)[0]).toMatchObject({ code: 0, calls: 3 });
  });
});

describe('verdicts', () => {
  it.each([
    ['no counters', undefined, undefined, 'unknown', 'insufficient data: no call with a SIP code yet'],
    ['no 404 yet', counters({ attempts: 120, count404: 0, attemptsSince404: 120 }), undefined, 'unknown', 'insufficient data: no 404 yet (120 of 500 attempts before "never 404")'],
    ['never a 404', counters({ attempts: 800, count404: 0, attemptsSince404: 800 }), undefined, 'warn', 'never answered 404 in 800 attempts (flagged from 500)'],
    ['no 404 lately', counters({ attemptsSince404: 650 }), undefined, 'warn', 'no 404 in the last 650 attempts (flagged from 500)'],
    ['contradicted', counters(), { carrierId: 'a', numbers: 3, calls: 4 }, 'bad', '404 on 3 numbers another carrier connected within the hour (4 calls; 3 flag it)'],
    ['one contradiction', counters(), { carrierId: 'a', numbers: 1, calls: 1 }, 'warn', '404 on 1 number another carrier connected within the hour (1 call; 3 flag it)'],
    ['consistent', counters(), undefined, 'ok', 'consistent: 404 on 20 of 1,000 attempts (2.0 %), 200 on 500'],
  ] as const)('code consistency: %s', (_name, h, con, level, text) => {
    expect(codeConsistency(h, con, S)).toEqual({ level, text });
  });

  it('consecutive failures against the threshold', () => {
    expect(failureRun(undefined, 10)).toEqual({ level: 'unknown', text: 'no calls yet (alert at 10)' });
    expect(failureRun(counters({ connectsSinceFailure: 4 }), 10)).toEqual({ level: 'ok', text: '0 (alert at 10); 4 connected calls since the last failure' });
    expect(failureRun(counters({ consecutiveFailures: 3 }), 10)).toEqual({ level: 'warn', text: '3 (alert at 10)' });
    expect(failureRun(counters({ consecutiveFailures: 12, failureNumbers: 4 }), 10)).toEqual({ level: 'bad', text: '12: at or over the threshold of 10 (to 4 numbers)' });
  });
});

describe('the views', () => {
  const base = { carrier: { id: 'a', name: 'Acme', status: 'active' }, now: at('2026-09-20T12:30:00Z'), threshold: 10, settings: S, alerts: [], windows: [] };

  it('says when a carrier has no data at all, and draws no chart', () => {
    const v = carrierHealthView({ ...base, window: periodWindow('live', base.now), stats: [], codes: [] });
    expect(v.chart).toBeNull();
    expect(v.reply.text).toContain('No call data for Acme yet');
    expect(v.reply.fields!.map((f) => f.label)).toEqual(['Open alerts (0)']);
  });

  it('says when the window is empty but the carrier has history', () => {
    const v = carrierHealthView({ ...base, window: periodWindow('live', base.now), stats: [], codes: [], counters: counters() });
    expect(v.reply.text).toContain('No calls through Acme in the last 24 h');
    expect(v.reply.fields!.map((f) => f.label)).toContain('Code consistency (200 vs 404)');
  });

  it('builds the chart spec from the window', () => {
    const v = carrierHealthView({ ...base, window: periodWindow('live', base.now), stats: [stat('2026-09-20T12:00:00Z', 10, 4, 400)], codes: [code(503, 6, 'a', '2026-09-20T12:00:00Z')], counters: counters() });
    expect(v.chart).toMatchObject({ title: 'Acme: calls and ASR, last 24 h (UTC)', xName: 'hour (UTC)' });
    expect(v.chart!.labels).toHaveLength(24);
    expect([v.chart!.attempts.at(-1), v.chart!.answered.at(-1), v.chart!.asr.at(-1), v.chart!.asr[0]]).toEqual([10, 4, 40, null]);
    expect(v.reply.fields!.find((f) => f.label === 'Top failure codes')!.value).toBe('503 Service Unavailable: 6 (60.0 %)');
    expect(v.reply.banner).toEqual({ tone: 'ok', text: 'no open alerts' });
  });

  it('orders the overview worst first', () => {
    const row = (name: string, o: Partial<OverviewRow> = {}, attempts = 100, answered = 50): OverviewRow => ({
      carrier: { id: name, name, status: 'active' }, totals: { ...NO_TOTALS, attempts, answered }, threshold: 10, alerts: [], inMaintenance: false, ...o,
    });
    const rows = [
      row('Quiet', {}, 0, 0),
      row('Good', {}, 100, 90),
      row('Off', { carrier: { id: 'x', name: 'Off', status: 'inactive' } }),
      row('Poor', {}, 100, 20),
      row('Warned', { alerts: [{ severity: 'warning' }] }),
      row('Failing', { counters: counters({ consecutiveFailures: 11 }) }, 100, 90),
      row('Fixing', { inMaintenance: true }),
    ];
    expect(rankOverview(rows).map((r) => `${r.carrier.name}:${overviewState(r)}`)).toEqual(['Failing:critical', 'Warned:warning', 'Fixing:maintenance', 'Poor:ok', 'Good:ok', 'Quiet:no calls', 'Off:inactive']);
  });
});

describe('the digest', () => {
  const carriers = ['A', 'B', 'C', 'D', 'E'].map((id) => ({ id, name: `Carrier ${id}`, status: 'active' as const, syncStatus: 'synced' as const, syncError: null, syncNote: null, driftAt: null, driftNote: null }));
  const t = (attempts: number, answered: number, userEnded = 0) => ({ ...NO_TOTALS, attempts, answered, userEnded });

  it('lists carriers whose NER or ASR fell, silent ones first, with minimum volume both days', () => {
    const today = new Map([['A', t(100, 30, 50)], ['B', t(100, 50, 45)], ['C', t(100, 60, 30)], ['E', t(10, 0)]]);
    const before = new Map([['A', t(100, 40, 50)], ['B', t(100, 50, 45)], ['C', t(100, 50, 30)], ['D', t(80, 40)], ['E', t(100, 50)]]);
    const changes = worstChanges({ carriers, today, before, minAttempts: 50 });
    expect(changes.map((c) => c.carrier)).toEqual(['Carrier D', 'Carrier A']);
    expect(changeLine(changes[0]!)).toBe('📉 Carrier D: no calls in the last 24 h (80 the day before)');
    expect(changeLine(changes[1]!)).toBe('📉 Carrier A: NER 80.0 % (−10.0 pp), ASR 30.0 % (−10.0 pp), 100 calls (100 the day before)');
  });
});
