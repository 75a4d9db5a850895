// Reading an uploaded deck for a card, start to finish: bytes → text (encoding), separator, header row (or the
// uploader's start_row), column mapping (automatic or map=…), decimal comma, then every row validated. Pure: the
// same reading serves the preview and the import, so what is imported is exactly what was previewed.
//
// `openDeck` reads the head of the file at once (anything wrong with the layout is a UserError before a row is
// read); its `rows` are validated lazily as they are pulled, a piece of the file at a time, so an import streams the
// deck into COPY without holding it whole. The outcome (counts, problems, conflicted prefixes) is known once `rows`
// has been read to the end.
import { mapColumns, parseMapSpec, requiredProblems, type Field } from '../../ratecards/columns.ts';
import { validateRows, type RateRowOut, type RowValidation, type RowValidatorOptions } from '../../ratecards/rows.ts';
import { openDeckText, deckHeadLines, type DeckText } from '../../ratecards/deck-text.ts';
import { deckRecords, findHeaderRow, sniffDecimalComma, sniffSeparator, type DeckEncoding, type DeckRecord, type Separator } from '../../ratecards/sniff.ts';
import { UserError } from '../runtime/errors.ts';
import type { RateCard } from '../store.ts';

export interface DeckOptions {
  /** 1-based line of the header row, overriding detection. */
  startRow?: number;
  /** Explicit mapping, e.g. `prefix:2,name:1,cost:3`. */
  map?: string;
  now: Date;
}

/** How the deck is laid out: known before any row is validated. */
export interface DeckLayout {
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

export interface DeckReading extends DeckLayout, RowValidation {}

export interface OpenDeck {
  layout: DeckLayout;
  /** The valid rows, validated as they are pulled (once). Conflicted prefixes are among them: see `result`. */
  rows: Iterable<RateRowOut>;
  /** The outcome, once `rows` has been read to the end. */
  result(): DeckReading;
}

const SEPARATOR_NAME: Record<Separator, string> = { ',': 'comma', ';': 'semicolon', '\t': 'tab', '|': 'pipe' };
export const separatorName = (s: Separator) => SEPARATOR_NAME[s];

const HEAD_RECORDS = 200;

/** Opens a deck; one that cannot be read at all (no header, no prefix or price column) throws a UserError. */
export function openDeck(bytes: Buffer, card: RateCard, opts: DeckOptions): OpenDeck {
  const text = openDeckText(bytes);
  const { encoding } = text;
  const separator = sniffSeparator(deckHeadLines(text, 250).filter((l) => l.trim()));
  const head: DeckRecord[] = [];
  for (const r of deckRecords(text, separator)) {
    head.push(r);
    if (head.length === HEAD_RECORDS) break;
  }
  let headerIndex: number;
  let preambleCurrency: string | undefined;
  if (opts.startRow) {
    headerIndex = head.findIndex((r) => r.line === opts.startRow);
    if (headerIndex < 0) throw new UserError(`start_row: line ${opts.startRow} is not a row of the file (it has ${head.length < HEAD_RECORDS ? head.at(-1)?.line ?? 0 : `more than ${HEAD_RECORDS}`} lines near the top).`);
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
  const validation: RowValidatorOptions = {
    mapping,
    npanxx: auto.npanxx,
    nameColumns: auto.nameColumns,
    decimalComma: decimal.decimalComma,
    cardCurrency: card.currency,
    presentation: card.presentation,
    now: opts.now,
    header,
    headerLine,
  };
  const layout: DeckLayout = {
    encoding,
    separator,
    decimalComma: decimal.decimalComma,
    headerLine,
    header,
    mapping: (Object.entries(mapping) as [Field, number][]).map(([field, col]) => ({ field, column: header[col] ?? `column ${col + 1}` })),
    preambleCurrency,
  };
  // The records after the header, read again from the start of the file each time (the date pass, then the rows).
  const source = () => dataRecords(text, separator, headerIndex + 1);
  let outcome: DeckReading | undefined;
  return {
    layout,
    rows: {
      *[Symbol.iterator]() {
        if (outcome) throw new Error('the rows of a deck are read once');
        const reading = validateRows(source, validation);
        let r = reading.next();
        for (; !r.done; r = reading.next()) yield* r.value;
        outcome = { ...layout, ...r.value };
      },
    },
    result() {
      if (!outcome) throw new Error('the deck has not been read to the end');
      return outcome;
    },
  };
}

function* dataRecords(text: DeckText, separator: Separator, skip: number): Generator<DeckRecord> {
  let n = 0;
  for (const r of deckRecords(text, separator)) if (n++ >= skip) yield r;
}

/** Reads the whole deck at once, conflicted prefixes taken out: for small decks (and tests). */
export function readDeck(bytes: Buffer, card: RateCard, opts: DeckOptions): DeckReading & { rows: RateRowOut[] } {
  const deck = openDeck(bytes, card, opts);
  const all = [...deck.rows];
  const out = deck.result();
  const conflicted = new Set(out.conflicted);
  return { ...out, rows: conflicted.size ? all.filter((r) => !conflicted.has(r.prefix)) : all };
}
