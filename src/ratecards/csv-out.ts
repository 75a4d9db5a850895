// A revision's rates as CSV for people and spreadsheets: RFC 4180 quoting, CRLF, a UTF-8 BOM (so Excel reads names
// as UTF-8), cells a spreadsheet would run as a formula neutralised (OWASP "CSV injection"), and headers our own
// importer maps back (currency in brackets), so a downloaded file uploads again as the same prices.
import type { Presentation, RateRowInput } from '../core/store.ts';

export const BOM = '\uFEFF';
const EOL = '\r\n';

/** First characters that make Excel, LibreOffice or Google Sheets read a cell as a formula (OWASP's list). */
const FORMULA_START = /^[=+\-@\t\r]/;
/** Cells that must be quoted: RFC 4180's comma, quote and line breaks, plus `;` and tab, which are list separators
 * in other locales (a `;`-locale Excel would split an unquoted `a;=1+1` into a second, live cell). */
const NEEDS_QUOTES = /[",;\t\r\n]/;

/** A cell a spreadsheet would evaluate, with a leading `'` so it is shown as text; true when it was changed. */
export function neutralise(cell: string): { text: string; changed: boolean } {
  return FORMULA_START.test(cell) ? { text: `'${cell}`, changed: true } : { text: cell, changed: false };
}

function encode(cell: string): { field: string; neutralised: boolean } {
  const { text, changed } = neutralise(cell);
  return { field: NEEDS_QUOTES.test(text) ? `"${text.replace(/"/g, '""')}"` : text, neutralised: changed };
}

/** One field: neutralised, then quoted (quotes doubled) when it holds a separator, a quote or a line break. */
export function csvField(cell: string): string {
  return encode(cell).field;
}

/** One record, CRLF-terminated. */
export function csvRecord(cells: readonly string[]): string {
  return cells.map(csvField).join(',') + EOL;
}

type PriceColumn = { header: string; value: (r: RateRowInput) => string | null };

/**
 * The price columns of a presentation, each holding the value pricing uses (so re-importing prices every call the
 * same): a single-rate card is priced at rate, else indeterminate; a US card at inter or intra, and at
 * indeterminate, else rate, else inter when the jurisdiction is unknown — so inter/intra cards carry the
 * Indeterminate column too (blank: the interstate rate applies).
 */
function priceColumns(presentation: Presentation, currency: string): PriceColumn[] {
  const c = `(${currency})`;
  if (presentation === 'single') return [{ header: `Rate ${c}`, value: (r) => r.rate ?? r.indeterminate }];
  return [
    { header: `Interstate ${c}`, value: (r) => r.inter },
    { header: `Intrastate ${c}`, value: (r) => r.intra },
    { header: `Indeterminate ${c}`, value: (r) => r.indeterminate ?? r.rate },
  ];
}

/** An effective date: the ISO date at midnight UTC (the usual case), else the full ISO 8601 time in UTC. */
export function isoDate(d: Date | null): string {
  if (!d) return '';
  const iso = d.toISOString();
  return iso.endsWith('T00:00:00.000Z') ? iso.slice(0, 10) : iso.replace('.000Z', 'Z');
}

export interface RateCsvWriter {
  /** The header cells. */
  readonly columns: readonly string[];
  /** The BOM and the header record. */
  readonly header: string;
  /** The records of a page of rows. */
  rows(rows: readonly RateRowInput[]): string;
  /** Rows written so far, and how many cells were neutralised (destination names starting with = + - @). */
  readonly counts: { rows: number; neutralised: number };
}

/**
 * Writes a revision page by page (a 1M-row revision is never held as rows): Prefix, Destination, the presentation's
 * price columns, Connect fee, Billing (MCD/pulse), Status (blocked/open), Effective date. Headers name the card's
 * currency in brackets, which the importer checks against the card it is uploaded to.
 */
export function createRateCsv(opts: { presentation: Presentation; currency: string }): RateCsvWriter {
  const prices = priceColumns(opts.presentation, opts.currency);
  const header = ['Prefix', 'Destination', ...prices.map((p) => p.header), `Connect fee (${opts.currency})`, 'Billing', 'Status', 'Effective date'];
  const counts = { rows: 0, neutralised: 0 };
  const field = (cell: string | null): string => {
    if (cell === null || cell === '') return '';
    const { field: out, neutralised } = encode(cell);
    if (neutralised) counts.neutralised++;
    return out;
  };
  return {
    columns: header,
    header: BOM + csvRecord(header),
    rows(rows) {
      let out = '';
      for (const r of rows) {
        const cells = [r.prefix, r.name, ...prices.map((p) => p.value(r)), r.connect, `${r.mcd}/${r.pulse}`, r.blocked ? 'blocked' : 'open', isoDate(r.effectiveAt)];
        out += cells.map(field).join(',') + EOL;
      }
      counts.rows += rows.length;
      return out;
    },
    counts,
  };
}

/** A file name from a card name and revision: letters, digits, `.`, `_` and `-` only (`Acme A-Z` → `Acme-A-Z-rev3.csv`). */
export function revisionFileName(cardName: string, revision: number, ext = 'csv'): string {
  const base = cardName
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 80)
    .replace(/^[-.]+|[-.]+$/g, '');
  return `${base || 'ratecard'}-rev${revision}.${ext}`;
}
