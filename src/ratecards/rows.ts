// Rate-deck data records to validated rate rows, one record at a time (research §3 rows 2, 5–12, 15–19, §1.10):
// every problem reported with its physical line and what to do, prices kept as exact decimal strings. Valid rows are
// handed out as they are read (`take`), not kept: a 1M-row deck streams into the database while it is validated.
// Two things are only known at the end, and the caller deals with them: a prefix given twice with different prices
// (its first row was already handed out — `conflicted` lists them to take out again), and the effective-date format,
// which is inferred from the whole column — so when a date column is mapped the records are read twice: `scanDate`
// over all of them, `settleDates`, then `push` (validateRows does this).
import { parseBilling, type BillingRule } from './billing.ts';
import { currencyIn, type Field } from './columns.ts';
import { compareDecimal, formatDecimal, parseDecimal, type Decimal } from './decimal.ts';
import type { DeckRecord } from './sniff.ts';
import { PrefixIndex, type Tariff } from './prefix-index.ts';
import type { RateRowInput } from '../core/store.ts';
import {
  createDateColumn, flagColumnStatus, joinName, parseCodeCell, parseMoney, readFlag, readSeconds, readStatus,
  type DateFormat, type HyphenKind, type RowStatus,
} from './row-values.ts';

export type { DateFormat } from './row-values.ts';

/** A validated row: what a revision stores, plus the file line it came from. */
export interface RateRowOut extends RateRowInput {
  /** Physical line of the record in the file. */
  line: number;
}
export type Presentation = 'single' | 'inter_intra' | 'inter_intra_indeterminate';

export interface RowIssue {
  line: number;
  /** A Field name, `row` (the record as a whole) or `deck` (the mapping). */
  field: string;
  rule: string;
}

export interface RowCounts {
  /** Data records pushed, blank ones included. */
  rows: number;
  /** Rows to import (after lists, ranges, merges and conflicts). */
  valid: number;
  /** Records whose cells were all empty: dropped silently. */
  empty: number;
  /** Records with a closed-family status: left out of the revision (a new revision simply omits them). */
  closed: number;
  /** Records refused because of their own cells. */
  invalid: number;
  /** Extra rows made by code lists and ranges. */
  expanded: number;
  /** Rows dropped as identical duplicates of an earlier row. */
  duplicatesMerged: number;
  /** Rows dropped because their prefix also appears with different prices (every row of that prefix). */
  conflicting: number;
  /** Rows handed out dated after `now` (counted as they are read, before conflicts are taken out). */
  scheduled: number;
  errors: number;
  warnings: number;
}

export interface RowValidatorOptions {
  /** 0-based column per field, as mapColumns or parseMapSpec give it. */
  mapping: Partial<Record<Field, number>>;
  npanxx: boolean;
  nameColumns: readonly number[];
  decimalComma: boolean;
  /** ISO code of the card; prices marked with another currency are refused. */
  cardCurrency: string;
  presentation: Presentation;
  /** The card's default billing; when absent 1/1 is assumed and said once. */
  defaultBilling?: BillingRule;
  /** Force one format instead of inferring it from the column. */
  dateFormat?: DateFormat;
  now: Date;
  /** Header cells, to find yes/no status columns (`Forbidden`, `Discontinued`) that mapColumns leaves unmapped. */
  header?: readonly string[];
  /** Line of the header, for problems with the mapping itself (default 0). */
  headerLine?: number;
  /** Per-minute rate above which a row is flagged as possible thousands-separator damage (default 5). */
  rateCap?: string;
}

export interface RowValidation {
  /** The first rows to import, for a preview (at most SAMPLES). */
  samples: RateRowOut[];
  /** Prefixes given more than once with different prices: their one row handed out must be taken out again. */
  conflicted: string[];
  /** The first 50 by line; counts.errors counts them all. */
  errors: RowIssue[];
  warnings: RowIssue[];
  counts: RowCounts;
  /** The effective-date format used, when the column had dates. */
  dateFormat?: DateFormat;
}

type InputRecord = Pick<DeckRecord, 'line' | 'unclosedQuote'> & { cells: readonly string[] };

export interface RowValidator {
  /** First pass, when a date column is mapped: counts the record's date towards the column's format. */
  scanDate(record: InputRecord): void;
  /** Chooses the date format from the scanned records; `push` may start. */
  settleDates(): void;
  push(record: InputRecord): void;
  /** The valid rows pushed since the last take, in order. */
  take(): RateRowOut[];
  finish(): RowValidation;
}

export const MAX_DETAILS = 50;
export const SAMPLES = 5;
const PRICE_FIELDS = ['rate', 'inter', 'intra', 'indeterminate'] as const;
type PriceField = (typeof PRICE_FIELDS)[number];
type Money = { value: Decimal; text: string; high: boolean };

const REQUIRED: Readonly<Record<Presentation, readonly PriceField[]>> = {
  single: ['rate'],
  inter_intra: ['inter', 'intra'],
  inter_intra_indeterminate: ['inter', 'intra', 'indeterminate'],
};
// A missing required price may be taken from this column instead.
const STAND_IN: Partial<Record<Presentation, Partial<Record<PriceField, PriceField>>>> = {
  single: { rate: 'indeterminate' },
  inter_intra_indeterminate: { indeterminate: 'rate' },
};

// Counts every issue, keeps the first MAX_DETAILS. Issues found in finish() may name earlier lines, so they are kept
// apart (each kind arrives in line order) and merged by line at the end.
class IssueLog {
  count = 0;
  private readonly list: RowIssue[] = [];
  private readonly late: RowIssue[] = [];
  add(issue: RowIssue): void {
    this.count++;
    if (this.list.length < MAX_DETAILS) this.list.push(issue);
  }
  addLate(issue: RowIssue): void {
    this.count++;
    if (this.late.length < 2 * MAX_DETAILS) this.late.push(issue);
  }
  first(): RowIssue[] {
    return [...this.list, ...this.late].sort((a, b) => a.line - b.line).slice(0, MAX_DETAILS);
  }
}

// Decks repeat the same few prices, billings, statuses and names across 100k+ rows: each distinct text is read once.
const CACHE_LIMIT = 20_000;
function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size < CACHE_LIMIT) cache.set(key, value);
  return value;
}

const SIMPLE_CODE = /^[1-9]\d{0,14}$/;

export function createRowValidator(opts: RowValidatorOptions): RowValidator {
  const { mapping, presentation, now } = opts;
  const cap = capOption(opts.rateCap ?? '5');
  const billingDefault = opts.defaultBilling ?? { mcd: 1, pulse: 1 };
  if (!Number.isSafeInteger(billingDefault.mcd) || billingDefault.mcd < 0
    || !Number.isSafeInteger(billingDefault.pulse) || billingDefault.pulse < 1) {
    throw new Error(`default billing ${billingDefault.mcd}/${billingDefault.pulse} is not MCD ≥ 0 / pulse ≥ 1`);
  }
  const nameColumns = opts.nameColumns.length > 0 ? opts.nameColumns : mapping.name === undefined ? [] : [mapping.name];
  const flagColumns = (opts.header ?? []).flatMap((cell, index) => {
    const status = index === mapping.status ? undefined : flagColumnStatus(cell);
    return status ? [{ index, status, label: cell.trim() }] : [];
  });
  const priceColumns = PRICE_FIELDS.filter((field) => mapping[field] !== undefined);

  const errors = new IssueLog();
  const warnings = new IssueLog();
  const counts: RowCounts = {
    rows: 0, valid: 0, empty: 0, closed: 0, invalid: 0, expanded: 0, duplicatesMerged: 0, conflicting: 0,
    scheduled: 0, errors: 0, warnings: 0,
  };
  const store = new PrefixIndex();
  let outbox: RateRowOut[] = [];
  const samples: RateRowOut[] = [];
  let emitted = 0;
  const datesMapped = mapping.effective !== undefined;
  let datesSettled = !datesMapped;
  let dateFormat: DateFormat | undefined;
  const money = new Map<string, Money>();
  const billings = new Map<string, BillingRule | string>();
  const statuses = new Map<string, RowStatus>();
  const names = new Map<string, string | null>();
  const dates = createDateColumn(opts.dateFormat);
  const stripped00 = { count: 0, lineCount: 0, lines: [] as number[] };
  const merged = { examples: [] as string[], line: 0 };
  const assumed = { count: 0, line: 0 };
  let hyphen: { kind: HyphenKind; line: number; part: string } | undefined;
  let result: RowValidation | undefined;
  // The record being read: its line and its problems (reset per record; no closures are made per row).
  let line = 0;
  let stripping = 0;
  const issues: RowIssue[] = [];
  const fail = (field: string, rule: string): void => void issues.push({ line, field, rule });

  // A presentation whose required prices have no column fails once here rather than on every row.
  const unmapped = new Set<PriceField>();
  for (const f of REQUIRED[presentation]) {
    const standIn = STAND_IN[presentation]?.[f];
    if (mapping[f] !== undefined || (standIn !== undefined && mapping[standIn] !== undefined)) continue;
    unmapped.add(f);
    errors.add({ line: opts.headerLine ?? 0, field: 'deck', rule: `no ${f} column, but the card's presentation `
      + `${presentation} needs ${REQUIRED[presentation].join(', ')} prices: map one (e.g. ${f}:3) or change the `
      + 'presentation' });
  }

  const cellOf = (cells: readonly string[], field: Field): string => {
    const i = mapping[field];
    return i === undefined ? '' : (cells[i] ?? '').trim();
  };

  function readMoney(raw: string, field: string): Money | null | undefined {
    if (raw === '') return null;
    const hit = money.get(raw);
    if (hit) return hit;
    const v = parseMoney(raw, field, opts.cardCurrency, opts.decimalComma);
    if (typeof v === 'string') return void fail(field, v);
    return v && remember(money, raw, { value: v, text: formatDecimal(v), high: compareDecimal(v, cap) > 0 });
  }

  function readRowStatus(cells: readonly string[]): RowStatus {
    let status: RowStatus;
    if (mapping.status !== undefined) {
      const raw = cellOf(cells, 'status');
      status = statuses.has(raw) ? statuses.get(raw) : remember(statuses, raw, readStatus(raw));
    }
    for (const flag of flagColumns) {
      const raw = (cells[flag.index] ?? '').trim();
      const on = readFlag(raw) ?? (readStatus(raw) === flag.status ? true : undefined);
      if (on === undefined) fail('status', `${flag.label} "${raw}": not a yes/no flag; write 1 (yes) or 0 (no)`);
      else if (on && status !== 'closed') status = flag.status;
    }
    return status;
  }

  function readName(cells: readonly string[]): string | null {
    const parts = nameColumns.length === 1 ? undefined : nameColumns.map((i) => cells[i] ?? '');
    const key = parts ? parts.join('\u0000') : (cells[nameColumns[0] ?? 0] ?? '');
    const hit = names.get(key);
    return hit !== undefined ? hit : remember(names, key, joinName(parts ?? [key]));
  }

  // A string for one code (the common case, no array made), an array for lists and ranges, undefined on error.
  function readCodes(raw: string): string[] | string | undefined {
    if (raw === '') return void fail('prefix', 'prefix is blank; every rate row needs a dial code');
    if (!opts.npanxx && SIMPLE_CODE.test(raw)) return raw;
    const parsed = parseCodeCell(raw, opts.npanxx);
    if (typeof parsed === 'string') return void fail('prefix', parsed);
    const h = parsed.hyphen;
    if (h && hyphen && h.kind !== hyphen.kind) {
      return void fail('prefix', `prefix "${h.part}": the hyphen ${meaning(h.kind)} here, but on line `
        + `${hyphen.line} ("${hyphen.part}") it ${meaning(hyphen.kind)}; give hyphens one meaning in the whole `
        + 'column (list the codes, or write joined codes without the hyphen)');
    }
    if (h && !hyphen) hyphen = { ...h, line };
    stripping = parsed.stripped00;
    return parsed.codes.length === 1 ? parsed.codes[0] : parsed.codes;
  }

  // The x/y cell, else first/next columns (a lone next means next/next), else the default; undefined on error.
  function readBilling(cells: readonly string[]): BillingRule | 'default' | undefined {
    const x = cellOf(cells, 'billing');
    if (x !== '') {
      const b = billings.get(x) ?? remember(billings, x, billingOrRule(x));
      return typeof b === 'string' ? void fail('billing', b) : b;
    }
    const first = cellOf(cells, 'first');
    const next = cellOf(cells, 'next');
    if (first === '' && next === '') return 'default';
    const mcd = first === '' ? undefined : readSeconds(first);
    const pulse = next === '' ? undefined : readSeconds(next);
    if (first !== '' && mcd === undefined) fail('first', `first interval "${first}": not whole seconds (0 or more), e.g. 60`);
    if (next !== '' && (pulse === undefined || pulse < 1)) {
      return void fail('next', `next interval "${next}": not whole seconds (1 or more), e.g. 6`);
    }
    if (first !== '' && mcd === undefined) return undefined;
    return { mcd: mcd ?? pulse ?? billingDefault.mcd, pulse: pulse ?? billingDefault.pulse };
  }

  // A record the date column counts for: not blank, not closed, not a note line (push's own early exits).
  function reachesDates(cells: readonly string[]): boolean {
    if (isBlank(cells)) return false;
    issues.length = 0;
    if (readRowStatus(cells) === 'closed') return false;
    return /\d/.test(cellOf(cells, 'prefix')) || priceColumns.some((f) => cellOf(cells, f) !== '');
  }

  function scanDate(record: InputRecord): void {
    if (datesSettled) throw new Error('scanDate after settleDates');
    line = record.line;
    if (reachesDates(record.cells)) dates.observe(cellOf(record.cells, 'effective'), line);
  }

  function settleDates(): void {
    if (datesSettled) return;
    datesSettled = true;
    const chosen = dates.choose();
    dateFormat = chosen?.format;
    if (chosen?.warning) warnings.addLate({ line: chosen.warning.line, field: 'effective', rule: chosen.warning.rule });
  }

  function push(record: InputRecord): void {
    if (result) throw new Error('push after finish');
    if (!datesSettled) throw new Error('push before settleDates: a date column is mapped, scan its dates first');
    const { cells } = record;
    line = record.line;
    issues.length = 0;
    stripping = 0;
    counts.rows++;
    if (isBlank(cells)) {
      counts.empty++;
      return;
    }
    if (record.unclosedQuote) {
      warnings.add({ line, field: 'row', rule: 'a quote opened on this line never closes; the line was read '
        + 'without quotes: check its cells, and close or remove the quote' });
    }
    const status = readRowStatus(cells);
    if (status === 'closed') {
      counts.closed++;
      return;
    }
    const blocked = status === 'blocked';
    const prefixRaw = cellOf(cells, 'prefix');
    if (!/\d/.test(prefixRaw) && priceColumns.every((f) => cellOf(cells, f) === '')) {
      const text = cells.map((c) => c.trim()).filter((c) => c !== '').join(' ');
      fail('row', `no dial code and no rate ("${text.length > 60 ? `${text.slice(0, 57)}…` : text}"): a note or `
        + 'footer inside the data; delete the line');
      return refuse();
    }
    const codes = readCodes(prefixRaw);

    const values: Partial<Record<PriceField, Money | null>> = {};
    for (const f of priceColumns) values[f] = readMoney(cellOf(cells, f), f);
    for (const f of REQUIRED[presentation]) {
      const standIn = STAND_IN[presentation]?.[f];
      if (values[f] === undefined && mapping[f] !== undefined) continue; // unreadable: already reported
      if (!values[f] && standIn !== undefined && values[standIn]) values[f] = values[standIn];
      if (!values[f] && !blocked && !unmapped.has(f)) {
        const or = standIn !== undefined && mapping[standIn] !== undefined ? ` (or ${standIn})` : '';
        fail(f, `${f} is blank; give a price${or}, or mark the row blocked or closed`);
      }
    }
    const connect = readMoney(cellOf(cells, 'connect'), 'connect');
    const currencyCell = cellOf(cells, 'currency');
    const named = currencyCell === '' ? undefined : (currencyIn(currencyCell) ?? currencyCell.toUpperCase());
    if (named !== undefined && named !== opts.cardCurrency.toUpperCase()) {
      fail('currency', `currency "${currencyCell}": the card is in ${opts.cardCurrency}; prices are never `
        + `converted: upload the ${opts.cardCurrency} deck or use a ${named} card`);
    }
    const billing = readBilling(cells);
    const date = cellOf(cells, 'effective');
    const dateProblem = dates.check(date);
    const effective = dateProblem === undefined ? dates.resolve(date) : dateProblem;
    // A date the column's format cannot read (its rule says which format the rest of the column has) is refused too.
    if (typeof effective === 'string') fail('effective', effective);
    if (issues.length > 0 || codes === undefined || typeof effective === 'string') return refuse();

    for (const f of priceColumns) {
      if (!values[f]?.high) continue;
      warnings.add({ line, field: f, rule: `${f} "${cellOf(cells, f)}": above ${formatDecimal(cap)} `
        + 'per minute; check it (a thousands separator or decimal comma may have shifted it, e.g. 0,273 read as 273)' });
    }
    if (stripping > 0) {
      stripped00.count += stripping;
      if (++stripped00.lineCount <= 5) stripped00.lines.push(line);
    }
    if (billing === 'default') {
      assumed.count++;
      assumed.line ||= line;
    }
    const rule = billing === 'default' || billing === undefined ? billingDefault : billing;
    const tariff = store.tariff(values.rate?.text ?? null, values.inter?.text ?? null, values.intra?.text ?? null,
      values.indeterminate?.text ?? null, connect?.text ?? null, rule, blocked, date);
    const name = nameColumns.length === 0 ? null : readName(cells);
    if (effective && effective.getTime() > now.getTime()) counts.scheduled += typeof codes === 'string' ? 1 : codes.length;
    if (typeof codes === 'string') return add(codes, tariff, name, effective);
    counts.expanded += codes.length - 1;
    for (const code of codes) add(code, tariff, name, effective && new Date(effective.getTime()));
  }

  function refuse(): void {
    counts.invalid++;
    for (const issue of issues) errors.add(issue);
  }

  function add(prefix: string, tariff: Tariff, name: string | null, effectiveAt: Date | null): void {
    const dup = store.add(prefix, tariff, line);
    if (!dup) {
      const { rate, inter, intra, indeterminate, connect, mcd, pulse, blocked } = tariff;
      const row: RateRowOut = { prefix, name, rate, inter, intra, indeterminate, mcd, pulse, connect, blocked, effectiveAt, line };
      outbox.push(row);
      emitted++;
      if (samples.length < SAMPLES * 2) samples.push(row);
      return;
    }
    if (dup.diff === undefined) {
      counts.duplicatesMerged++;
      merged.line ||= line;
      if (merged.examples.length < 3) merged.examples.push(`${prefix} on line ${line} = line ${dup.firstLine}`);
      return;
    }
    counts.conflicting += dup.firstConflict ? 2 : 1;
    errors.add({ line, field: 'prefix', rule: `prefix ${prefix} is also on line ${dup.firstLine} with a different `
      + `${dup.diff}; keep one row per prefix (peak/off-peak bands belong on separate cards)` });
  }

  function take(): RateRowOut[] {
    const out = outbox;
    outbox = [];
    return out;
  }

  function finish(): RowValidation {
    if (result) return result;
    settleDates();
    if (stripped00.count > 0) {
      const more = stripped00.lineCount > stripped00.lines.length ? ', …' : '';
      warnings.addLate({ line: stripped00.lines[0] ?? 0, field: 'prefix', rule: 'a leading 00 (international call '
        + `prefix) was removed from ${plural(stripped00.count, 'code')} (line${stripped00.lineCount > 1 ? 's' : ''} `
        + `${stripped00.lines.join(', ')}${more}); check they start with the country code, e.g. 0044 → 44` });
    }
    if (counts.duplicatesMerged > 0) {
      const more = counts.duplicatesMerged > merged.examples.length ? '; …' : '';
      warnings.addLate({ line: merged.line, field: 'prefix', rule: `${plural(counts.duplicatesMerged, 'duplicate row')} `
        + `with the same prices merged into the first (${merged.examples.join('; ')}${more}); remove them from the file` });
    }
    if (assumed.count > 0 && !opts.defaultBilling) {
      warnings.addLate({ line: assumed.line, field: 'billing', rule: `no billing given for ${plural(assumed.count, 'row')} `
        + `(first on line ${assumed.line}); assumed 1/1 (per second): add a billing column or set the card's default billing` });
    }
    const conflicted = [...store.conflicted];
    counts.valid = emitted - conflicted.length;
    counts.errors = errors.count;
    counts.warnings = warnings.count;
    result = {
      samples: samples.filter((r) => !store.conflicted.has(r.prefix)).slice(0, SAMPLES),
      conflicted,
      errors: errors.first(),
      warnings: warnings.first(),
      counts,
      ...(dateFormat ? { dateFormat } : {}),
    };
    return result;
  }

  return { scanDate, settleDates, push, take, finish };
}

/**
 * Validates the records `source` gives (called twice when a date column is mapped: dates first), yielding the valid
 * rows in batches of about `batch` as they are read; returns the validation. Conflicted prefixes' first rows have
 * been yielded: take them out (RowValidation.conflicted).
 */
export function* validateRows(source: () => Iterable<InputRecord>, opts: RowValidatorOptions, batch = 1_000): Generator<RateRowOut[], RowValidation> {
  const v = createRowValidator(opts);
  if (opts.mapping.effective !== undefined) {
    for (const record of source()) v.scanDate(record);
    v.settleDates();
  }
  let pending = 0;
  for (const record of source()) {
    v.push(record);
    if (++pending >= batch) {
      pending = 0;
      const rows = v.take();
      if (rows.length) yield rows;
    }
  }
  const rows = v.take();
  if (rows.length) yield rows;
  return v.finish();
}

/** Every valid row at once, conflicted prefixes taken out: for small decks and tests. */
export function collectRows(source: () => Iterable<InputRecord>, opts: RowValidatorOptions): RowValidation & { rows: RateRowOut[] } {
  const all: RateRowOut[] = [];
  const reading = validateRows(source, opts);
  let r = reading.next();
  for (; !r.done; r = reading.next()) all.push(...r.value);
  const conflicted = new Set(r.value.conflicted);
  return { ...r.value, rows: conflicted.size ? all.filter((row) => !conflicted.has(row.prefix)) : all };
}

const meaning = (kind: HyphenKind): string => (kind === 'range' ? 'marks a range' : 'joins two parts of one code');
const plural = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

function isBlank(cells: readonly string[]): boolean {
  for (const c of cells) if (c !== '' && c.trim() !== '') return false;
  return true;
}

function capOption(raw: string): Decimal {
  const cap = parseDecimal(raw);
  if (!cap) throw new Error(`rateCap ${raw} is not a decimal`);
  return cap;
}

function billingOrRule(x: string): BillingRule | string {
  const b = parseBilling(x);
  return 'error' in b ? `${b.error}; or leave it blank for the card's default` : b;
}
