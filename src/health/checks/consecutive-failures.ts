// Consecutive failures (connexcs-carrier-main.md, research §C4 "CF"): the carrier's run of counted failures since its
// last connected call reaches the threshold, spread over at least two dialled numbers (one bad number must not trip
// the carrier). Clear once a few calls have connected since the last failure (Kamailio's probing / inactive
// threshold pair). Which codes count is decided as the calls arrive (carrier health_ignored_codes), not here.
import type { FailureInput } from '../../core/alerts/ports.ts';
import type { HealthSettings } from '../../core/alerts/settings.ts';
import { stepOf, type Verdict } from '../../core/alerts/verdict.ts';
import { codeHistogram, lastCalls, plural, topCodes } from './evidence.ts';

export function checkConsecutiveFailures(x: FailureInput, s: Pick<HealthSettings, 'failureThreshold' | 'resolveConnects'>): Verdict {
  const threshold = x.threshold ?? s.failureThreshold;
  const numbers = x.failureNumbers.length;
  const codes = codeHistogram(x.recentCalls);
  const base = {
    kind: 'consecutive_failures' as const,
    carrierId: x.carrierId,
    carrierName: x.carrierName,
    severity: 'critical' as const,
    title: `${x.carrierName}: consecutive failures`,
    step: stepOf(x.consecutiveFailures, threshold),
    evidence: {
      consecutiveFailures: x.consecutiveFailures,
      threshold,
      distinctNumbers: numbers,
      connectsSinceFailure: x.connectsSinceFailure,
      resolveConnects: s.resolveConnects,
      codes,
      lastCalls: lastCalls(x.recentCalls),
    },
  };
  if (!x.active) return { ...base, firing: false, clear: true, step: 0, summary: 'the carrier is inactive' };
  if (x.consecutiveFailures >= threshold && numbers >= 2) {
    const top = topCodes(codes);
    return { ...base, firing: true, clear: false, summary: `${plural(x.consecutiveFailures, 'consecutive failure')} to ${numbers}${numbers >= 20 ? '+' : ''} numbers (threshold ${threshold})${top ? `: ${top}` : ''}` };
  }
  if (x.connectsSinceFailure >= s.resolveConnects) {
    return { ...base, firing: false, clear: true, summary: `${plural(x.connectsSinceFailure, 'connected call')} since the last failure` };
  }
  const why =
    x.consecutiveFailures >= threshold
      ? `${plural(x.consecutiveFailures, 'consecutive failure')}, all to one number (two are needed)`
      : `${plural(x.consecutiveFailures, 'consecutive failure')}, ${plural(x.connectsSinceFailure, 'connected call')} since the last one (${s.resolveConnects} clear it)`;
  return { ...base, firing: false, clear: false, summary: why };
}
