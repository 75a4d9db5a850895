// Cell readers for rate-deck rows (research §3): dial codes, prices with currency marks, status words and dates.
// Each returns a value or the rule text for the row report; the per-column state lives in rows.ts.
import { parseDecimal, type Decimal } from './decimal.ts';

/** Codes one range may expand to; wider ranges are refused, since a typo there would price thousands of codes. */
export const MAX_RANGE = 1000;
/** E.164 numbers are at most 15 digits. */
const MAX_DIGITS = 15;

// Excel General format shows long numbers as 4.474E+11 (4,474E+11 in EU locales) and saves what it shows.
const SCIENTIFIC = /^[0-9.,]+[eE][+-]?[0-9]+$/;
const DASHES = /[\u2010-\u2015\u2212]/g;

export type HyphenKind = 'range' | 'join';

export interface CodeCell {
  codes: string[];
  /** Codes that lost a leading 00 (reported by the caller as one warning). */
  stripped00: number;
  /** How this cell used a hyphen, for the one-meaning-per-column check. */
  hyphen?: { kind: HyphenKind; part: string };
}

const q = (s: string): string => JSON.stringify(s);

/**
 * A prefix cell to E.164 digit strings: list separators `, ; |` and line breaks split it; spaces, dots and a leading
 * `+` go; a hyphen is a range when both sides have the same length (≥ 4 digits) and rise, otherwise a join (`1-268`,
 * `93-70`); a leading 00 is stripped (reported). NPANXX codes get their leading 1. Returns the rule text on failure.
 */
export function parseCodeCell(raw: string, npanxx: boolean): CodeCell | string {
  const cell = raw.trim();
  if (SCIENTIFIC.test(cell.replace(/^\+/, ''))) return scientific(cell);
  const parts = cell.split(/[,;|\r\n]+/).map((p) => p.trim()).filter((p) => p !== '');
  if (parts.length === 0) return `prefix ${q(cell)}: no digits; write the dial code, e.g. 447400`;
  const out: CodeCell = { codes: [], stripped00: 0 };
  for (const part of parts) {
    if (SCIENTIFIC.test(part.replace(/^\+/, ''))) return scientific(part);
    if (/^\+?\d+\.0+$/.test(part)) {
      return `prefix ${q(part)}: a number with decimals (a spreadsheet number format); format the column as text `
        + 'and export again';
    }
    const s = part.replace(/[\s\u00a0\u202f.]+/g, '').replace(DASHES, '-').replace(/^\+/, '');
    let digits: string[];
    const range = /^(\d+)-(\d+)$/.exec(s);
    if (range && range[1] !== undefined && range[2] !== undefined && range[1].length === range[2].length
      && range[1].length >= 4 && range[1] < range[2]) {
      if (out.hyphen?.kind === 'join') return mixedInCell(raw);
      out.hyphen = { kind: 'range', part };
      const expanded = expandRange(range[1], range[2], part);
      if (typeof expanded === 'string') return expanded;
      digits = expanded;
    } else if (/^\d+(?:-\d+)+$/.test(s)) {
      if (out.hyphen?.kind === 'range') return mixedInCell(raw);
      out.hyphen = { kind: 'join', part };
      digits = [s.replace(/-/g, '')];
    } else if (/^\d+$/.test(s)) {
      digits = [s];
    } else {
      return `prefix ${q(part)}: not a dial code; use digits only, e.g. 447400 (a + and spaces are fine)`;
    }
    for (const d of digits) {
      const code = checkCode(d, part, npanxx, out);
      if (code.startsWith('prefix ')) return code;
      out.codes.push(code);
    }
  }
  return out;
}

function scientific(s: string): string {
  return `prefix ${q(s)}: Excel scientific notation, the digits are lost; format the column as text and export again`;
}

function mixedInCell(raw: string): string {
  return `prefix ${q(raw.trim())}: hyphens mean ranges and joins in one cell; list the codes instead`;
}

function expandRange(lo: string, hi: string, part: string): string[] | string {
  const from = Number(lo);
  const to = Number(hi);
  if (!Number.isSafeInteger(to)) return `prefix ${q(part)}: too many digits for a range; list the codes`;
  const count = to - from + 1;
  if (count > MAX_RANGE) {
    return `prefix ${q(part)}: the range would expand to ${count.toLocaleString('en-US')} codes (at most `
      + `${MAX_RANGE.toLocaleString('en-US')}); use the shorter common prefix or split the range`;
  }
  const out: string[] = [];
  for (let n = from; n <= to; n++) out.push(String(n).padStart(lo.length, '0'));
  return out;
}

// Strips 00, then applies the E.164 and NPANXX shape rules. Returns the code, or the rule text (starting "prefix ").
function checkCode(digits: string, part: string, npanxx: boolean, out: CodeCell): string {
  let d = digits;
  if (d.startsWith('00')) {
    d = d.slice(2);
    out.stripped00++;
  }
  if (d === '') return `prefix ${q(part)}: no digits after the 00; write the country code, e.g. 44`;
  if (d.startsWith('0')) {
    return `prefix ${q(part)}: starts with 0 (a national trunk prefix?); write the international code, country `
      + 'code first, e.g. 44207 rather than 0207';
  }
  if (npanxx) {
    if (d.length === 6) return `1${d}`;
    if (d.length === 7 && d.startsWith('1')) return d;
    return `prefix ${q(part)}: an NPANXX code has 6 digits (NPA then NXX, e.g. 201200) or 7 starting with 1; `
      + `this one has ${d.length}`;
  }
  if (d.length > MAX_DIGITS) {
    return `prefix ${q(part)}: ${d.length} digits, longer than any E.164 number (15); check the cell`;
  }
  return d;
}

// Symbols before or after a price; a bare $ means US dollars in carrier decks (as columns.currencyIn reads it).
const SYMBOLS: Readonly<Record<string, string>> = {
  $: 'USD', US$: 'USD', '€': 'EUR', '£': 'GBP', A$: 'AUD', AU$: 'AUD', C$: 'CAD', CA$: 'CAD', NZ$: 'NZD',
};
const LEAD = /^(US\$|AU\$|CA\$|NZ\$|A\$|C\$|[$€£¢]|[A-Za-z]{3}(?=[\s\d.,+-]))\s*/;
const TRAIL = /\s*(US\$|[$€£¢]|(?<=[\d\s])[A-Za-z]{3})$/;
const PER_MINUTE = /\s*(?:\/|\bper\b)\s*min(?:ute)?s?$/i;

/**
 * A price cell (rate or connect fee) to an exact Decimal. A currency symbol or ISO code before or after the number is
 * checked against the card's currency and dropped; a mismatch is refused, never converted. Blank gives null.
 */
export function parseMoney(raw: string, field: string, currency: string, decimalComma: boolean): Decimal | null | string {
  const cell = raw.trim();
  if (cell === '') return null;
  let num = cell.replace(PER_MINUTE, '');
  const marks: string[] = [];
  const lead = LEAD.exec(num);
  if (lead?.[1]) {
    marks.push(lead[1]);
    num = num.slice(lead[0].length);
  }
  const trail = TRAIL.exec(num);
  if (trail?.[1] && trail.index > 0) {
    marks.push(trail[1]);
    num = num.slice(0, trail.index);
  }
  for (const mark of marks) {
    if (mark === '¢') return `${field} ${q(cell)}: a price in cents; write it in whole ${currency}, e.g. 0.035 for 3.5¢`;
    const code = SYMBOLS[mark] ?? mark.toUpperCase();
    if (code !== currency.toUpperCase()) {
      return `${field} ${q(cell)}: priced in ${code} but the card is in ${currency}; prices are never converted: `
        + `upload the ${currency} deck or use a ${code} card`;
    }
  }
  const value = parseDecimal(num, { decimalComma });
  if (value) return value;
  return `${field} ${q(cell)}: ${whyNotMoney(num.trim(), decimalComma)}`;
}

function whyNotMoney(num: string, decimalComma: boolean): string {
  const example = decimalComma ? '0,0112' : '0.0112';
  if (num.startsWith('-') && parseDecimal(num, { decimalComma, allowNegative: true })) {
    return 'negative; a price is never below 0 (a credit or a typo?)';
  }
  if (/\d[\s\u00a0\u202f'](?=\d{3})/.test(num) || (num.includes(',') && num.includes('.'))) {
    return `has a thousands separator; write the plain number, e.g. ${example}`;
  }
  if (!decimalComma && /^\d*,\d+$/.test(num)) {
    return 'a comma in a deck read with decimal points (a decimal comma or a thousands separator?); '
      + 'write it with a point, e.g. 0.0123';
  }
  if (decimalComma && /^\d*\.\d+$/.test(num)) {
    return 'a point in a deck read with decimal commas (a decimal point or a thousands separator?); '
      + 'write it with a comma, e.g. 0,0123';
  }
  return `not a number; write the price per minute, e.g. ${example}`;
}

export type RowStatus = 'blocked' | 'closed' | undefined;

const BLOCKED_WORDS = new Set(['blocked', 'block', 'barred', 'forbidden', 'suspended']);
const CLOSED_WORDS = new Set(['closed', 'removed', 'removal', 'remove', 'deleted', 'delete', 'discontinued',
  'withdrawn', 'terminated', 'ceased']);
const NEGATION = new Set(['not', 'no', 'non', 'un']);

/** A status or change cell (`Closed`, `Code Removal`, `Blocked`): the closed family wins over the blocked one. */
export function readStatus(raw: string): RowStatus {
  const words = raw.toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
  if (words.some((w) => NEGATION.has(w))) return undefined;
  if (words.some((w) => CLOSED_WORDS.has(w))) return 'closed';
  if (words.some((w) => BLOCKED_WORDS.has(w))) return 'blocked';
  return undefined;
}

/** A header cell naming a yes/no status column (TCXC `Forbidden`, `Discontinued`; ConnexCS `Blocked`). */
export function flagColumnStatus(header: string): RowStatus {
  const words = header.trim().toLowerCase().split(/[^a-z]+/).filter((w) => w !== '');
  if (words.length !== 1 || words[0] === undefined) return undefined;
  if (CLOSED_WORDS.has(words[0])) return 'closed';
  if (BLOCKED_WORDS.has(words[0])) return 'blocked';
  return undefined;
}

/** `1`/`0`-style flag cells; undefined when the cell is neither. */
export function readFlag(raw: string): boolean | undefined {
  const s = raw.trim().toLowerCase();
  if (/^(1|y|yes|true|x)$/.test(s)) return true;
  if (/^(0|n|no|false)?$/.test(s)) return false;
  return undefined;
}

/** Whole seconds for first/next interval cells (`60`, `60s`, `60 sec`); undefined when not a whole number. */
export function readSeconds(raw: string): number | undefined {
  const m = /^(\d+)\s*(?:s|sec|secs|seconds?)?$/i.exec(raw.trim());
  if (!m) return undefined;
  const n = Number(m[1]);
  return Number.isSafeInteger(n) ? n : undefined;
}

/** Display name: cells joined with " - ", control characters out, repeated parts once. Never fails. */
export function joinName(cells: readonly string[]): string | null {
  const parts: string[] = [];
  for (const c of cells) {
    const s = c.replace(/\p{Cc}+/gu, ' ').replace(/\s+/g, ' ').trim();
    if (s !== '' && parts[parts.length - 1]?.toLowerCase() !== s.toLowerCase()) parts.push(s);
  }
  return parts.length === 0 ? null : parts.join(' - ');
}

// ——— Effective dates ———

/** The date formats a column may use, in the order inference tries them. */
export type DateFormat = 'yyyy-mm-dd' | 'dd/mm/yyyy' | 'mm/dd/yyyy' | 'dd-mmm-yy' | 'excel-serial';
export const DATE_FORMATS: readonly DateFormat[] = ['yyyy-mm-dd', 'dd/mm/yyyy', 'mm/dd/yyyy', 'dd-mmm-yy', 'excel-serial'];

export const MIN_YEAR = 1990;
export const MAX_YEAR = 2100;

/** Blank, ASAP and zero dates: the row goes live when the revision does. */
export function isLiveOnActivation(raw: string): boolean {
  const s = raw.trim();
  return s === '' || /^(asap|immediate(ly)?)$/i.test(s)
    || /^(0{4}-0{2}-0{2}|0{2}\/0{2}\/0{4})(?:[ T]0{2}:0{2}(?::0{2}(?:\.0+)?)?)?$/.test(s);
}

const TIME = String.raw`(?:[ T]+(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp][Mm]))?)?`;
const ISO_RE = new RegExp(String.raw`^(\d{4})([-/.])(\d{1,2})\2(\d{1,2})${TIME}\s*(Z|[+-]\d{2}:?\d{2})?$`);
const NUMERIC_RE = new RegExp(String.raw`^(\d{1,2})([-/.])(\d{1,2})\2(\d{4}|\d{2})${TIME}$`);
const MONTH_RE = new RegExp(String.raw`^(\d{1,2})[-/. ]([A-Za-z]{3,9})[-/. ,]+(\d{4}|\d{2})${TIME}$`);
const MONTHS = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october',
  'november', 'december'];
// Excel's day 0 is 1899-12-30 once its 1900-02-29 bug is behind (serials past 60).
const EXCEL_EPOCH = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;

/** Two-digit years: 00–69 are 2000–2069, 70–99 are 1970–1999 (then the 1990–2100 check applies). */
export const pivotYear = (yy: number): number => (yy <= 69 ? 2000 + yy : 1900 + yy);

/** One cell read as one format (UTC unless the cell has Z or an offset); undefined when it does not fit. */
export function parseDateAs(raw: string, format: DateFormat): Date | undefined {
  const s = raw.trim();
  let m: RegExpExecArray | null;
  switch (format) {
    case 'yyyy-mm-dd':
      m = ISO_RE.exec(s);
      return m ? build(+m[1]!, +m[3]!, +m[4]!, m.slice(5, 10), m[10]) : undefined;
    case 'dd/mm/yyyy':
    case 'mm/dd/yyyy': {
      m = NUMERIC_RE.exec(s);
      if (!m) return undefined;
      const [a, b] = [+m[1]!, +m[3]!];
      const [day, month] = format === 'dd/mm/yyyy' ? [a, b] : [b, a];
      return build(fullYear(m[4]!), month, day, m.slice(5, 10));
    }
    case 'dd-mmm-yy': {
      m = MONTH_RE.exec(s);
      if (!m) return undefined;
      const word = m[2]!.toLowerCase();
      const month = MONTHS.findIndex((name) => name.startsWith(word));
      return month < 0 ? undefined : build(fullYear(m[3]!), month + 1, +m[1]!, m.slice(4, 9));
    }
    case 'excel-serial': {
      m = /^(\d{5})(?:\.(\d{1,9}))?$/.exec(s);
      if (!m) return undefined;
      const days = Number(m[1]);
      if (days < 20000 || days > 80000) return undefined;
      const fraction = Number((m[2] ?? '').padEnd(9, '0'));
      return new Date(EXCEL_EPOCH + days * DAY_MS + Math.round((fraction * 86_400) / 1e9) * 1000);
    }
    default: {
      const unknown: never = format;
      throw new Error(`unknown date format ${String(unknown)}`);
    }
  }
}

const fullYear = (y: string): number => (y.length === 2 ? pivotYear(Number(y)) : Number(y));

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

// time = [hh, mm, ss, fraction, am/pm]; zone = Z or ±hh[:]mm.
function build(year: number, month: number, day: number, time: (string | undefined)[], zone?: string): Date | undefined {
  if (year < 1000 || month < 1 || month > 12 || day < 1 || day > daysIn(year, month)) return undefined;
  const [hText, minText, secText, fracText, ampm] = time;
  let hour = hText === undefined ? 0 : Number(hText);
  const minute = minText === undefined ? 0 : Number(minText);
  const second = secText === undefined ? 0 : Number(secText);
  if (ampm !== undefined) {
    if (hour < 1 || hour > 12) return undefined;
    hour = (hour % 12) + (ampm.toLowerCase() === 'pm' ? 12 : 0);
  }
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  const ms = Number((fracText ?? '').slice(0, 3).padEnd(3, '0'));
  let offset = 0;
  if (zone !== undefined && zone !== 'Z') {
    const z = /^([+-])(\d{2}):?(\d{2})$/.exec(zone);
    if (!z || Number(z[2]) > 14 || Number(z[3]) > 59) return undefined;
    offset = (z[1] === '-' ? -1 : 1) * (Number(z[2]) * 60 + Number(z[3]));
  }
  return new Date(Date.UTC(year, month - 1, day, hour, minute, second, ms) - offset * 60_000);
}

export interface DateChoice {
  format: DateFormat;
  /** Dates read in that format, of all dates seen. */
  read: number;
  seen: number;
  /** Every value reads both day-first and month-first. */
  warning?: { line: number; rule: string };
}

/**
 * One format for a whole effective-date column. Each value is tried against every format as it arrives (a value
 * none reads, or a year outside 1990–2100, is that row's error at once); at the end the first format that read every
 * value wins, else the one that read most, and resolve() refuses the values it cannot read.
 */
export function createDateColumn(forced?: DateFormat) {
  const formats = forced ? [forced] : DATE_FORMATS;
  const read = formats.map(() => 0);
  let seen = 0;
  let first: { line: number; raw: string } | undefined;
  let chosen: DateFormat | undefined;
  // Decks repeat a handful of dates across 100k+ rows: each distinct text is parsed once (up to a bound).
  const cache = new Map<string, (Date | undefined)[]>();
  const parseAll = (raw: string): (Date | undefined)[] => {
    const hit = cache.get(raw);
    if (hit) return hit;
    const parsed = formats.map((f) => parseDateAs(raw, f));
    if (cache.size < 10_000) cache.set(raw, parsed);
    return parsed;
  };

  /** Rule text when the cell is no date at all; undefined for dates and live-on-activation cells. Counts nothing. */
  const check = (raw: string): string | undefined => {
    if (isLiveOnActivation(raw)) return undefined;
    const year = parseAll(raw).find((d) => d !== undefined)?.getUTCFullYear();
    if (year === undefined) {
      return forced
        ? `effective "${raw}": not a ${forced} date (the format chosen for this deck); write it in that format, or ASAP`
        : `effective "${raw}": not a date; write it like 2026-10-01, 01/10/2026, 1-Oct-26 or ASAP`;
    }
    if (year < MIN_YEAR || year > MAX_YEAR) {
      return `effective "${raw}": the year ${year} is outside ${MIN_YEAR}–${MAX_YEAR}; check it (two-digit `
        + 'years 00–69 read as 2000–2069, 70–99 as 1970–1999)';
    }
    return undefined;
  };

  return {
    check,
    /** Counts the cell towards the column's format (dates only), as `check` would judge it. */
    observe(raw: string, line: number): void {
      if (isLiveOnActivation(raw) || check(raw) !== undefined) return;
      seen++;
      first ??= { line, raw };
      parseAll(raw).forEach((d, i) => {
        if (d) read[i] = (read[i] ?? 0) + 1;
      });
    },
    choose(): DateChoice | undefined {
      if (seen === 0 || !first) return undefined;
      let best = read.findIndex((n) => n === seen);
      if (best < 0) best = read.reduce((b, n, i) => (n > (read[b] ?? 0) ? i : b), 0);
      const format = formats[best] ?? 'yyyy-mm-dd';
      chosen = format;
      const out: DateChoice = { format, read: read[best] ?? 0, seen };
      const mdy = formats.indexOf('mm/dd/yyyy');
      if (!forced && format === 'dd/mm/yyyy' && read[mdy] === seen) {
        const d = parseDateAs(first.raw, format);
        out.warning = { line: first.line, rule: `every effective date reads both day-first and month-first `
          + `(e.g. "${first.raw}"); read as dd/mm/yyyy (${d?.toISOString().slice(0, 10)}); if the deck is `
          + 'month-first, import it again with the date format mm/dd/yyyy' };
      }
      return out;
    },
    /** The cell in the chosen format: null when live on activation, rule text when that format cannot read it. */
    resolve(raw: string): Date | null | string {
      if (isLiveOnActivation(raw)) return null;
      const d = parseAll(raw)[chosen ? formats.indexOf(chosen) : -1];
      // A fresh Date per row: the cached instance must not be shared with callers, who may mutate it.
      if (d) return new Date(d.getTime());
      const fits = chosen ? read[formats.indexOf(chosen)] : 0;
      return `effective "${raw.trim()}": not ${chosen} like the rest of the column (${fits} of ${seen} dates are); `
        + 'write every date in one format';
    },
  };
}
