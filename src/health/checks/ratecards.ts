// Scheduled rate-card activations that failed (ratecard activate-due keeps the revision scheduled with the reason):
// one incident per carrier while any of its cards has one; clear once each was activated by hand, archived or deleted.
import type { RatecardInput } from '../../core/alerts/ports.ts';
import type { Verdict } from '../../core/alerts/verdict.ts';

export function checkRatecards(x: RatecardInput): Verdict {
  const failed = x.failed.map((f) => `${f.card} #${f.revision}: ${f.error}`);
  return {
    kind: 'ratecard_activation',
    carrierId: x.carrierId,
    carrierName: x.carrierName,
    firing: failed.length > 0,
    clear: failed.length === 0,
    severity: 'warning',
    title: `${x.carrierName}: scheduled rate-card activation failed`,
    summary: failed.length ? failed.join('; ') : 'no failed activation left',
    step: failed.length,
    evidence: { failed: x.failed.map((f) => ({ card: f.card, revision: f.revision, error: f.error, dateLive: f.dateLive?.toISOString() ?? null })) },
  };
}
