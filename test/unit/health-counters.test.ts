// The carrier health counters against tables of call sequences: what the run, the numbers, the 200/404 counts and the
// hourly rollups must be after each sequence — and the same however the sequence is cut into batches.
import { describe, expect, it } from 'vitest';
import { ignoredCodes, outcomeOfCode } from '../../src/core/health/classify.ts';
import { advanceHealth, billedSeconds, byEndTime, EMPTY_HEALTH, rollups, type CountedCall } from '../../src/core/health/counters.ts';
import type { HealthState } from '../../src/core/health/ports.ts';

const T0 = Date.parse('2026-05-01T10:00:00Z');
let seq = 0;

/** A call ending `minute` minutes after 10:00 UTC; code null = no final response. */
function call(code: number | null, number = '+14155550100', minute = seq, extra: Partial<CountedCall> = {}): CountedCall {
  const n = seq++;
  const endedAt = new Date(T0 + minute * 60_000);
  const connected = code !== null && code >= 200 && code < 300;
  return {
    callId: `c${String(n).padStart(4, '0')}`,
    number,
    sipCode: code,
    outcome: outcomeOfCode(code),
    startedAt: new Date(endedAt.getTime() - 90_000),
    answeredAt: connected ? new Date(endedAt.getTime() - 60_500) : null,
    endedAt,
    ...extra,
  };
}

const defaults = ignoredCodes(null);
const run = (calls: CountedCall[], ignored = defaults, prev: HealthState = EMPTY_HEALTH) => advanceHealth(prev, [...calls].sort(byEndTime), ignored);
const A = '+14155550100';
const B = '+14155550101';
const C = '+14155550102';

describe('consecutive failures', () => {
  it.each([
    ['a connect resets the run', [503, 503, 200, 503], { consecutiveFailures: 1, connectsSinceFailure: 0 }],
    ['connects after the last failure are counted', [503, 200, 200], { consecutiveFailures: 0, connectsSinceFailure: 2 }],
    ['user codes neither count nor reset', [503, 486, 480, 487, 600, 603, 503], { consecutiveFailures: 2, connectsSinceFailure: 0 }],
    ['a user code after a connect keeps the connects', [200, 486, 200], { consecutiveFailures: 0, connectsSinceFailure: 2 }],
    ['no final response is a failure', [null, null], { consecutiveFailures: 2, connectsSinceFailure: 0 }],
    ['404 and 5xx count', [404, 500, 502, 503, 504, 408], { consecutiveFailures: 6, connectsSinceFailure: 0 }],
    ['a failure after connects zeroes them', [200, 200, 503], { consecutiveFailures: 1, connectsSinceFailure: 0 }],
  ] as const)('%s', (_name, codes, expected) => {
    expect(run(codes.map((c) => call(c)))).toMatchObject(expected);
  });

  it("the carrier's own ignored list decides what counts", () => {
    expect(run([call(503), call(486)], ignoredCodes([])).consecutiveFailures).toBe(2);
    expect(run([call(503), call(404)], ignoredCodes([404])).consecutiveFailures).toBe(1);
  });

  it('tracks the distinct numbers of the current run, in order, and forgets them on a connect', () => {
    expect(run([call(503, A), call(503, A), call(503, B)]).failureNumbers).toEqual([A, B]);
    expect(run([call(503, A), call(200, C), call(503, B), call(486, C), call(503, B)]).failureNumbers).toEqual([B]);
    expect(run([call(503, A), call(200, C)]).failureNumbers).toEqual([]);
    const many = Array.from({ length: 30 }, (_, i) => call(503, `+1415555${String(i).padStart(4, '0')}`));
    const s = run(many);
    expect(s.consecutiveFailures).toBe(30);
    expect(s.failureNumbers).toHaveLength(20);
    expect(s.failureNumbers[0]).toBe('+14155550000');
  });

  it('applies a batch in end-time order, whatever order it arrived in', () => {
    const fail = call(503, A, 5);
    const connect = call(200, B, 1);
    expect(advanceHealth(EMPTY_HEALTH, [fail, connect].sort(byEndTime), defaults)).toMatchObject({ consecutiveFailures: 1, failureNumbers: [A] });
  });
});

describe('code consistency', () => {
  it('counts attempts, 2xx answers, 404s and attempts since the last 404, for calls with a code', () => {
    const s = run([call(200, A, 1), call(404, A, 2), call(503, A, 3), call(202, A, 4), call(null, A, 5), call(486, A, 6)]);
    expect(s).toMatchObject({ attempts: 5, count200: 2, count404: 1, attemptsSince404: 3 });
    expect(s.last404At?.toISOString()).toBe('2026-05-01T10:02:00.000Z');
  });

  it('a carrier that never returned a 404 has every attempt since', () => {
    expect(run([call(200), call(200), call(503)])).toMatchObject({ attempts: 3, count404: 0, attemptsSince404: 3, last404At: null });
  });

  it('LiveKit calls (no code) move the run but not the code counts', () => {
    const lk = (outcome: CountedCall['outcome']) => call(null, A, seq, { outcome });
    const s = run([lk('failed'), lk('unknown'), lk('unavailable'), lk('answered')]);
    expect(s).toMatchObject({ attempts: 0, count200: 0, consecutiveFailures: 0, connectsSinceFailure: 1 });
  });
});

describe('recent calls', () => {
  it('keeps the newest 20 by end time, newest first, with code 0 for none', () => {
    const first = run(Array.from({ length: 15 }, (_, i) => call(503, A, i)));
    const late = call(null, B, 12.5); // arrives later, ended earlier
    const s = run([...Array.from({ length: 10 }, (_, i) => call(200, C, 20 + i)), late], defaults, first);
    expect(s.recentCalls).toHaveLength(20);
    expect(s.recentCalls[0]!.at).toBe('2026-05-01T10:29:00.000Z');
    expect(s.recentCalls.map((r) => r.at)).toEqual([...s.recentCalls.map((r) => r.at)].sort().reverse());
    expect(s.recentCalls[12]).toEqual({ callId: late.callId, code: 0, number: B, at: '2026-05-01T10:12:30.000Z' });
  });
});

describe('batches', () => {
  // The same calls applied at once, one by one, and in random cuts must give the same state.
  const codes = [200, 503, 404, 486, 503, null, 200, 480, 503, 404, 603, 503, 503, 200, 487, 500, 200, 404, 503, 503];
  const numbers = [A, B, C];
  const calls = codes.map((c, i) => call(c, numbers[i % 3], i));
  const whole = run(calls);

  it.each([1, 2, 3, 7])('cut into batches of %i, the state is the same', (size) => {
    let s = EMPTY_HEALTH;
    for (let i = 0; i < calls.length; i += size) s = run(calls.slice(i, i + size), defaults, s);
    expect(s).toEqual(whole);
  });

  it('and the expected figures', () => {
    expect(whole).toMatchObject({ consecutiveFailures: 3, failureNumbers: [C, A, B], connectsSinceFailure: 0, attempts: 19, count200: 4, count404: 3, attemptsSince404: 2 });
  });
});

describe('rollups', () => {
  it('adds attempts, answers, failures, billed seconds and per-code counts to the UTC hour each call ended in', () => {
    const calls = [
      call(200, A, 10), // 60.5 s answered → 61 billed
      call(200, A, 59.99),
      call(503, A, 20),
      call(486, A, 30),
      call(null, A, 40),
      call(503, A, 60), // 11:00
    ];
    const r = rollups('carrier-1', calls.sort(byEndTime), defaults);
    expect(r.hourly.map((h) => ({ ...h, hour: h.hour.toISOString() }))).toEqual([
      { carrierId: 'carrier-1', hour: '2026-05-01T10:00:00.000Z', attempts: 5, answered: 2, failures: 2, billedSeconds: 122 },
      { carrierId: 'carrier-1', hour: '2026-05-01T11:00:00.000Z', attempts: 1, answered: 0, failures: 1, billedSeconds: 0 },
    ]);
    expect(r.codes.map((c) => [c.hour.toISOString().slice(11, 16), c.code, c.calls])).toEqual([
      ['10:00', 200, 2],
      ['10:00', 503, 1],
      ['10:00', 486, 1],
      ['10:00', 0, 1],
      ['11:00', 503, 1],
    ]);
  });

  it('bills whole seconds from answer to end, rounded up; nothing for unanswered calls', () => {
    const end = new Date('2026-05-01T10:01:00.000Z');
    const answered = (ms: number) => ({ ...call(200), endedAt: end, answeredAt: new Date(end.getTime() - ms) });
    expect(billedSeconds(answered(60_000))).toBe(60);
    expect(billedSeconds(answered(60_001))).toBe(61);
    expect(billedSeconds(answered(0))).toBe(0);
    expect(billedSeconds({ ...call(503), answeredAt: new Date(end.getTime() - 5000), endedAt: end })).toBe(0);
  });
});
