// The figures `health` and the daily digest show, from the hourly rollups: UTC buckets and windows, ASR / ACD / NER,
// top failure codes, and the code-consistency and consecutive-failure verdicts. Pure: tested with tables of rows.
import type { Bucket, CodeRow, ContradictionCount, HealthCounters, StatsRow } from '../core/health/view-ports.ts';
import { isConnected } from '../core/health/classify.ts';

export type Period = 'live' | 'daily' | 'monthly';
export const PERIODS: readonly Period[] = ['live', 'daily', 'monthly'];

/**
 * Final codes that show what the callee did, not how the network performed (research §C4 class USER): busy, busy
 * everywhere, declined, not answered / unavailable, cancelled. NER counts them as completed by the network.
 */
export const USER_CODES: readonly number[] = [486, 600, 603, 480, 487];

export interface Window {
  period: Period;
  bucket: Bucket;
  since: Date;
  /** Exclusive: the end of the current hour, day or month. */
  until: Date;
  /** Every bucket start in the window, oldest first (the chart's x axis). */
  keys: Date[];
  /** "last 24 h", "last 30 days", "last 12 months". */
  label: string;
}

const SPAN: Record<Period, { bucket: Bucket; count: number; label: string }> = {
  live: { bucket: 'hour', count: 24, label: 'last 24 h' },
  daily: { bucket: 'day', count: 30, label: 'last 30 days' },
  monthly: { bucket: 'month', count: 12, label: 'last 12 months' },
};

/** The start (UTC) of the hour, day or month holding `d`. */
export function bucketStart(d: Date, b: Bucket): Date {
  const [y, m, day, h] = [d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate(), d.getUTCHours()];
  if (b === 'hour') return new Date(Date.UTC(y, m, day, h));
  if (b === 'day') return new Date(Date.UTC(y, m, day));
  return new Date(Date.UTC(y, m, 1));
}

/** `d` (a bucket start) moved by n buckets; months by calendar month. */
export function addBuckets(d: Date, b: Bucket, n: number): Date {
  if (b === 'hour') return new Date(d.getTime() + n * 3_600_000);
  if (b === 'day') return new Date(d.getTime() + n * 86_400_000);
  return new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + n, 1));
}

/** The window a period covers at `now`: the current (partial) bucket and the ones before it. */
export function periodWindow(period: Period, now: Date): Window {
  const { bucket, count, label } = SPAN[period];
  const current = bucketStart(now, bucket);
  const since = addBuckets(current, bucket, -(count - 1));
  const keys = Array.from({ length: count }, (_, i) => addBuckets(since, bucket, i));
  return { period, bucket, since, until: addBuckets(current, bucket, 1), keys, label };
}

/** An axis label for a bucket start: "13:00", "09-20", "2026-09". */
export function bucketLabel(d: Date, b: Bucket): string {
  const iso = d.toISOString();
  return b === 'hour' ? `${iso.slice(11, 13)}:00` : b === 'day' ? iso.slice(5, 10) : iso.slice(0, 7);
}

export interface Totals {
  attempts: number;
  answered: number;
  failures: number;
  billedSeconds: number;
  /** Calls that ended with a user-behaviour code (USER_CODES). */
  userEnded: number;
}

export const NO_TOTALS: Totals = { attempts: 0, answered: 0, failures: 0, billedSeconds: 0, userEnded: 0 };

function addStats(t: Totals, r: StatsRow): void {
  t.attempts += r.attempts;
  t.answered += r.answered;
  t.failures += r.failures;
  t.billedSeconds += r.billedSeconds;
}

/** Rows summed (of one carrier, or as the caller filtered them). */
export function sumTotals(stats: readonly StatsRow[], codes: readonly CodeRow[]): Totals {
  const t = { ...NO_TOTALS };
  for (const r of stats) addStats(t, r);
  for (const c of codes) if (USER_CODES.includes(c.code)) t.userEnded += c.calls;
  return t;
}

/** Rows summed per carrier. */
export function totalsByCarrier(stats: readonly StatsRow[], codes: readonly CodeRow[]): Map<string, Totals> {
  const out = new Map<string, Totals>();
  const of = (id: string) => out.get(id) ?? out.set(id, { ...NO_TOTALS }).get(id)!;
  for (const r of stats) addStats(of(r.carrierId), r);
  for (const c of codes) if (USER_CODES.includes(c.code)) of(c.carrierId).userEnded += c.calls;
  return out;
}

export interface Figures {
  /** answered / attempts (0–1), null without attempts. */
  asr: number | null;
  /** billed seconds / answered, null without answered calls. */
  acd: number | null;
  /** (answered + user-ended) / attempts (0–1), null without attempts. */
  ner: number | null;
}

export function figuresOf(t: Totals): Figures {
  return {
    asr: t.attempts ? t.answered / t.attempts : null,
    acd: t.answered ? t.billedSeconds / t.answered : null,
    ner: t.attempts ? Math.min(1, (t.answered + t.userEnded) / t.attempts) : null,
  };
}

export interface Series {
  keys: Date[];
  attempts: number[];
  answered: number[];
  /** ASR in percent per bucket, null where there were no attempts (a gap, not a zero). */
  asr: (number | null)[];
}

/** The window's buckets filled from rows (rows of finer buckets are folded into theirs; rows outside are dropped). */
export function seriesOf(w: Window, stats: readonly StatsRow[]): Series {
  const index = new Map(w.keys.map((k, i) => [k.getTime(), i]));
  const attempts = w.keys.map(() => 0);
  const answered = w.keys.map(() => 0);
  for (const r of stats) {
    const i = index.get(bucketStart(r.at, w.bucket).getTime());
    if (i === undefined) continue;
    attempts[i]! += r.attempts;
    answered[i]! += r.answered;
  }
  const asr = attempts.map((a, i) => (a ? Math.round((answered[i]! * 1000) / a) / 10 : null));
  return { keys: w.keys, attempts, answered, asr };
}

export interface CodeCount {
  code: number;
  calls: number;
  /** Share of all attempts, 0–1. */
  share: number;
  /** A user-behaviour code (busy, declined…), not a carrier fault. */
  user: boolean;
}

/** The most frequent final codes other than 2xx (0 = no final response), most calls first. */
export function topFailureCodes(codes: readonly CodeRow[], attempts: number, n = 5): CodeCount[] {
  const sums = new Map<number, number>();
  for (const c of codes) if (!isConnected(c.code)) sums.set(c.code, (sums.get(c.code) ?? 0) + c.calls);
  return [...sums]
    .filter(([, calls]) => calls > 0)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0])
    .slice(0, n)
    .map(([code, calls]) => ({ code, calls, share: attempts ? calls / attempts : 0, user: USER_CODES.includes(code) }));
}

export type Level = 'ok' | 'warn' | 'bad' | 'unknown';

export interface Verdict {
  level: Level;
  text: string;
}

const count = (n: number) => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = `${one}s`) => `${count(n)} ${n === 1 ? one : many}`;

/**
 * 200 vs 404 (connexcs-carrier-main.md; the same rules as the code-consistency check): insufficient data until the
 * carrier has returned a 404 once; flagged when it has not for `no404Attempts` attempts, or when it 404'd numbers
 * another carrier connected within the hour on `contradictionNumbers` distinct numbers.
 */
export function codeConsistency(h: HealthCounters | undefined, con: ContradictionCount | undefined, s: { no404Attempts: number; contradictionNumbers: number }): Verdict {
  if (!h || h.attempts === 0) return { level: 'unknown', text: 'insufficient data: no call with a SIP code yet' };
  const n = s.no404Attempts;
  const numbers = con?.numbers ?? 0;
  const contradiction = numbers
    ? `404 on ${plural(numbers, 'number')} another carrier connected within the hour (${plural(con!.calls, 'call')}; ${s.contradictionNumbers} flag it)`
    : null;
  const never = h.attemptsSince404 >= n;
  if (never || numbers >= s.contradictionNumbers) {
    const neverText = h.count404 === 0 ? `never answered 404 in ${plural(h.attempts, 'attempt')} (flagged from ${count(n)})` : `no 404 in the last ${plural(h.attemptsSince404, 'attempt')} (flagged from ${count(n)})`;
    return { level: numbers >= s.contradictionNumbers ? 'bad' : 'warn', text: [numbers >= s.contradictionNumbers ? contradiction : null, never ? neverText : null].filter(Boolean).join('; ') };
  }
  if (h.count404 === 0) return { level: 'unknown', text: `insufficient data: no 404 yet (${count(h.attempts)} of ${count(n)} attempts before "never 404")` };
  if (contradiction) return { level: 'warn', text: contradiction };
  const pct = formatPct(h.count404 / h.attempts);
  return { level: 'ok', text: `consistent: 404 on ${count(h.count404)} of ${plural(h.attempts, 'attempt')} (${pct}), 200 on ${count(h.count200)}` };
}

/** The consecutive-failure run against its threshold. */
export function failureRun(h: HealthCounters | undefined, threshold: number): Verdict {
  if (!h) return { level: 'unknown', text: `no calls yet (alert at ${threshold})` };
  const cf = h.consecutiveFailures;
  if (cf >= threshold) return { level: 'bad', text: `${count(cf)}: at or over the threshold of ${threshold} (to ${h.failureNumbers}${h.failureNumbers >= 20 ? '+' : ''} numbers)` };
  const since = cf === 0 && h.connectsSinceFailure ? `; ${plural(h.connectsSinceFailure, 'connected call')} since the last failure` : '';
  return { level: cf ? 'warn' : 'ok', text: `${count(cf)} (alert at ${threshold})${since}` };
}

/** "45.2 %"; "—" for null. */
export function formatPct(v: number | null): string {
  return v === null ? '—' : `${(Math.round(v * 1000) / 10).toFixed(1)} %`;
}

/** ACD as "1m 32s" (or "48s"); "—" for null. */
export function formatAcd(seconds: number | null): string {
  if (seconds === null) return '—';
  const s = Math.round(seconds);
  return s < 60 ? `${s}s` : `${Math.floor(s / 60)}m ${String(s % 60).padStart(2, '0')}s`;
}

/** A change in percentage points: "+1.5 pp", "−3.0 pp". */
export function formatPp(delta: number): string {
  const v = Math.round(delta * 1000) / 10;
  return `${v < 0 ? '−' : '+'}${Math.abs(v).toFixed(1)} pp`;
}
