// Pricing a call: the longest matching prefix in a card's active revision, the rate column that applies (single,
// or US inter / intra / indeterminate), the MCD/pulse billing rule and one exact rounding per call.
import { callCost } from '../../ratecards/billing.ts';
import { compareDecimal, formatDecimal, parseDecimal, type Decimal } from '../../ratecards/decimal.ts';
import type { RateMatch } from '../store.ts';

export type Jurisdiction = 'single' | 'inter' | 'intra' | 'indeterminate';

export interface PricedCall {
  match: RateMatch;
  jurisdiction: Jurisdiction;
  /** Why that rate column was chosen (shown to the caller). */
  why: string;
  rate: Decimal;
  billedSec: number;
  /** Rounded with the card's method, formatted to its precision. */
  cost: string;
  costValue: Decimal;
  /** The card refuses calls above its capped rate. */
  capped: boolean;
}

/** Every leading part of the number's digits, longest first (a prefix is at most 15 digits, like E.164). */
export function prefixesOf(digits: string): string[] {
  const d = digits.replace(/\D/g, '').slice(0, 15);
  const out: string[] = [];
  for (let n = d.length; n >= 1; n--) out.push(d.slice(0, n));
  return out;
}

const isNanp = (digits: string) => /^1[2-9]\d{2}[2-9]\d{6}$/.test(digits);

/**
 * Which US rate applies: the same area code on both ends is the same state (intrastate); a caller outside the
 * NANP or unknown is indeterminate. Different area codes need the area-code → state table, which is not in yet,
 * so they are indeterminate too and the reply says why.
 */
export function usJurisdiction(callee: string, caller: string | undefined): { kind: Exclude<Jurisdiction, 'single'>; why: string } {
  if (!isNanp(callee)) return { kind: 'indeterminate', why: 'the number is not a US/Canada (NANP) number' };
  if (!caller) return { kind: 'indeterminate', why: 'no caller number given (from=…)' };
  if (!isNanp(caller)) return { kind: 'indeterminate', why: 'the caller is not a NANP number' };
  if (caller.slice(1, 4) === callee.slice(1, 4)) return { kind: 'intra', why: `both numbers are in area code ${callee.slice(1, 4)}` };
  return { kind: 'indeterminate', why: `area codes ${caller.slice(1, 4)} and ${callee.slice(1, 4)} differ and their states are not known yet` };
}

function pickRate(m: RateMatch, callee: string, caller: string | undefined): { jurisdiction: Jurisdiction; why: string; raw: string | null } {
  if (m.presentation === 'single') return { jurisdiction: 'single', why: 'single-rate card', raw: m.rate ?? m.indeterminate };
  const j = usJurisdiction(callee, caller);
  const raw = j.kind === 'intra' ? m.intra : j.kind === 'inter' ? m.inter : (m.indeterminate ?? m.rate ?? m.inter);
  return { jurisdiction: j.kind, why: j.why, raw };
}

/** Prices one call on one matched row; undefined when the row has no usable price (the caller is told). */
export function priceMatch(m: RateMatch, durationSec: number, callee: string, caller?: string): PricedCall | undefined {
  const { jurisdiction, why, raw } = pickRate(m, callee, caller);
  const rate = raw === null ? undefined : parseDecimal(raw);
  if (!rate) return undefined;
  const connect = m.connect === null ? undefined : parseDecimal(m.connect);
  const { billedSec, cost } = callCost({ durationSec, mcd: m.mcd, pulse: m.pulse, rate, connect, precision: m.precision, rounding: m.rounding });
  const cap = m.cappedRate === null ? undefined : parseDecimal(m.cappedRate);
  return { match: m, jurisdiction, why, rate, billedSec, cost: formatDecimal(cost, m.precision), costValue: cost, capped: cap !== undefined && compareDecimal(rate, cap) > 0 };
}

/**
 * Cheapest first. Costs in different currencies cannot be compared without an exchange rate, so the ranking is
 * in the currency most of the cards use; cards in other currencies follow, grouped by currency.
 */
export function rankCalls(calls: PricedCall[]): PricedCall[] {
  const base = [...calls].sort((a, b) => compareDecimal(a.costValue, b.costValue) || a.match.cardName.localeCompare(b.match.cardName));
  const counts = new Map<string, number>();
  for (const c of base) counts.set(c.match.currency, (counts.get(c.match.currency) ?? 0) + 1);
  const currency = [...counts].sort((a, b) => b[1] - a[1])[0]?.[0];
  return [...base.filter((c) => c.match.currency === currency), ...base.filter((c) => c.match.currency !== currency).sort((a, b) => a.match.currency.localeCompare(b.match.currency))];
}
