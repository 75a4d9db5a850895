// Code consistency, 200 vs 404 (connexcs-carrier-main.md, research §C4 "CC"): a carrier that answers 404 for numbers
// that exist hides its fault, because switches stop failing over on a 404. Two flags on one incident per carrier:
// - it never answers 404 (or has not for the last HEALTH_NO404_ATTEMPTS attempts): it may be masking unknown numbers
//   (connecting them to an announcement); until it has returned a 404 once, and before that many attempts, the data
//   is insufficient to judge;
// - it answered 404 for numbers another carrier connected within the hour (cross-carrier contradiction), on at least
//   HEALTH_CONTRADICTION_NUMBERS distinct numbers (minimum volume: one ported number is not a pattern).
import type { CodeInput } from '../../core/alerts/ports.ts';
import type { HealthSettings } from '../../core/alerts/settings.ts';
import { stepOf, type Verdict } from '../../core/alerts/verdict.ts';
import { codeHistogram, lastCalls, plural } from './evidence.ts';

export function checkCodeConsistency(x: CodeInput, s: Pick<HealthSettings, 'no404Attempts' | 'contradictionNumbers'>): Verdict {
  const n = s.no404Attempts;
  const k = s.contradictionNumbers;
  const c = x.contradictions;
  const never = x.attemptsSince404 >= n;
  const contradicted = c.numbers >= k;
  const evidence = {
    attempts: x.attempts,
    count200: x.count200,
    count404: x.count404,
    attemptsSince404: x.attemptsSince404,
    last404At: x.last404At?.toISOString() ?? null,
    no404Attempts: n,
    contradictionNumbers: c.numbers,
    contradictionCalls: c.calls,
    contradictionThreshold: k,
    contradictions: c.sample.map((e) => ({ number: e.number, connectedBy: e.connectedBy, callId: e.callId, at: e.at.toISOString() })),
    codes: codeHistogram(x.recentCalls),
    lastCalls: lastCalls(x.recentCalls),
  };
  const base = { kind: 'code_consistency' as const, carrierId: x.carrierId, carrierName: x.carrierName, evidence };
  const neverText =
    x.count404 === 0
      ? `never answered 404 in ${plural(x.attempts, 'attempt')} (${x.count200} answered)`
      : `no 404 in the last ${plural(x.attemptsSince404, 'attempt')}`;
  const contradictionText = `404 on ${plural(c.numbers, 'number')} another carrier connected within the hour (${plural(c.calls, 'call')})`;
  if (!x.active) return { ...base, firing: false, clear: true, severity: 'warning', title: `${x.carrierName}: code consistency`, step: 0, summary: 'the carrier is inactive' };
  if (never || contradicted) {
    return {
      ...base,
      firing: true,
      clear: false,
      severity: contradicted ? 'critical' : 'warning',
      title: `${x.carrierName}: ${[contradicted ? '404s numbers other carriers connect' : null, never ? 'never answers 404' : null].filter(Boolean).join(', ')}`,
      step: stepOf(c.numbers, k) * 100 + stepOf(x.attemptsSince404, n),
      summary: [contradicted ? contradictionText : null, never ? neverText : null].filter(Boolean).join('; '),
    };
  }
  const held = { ...base, firing: false, severity: 'warning' as const, title: `${x.carrierName}: code consistency`, step: 0 };
  if (x.count404 === 0) {
    return { ...held, clear: false, insufficient: true, summary: `insufficient data: no 404 yet, ${x.attempts} of ${n} attempts needed to judge` };
  }
  if (c.numbers > 0) return { ...held, clear: false, summary: `${contradictionText}; ${k} flag it` };
  return { ...held, clear: true, summary: `answers 404 (${x.count404} of ${plural(x.attempts, 'attempt')}, the last ${x.attemptsSince404} attempts ago); no contradiction within the hour` };
}
