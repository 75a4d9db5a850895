// Carrier health counters advanced by a batch of new calls, and the batch's hourly rollups. Pure: the repository
// locks each carrier's row, this computes the next state from the stored one, and the same transaction writes it —
// so the rules live in one place, tested with tables of call sequences, and concurrent batches stay correct.
import { healthClass, isConnected, type CallOutcome } from './classify.ts';
import type { CodeDelta, HealthState, HourlyDelta, RecentCall } from './ports.ts';

/** A call as the counters see it. */
export interface CountedCall {
  callId: string;
  number: string | null;
  sipCode: number | null;
  outcome: CallOutcome;
  startedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date;
}

/** Distinct numbers kept for the current failure run (the alert needs at least two). */
export const MAX_FAILURE_NUMBERS = 20;
/** Calls kept as evidence, newest first. */
export const MAX_RECENT_CALLS = 20;
const HOUR_MS = 3_600_000;

export const EMPTY_HEALTH: HealthState = {
  consecutiveFailures: 0,
  failureNumbers: [],
  connectsSinceFailure: 0,
  recentCalls: [],
  attempts: 0,
  count200: 0,
  count404: 0,
  attemptsSince404: 0,
  last404At: null,
  lastEventAt: null,
};

/** The order calls are applied in: by end time, then start time, then call id (so a batch always reads the same). */
export function byEndTime(a: CountedCall, b: CountedCall): number {
  return (
    a.endedAt.getTime() - b.endedAt.getTime() ||
    (a.startedAt?.getTime() ?? 0) - (b.startedAt?.getTime() ?? 0) ||
    (a.callId < b.callId ? -1 : a.callId > b.callId ? 1 : 0)
  );
}

/**
 * The state after these calls (already in byEndTime order) on top of `prev`. Batches apply in the order they
 * commit, so a call that arrives late counts as the newest one.
 * - A connected call resets the run and counts towards connects_since_failure; a counted failure adds one to the
 *   run, adds its number, and zeroes connects_since_failure; an ignored code changes neither.
 * - Code consistency counts calls with a known SIP code only: a LiveKit webhook never says 404, so counting its calls
 *   would make every LiveKit-only carrier look like one that never returns 404.
 */
export function advanceHealth(prev: HealthState, calls: readonly CountedCall[], ignored: ReadonlySet<number>): HealthState {
  const next: HealthState = { ...prev, failureNumbers: [...prev.failureNumbers] };
  for (const c of calls) {
    const cls = healthClass(c.sipCode, c.outcome, ignored);
    if (cls === 'connect') {
      next.consecutiveFailures = 0;
      next.failureNumbers = [];
      next.connectsSinceFailure++;
    } else if (cls === 'failure') {
      next.consecutiveFailures++;
      next.connectsSinceFailure = 0;
      if (c.number && next.failureNumbers.length < MAX_FAILURE_NUMBERS && !next.failureNumbers.includes(c.number)) next.failureNumbers.push(c.number);
    }
    if (c.sipCode !== null) {
      next.attempts++;
      if (isConnected(c.sipCode)) next.count200++;
      if (c.sipCode === 404) {
        next.count404++;
        next.attemptsSince404 = 0;
        next.last404At = later(next.last404At, c.endedAt);
      } else {
        next.attemptsSince404++;
      }
    }
    next.lastEventAt = later(next.lastEventAt, c.endedAt);
  }
  // Only the batch's newest calls can make it into the evidence (calls are in end-time order).
  next.recentCalls = newest([...calls.slice(-MAX_RECENT_CALLS).map(toRecent), ...prev.recentCalls]);
  return next;
}

function later(a: Date | null, b: Date): Date {
  return a && a > b ? a : b;
}

function toRecent(c: CountedCall): RecentCall {
  return { callId: c.callId, code: c.sipCode ?? 0, number: c.number, at: c.endedAt.toISOString() };
}

/** The newest calls by end time (ISO strings in UTC compare as times), newest first; the sort is stable. */
function newest(calls: RecentCall[]): RecentCall[] {
  return calls.sort((a, b) => (a.at > b.at ? -1 : a.at < b.at ? 1 : 0)).slice(0, MAX_RECENT_CALLS);
}

/** Seconds billed for a connected call: answer to end, rounded up to whole seconds; 0 for any other call. */
export function billedSeconds(c: CountedCall): number {
  if (!c.answeredAt || !(c.sipCode === null ? c.outcome === 'answered' : isConnected(c.sipCode))) return 0;
  return Math.max(0, Math.ceil((c.endedAt.getTime() - c.answeredAt.getTime()) / 1000));
}

/** The UTC hour a call falls in: the hour it ended. */
export function hourOf(d: Date): Date {
  return new Date(Math.floor(d.getTime() / HOUR_MS) * HOUR_MS);
}

/** What one carrier's new calls add to its hourly rows (stats and per-code counts; code 0 = none). */
export function rollups(carrierId: string, calls: readonly CountedCall[], ignored: ReadonlySet<number>): { hourly: HourlyDelta[]; codes: CodeDelta[] } {
  const hourly = new Map<number, HourlyDelta>();
  const codes = new Map<string, CodeDelta>();
  for (const c of calls) {
    const hour = hourOf(c.endedAt);
    let h = hourly.get(hour.getTime());
    if (!h) hourly.set(hour.getTime(), (h = { carrierId, hour, attempts: 0, answered: 0, failures: 0, billedSeconds: 0 }));
    const cls = healthClass(c.sipCode, c.outcome, ignored);
    h.attempts++;
    if (cls === 'connect') h.answered++;
    if (cls === 'failure') h.failures++;
    h.billedSeconds += billedSeconds(c);
    const code = c.sipCode ?? 0;
    const key = `${hour.getTime()}:${code}`;
    const k = codes.get(key);
    if (k) k.calls++;
    else codes.set(key, { carrierId, hour, code, calls: 1 });
  }
  return { hourly: [...hourly.values()], codes: [...codes.values()] };
}
