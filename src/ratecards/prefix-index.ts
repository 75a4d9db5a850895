// The rows of one deck as they are validated: one entry per prefix, kept in columns with shared tariffs so a 1M-row
// deck stays small, duplicates found by prefix, and the output rows built only when asked for.
import type { RateRowInput } from '../core/store.ts';
import type { BillingRule } from './billing.ts';

/** A validated row: what a revision stores, plus the file line it came from. */
export interface RateRowOut extends RateRowInput {
  /** Physical line of the record in the file. */
  line: number;
}

/** The valid rows, built on demand (a 1M-row deck is never held as 1M row objects). Iterable more than once. */
export interface RateRows extends Iterable<RateRowOut> {
  readonly length: number;
  /** The row at an index (0 ≤ index < length), e.g. for a preview of the first rows. */
  at(index: number): RateRowOut | undefined;
}

/** A row's prices, billing, status and effective-date text: everything but prefix, name and line. */
export interface Tariff {
  readonly rate: string | null;
  readonly inter: string | null;
  readonly intra: string | null;
  readonly indeterminate: string | null;
  readonly connect: string | null;
  readonly mcd: number;
  readonly pulse: number;
  readonly blocked: boolean;
  readonly date: string;
}

/** A row whose prefix was already stored: an identical duplicate, or a conflict naming what differs. */
export interface Duplicate {
  firstLine: number;
  diff?: string;
  /** The prefix's first conflict: its first row is taken out too. */
  firstConflict?: boolean;
}

const INTERN_LIMIT = 20_000;
const PER_RATE = 16;

export class RowStore {
  private readonly prefixes: string[] = [];
  private readonly tariffOf: Tariff[] = [];
  private readonly nameOf: (string | null)[] = [];
  private readonly lineOf: number[] = [];
  private readonly byPrefix = new Map<string, number>();
  // Interned tariffs by rate text: the texts come from a price cache as shared strings whose hash V8 already knows.
  private readonly tariffs = new Map<string | null, Tariff[]>();
  private readonly conflicted = new Set<string>();

  /** The shared tariff with these values (interned up to a bound, so equal rows usually compare by identity). */
  tariff(rate: string | null, inter: string | null, intra: string | null, indeterminate: string | null,
    connect: string | null, rule: BillingRule, blocked: boolean, date: string): Tariff {
    const list = this.tariffs.get(rate);
    if (list) {
      for (const t of list) {
        if (t.inter === inter && t.intra === intra && t.indeterminate === indeterminate && t.connect === connect
          && t.mcd === rule.mcd && t.pulse === rule.pulse && t.blocked === blocked && t.date === date) return t;
      }
    }
    const t: Tariff = { rate, inter, intra, indeterminate, connect, mcd: rule.mcd, pulse: rule.pulse, blocked, date };
    if (list) {
      if (list.length < PER_RATE) list.push(t);
    } else if (this.tariffs.size < INTERN_LIMIT) this.tariffs.set(rate, [t]);
    return t;
  }

  /**
   * Stores a row, or returns the earlier row's line when the prefix is taken: with `diff` (what differs) when the
   * tariffs conflict, which takes every row of that prefix out; without it when the row is an identical duplicate.
   */
  add(prefix: string, tariff: Tariff, name: string | null, line: number): Duplicate | undefined {
    const seen = this.byPrefix.get(prefix);
    const first = seen === undefined ? undefined : this.tariffOf[seen];
    if (seen === undefined || !first) {
      this.byPrefix.set(prefix, this.prefixes.length);
      this.prefixes.push(prefix);
      this.tariffOf.push(tariff);
      this.nameOf.push(name);
      this.lineOf.push(line);
      return undefined;
    }
    const firstLine = this.lineOf[seen] ?? 0;
    const diff = first === tariff ? undefined : difference(first, tariff);
    if (diff === undefined) return { firstLine };
    const firstConflict = !this.conflicted.has(prefix);
    this.conflicted.add(prefix);
    return { firstLine, diff, firstConflict };
  }

  /**
   * The stored rows without conflicted prefixes, filtered by `keep` (called once per row in order), with dates
   * resolved by `resolve` when each row is built.
   */
  rows(keep: (tariff: Tariff, line: number) => boolean, resolve: (date: string) => Date | null): RateRows {
    const index = new Int32Array(this.prefixes.length);
    let kept = 0;
    this.prefixes.forEach((prefix, i) => {
      const tariff = this.tariffOf[i];
      if (tariff && !this.conflicted.has(prefix) && keep(tariff, this.lineOf[i] ?? 0)) index[kept++] = i;
    });
    const at = (n: number): RateRowOut | undefined => {
      const i = n >= 0 && n < kept ? index[n] : undefined;
      const tariff = i === undefined ? undefined : this.tariffOf[i];
      if (i === undefined || !tariff) return undefined;
      const { date, ...prices } = tariff;
      return {
        prefix: this.prefixes[i] ?? '', name: this.nameOf[i] ?? null, ...prices, effectiveAt: resolve(date),
        line: this.lineOf[i] ?? 0,
      };
    };
    return {
      length: kept,
      at,
      *[Symbol.iterator]() {
        for (let n = 0; n < kept; n++) {
          const row = at(n);
          if (row) yield row;
        }
      },
    };
  }
}

function difference(a: Tariff, b: Tariff): string | undefined {
  for (const f of ['rate', 'inter', 'intra', 'indeterminate', 'connect'] as const) {
    if (a[f] !== b[f]) return `${f} (${a[f] ?? 'blank'} there, ${b[f] ?? 'blank'} here)`;
  }
  if (a.mcd !== b.mcd || a.pulse !== b.pulse) return `billing (${a.mcd}/${a.pulse} there, ${b.mcd}/${b.pulse} here)`;
  if (a.blocked !== b.blocked) return `status (${a.blocked ? 'blocked' : 'open'} there, ${b.blocked ? 'blocked' : 'open'} here)`;
  if (a.date !== b.date) return `effective date ("${a.date}" there, "${b.date}" here)`;
  return undefined;
}
