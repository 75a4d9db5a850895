// The billing rule for provider rate cards: MCD/pulse ("x/y") billed seconds and the exact, once-rounded call cost.
import {
  addRational,
  compareDecimal,
  mulRational,
  rational,
  roundDecimal,
  toRational,
  ZERO,
  type Decimal,
  type Rational,
  type RoundingMethod,
} from './decimal.ts';

/** Minimum charged duration (MCD, "first interval") and the increment after it (pulse), both in whole seconds. */
export interface BillingRule {
  mcd: number;
  pulse: number;
}

export interface CallCostInput {
  durationSec: number;
  mcd: number;
  pulse: number;
  /** Price per minute. */
  rate: Decimal;
  /** One-off fee per answered call; none when omitted. */
  connect?: Decimal;
  /** Fraction digits of the card's money, 0–8. */
  precision: number;
  rounding: RoundingMethod;
}

export interface CallCost {
  billedSec: number;
  /** The exact cost rounded once, to the card's precision and method. */
  cost: Decimal;
  /** connect + rate × billed / 60 before rounding, kept so a bill can be audited against it. */
  exact: Rational;
}

export const MAX_PRECISION = 8;

function assertWholeSeconds(value: number, name: string, min: number): void {
  if (!Number.isSafeInteger(value) || value < min) {
    throw new Error(`${name} must be a whole number of seconds ≥ ${min}, got ${value}`);
  }
}

function assertRule(mcd: number, pulse: number): void {
  assertWholeSeconds(mcd, 'MCD', 0);
  // A pulse of 0 would mean "never bill past the MCD"; it is always a typo, so it is refused rather than guessed at.
  assertWholeSeconds(pulse, 'pulse', 1);
}

/**
 * Billed seconds under MCD/pulse: 0 for an unanswered (0 s) call, otherwise
 * max(MCD, MCD + ⌈(d − MCD)/pulse⌉·pulse). The pulse counts from the MCD, not from 0, so 30/60 at 31 s is 90 s
 * (A2Billing's whole-duration modulo would say 60 s; see research §4.5).
 */
export function billedSeconds(durationSec: number, mcd: number, pulse: number): number {
  assertWholeSeconds(durationSec, 'duration', 0);
  assertRule(mcd, pulse);
  if (durationSec === 0) return 0;
  if (durationSec <= mcd) return mcd;
  // Remainder instead of a float division and Math.ceil, so the arithmetic is exact for any safe integer.
  const rest = (durationSec - mcd) % pulse;
  const billed = rest === 0 ? durationSec : durationSec + (pulse - rest);
  if (!Number.isSafeInteger(billed)) throw new Error(`billed duration for ${durationSec} s overflows`);
  return billed;
}

function assertMoney(value: Decimal, name: string): void {
  if (compareDecimal(value, ZERO) < 0) throw new Error(`${name} must not be negative`);
}

/**
 * Cost of one call: connect + rate × billed / 60, kept exact as a fraction and rounded once per call. Rounding per
 * increment (as CGRateS does) drifts: its own tests expect 0.7169 where the exact answer is 0.7167 (research §0.2).
 * A 0 s call costs 0 with no connect fee, as in CGRateS, ASTPP and 46labs (research §0.4).
 */
export function callCost(input: CallCostInput): CallCost {
  const { durationSec, mcd, pulse, rate, connect = ZERO, precision, rounding } = input;
  if (!Number.isSafeInteger(precision) || precision < 0 || precision > MAX_PRECISION) {
    throw new Error(`precision must be a whole number from 0 to ${MAX_PRECISION}, got ${precision}`);
  }
  assertMoney(rate, 'rate');
  assertMoney(connect, 'connect fee');
  const billedSec = billedSeconds(durationSec, mcd, pulse);
  if (billedSec === 0) return { billedSec, cost: ZERO, exact: rational(0n) };
  const usage = mulRational(toRational(rate), rational(BigInt(billedSec), 60n));
  const exact = addRational(toRational(connect), usage);
  return { billedSec, cost: roundDecimal(exact, precision, rounding), exact };
}

const BILLING = /^(\d+)\s*\/\s*(\d+)$/;

/**
 * Parses the industry `x/y` notation (MCD/pulse in seconds): `30/6`, `60/60`, `1/1`, ` 6 / 6 `, and `0/1`
 * (no minimum). Refuses a pulse of 0 (`60/0`) and anything that is not two whole numbers around one slash.
 */
export function parseBilling(raw: string): BillingRule | { error: string } {
  const m = BILLING.exec(raw.trim());
  if (!m) {
    return { error: `billing "${raw}" is not MCD/pulse: two whole numbers of seconds such as 30/6 or 60/60` };
  }
  const mcd = Number(m[1]);
  const pulse = Number(m[2]);
  if (!Number.isSafeInteger(mcd) || !Number.isSafeInteger(pulse)) {
    return { error: `billing "${raw}" has a number too large to be seconds` };
  }
  if (pulse < 1) {
    return { error: `billing "${raw}": the pulse (after the slash) must be at least 1 second` };
  }
  return { mcd, pulse };
}
