// The prefixes a deck has given so far, for duplicates, kept small because the rows themselves are not kept: they go
// to the database as they are validated. Per prefix: the line it came from, its tariff when that tariff is one of the
// shared (interned) ones, and a 53-bit fingerprint of the tariff, so a repeat of the prefix is told apart as an
// identical duplicate or a conflict without holding a 1M-row deck's prices. About 70 bytes a prefix.
import type { BillingRule } from './billing.ts';

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
  /** cyrb53 of every field above. */
  readonly fingerprint: number;
  /** One of the interned tariffs, shared by every row with these values. */
  readonly shared: boolean;
}

/** A row whose prefix was already given: an identical duplicate, or a conflict saying what differs. */
export interface Duplicate {
  firstLine: number;
  diff?: string;
  /** The prefix's first conflict: its first row has to be taken out too. */
  firstConflict?: boolean;
}

const INTERN_LIMIT = 20_000;
const PER_RATE = 16;

export class PrefixIndex {
  private readonly slotOf = new Map<string, number>();
  private lines = new Int32Array(1024);
  private fingerprints = new Float64Array(1024);
  // Interned tariffs only (holes elsewhere): they are shared, so keeping them costs nothing per row.
  private readonly shared: (Tariff | undefined)[] = [];
  private readonly interned = new Map<string | null, Tariff[]>();
  /** Prefixes given with different tariffs, in the order their conflict was found. */
  readonly conflicted = new Set<string>();

  /** The tariff with these values: a shared one when it was seen before (up to a bound), else a new one. */
  tariff(rate: string | null, inter: string | null, intra: string | null, indeterminate: string | null,
    connect: string | null, rule: BillingRule, blocked: boolean, date: string): Tariff {
    const list = this.interned.get(rate);
    if (list) {
      for (const t of list) {
        if (t.inter === inter && t.intra === intra && t.indeterminate === indeterminate && t.connect === connect
          && t.mcd === rule.mcd && t.pulse === rule.pulse && t.blocked === blocked && t.date === date) return t;
      }
    }
    const fingerprint = cyrb53(`${rate}\u0001${inter}\u0001${intra}\u0001${indeterminate}\u0001${connect}\u0001${rule.mcd}/${rule.pulse}\u0001${blocked ? 1 : 0}\u0001${date}`);
    const shared = list ? list.length < PER_RATE : this.interned.size < INTERN_LIMIT;
    const t: Tariff = { rate, inter, intra, indeterminate, connect, mcd: rule.mcd, pulse: rule.pulse, blocked, date, fingerprint, shared };
    if (list && shared) list.push(t);
    else if (shared) this.interned.set(rate, [t]);
    return t;
  }

  /**
   * Records a prefix, or, when it was given before, returns the earlier line: with `diff` (what differs) when the
   * tariffs conflict, without it when the row is an identical duplicate.
   */
  add(prefix: string, tariff: Tariff, line: number): Duplicate | undefined {
    const slot = this.slotOf.get(prefix);
    if (slot === undefined) {
      const next = this.slotOf.size;
      if (next === this.lines.length) this.grow();
      this.slotOf.set(prefix, next);
      this.lines[next] = line;
      this.fingerprints[next] = tariff.fingerprint;
      if (tariff.shared) this.shared[next] = tariff;
      return undefined;
    }
    const firstLine = this.lines[slot] ?? 0;
    const first = this.shared[slot];
    if (first === tariff || (!first && this.fingerprints[slot] === tariff.fingerprint)) return { firstLine };
    const diff = first ? difference(first, tariff) : 'price, billing, status or effective date';
    if (diff === undefined) return { firstLine };
    const firstConflict = !this.conflicted.has(prefix);
    this.conflicted.add(prefix);
    return { firstLine, diff, firstConflict };
  }

  private grow(): void {
    const lines = new Int32Array(this.lines.length * 2);
    lines.set(this.lines);
    this.lines = lines;
    const fingerprints = new Float64Array(this.fingerprints.length * 2);
    fingerprints.set(this.fingerprints);
    this.fingerprints = fingerprints;
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

/** cyrb53 (bryc, public domain): a fast 53-bit string hash; two different tariffs collide with odds of about 2⁻⁵³. */
function cyrb53(s: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
