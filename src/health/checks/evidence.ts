// Evidence the checks attach to a verdict: a code histogram and the last calls with their codes, from the calls
// carrier_health keeps (newest first), so an operator can open them in Homer or VoIPmonitor.
import type { RecentCall } from '../../core/health/ports.ts';

/** Calls shown on an alert. */
export const SHOWN_CALLS = 10;

/** How many of these calls ended with each final code ("0" when there was none). (Code keys list in code order.) */
export function codeHistogram(calls: readonly RecentCall[]): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const c of calls) counts[String(c.code)] = (counts[String(c.code)] ?? 0) + 1;
  return counts;
}

/** The newest calls, as the alert shows them. */
export function lastCalls(calls: readonly RecentCall[], n = SHOWN_CALLS): RecentCall[] {
  return calls.slice(0, n).map((c) => ({ callId: c.callId, code: c.code, number: c.number, at: c.at }));
}

export const plural = (n: number, one: string, many = `${one}s`): string => `${n} ${n === 1 ? one : many}`;

/** "503 ×7, 408 ×3" — the most frequent failure codes of a histogram (2xx left out), for a summary line. */
export function topCodes(histogram: Record<string, number>, n = 3): string {
  return Object.entries(histogram)
    .filter(([code]) => !/^2\d\d$/.test(code))
    .sort((a, b) => b[1] - a[1] || Number(a[0]) - Number(b[0]))
    .slice(0, n)
    .map(([code, count]) => `${code === '0' ? 'no answer' : code} ×${count}`)
    .join(', ');
}
