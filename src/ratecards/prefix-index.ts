// The prefixes a deck has given so far, for duplicates, kept small because the rows themselves are not kept: they go
// to the database as they are validated. Per prefix: the line it came from, its tariff when that tariff is one of the
// shared (interned) ones, and a 53-bit fingerprint of the tariff, so a repeat of the prefix is told apart as an
// identical duplicate or a conflict without holding a 1M-row deck's prices. The prefixes themselves are kept as numbers
// in an open-addressing table of typed arrays (a dial code has at most 15 digits and never starts with 0, so its value
// is exact in a double and names it alone): about 40 bytes a prefix, against ~90 for a Map of strings, and nothing for
// the garbage collector to trace.
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

/** Prefix → row slot: an open-addressing hash table on typed arrays (0 marks an empty bucket; no prefix is 0). */
class DigitTable {
  private keys = new Float64Array(1 << 12);
  private values = new Int32Array(1 << 12);
  private mask = (1 << 12) - 1;
  size = 0;
  // Strings that are not a plain dial code (cannot happen after validation, but never lose one).
  private readonly other = new Map<string, number>();

  get(prefix: string): number | undefined {
    const key = keyOf(prefix);
    if (key === undefined) return this.other.get(prefix);
    for (let i = bucket(key) & this.mask; ; i = (i + 1) & this.mask) {
      const k = this.keys[i];
      if (k === 0) return undefined;
      if (k === key) return this.values[i];
    }
  }

  set(prefix: string, value: number): void {
    const key = keyOf(prefix);
    this.size++;
    if (key === undefined) return void this.other.set(prefix, value);
    if (this.size * 2 > this.keys.length) this.grow();
    this.put(key, value);
  }

  private put(key: number, value: number): void {
    let i = bucket(key) & this.mask;
    while (this.keys[i] !== 0) i = (i + 1) & this.mask;
    this.keys[i] = key;
    this.values[i] = value;
  }

  private grow(): void {
    const { keys, values } = this;
    this.keys = new Float64Array(keys.length * 2);
    this.values = new Int32Array(keys.length * 2);
    this.mask = keys.length * 2 - 1;
    for (let i = 0; i < keys.length; i++) if (keys[i] !== 0) this.put(keys[i]!, values[i]!);
  }
}

const DIAL_CODE = /^[1-9]\d{0,14}$/;
const keyOf = (prefix: string): number | undefined => (DIAL_CODE.test(prefix) ? Number(prefix) : undefined);

/** Mixes both halves of the key with odd multipliers: distinct nearby codes land in distinct nearby buckets. */
function bucket(key: number): number {
  const lo = key >>> 0;
  const hi = Math.floor(key / 4294967296);
  return Math.imul(lo ^ Math.imul(hi, 0x85ebca6b), 0x9e3779b1) >>> 0;
}

export class PrefixIndex {
  private readonly slotOf = new DigitTable();
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
