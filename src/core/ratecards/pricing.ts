// Pricing a call: the longest matching prefix in a card's active revision, the rate column that applies (single,
// or US inter / intra / indeterminate), the MCD/pulse billing rule and one exact rounding per call.
import { callCost } from '../../ratecards/billing.ts';
import { compareDecimal, formatDecimal, parseDecimal, type Decimal } from '../../ratecards/decimal.ts';
import { npaRegion, npaUnknownReason } from '../../ratecards/nanp.ts';
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
/** One end of a NANP call: its area code and where that is (undefined: non-geographic or unknown). */
const end = (role: 'caller' | 'callee', digits: string) => ({ role, npa: digits.slice(1, 4), region: npaRegion(digits.slice(1, 4)) });

/**
 * Which US rate applies, from the area codes (NPAs) of both numbers and the NANP table (src/ratecards/nanp.ts):
 * - both in the US (the states, DC and the territories PR, VI, GU, MP, AS: the Communications Act, 47 U.S.C. § 153,
 *   counts DC and the territories as states): the same state is intrastate, different states interstate;
 * - the callee not NANP, no caller, a caller outside the NANP → indeterminate;
 * - an area code that names no place (toll-free, 5XX, 900, …) or is not in the table → indeterminate, naming it;
 * - Canada or a Caribbean country on either end → indeterminate. Inter / intra are US-only rates (ConnexCS: "Inter
 *   (US-Only)", "Indeterminate indicates that call is between a USA number and another country"; research §6.3: the
 *   split is by US state), so a call touching Canada or the Caribbean, even Ontario to Ontario, is priced indeterminate.
 * The same area code on both ends is intrastate when it is a US one; the same toll-free, unknown or Canadian code on
 * both ends stays indeterminate. NPAs follow state lines; the few border exchanges served from a neighbouring state's
 * NPA are priced by the NPA's state (telling them apart needs an NPA-NXX / LERG lookup, which this is not).
 */
export function usJurisdiction(callee: string, caller: string | undefined): { kind: Exclude<Jurisdiction, 'single'>; why: string } {
  if (!isNanp(callee)) return { kind: 'indeterminate', why: 'the number is not a US/Canada (NANP) number' };
  if (!caller) return { kind: 'indeterminate', why: 'no caller number given (from=…)' };
  if (!isNanp(caller)) return { kind: 'indeterminate', why: 'the caller is not a NANP number' };
  const ends = [end('caller', caller), end('callee', callee)] as const;
  const unknown = ends.filter((e) => !e.region);
  if (unknown.length) return { kind: 'indeterminate', why: unknown.map((e) => `${e.role} area code ${e.npa} is ${npaUnknownReason(e.npa)}`).join(' and ') };
  const abroad = ends.filter((e) => e.region?.country !== 'US');
  if (abroad.length) {
    const where = abroad.map((e) => `${e.role} ${e.npa} is in ${e.region?.country === 'CA' ? 'Canada' : e.region?.name} (${e.region?.code})`);
    return { kind: 'indeterminate', why: `${where.join(' and ')}; interstate and intrastate rates apply only between two US numbers` };
  }
  const [from, to] = ends;
  if (from.npa === to.npa) return { kind: 'intra', why: `both numbers are in area code ${to.npa} (${to.region?.code})` };
  const both = `caller ${from.npa} (${from.region?.code}) and callee ${to.npa} (${to.region?.code})`;
  return from.region?.code === to.region?.code ? { kind: 'intra', why: `${both} are in the same state` } : { kind: 'inter', why: `${both} are in different states` };
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
