// Rate-deck input sniffing: encoding, a fast RFC 4180 record splitter, separator, decimal comma and the header row.
import { currencyIn, matchHeaderCell, RATE_FIELDS } from './columns.ts';
import { openDeckText, type DeckText } from './deck-text.ts';

export type Separator = ',' | ';' | '\t' | '|';
export type { DeckEncoding } from './deck-text.ts';
import type { DeckEncoding } from './deck-text.ts';

/** Strict UTF-8 (a leading BOM stripped and reported), else Windows-1252, which decodes any byte: never fails. */
export function decodeDeck(bytes: Buffer): { text: string; encoding: DeckEncoding } {
  const deck = openDeckText(bytes);
  return { text: [...deck.pieces()].join(''), encoding: deck.encoding };
}

const QUOTE = 0x22;
const CR = 0x0d;
const LF = 0x0a;

interface Parsed { cells: string[]; end: number; breaks: number; closed: boolean }

// Slow path for a record that has a quote: walks cells from `start`; quoted cells may hold separators, doubled
// quotes and (when eolEnds) line breaks. A quote only opens a cell at its first character; elsewhere it is literal.
function parseAt(text: string, start: number, sepCode: number, eolEnds: boolean): Parsed {
  const n = text.length;
  const cells: string[] = [];
  let i = start;
  let breaks = 0;
  for (;;) {
    let cell = '';
    if (text.charCodeAt(i) === QUOTE) {
      let j = i + 1;
      for (;;) {
        const q = text.indexOf('"', j);
        if (q < 0) return { cells, end: n, breaks, closed: false };
        cell += text.slice(j, q);
        if (text.charCodeAt(q + 1) !== QUOTE) { j = q + 1; break; }
        cell += '"';
        j = q + 2;
      }
      if (eolEnds) breaks += countBreaks(cell);
      i = j;
    }
    // Unquoted cell, or what trails a closing quote (kept, as lenient readers do).
    let k = i;
    for (; k < n; k++) {
      const c = text.charCodeAt(k);
      if (c === sepCode || (eolEnds && (c === CR || c === LF))) break;
    }
    cell += text.slice(i, k);
    cells.push(cell);
    if (k < n && text.charCodeAt(k) === sepCode) { i = k + 1; continue; }
    const end = k >= n ? n : k + (text.charCodeAt(k) === CR && text.charCodeAt(k + 1) === LF ? 2 : 1);
    return { cells, end, breaks, closed: true };
  }
}

function countBreaks(s: string): number {
  let count = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === LF || (c === CR && s.charCodeAt(i + 1) !== LF)) count++;
  }
  return count;
}

function sepCodeOf(sep: string): number {
  if (sep.length !== 1 || sep === '"' || sep === '\r' || sep === '\n') throw new Error(`bad separator ${JSON.stringify(sep)}`);
  return sep.charCodeAt(0);
}

/** Cells of one line; quoted cells may hold the separator and doubled quotes. An unclosed quote is read literally. */
export function splitRecord(line: string, sep: string): string[] {
  const sepCode = sepCodeOf(sep);
  if (!line.includes('"')) return line.split(sep);
  const parsed = parseAt(line, 0, sepCode, false);
  return parsed.closed ? parsed.cells : line.split(sep);
}

export interface DeckRecord {
  /** 1-based physical line where the record starts. */
  line: number;
  cells: string[];
  /** A quote opened here never closed: the line was split literally so the rest of the deck still reads. */
  unclosedQuote?: true;
}

/** Where a piece of text stopped: the offset of the first character not read and the line it is on. */
export interface RecordsEnd { rest: number; line: number }

/**
 * Records of a deck's text: CRLF, LF or CR endings, a missing final newline, quoted cells spanning lines.
 * Blank lines come out as `['']` so line numbers stay true; callers drop all-empty rows.
 * Lines without a quote take a plain `split` (the 1M-row budget rules out a per-character loop for every line).
 * With `final: false` the text is one piece of a longer deck (cut after a line end): a quoted cell still open at its
 * end stops the reading there, and the returned offset says where the next piece must carry on.
 */
export function* records(text: string, sep: string, from: { line?: number; final?: boolean } = {}): Generator<DeckRecord, RecordsEnd> {
  const sepCode = sepCodeOf(sep);
  const final = from.final ?? true;
  const n = text.length;
  // Line-end and quote positions are cached: re-searching for a character the file lacks would be quadratic.
  let nextLf = -1;
  let nextCr = -1;
  let nextQuote = -1;
  let pos = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  let line = from.line ?? 1;
  while (pos < n) {
    if (nextLf < pos) nextLf = indexOrEnd(text, '\n', pos);
    if (nextCr < pos) nextCr = indexOrEnd(text, '\r', pos);
    if (nextQuote < pos) nextQuote = indexOrEnd(text, '"', pos);
    const eol = Math.min(nextLf, nextCr);
    if (nextQuote >= eol) {
      yield { line, cells: text.slice(pos, eol).split(sep) };
      pos = eol >= n ? n : eol + (eol === nextCr && nextLf === eol + 1 ? 2 : 1);
      line++;
      continue;
    }
    const parsed = parseAt(text, pos, sepCode, true);
    if (parsed.closed) {
      yield { line, cells: parsed.cells };
      pos = parsed.end;
      line += 1 + parsed.breaks;
    } else if (!final) {
      return { rest: pos, line };
    } else {
      yield { line, cells: text.slice(pos, eol).split(sep), unclosedQuote: true };
      pos = eol >= n ? n : eol + (eol === nextCr && nextLf === eol + 1 ? 2 : 1);
      line++;
    }
  }
  return { rest: n, line };
}

/** Every record of the deck, piece by piece; the same records, lines and cells as reading the whole text at once. */
export function* deckRecords(deck: DeckText, sep: string): Generator<DeckRecord> {
  const pieces = deck.pieces();
  let carry = '';
  let line = 1;
  let current = pieces.next();
  while (!current.done) {
    const next = pieces.next();
    const text = carry + current.value;
    const reading = records(text, sep, { line, final: next.done === true });
    let r = reading.next();
    for (; !r.done; r = reading.next()) yield r.value;
    carry = text.slice(r.value.rest);
    line = r.value.line;
    current = next;
  }
}

function indexOrEnd(text: string, ch: string, from: number): number {
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}

/** The first `count` physical lines (for sniffing) without splitting the whole text. */
export function headLines(text: string, count: number): string[] {
  const out: string[] = [];
  const re = /\r\n|\r|\n/g;
  let start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  re.lastIndex = start;
  while (out.length < count && start < text.length) {
    const m = re.exec(text);
    out.push(text.slice(start, m ? m.index : text.length));
    start = m ? m.index + m[0].length : text.length;
  }
  return out;
}

const SEPARATORS: readonly Separator[] = [',', ';', '\t', '|'];

/**
 * The separator whose column count (outside quotes) is most consistent and above 1 across non-blank lines:
 * the most lines sharing one count wins, then the wider count. Counting every line, header included, keeps
 * `0,1234` in a `;` deck from electing the comma. Falls back to ','.
 */
export function sniffSeparator(sampleLines: readonly string[]): Separator {
  const lines = sampleLines.filter((l) => l.trim() !== '');
  let best: { sep: Separator; agree: number; width: number } = { sep: ',', agree: 0, width: 0 };
  for (const sep of SEPARATORS) {
    const tally = new Map<number, number>();
    for (const l of lines) {
      const width = splitRecord(l, sep).length;
      if (width > 1) tally.set(width, (tally.get(width) ?? 0) + 1);
    }
    for (const [width, agree] of tally) {
      if (agree > best.agree || (agree === best.agree && width > best.width)) best = { sep, agree, width };
    }
  }
  return best.sep;
}

export interface DecimalSniff {
  decimalComma: boolean;
  /** No value settled it (only `1,234`-shaped ones) or the column mixes both styles: ask or warn. */
  ambiguous: boolean;
  reason: string;
}

type Vote = 'comma' | 'dot' | 'three' | undefined;

// One value's evidence. Thousands groups never start with 0, so `0,273` is a decimal comma even with 3 digits.
function vote(raw: string): Vote {
  // Spaces, NBSP, thin spaces and apostrophes only ever group thousands; the first number in the cell is the value.
  const s = /[\d.,]*\d/.exec(raw.replace(/[\s\u00a0\u202f']/g, ''))?.[0];
  if (s === undefined) return undefined;
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? 'comma' : 'dot';
  if (dot >= 0) return s.indexOf('.') === dot ? 'dot' : 'comma';
  if (comma < 0) return undefined;
  if (s.indexOf(',') !== comma) return 'dot';
  if (s.length - comma - 1 !== 3) return 'comma';
  return /^0*$/.test(s.slice(0, comma)) ? 'comma' : 'three';
}

/**
 * Whether the numbers in rate-like columns use a decimal comma. Decided from the whole column: any `0,1234`,
 * `0,12`, `1.234,5` is a comma; `0.12`, `1,234.5`, `1,234,567` is a dot; a column of only `1,234`-shaped values
 * is ambiguous and then `;` means decimal comma (EU Excel) while other separators mean thousands.
 */
export function sniffDecimalComma(values: Iterable<string>, sep = ','): DecimalSniff {
  let comma = 0;
  let dot = 0;
  let three = 0;
  for (const v of values) {
    const x = vote(v);
    if (x === 'comma') comma++;
    else if (x === 'dot') dot++;
    else if (x === 'three') three++;
  }
  if (comma > 0 && dot > 0) {
    return { decimalComma: comma > dot, ambiguous: true, reason: `${comma} values use a decimal comma and ${dot} a decimal point` };
  }
  if (comma > 0) return { decimalComma: true, ambiguous: false, reason: `${comma} values use a decimal comma` };
  if (dot > 0) return { decimalComma: false, ambiguous: false, reason: `${dot} values use a decimal point` };
  if (three > 0) {
    return sep === ';'
      ? { decimalComma: true, ambiguous: true, reason: `${three} values like 1,234 read as decimals because the separator is ;` }
      : { decimalComma: false, ambiguous: true, reason: `${three} values like 1,234 read as thousands` };
  }
  return { decimalComma: sep === ';', ambiguous: false, reason: 'no decimals seen; assumed from the separator' };
}

export interface Preamble { title?: string; currency?: string; issueDate?: string; validFrom?: string }

export interface HeaderRow {
  /** Index into the rows given. */
  index: number;
  /** Cells that matched a header synonym. */
  score: number;
  preamble: Preamble;
}

/**
 * The header row within the first `maxScan` rows: the row with most synonym cells among those naming both a
 * prefix-like and a rate-like column, so a notice or title block above it is skipped. Rows above it are read
 * for metadata (`Currency:,USD per minute`, `Issue date:,16/09/2026`, `File Date,10/25/2017`).
 */
export function findHeaderRow(rows: readonly string[][], maxScan = 200): HeaderRow | undefined {
  let best: { index: number; score: number } | undefined;
  const end = Math.min(rows.length, maxScan);
  for (let index = 0; index < end; index++) {
    const fields = (rows[index] ?? []).map((c) => matchHeaderCell(c)?.field);
    if (!fields.includes('prefix') || !fields.some((f) => f !== undefined && RATE_FIELDS.includes(f))) continue;
    const score = fields.filter((f) => f !== undefined).length;
    if (!best || score > best.score) best = { index, score };
  }
  return best && { ...best, preamble: readPreamble(rows.slice(0, best.index)) };
}

function readPreamble(rows: readonly string[][]): Preamble {
  const out: Preamble = {};
  for (const row of rows) {
    const cells = row.map((c) => c.trim()).filter((c) => c !== '');
    const first = cells[0];
    if (first === undefined) continue;
    // `Label:,value` in two cells, or `Label: value` in one.
    const colon = cells.length === 1 ? first.indexOf(':') : -1;
    const label = (colon > 0 ? first.slice(0, colon) : first).replace(/:\s*$/, '').trim().toLowerCase();
    const value = (colon > 0 ? first.slice(colon + 1) : cells.slice(1).join(' ')).trim();
    if (value === '') {
      // A lone line: the title, unless it is a note like "All prices in USD per minute".
      const noted = /\b(currency|prices?|rates?)\b/i.test(first) ? currencyIn(first) : undefined;
      if (noted !== undefined) out.currency ??= noted;
      else out.title ??= first;
    } else if (/^currency$/.test(label)) {
      out.currency ??= currencyIn(value);
    } else if (/^(issue|issued|file|publication|published|release|notice)?\s*date$|^issued( on)?$/.test(label)) {
      out.issueDate ??= value;
    } else if (/^(valid from|effective|effective date|effective from)$/.test(label)) {
      out.validFrom ??= value;
    } else if (out.currency === undefined && /\b(currency|prices?|rates?)\b/i.test(cells.join(' '))) {
      out.currency = currencyIn(cells.join(' '));
    }
  }
  return out;
}
