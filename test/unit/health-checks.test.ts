// The pure health checks against tables of counter states: what fires, what is clear, what holds (insufficient
// data, or between the open and resolve thresholds).
import { describe, expect, it } from 'vitest';
import type { AsrInput, CodeInput, FailureInput, SyncInput } from '../../src/core/alerts/ports.ts';
import { DEFAULT_HEALTH_SETTINGS as S } from '../../src/core/alerts/settings.ts';
import { stepOf, type Verdict } from '../../src/core/alerts/verdict.ts';
import { checkAsr } from '../../src/health/checks/asr.ts';
import { checkCodeConsistency } from '../../src/health/checks/code-consistency.ts';
import { checkConsecutiveFailures } from '../../src/health/checks/consecutive-failures.ts';
import { checkHeartbeat } from '../../src/health/checks/heartbeat.ts';
import { checkRatecards } from '../../src/health/checks/ratecards.ts';
import { checkDrift, checkSync } from '../../src/health/checks/sync.ts';

const NOW = new Date('2026-05-01T12:00:00Z');
const ago = (min: number) => new Date(NOW.getTime() - min * 60_000);
const subject = { carrierId: 'c1', carrierName: 'Acme', active: true };
type State = 'firing' | 'clear' | 'hold' | 'insufficient';
const stateOf = (v: Verdict): State => (v.firing ? 'firing' : v.clear ? 'clear' : v.insufficient ? 'insufficient' : 'hold');

const calls = (codes: number[]) => codes.map((code, i) => ({ callId: `call-${i}`, code, number: `+1555000${i % 3}`, at: ago(i).toISOString() }));

describe('consecutive failures', () => {
  const input = (o: Partial<FailureInput>): FailureInput => ({ ...subject, threshold: null, consecutiveFailures: 0, failureNumbers: [], connectsSinceFailure: 0, recentCalls: [], ...o });
  const two = ['+15550001', '+15550002'];
  const table: [string, Partial<FailureInput>, State][] = [
    ['below the threshold, no connect since', { consecutiveFailures: 9, failureNumbers: two }, 'hold'],
    ['at the default threshold (10) to two numbers', { consecutiveFailures: 10, failureNumbers: two }, 'firing'],
    ['far over the threshold but all to one number (two-number rule)', { consecutiveFailures: 500, failureNumbers: ['+15550001'] }, 'hold'],
    ["at the carrier's own threshold (5)", { threshold: 5, consecutiveFailures: 5, failureNumbers: two }, 'firing'],
    ["under the carrier's own threshold (50) though over the default", { threshold: 50, consecutiveFailures: 20, failureNumbers: two }, 'hold'],
    ['two connected calls since the last failure', { connectsSinceFailure: 2 }, 'hold'],
    ['three connected calls since the last failure (resolve)', { connectsSinceFailure: 3 }, 'clear'],
    ['an inactive carrier, whatever its counters', { active: false, consecutiveFailures: 99, failureNumbers: two }, 'clear'],
  ];
  it.each(table)('%s → %s', (_name, o, want) => {
    expect(stateOf(checkConsecutiveFailures(input(o), S))).toBe(want);
  });

  it('carries the evidence: counts, thresholds, code histogram and the last calls', () => {
    const v = checkConsecutiveFailures(input({ consecutiveFailures: 12, failureNumbers: two, recentCalls: calls([503, 503, 408, 0, 503]) }), S);
    expect(v).toMatchObject({ kind: 'consecutive_failures', severity: 'critical', title: 'Acme: consecutive failures', step: 1 });
    expect(v.summary).toBe('12 consecutive failures to 2 numbers (threshold 10): 503 ×3, no answer ×1, 408 ×1');
    expect(v.evidence).toMatchObject({ consecutiveFailures: 12, threshold: 10, distinctNumbers: 2, codes: { '503': 3, '0': 1, '408': 1 } });
    expect((v.evidence.lastCalls as unknown[]).length).toBe(5);
  });

  it('steps up each time the run doubles, so the thread hears about growth, not every count', () => {
    expect([9, 10, 19, 20, 39, 40, 80].map((n) => stepOf(n, 10))).toEqual([0, 1, 1, 2, 2, 3, 4]);
    const title = (n: number) => checkConsecutiveFailures(input({ consecutiveFailures: n, failureNumbers: two }), S).title;
    expect(title(10)).toBe(title(400));
  });
});

describe('code consistency', () => {
  const input = (o: Partial<CodeInput>): CodeInput => ({
    ...subject,
    attempts: 0,
    count200: 0,
    count404: 0,
    attemptsSince404: 0,
    last404At: null,
    recentCalls: [],
    contradictions: { numbers: 0, calls: 0, sample: [] },
    ...o,
  });
  const con = (numbers: number) => ({ numbers, calls: numbers, sample: [{ number: '+15550009', connectedBy: 'Beta', callId: 'x1', at: ago(5) }] });
  const table: [string, Partial<CodeInput>, State, string?][] = [
    ['no 404 yet, 100 attempts: insufficient data', { attempts: 100, count200: 60, attemptsSince404: 100 }, 'insufficient'],
    ['no 404 in 499 attempts: still insufficient', { attempts: 499, attemptsSince404: 499 }, 'insufficient'],
    ['never a 404 in 500 attempts', { attempts: 500, count200: 300, attemptsSince404: 500 }, 'firing', 'Acme: never answers 404'],
    ['a 404 seen, 100 attempts since: consistent', { attempts: 5000, count404: 40, attemptsSince404: 100, last404At: ago(30) }, 'clear'],
    ['404s once, then none for 600 attempts', { attempts: 5000, count404: 40, attemptsSince404: 600 }, 'firing', 'Acme: never answers 404'],
    ['404 on two numbers another carrier connected (minimum is three)', { attempts: 900, count404: 9, attemptsSince404: 3, contradictions: con(2) }, 'hold'],
    ['404 on three numbers another carrier connected', { attempts: 900, count404: 9, attemptsSince404: 3, contradictions: con(3) }, 'firing', 'Acme: 404s numbers other carriers connect'],
    ['both flags', { attempts: 900, count404: 9, attemptsSince404: 800, contradictions: con(4) }, 'firing', 'Acme: 404s numbers other carriers connect, never answers 404'],
    ['inactive', { active: false, attempts: 900, attemptsSince404: 900 }, 'clear'],
  ];
  it.each(table)('%s → %s', (_name, o, want, title) => {
    const v = checkCodeConsistency(input(o), S);
    expect(stateOf(v)).toBe(want);
    if (title) expect(v.title).toBe(title);
  });

  it('is critical with contradictions, a warning without, and lists the contradicted numbers', () => {
    expect(checkCodeConsistency(input({ attempts: 500, attemptsSince404: 500 }), S).severity).toBe('warning');
    const v = checkCodeConsistency(input({ attempts: 900, count404: 9, contradictions: con(3) }), S);
    expect(v.severity).toBe('critical');
    expect(v.evidence.contradictions).toEqual([{ number: '+15550009', connectedBy: 'Beta', callId: 'x1', at: ago(5).toISOString() }]);
    expect(v.summary).toBe('404 on 3 numbers another carrier connected within the hour (3 calls)');
  });
});

describe('ASR', () => {
  const input = (o: Partial<AsrInput>): AsrInput => ({ ...subject, floor: null, minAttempts: null, attempts: 0, answered: 0, failures: 0, codes: {}, ...o });
  const table: [string, Partial<AsrInput>, State, number?][] = [
    ['49 attempts (minimum 50): insufficient', { attempts: 49, answered: 0 }, 'insufficient'],
    ['5 % over 100 attempts (floor 10 %)', { attempts: 100, answered: 5 }, 'firing', 1],
    ['4 % (under half the floor)', { attempts: 100, answered: 4 }, 'firing', 2],
    ['nothing answered', { attempts: 100, answered: 0 }, 'firing', 3],
    ['12 %: above the floor, under the reset (15 %)', { attempts: 100, answered: 12 }, 'hold'],
    ['15 %: clear', { attempts: 100, answered: 15 }, 'clear'],
    ["20 % under the carrier's own 30 % floor", { floor: 30, attempts: 100, answered: 20 }, 'firing'],
    ["20 attempts judged with the carrier's minimum of 10", { minAttempts: 10, attempts: 20, answered: 0 }, 'firing'],
    ['floor 0: the check is off', { floor: 0, attempts: 100, answered: 0 }, 'clear'],
    ['inactive', { active: false, attempts: 100, answered: 0 }, 'clear'],
  ];
  it.each(table)('%s → %s', (_name, o, want, step) => {
    const v = checkAsr(input(o), S);
    expect(stateOf(v)).toBe(want);
    if (step !== undefined) expect(v.step).toBe(step);
  });

  it('says the ASR, the volume and the top failure codes', () => {
    const v = checkAsr(input({ attempts: 200, answered: 9, failures: 150, codes: { '503': 120, '200': 9, '408': 30 } }), S);
    expect(v.summary).toBe('ASR 4.5 % over 200 attempts (9 answered), floor 10 %; 503 ×120, 408 ×30');
    expect(v.evidence).toMatchObject({ asr: 4.5, attempts: 200, answered: 9, floor: 10, resetAt: 15, minAttempts: 50 });
  });
});

describe('sync and drift', () => {
  const input = (o: Partial<SyncInput>): SyncInput => ({
    ...subject,
    syncStatus: 'synced',
    syncError: null,
    syncNote: null,
    syncDueAt: null,
    syncAttempts: 0,
    lastSyncedAt: ago(60),
    driftAt: null,
    driftNote: null,
    ...o,
  });
  const table: [string, Partial<SyncInput>, State, string?][] = [
    ['synced', {}, 'clear'],
    ['a transient error being retried (attempt 2)', { syncStatus: 'error', syncError: 'timeout', syncDueAt: ago(-1), syncAttempts: 2 }, 'hold'],
    ['a transient error still failing after 5 attempts', { syncStatus: 'error', syncError: 'timeout', syncDueAt: ago(-2), syncAttempts: 5 }, 'firing', 'Acme: LiveKit sync error'],
    ['refused by LiveKit (not retried)', { syncStatus: 'error', syncError: 'Conflicting inbound SIP Trunks', syncAttempts: 1 }, 'firing', 'Acme: LiveKit sync error'],
    ['queued 11 minutes ago, not synced', { syncStatus: 'pending', syncDueAt: ago(11) }, 'firing', 'Acme: LiveKit sync stuck'],
    ['queued 2 minutes ago', { syncStatus: 'pending', syncDueAt: ago(2) }, 'hold'],
    ['pending for a reason (no outbound number), nothing queued', { syncStatus: 'pending', syncNote: 'needs an outbound-capable number' }, 'clear'],
    ['inactive', { active: false, syncStatus: 'error', syncError: 'x' }, 'clear'],
  ];
  it.each(table)('%s → %s', (_name, o, want, title) => {
    const v = checkSync(input(o), S, NOW);
    expect(stateOf(v)).toBe(want);
    if (title) expect(v.title).toBe(title);
  });

  it('raises drift the reconcile repaired within the hour, as info, each new drift a step', () => {
    expect(stateOf(checkDrift(input({ driftAt: ago(10), driftNote: 'recreated inbound trunk' }), NOW))).toBe('firing');
    expect(checkDrift(input({ driftAt: ago(10) }), NOW).severity).toBe('info');
    expect(stateOf(checkDrift(input({ driftAt: ago(61) }), NOW))).toBe('clear');
    expect(stateOf(checkDrift(input({}), NOW))).toBe('clear');
    expect(checkDrift(input({ driftAt: ago(1) }), NOW).step).toBeGreaterThan(checkDrift(input({ driftAt: ago(10) }), NOW).step);
  });
});

describe('failed rate-card activations', () => {
  it('fires while a scheduled revision failed, and clears when none is left', () => {
    const v = checkRatecards({ ...subject, failed: [{ card: 'Acme A-Z', revision: 9, error: 'Revision #9 of Acme A-Z has no rows; it cannot go live.', dateLive: ago(5) }] });
    expect(v).toMatchObject({ firing: true, kind: 'ratecard_activation', summary: 'Acme A-Z #9: Revision #9 of Acme A-Z has no rows; it cannot go live.' });
    expect(stateOf(checkRatecards({ ...subject, failed: [] }))).toBe('clear');
  });
});

describe('the scheduler heartbeat', () => {
  const lease = (name: string, finished: number | null, error: string | null = null) => ({ name, lastStartedAt: null, lastFinishedAt: finished === null ? null : ago(finished), lastError: error });
  const table: [string, ReturnType<typeof lease>[], { since: Date; running?: string }, State][] = [
    ['a check finished 2 minutes ago', [lease('check-asr', 2), lease('check-sync', 30)], { since: ago(60) }, 'clear'],
    ['the last check finished 10 minutes ago', [lease('check-asr', 10), lease('check-consecutive-failures', 12)], { since: ago(60) }, 'firing'],
    ['a check that failed still ran', [lease('check-asr', 1, 'boom')], { since: ago(60) }, 'clear'],
    ['only other jobs ran (the heartbeat itself, rate-card activation)', [lease('check-heartbeat', 1), lease('ratecard-activation', 1)], { since: ago(60) }, 'firing'],
    ['no check ever finished, started 5 minutes ago', [], { since: ago(5) }, 'clear'],
    ['no check ever finished, started 15 minutes ago', [], { since: ago(15) }, 'firing'],
    ['a check job running now, whatever the leases say', [lease('check-asr', 50)], { since: ago(60), running: 'check-asr' }, 'clear'],
  ];
  it.each(table)('%s → %s', (_name, leases, o, want) => {
    expect(stateOf(checkHeartbeat(leases, NOW, S, o))).toBe(want);
  });

  it('names failing checks in its evidence', () => {
    const v = checkHeartbeat([lease('check-asr', 20, 'relation does not exist')], NOW, S, { since: ago(60) });
    expect(v).toMatchObject({ kind: 'scheduler', carrierId: null, severity: 'critical' });
    expect(v.evidence.failing).toEqual([{ job: 'check-asr', error: 'relation does not exist', at: ago(20).toISOString() }]);
  });
});
