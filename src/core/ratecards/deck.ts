// Reading an uploaded deck for a card, start to finish: bytes → text (encoding), separator, header row (or the
// uploader's start_row), column mapping (automatic or map=…), decimal comma, then every row validated. Pure: the
// same reading serves the preview and the import, so what is imported is exactly what was previewed.
import { mapColumns, parseMapSpec, requiredProblems, type Field } from '../../ratecards/columns.ts';
import { createRowValidator, type RowValidation } from '../../ratecards/rows.ts';
import { decodeDeck, findHeaderRow, headLines, records, sniffDecimalComma, sniffSeparator, type DeckEncoding, type Separator } from '../../ratecards/sniff.ts';
import { UserError } from '../runtime/errors.ts';
import type { RateCard } from '../store.ts';

export interface DeckOptions {
  /** 1-based line of the header row, overriding detection. */
  startRow?: number;
  /** Explicit mapping, e.g. `prefix:2,name:1,cost:3`. */
  map?: string;
  now: Date;
}

export interface DeckReading extends RowValidation {
  encoding: DeckEncoding;
  separator: Separator;
  decimalComma: boolean;
  /** 1-based line of the header row. */
  headerLine: number;
  header: string[];
  /** Field → the header cell it was read from. */
  mapping: { field: Field; column: string }[];
  preambleCurrency?: string;
}

const SEPARATOR_NAME: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
export const separatorName = (s: Separator) => SEPARATOR_NAME[s];

/** Reads the whole deck; a deck that cannot be read at all (no header, no prefix or price column) throws a UserError. */
export function readDeck(bytes: Buffer, card: RateCard, opts: DeckOptions): DeckReading {
  const { text, encoding } = decodeDeck(bytes);
  const separator = sniffSeparator(headLines(text, 250).filter((l) => l.trim()));
  const all = records(text, separator);
  // The head of the file is read twice (header search, then rows); the rest streams once.
  const head: { line: number; cells: string[] }[] = [];
  // next() by hand: breaking a for-of would close the generator, and the rest of the file is still to come.
  for (let n = all.next(); !n.done; n = head.length < 200 ? all.next() : { done: true, value: undefined }) head.push(n.value);
  let headerIndex: number;
  let preambleCurrency: string | undefined;
  if (opts.startRow) {
    headerIndex = head.findIndex((r) => r.line === opts.startRow);
    if (headerIndex < 0) throw new UserError(`start_row: line ${opts.startRow} is not a row of the file (it has ${head.length < 200 ? head.at(-1)?.line ?? 0 : 'more than 200'} lines near the top).`);
  } else {
    const found = findHeaderRow(head.map((r) => r.cells));
    if (!found) {
      throw new UserError('The header row was not found in the first 200 lines: no row names both a prefix (Code, Prefix, Dial Code…) and a price (Rate, Cost, Price…). Give start_row=<line of the header> and map=prefix:…,rate:….');
    }
    headerIndex = found.index;
    preambleCurrency = found.preamble.currency;
  }
  const header = head[headerIndex]!.cells.map((c) => c.trim());
  const headerLine = head[headerIndex]!.line;
  const auto = mapColumns(header);
  let mapping = auto.mapping;
  if (opts.map) {
    const spec = parseMapSpec(opts.map, header);
    if ('error' in spec) throw new UserError(`map: ${spec.error}`);
    mapping = { ...auto.mapping, ...spec };
    const missing = requiredProblems(mapping, header);
    if (missing.length) throw new UserError(`map: ${missing.join(' ')}`);
  } else if (auto.problems.length) {
    throw new UserError(`The columns could not be mapped: ${auto.problems.join(' ')} Give map=prefix:<column>,rate:<column> (1-based column numbers or header names).`);
  }
  const currency = auto.headerCurrency ?? preambleCurrency;
  if (currency && currency !== card.currency) {
    throw new UserError(`The deck is priced in ${currency} (${auto.headerCurrency ? 'header' : 'title block'}) but ${card.name} is a ${card.currency} card; prices are never converted. Use a ${currency} card.`);
  }
  const rest = head.slice(headerIndex + 1);
  const priceColumns = (['rate', 'inter', 'intra', 'indeterminate', 'connect'] as Field[]).map((f) => mapping[f]).filter((c): c is number => c !== undefined);
  const decimal = sniffDecimalComma(rest.flatMap((r) => priceColumns.map((c) => r.cells[c] ?? '')), separator);
  const validator = createRowValidator({
    mapping,
    npanxx: auto.npanxx,
    nameColumns: auto.nameColumns,
    decimalComma: decimal.decimalComma,
    cardCurrency: card.currency,
    presentation: card.presentation,
    now: opts.now,
    header,
    headerLine,
  });
  for (const r of rest) validator.push(r);
  for (let n = all.next(); !n.done; n = all.next()) validator.push(n.value);
  const result = validator.finish();
  return {
    ...result,
    encoding,
    separator,
    decimalComma: decimal.decimalComma,
    headerLine,
    header,
    mapping: (Object.entries(mapping) as [Field, number][]).map(([field, col]) => ({ field, column: header[col] ?? `column ${col + 1}` })),
    preambleCurrency,
  };
}
