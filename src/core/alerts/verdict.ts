// What a check says about one carrier (or about trunkops itself), as the alert engine consumes it.
import type { AlertKind, Severity } from './kinds.ts';

/**
 * One check's judgement of one subject. Three states:
 * - firing: the condition holds — open the incident, or keep the open one (a flap if it had been clearing);
 * - clear: the resolve condition holds, with enough volume to say so — the open incident resolves once it has stayed
 *   clear for the hysteresis period;
 * - neither (e.g. insufficient data, or between the open and the resolve thresholds): hold — an open incident stays
 *   open and its clear time starts again; nothing is opened.
 */
export interface Verdict {
  kind: AlertKind;
  /** null: an alert about trunkops itself (the scheduler). */
  carrierId: string | null;
  carrierName: string | null;
  firing: boolean;
  clear: boolean;
  /** Too little data to judge (PortaOne's grey): never firing, never clear. */
  insufficient?: boolean;
  severity: Severity;
  /** Stable while the same rule fires (counts go in the summary), so the message is not re-titled every pass. */
  title: string;
  /** One line for the thread and `alert list`: what is happening now ("12 consecutive failures to 4 numbers"). */
  summary: string;
  /** Magnitude bucket (see stepOf): the thread gets a line when it rises, not on every pass. */
  step: number;
  /** What the check saw: counts, thresholds, code histogram, last call ids with codes. */
  evidence: Record<string, unknown>;
}

/** 0 below `base`, then 1, 2, 3 … each time the value doubles (10 → 1, 20 → 2, 40 → 3 with base 10). */
export function stepOf(value: number, base: number): number {
  if (base <= 0 || value < base) return 0;
  return Math.floor(Math.log2(value / base)) + 1;
}
