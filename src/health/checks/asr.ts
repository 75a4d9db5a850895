// ASR below a floor (research §C4: answered / attempts, ITU-T E.411) over the window's hourly rollups, judged only with
// a minimum number of attempts (below it: insufficient data). It clears only ASR_RESET_POINTS above the floor — a
// reset threshold (ConnexCS) so a carrier hovering at the floor does not open and clear in turn.
import type { AsrInput } from '../../core/alerts/ports.ts';
import type { HealthSettings } from '../../core/alerts/settings.ts';
import type { Verdict } from '../../core/alerts/verdict.ts';
import { plural, topCodes } from './evidence.ts';

/** Percentage points above the floor an ASR must reach to be clear. */
export const ASR_RESET_POINTS = 5;

const pct = (v: number) => `${Math.round(v * 10) / 10} %`;

export function checkAsr(x: AsrInput, s: Pick<HealthSettings, 'asrFloor' | 'asrMinAttempts' | 'asrWindowHours'>): Verdict {
  const floor = x.floor ?? s.asrFloor;
  const min = x.minAttempts ?? s.asrMinAttempts;
  const asr = x.attempts ? (x.answered * 100) / x.attempts : 0;
  const reset = Math.min(100, floor + ASR_RESET_POINTS);
  const base = {
    kind: 'asr' as const,
    carrierId: x.carrierId,
    carrierName: x.carrierName,
    severity: 'warning' as const,
    title: `${x.carrierName}: ASR below ${floor} %`,
    step: 0,
    evidence: {
      asr: Math.round(asr * 10) / 10,
      attempts: x.attempts,
      answered: x.answered,
      failures: x.failures,
      floor,
      resetAt: reset,
      minAttempts: min,
      windowHours: s.asrWindowHours + 1,
      codes: x.codes,
    },
  };
  if (!x.active) return { ...base, firing: false, clear: true, summary: 'the carrier is inactive' };
  if (floor <= 0) return { ...base, firing: false, clear: true, summary: 'ASR check off for this carrier (floor 0)' };
  if (x.attempts < min) {
    return { ...base, firing: false, clear: false, insufficient: true, summary: `insufficient data: ${x.attempts} of ${min} attempts in the window` };
  }
  const asrText = `ASR ${pct(asr)} over ${plural(x.attempts, 'attempt')} (${x.answered} answered)`;
  if (asr < floor) {
    const top = topCodes(x.codes);
    return { ...base, firing: true, clear: false, step: asr === 0 ? 3 : asr < floor / 2 ? 2 : 1, summary: `${asrText}, floor ${floor} %${top ? `; ${top}` : ''}` };
  }
  if (asr >= reset) return { ...base, firing: false, clear: true, summary: asrText };
  return { ...base, firing: false, clear: false, summary: `${asrText}: above the floor, under the ${reset} % that clears it` };
}
