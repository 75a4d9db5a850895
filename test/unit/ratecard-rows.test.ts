// Rate-deck row validation (research §3 rows 2, 5–12, 15–19, §1.10): each fixture in test/fixtures/ratecards read
// as the importer reads it, with exact rows, errors, warnings and counts; then tables of the per-cell rules.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapColumns, RATE_FIELDS } from '../../src/ratecards/columns.ts';
import {
  createDateColumn, joinName, parseCodeCell, parseDateAs, parseMoney, readFlag, readSeconds, readStatus,
  type DateFormat,
} from '../../src/ratecards/row-values.ts';
import {
  collectRows, createRowValidator, MAX_DETAILS, validateRows, type RateRowOut, type RowIssue, type RowValidation,
  type RowValidatorOptions,
} from '../../src/ratecards/rows.ts';
import {
  decodeDeck, findHeaderRow, headLines, records, sniffDecimalComma, sniffSeparator,
} from '../../src/ratecards/sniff.ts';

const FIXTURES = fileURLToPath(new URL('../fixtures/ratecards/', import.meta.url));
const NOW = new Date('2026-09-20T00:00:00Z');
const day = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

type Extra = Partial<Pick<RowValidatorOptions, 'presentation' | 'cardCurrency' | 'defaultBilling' | 'dateFormat'>>;

/** Reads a deck as the importer does: decode, sniff, find the header, map, sniff decimals, validate each record. */
function importDeck(bytes: Buffer, extra: Extra = {}) {
  const { text, encoding } = decodeDeck(bytes);
  const separator = sniffSeparator(headLines(text, 50));
  const all = [...records(text, separator)];
  const found = findHeaderRow(all.map((r) => r.cells));
  if (!found) throw new Error('no header row');
  const header = all[found.index];
  if (!header) throw new Error('header index out of range');
  const columns = mapColumns(header.cells);
  expect(columns.problems).toEqual([]);
  const data = all.slice(found.index + 1);
  const priceColumns = [...RATE_FIELDS, 'connect' as const].flatMap((f) => {
    const i = columns.mapping[f];
    return i === undefined ? [] : [i];
  });
  const decimals = sniffDecimalComma(data.flatMap((r) => priceColumns.map((i) => r.cells[i] ?? '')), separator);
  const result = collectRows(() => data, {
    mapping: columns.mapping,
    npanxx: columns.npanxx,
    nameColumns: columns.nameColumns,
    decimalComma: decimals.decimalComma,
    cardCurrency: extra.cardCurrency ?? 'USD',
    presentation: extra.presentation ?? 'single',
    ...(extra.defaultBilling ? { defaultBilling: extra.defaultBilling } : {}),
    ...(extra.dateFormat ? { dateFormat: extra.dateFormat } : {}),
    now: NOW,
    header: header.cells,
    headerLine: header.line,
  });
  return { result, encoding, separator, headerLine: header.line, preamble: found.preamble, columns, decimals };
}

const importFixture = (name: string, extra: Extra = {}) => importDeck(readFileSync(`${FIXTURES}${name}`), extra);

/** A row with the defaults most fixtures share (single rate, 1/1, open, no date). */
function row(line: number, prefix: string, over: Partial<RateRowOut> = {}): RateRowOut {
  return {
    prefix, name: null, rate: null, inter: null, intra: null, indeterminate: null, mcd: 1, pulse: 1, connect: null,
    blocked: false, effectiveAt: null, line, ...over,
  };
}

const counts = (over: Partial<RowValidation['counts']>): RowValidation['counts'] => ({
  rows: 0, valid: 0, empty: 0, closed: 0, invalid: 0, expanded: 0, duplicatesMerged: 0, conflicting: 0,
  scheduled: 0, errors: 0, warnings: 0, ...over,
});

const assumedBilling = (n: number, line: number): RowIssue => ({
  line, field: 'billing', rule: `no billing given for ${n} row${n > 1 ? 's' : ''} (first on line ${line}); assumed `
    + "1/1 (per second): add a billing column or set the card's default billing",
});
const SCIENTIFIC = 'Excel scientific notation, the digits are lost; format the column as text and export again';
const ABOVE_CAP = 'above 5 per minute; check it (a thousands separator or decimal comma may have shifted it, '
  + 'e.g. 0,273 read as 273)';

describe('fixtures (research §3)', () => {
  it('notice-preamble.csv: header under a notice block, code lists and ranges, Closed left out, Blocked kept', () => {
    const { result, headerLine, preamble, separator } = importFixture('notice-preamble.csv');
    expect({ headerLine, separator, preamble }).toEqual({
      headerLine: 6, separator: ',', preamble: { title: 'Acme Voice Wholesale', issueDate: '16/09/2026', currency: 'USD' },
    });
    const germany = { name: 'Germany - Mobile', rate: '0.0495', mcd: 60, pulse: 60, effectiveAt: day('2026-09-23') };
    expect([...result.rows]).toEqual([
      row(7, '49152', germany), row(7, '49162', germany), row(7, '49172', germany), row(7, '49173', germany),
      row(7, '49174', germany),
      row(8, '521', { name: 'Mexico - Mobile', rate: '0.0185', mcd: 60, pulse: 60 }),
      row(9, '33607', { name: 'France - Mobile', rate: '0.0302', mcd: 60, pulse: 1, effectiveAt: day('2026-09-23') }),
      row(11, '535', { name: 'Cuba - Mobile', mcd: 60, pulse: 60, blocked: true, effectiveAt: day('2026-09-23') }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.dateFormat).toBe('dd/mm/yyyy');
    expect(result.counts).toEqual(counts({ rows: 5, valid: 8, closed: 1, expanded: 4, scheduled: 7 }));
  });

  it('eu-semicolon-decimal-comma.csv: Windows-1252 names, ; and decimal commas, dd.mm.yyyy dates', () => {
    const { result, encoding, separator, decimals } = importFixture('eu-semicolon-decimal-comma.csv', { cardCurrency: 'EUR' });
    expect({ encoding, separator, decimalComma: decimals.decimalComma }).toEqual({
      encoding: 'windows-1252', separator: ';', decimalComma: true,
    });
    const oct1 = day('2026-10-01');
    expect([...result.rows]).toEqual([
      row(2, '22507', { name: "Côte d'Ivoire Mobile", rate: '0.1234', mcd: 60, pulse: 60, connect: '0', effectiveAt: oct1 }),
      row(3, '5999', { name: 'Curaçao', rate: '0.21', mcd: 60, pulse: 60, connect: '0.05', effectiveAt: oct1 }),
      row(4, '43664', { name: 'Österreich Mobil', rate: '0.045', mcd: 30, pulse: 30, connect: '0', effectiveAt: oct1 }),
      row(5, '49', { name: 'Deutschland', rate: '0.0089', connect: '0', effectiveAt: day('2026-10-15') }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual(counts({ rows: 5, valid: 4, empty: 1, scheduled: 4 }));
  });

  it('bom-astpp.csv: BOM stripped, (USD) in headers, first/next interval columns, zero connect fee', () => {
    const { result, encoding, columns } = importFixture('bom-astpp.csv');
    expect(encoding).toBe('utf-8-bom');
    expect(columns.headerCurrency).toBe('USD');
    expect([...result.rows]).toEqual([
      row(2, '93', { name: 'Afghanistan', rate: '0.273', mcd: 60, pulse: 60, connect: '0' }),
      row(3, '9370', { name: 'Afghanistan Mobile', rate: '0.265', mcd: 60, pulse: 60, connect: '0' }),
      row(4, '355', { name: 'Albania', rate: '0.14', mcd: 30, pulse: 6, connect: '0.05' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual(counts({ rows: 3, valid: 3 }));
  });

  it('scientific-prefix.csv: refuses codes Excel turned into 4.474E+11 or 447000000000.0', () => {
    const { result } = importFixture('scientific-prefix.csv');
    expect([...result.rows]).toEqual([row(3, '447', { name: 'UK Mobile', rate: '0.0195' })]);
    expect(result.errors).toEqual([
      { line: 2, field: 'prefix', rule: 'prefix "4.474E+11": Excel scientific notation, the digits are lost; format the '
        + 'column as text and export again' },
      { line: 4, field: 'prefix', rule: `prefix "4,687E+11": ${SCIENTIFIC}` },
      { line: 5, field: 'prefix', rule: 'prefix "447000000000.0": a number with decimals (a spreadsheet number format); '
        + 'format the column as text and export again' },
    ]);
    expect(result.warnings).toEqual([{
      line: 3, field: 'billing', rule: "no billing given for 1 row (first on line 3); assumed 1/1 (per second): add a "
        + "billing column or set the card's default billing",
    }]);
    expect(result.counts).toEqual(counts({ rows: 4, valid: 1, invalid: 3, errors: 3, warnings: 1 }));
  });

  it('duplicates.csv: identical rows merged with one warning, conflicting prefixes refused and left out', () => {
    const { result } = importFixture('duplicates.csv');
    expect([...result.rows]).toEqual([
      row(2, '447400', { name: 'UK Mobile', rate: '0.012' }),
      row(6, '34', { name: 'Spain', rate: '0.006', mcd: 60, pulse: 60 }),
    ]);
    expect(result.errors).toEqual([
      { line: 5, field: 'prefix', rule: 'prefix 33 is also on line 4 with a different rate (0.0049 there, 0.0051 here); '
        + 'keep one row per prefix (peak/off-peak bands belong on separate cards)' },
      { line: 9, field: 'prefix', rule: 'prefix 39 is also on line 8 with a different billing (60/60 there, 30/30 here); '
        + 'keep one row per prefix (peak/off-peak bands belong on separate cards)' },
    ]);
    expect(result.warnings).toEqual([{
      line: 3, field: 'prefix', rule: '2 duplicate rows with the same prices merged into the first (447400 on line 3 = '
        + 'line 2; 34 on line 7 = line 6); remove them from the file',
    }]);
    expect(result.counts).toEqual(counts({
      rows: 8, valid: 2, duplicatesMerged: 2, conflicting: 4, errors: 2, warnings: 1,
    }));
  });

  it('npanxx.csv: 6-digit NPANXX gets its 1, 7-digit with 1 kept, others refused; inter/intra/indeterminate', () => {
    const { result, columns } = importFixture('npanxx.csv', { presentation: 'inter_intra_indeterminate' });
    expect(columns.npanxx).toBe(true);
    const aug16 = day('2022-08-16');
    expect([...result.rows]).toEqual([
      row(2, '1201200', { inter: '0.0041', intra: '0.0052', indeterminate: '0.0052', mcd: 6, pulse: 6, effectiveAt: aug16 }),
      row(4, '1201202', { inter: '0.0041', intra: '0.0049', indeterminate: '0.0049', mcd: 6, pulse: 6, effectiveAt: aug16 }),
    ]);
    const npanxx = (raw: string, n: number): string => `prefix "${raw}": an NPANXX code has 6 digits (NPA then NXX, `
      + `e.g. 201200) or 7 starting with 1; this one has ${n}`;
    expect(result.errors).toEqual([
      { line: 3, field: 'indeterminate', rule: 'indeterminate is blank; give a price, or mark the row blocked or closed' },
      { line: 5, field: 'prefix', rule: npanxx('20120', 5) },
      { line: 6, field: 'prefix', rule: npanxx('2012030', 7) },
      { line: 7, field: 'intra', rule: 'intra is blank; give a price, or mark the row blocked or closed' },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.dateFormat).toBe('mm/dd/yyyy');
    expect(result.counts).toEqual(counts({ rows: 6, valid: 2, invalid: 4, errors: 4 }));
  });

  it('mixed-dates.csv: one format per column; the values it cannot read are refused by line', () => {
    const { result } = importFixture('mixed-dates.csv');
    expect(result.dateFormat).toBe('dd/mm/yyyy');
    expect([...result.rows]).toEqual([
      row(2, '353', { name: 'Ireland', rate: '0.011', effectiveAt: day('2026-09-23') }),
      row(3, '39', { name: 'Italy', rate: '0.0095' }),
      row(4, '34', { name: 'Spain', rate: '0.006' }),
      row(5, '351', { name: 'Portugal', rate: '0.008' }),
      row(7, '356', { name: 'Malta', rate: '0.02', effectiveAt: day('2026-09-30') }),
    ]);
    expect(result.errors).toEqual([
      { line: 6, field: 'effective', rule: 'effective "8/16/2022": not dd/mm/yyyy like the rest of the column (2 of 3 '
        + 'dates are); write every date in one format' },
      { line: 8, field: 'effective', rule: 'effective "soon": not a date; write it like 2026-10-01, 01/10/2026, '
        + '1-Oct-26 or ASAP' },
    ]);
    // The row whose date is refused is not imported, so the billing was assumed for the other five.
    expect(result.warnings).toEqual([assumedBilling(5, 2)]);
    expect(result.counts).toEqual(counts({ rows: 7, valid: 5, invalid: 2, scheduled: 2, errors: 2, warnings: 1 }));
  });

  it('two-digit-years.csv: dd-MMM-yy with the 00–69 pivot, zero dates null, years outside 1990–2100 refused', () => {
    const { result } = importFixture('two-digit-years.csv', { defaultBilling: { mcd: 60, pulse: 60 } });
    expect(result.dateFormat).toBe('dd-mmm-yy');
    const canada = { rate: '0.008', mcd: 60, pulse: 60 };
    expect([...result.rows]).toEqual([
      row(2, '1416', { ...canada, name: 'Canada Ontario', effectiveAt: day('2047-01-01') }),
      row(3, '1514', { ...canada, name: 'Canada Quebec', effectiveAt: day('2026-10-01') }),
      row(4, '1604', { ...canada, name: 'Canada BC' }),
    ]);
    expect(result.errors).toEqual([{
      line: 5, field: 'effective', rule: 'effective "15-MAR-85": the year 1985 is outside 1990–2100; check it '
        + '(two-digit years 00–69 read as 2000–2069, 70–99 as 1970–1999)',
    }]);
    // The card's own default billing is not an assumption: no warning.
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual(counts({ rows: 4, valid: 3, invalid: 1, scheduled: 2, errors: 1 }));
  });

  it('excel-serial-dates.csv: 46296 is 2026-10-01, a fraction is the time of day', () => {
    const { result } = importFixture('excel-serial-dates.csv');
    expect(result.dateFormat).toBe('excel-serial');
    expect([...result.rows]).toEqual([
      row(2, '43', { name: 'Austria', rate: '0.012', effectiveAt: day('2026-10-01') }),
      row(3, '32', { name: 'Belgium', rate: '0.013', effectiveAt: new Date('2026-10-01T12:00:00Z') }),
      row(4, '45', { name: 'Denmark', rate: '0.014' }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([assumedBilling(3, 2)]);
    expect(result.counts).toEqual(counts({ rows: 3, valid: 3, scheduled: 2, warnings: 1 }));
  });

  it('ambiguous-dates.csv: every date reads both ways → day-first with one warning', () => {
    const { result } = importFixture('ambiguous-dates.csv');
    expect(result.dateFormat).toBe('dd/mm/yyyy');
    expect([...result.rows]).toEqual([
      row(2, '47', { name: 'Norway', rate: '0.011', effectiveAt: day('2026-04-03') }),
      row(3, '46', { name: 'Sweden', rate: '0.01', effectiveAt: day('2026-04-05') }),
    ]);
    expect(result.errors).toEqual([]);
    expect(result.warnings).toEqual([
      { line: 2, field: 'effective', rule: 'every effective date reads both day-first and month-first (e.g. '
        + '"03/04/2026"); read as dd/mm/yyyy (2026-04-03); if the deck is month-first, import it again with the date '
        + 'format mm/dd/yyyy' },
      assumedBilling(2, 2),
    ]);
    expect(result.counts).toEqual(counts({ rows: 2, valid: 2, warnings: 2 }));
  });

  it('ambiguous-dates.csv with mm/dd/yyyy forced: month-first, no warning', () => {
    const { result } = importFixture('ambiguous-dates.csv', { dateFormat: 'mm/dd/yyyy', defaultBilling: { mcd: 1, pulse: 1 } });
    expect(result.dateFormat).toBe('mm/dd/yyyy');
    expect([...result.rows].map((r) => r.effectiveAt)).toEqual([day('2026-03-04'), day('2026-05-04')]);
    expect(result.warnings).toEqual([]);
  });

  it('code-lists-ranges.csv: lists and ranges become rows; a 10,000-code range and a mixed hyphen refused', () => {
    const { result } = importFixture('code-lists-ranges.csv');
    const germany = { name: 'Germany - Mobile', rate: '0.0495', mcd: 60, pulse: 60 };
    const nigeria = { name: 'Nigeria - Mobile', rate: '0.082', mcd: 60, pulse: 60 };
    const uk = { name: 'UK - Mobile', rate: '0.012' };
    const afghanistan = { name: 'Afghanistan - Mobile', rate: '0.265', mcd: 60, pulse: 60 };
    expect([...result.rows]).toEqual([
      ...['49152', '49162', '49172', '49173', '49174'].map((p) => row(2, p, germany)),
      ...['234803', '234806', '234703'].map((p) => row(3, p, nigeria)),
      ...Array.from({ length: 10 }, (_, i) => row(4, `44740${i}`, uk)),
      row(6, '9370', afghanistan), row(6, '9375', afghanistan),
    ]);
    expect(result.errors).toEqual([
      { line: 5, field: 'prefix', rule: 'prefix "440000-449999": the range would expand to 10,000 codes (at most '
        + '1,000); use the shorter common prefix or split the range' },
      { line: 8, field: 'prefix', rule: 'prefix "1-268": the hyphen joins two parts of one code here, but on line 2 '
        + '("49172-49174") it marks a range; give hyphens one meaning in the whole column (list the codes, or write '
        + 'joined codes without the hyphen)' },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual(counts({ rows: 6, valid: 20, invalid: 2, expanded: 16, errors: 2 }));
  });

  it('currency-symbols.csv: symbols and codes checked against the card and dropped; others refused', () => {
    const { result } = importFixture('currency-symbols.csv');
    expect([...result.rows]).toEqual([
      row(2, '1', { name: 'USA', rate: '0.0112', connect: '0' }),
      row(3, '1204', { name: 'Canada', rate: '0.0112', connect: '0' }),
      row(4, '52', { name: 'Mexico', rate: '0.0185' }),
    ]);
    const eur = (raw: string): string => `rate "${raw}": priced in EUR but the card is in USD; prices are never `
      + 'converted: upload the USD deck or use a EUR card';
    expect(result.errors).toEqual([
      { line: 5, field: 'rate', rule: eur('€0.0050') },
      { line: 6, field: 'rate', rule: eur('0.0049 EUR') },
      { line: 7, field: 'rate', rule: 'rate "¢3.5": a price in cents; write it in whole USD, e.g. 0.035 for 3.5¢' },
      { line: 8, field: 'connect', rule: 'connect "0.01 GBP": priced in GBP but the card is in USD; prices are never '
        + 'converted: upload the USD deck or use a GBP card' },
    ]);
    expect(result.warnings).toEqual([assumedBilling(3, 2)]);
    expect(result.counts).toEqual(counts({ rows: 7, valid: 3, invalid: 4, errors: 4, warnings: 1 }));
  });

  it('blank-and-footer.csv: empty rows dropped silently; blank rate and the footer note refused by line', () => {
    const { result } = importFixture('blank-and-footer.csv');
    expect([...result.rows]).toEqual([
      row(2, '43', { name: 'Austria', rate: '0.012', mcd: 60, pulse: 60 }),
      row(6, '43664', { name: 'Austria Mobile', rate: '0.045', mcd: 60, pulse: 60 }),
    ]);
    expect(result.errors).toEqual([
      { line: 4, field: 'rate', rule: 'rate is blank; give a price, or mark the row blocked or closed' },
      { line: 8, field: 'row', rule: 'no dial code and no rate ("Rates are subject to change without notice, E&OE"): '
        + 'a note or footer inside the data; delete the line' },
    ]);
    expect(result.warnings).toEqual([]);
    expect(result.counts).toEqual(counts({ rows: 7, valid: 2, empty: 3, invalid: 2, errors: 2 }));
  });

  it('thousands-damage.csv: implausible rates warned by line, separators and negatives refused', () => {
    const { result } = importFixture('thousands-damage.csv');
    expect([...result.rows]).toEqual([
      row(2, '93', { name: 'Afghanistan', rate: '0.27', connect: '0' }),
      row(3, '9377', { name: 'Afghanistan Areeba Mobile', rate: '273', connect: '1' }),
      row(4, '35534606', { name: 'Albania Vodafone', rate: '1200', connect: '0' }),
    ]);
    expect(result.errors).toEqual([
      { line: 5, field: 'rate', rule: 'rate "1,234.50": has a thousands separator; write the plain number, e.g. 0.0112' },
      { line: 6, field: 'rate', rule: 'rate "1\u00a0234,50": has a thousands separator; write the plain number, e.g. 0.0112' },
      { line: 7, field: 'rate', rule: 'rate "0,0123": a comma in a deck read with decimal points (a decimal comma or a '
        + 'thousands separator?); write it with a point, e.g. 0.0123' },
      { line: 8, field: 'rate', rule: 'rate "-0.0100": negative; a price is never below 0 (a credit or a typo?)' },
    ]);
    expect(result.warnings).toEqual([
      assumedBilling(3, 2),
      { line: 3, field: 'rate', rule: `rate "273": ${ABOVE_CAP}` },
      { line: 4, field: 'rate', rule: `rate "1200": ${ABOVE_CAP}` },
    ]);
    expect(result.counts).toEqual(counts({ rows: 7, valid: 3, invalid: 4, errors: 4, warnings: 3 }));
  });

  it('blocked-closed.csv: Forbidden=1 blocks, Discontinued=1 leaves the code out, other flags refused', () => {
    const { result, columns } = importFixture('blocked-closed.csv');
    expect(columns.unmapped).toEqual(['Rate Id', 'Forbidden', 'Discontinued', 'Price N']);
    expect([...result.rows]).toEqual([
      row(2, '234803', { name: 'Nigeria - Mobile - MTN', rate: '0.082', mcd: 60, pulse: 60 }),
      row(4, '25290', { name: 'Somalia - Premium', mcd: 60, pulse: 60, blocked: true }),
      row(5, '535', { name: 'Cuba - Mobile', rate: '1.2', mcd: 60, pulse: 60, blocked: true }),
      row(7, '22790', { name: 'Niger - Mobile', rate: '0.25', effectiveAt: day('2026-10-01') }),
    ]);
    expect(result.errors).toEqual([
      { line: 6, field: 'status', rule: 'Forbidden "maybe": not a yes/no flag; write 1 (yes) or 0 (no)' },
    ]);
    expect(result.warnings).toEqual([assumedBilling(1, 7)]);
    expect(result.dateFormat).toBe('yyyy-mm-dd');
    expect(result.counts).toEqual(counts({ rows: 6, valid: 4, closed: 1, invalid: 1, scheduled: 1, errors: 1, warnings: 1 }));
  });

  it('plus-and-00.csv: + dropped silently, 00 stripped with one warning, hyphen and dot joins, leading 0 refused', () => {
    const { result } = importFixture('plus-and-00.csv');
    expect([...result.rows]).toEqual([
      row(2, '44', { name: 'UK', rate: '0.005' }),
      row(3, '4420', { name: 'UK London', rate: '0.005' }),
      row(4, '49', { name: 'Germany', rate: '0.0089' }),
      row(5, '5511', { name: 'Brazil Sao Paulo', rate: '0.01' }),
      row(6, '336', { name: 'France Mobile', rate: '0.03' }),
      row(8, '9370', { name: 'Afghanistan Mobile', rate: '0.265' }),
    ]);
    expect(result.errors).toEqual([{
      line: 7, field: 'prefix', rule: 'prefix "020": starts with 0 (a national trunk prefix?); write the international '
        + 'code, country code first, e.g. 44207 rather than 0207',
    }]);
    expect(result.warnings).toEqual([
      assumedBilling(6, 2),
      { line: 3, field: 'prefix', rule: 'a leading 00 (international call prefix) was removed from 2 codes (lines 3, '
        + '4); check they start with the country code, e.g. 0044 → 44' },
    ]);
    expect(result.counts).toEqual(counts({ rows: 7, valid: 6, invalid: 1, errors: 1, warnings: 2 }));
  });
});

describe('parseCodeCell', () => {
  it.each([
    ['447400', ['447400']],
    [' +44 7400 ', ['447400']],
    ['+1 (201)', 'prefix "+1 (201)": not a dial code; use digits only, e.g. 447400 (a + and spaces are fine)'],
    ['44.20', ['4420']],
    ['93-70', ['9370']],
    ['1-268-4', ['12684']],
    ['44\u2013207', ['44207']],
    ['49152, 49162; 49172-49174', ['49152', '49162', '49172', '49173', '49174']],
    ['234803 | 234806\n234703', ['234803', '234806', '234703']],
    ['447400 - 447402', ['447400', '447401', '447402']],
    ['0800-0802', 'prefix "0800-0802": starts with 0 (a national trunk prefix?); write the international code, '
      + 'country code first, e.g. 44207 rather than 0207'],
    ['49152,', ['49152']],
    [',;|', 'prefix ",;|": no digits; write the dial code, e.g. 447400'],
    ['4.47E+11', `prefix "4.47E+11": ${SCIENTIFIC}`],
    ['8.96529E+19', `prefix "8.96529E+19": ${SCIENTIFIC}`],
    ['4474e11', `prefix "4474e11": ${SCIENTIFIC}`],
    ['44, 4.47E+11', `prefix "4.47E+11": ${SCIENTIFIC}`],
    ['00', 'prefix "00": no digits after the 00; write the country code, e.g. 44'],
    ['1234567890123456', 'prefix "1234567890123456": 16 digits, longer than any E.164 number (15); check the cell'],
    ['123456789012345', ['123456789012345']],
    ['44 ext', 'prefix "44 ext": not a dial code; use digits only, e.g. 447400 (a + and spaces are fine)'],
    ['447400-447409, 93-70', 'prefix "447400-447409, 93-70": hyphens mean ranges and joins in one cell; list the codes '
      + 'instead'],
    ['447000-448000', 'prefix "447000-448000": the range would expand to 1,001 codes (at most 1,000); use the shorter '
      + 'common prefix or split the range'],
  ])('%j → %j', (raw, expected) => {
    const out = parseCodeCell(raw, false);
    expect(typeof out === 'string' ? out : out.codes).toEqual(expected);
  });

  it('expands a range of exactly 1,000 codes, keeping leading zeros', () => {
    const out = parseCodeCell('447000-447999', false);
    if (typeof out === 'string') throw new Error(out);
    expect(out.codes).toHaveLength(1000);
    expect([out.codes[0], out.codes[999]]).toEqual(['447000', '447999']);
    const padded = parseCodeCell('44070-44072', false);
    expect(typeof padded === 'string' ? padded : padded.codes).toEqual(['44070', '44071', '44072']);
  });

  it('reports 00 strips and the hyphen meaning for the column check', () => {
    expect(parseCodeCell('0044 20, 0049', false)).toEqual({ codes: ['4420', '49'], stripped00: 2 });
    expect(parseCodeCell('447400-447401', false)).toEqual({
      codes: ['447400', '447401'], stripped00: 0, hyphen: { kind: 'range', part: '447400-447401' },
    });
    expect(parseCodeCell('1-268', false)).toEqual({ codes: ['1268'], stripped00: 0, hyphen: { kind: 'join', part: '1-268' } });
  });

  it.each([
    ['201200', ['1201200']],
    ['1201200', ['1201200']],
    ['201-200', ['1201200']],
    ['+1 201 200', ['1201200']],
    ['201200-201202', ['1201200', '1201201', '1201202']],
    ['2012000', 'prefix "2012000": an NPANXX code has 6 digits (NPA then NXX, e.g. 201200) or 7 starting with 1; this one has 7'],
    ['20120', 'prefix "20120": an NPANXX code has 6 digits (NPA then NXX, e.g. 201200) or 7 starting with 1; this one has 5'],
  ])('NPANXX %j → %j', (raw, expected) => {
    const out = parseCodeCell(raw, true);
    expect(typeof out === 'string' ? out : out.codes).toEqual(expected);
  });
});

describe('parseMoney', () => {
  const money = (raw: string, decimalComma = false, currency = 'USD') => {
    const out = parseMoney(raw, 'rate', currency, decimalComma);
    return out === null || typeof out === 'string' ? out : `${out.units}e-${out.scale}`;
  };

  it.each([
    ['0.0112', '112e-4'],
    [' 0.0112 ', '112e-4'],
    ['$0.0112', '112e-4'],
    ['US$0.0112', '112e-4'],
    ['0.0112 USD', '112e-4'],
    ['0.0112USD', '112e-4'],
    ['usd 0.0112', '112e-4'],
    ['0.0112/min', '112e-4'],
    ['$0.0112 per minute', '112e-4'],
    ['1.2E-02', '12e-3'],
    ['.5', '5e-1'],
    ['0', '0e-0'],
    ['', null],
    ['   ', null],
  ])('%j → %j', (raw, expected) => expect(money(raw)).toBe(expected));

  it('reads decimal commas and euro signs for a EUR card', () => {
    expect(money('€0,05', true, 'EUR')).toBe('5e-2');
    expect(money('0,0123 EUR', true, 'EUR')).toBe('123e-4');
    expect(money('0.05', true, 'EUR')).toBe('rate "0.05": a point in a deck read with decimal commas (a decimal point '
      + 'or a thousands separator?); write it with a comma, e.g. 0,0123');
    expect(money('1.234,5', true, 'EUR')).toBe('rate "1.234,5": has a thousands separator; write the plain number, '
      + 'e.g. 0,0112');
  });

  it.each([
    ['€0.05', 'rate "€0.05": priced in EUR but the card is in USD; prices are never converted: upload the USD deck or '
      + 'use a EUR card'],
    ['£0.05', 'rate "£0.05": priced in GBP but the card is in USD; prices are never converted: upload the USD deck or '
      + 'use a GBP card'],
    ['C$0.05', 'rate "C$0.05": priced in CAD but the card is in USD; prices are never converted: upload the USD deck or '
      + 'use a CAD card'],
    ['5¢', 'rate "5¢": a price in cents; write it in whole USD, e.g. 0.035 for 3.5¢'],
    ['free', 'rate "free": not a number; write the price per minute, e.g. 0.0112'],
    ['USD', 'rate "USD": not a number; write the price per minute, e.g. 0.0112'],
    ['1 234.5', 'rate "1 234.5": has a thousands separator; write the plain number, e.g. 0.0112'],
    ["1'234.5", 'rate "1\'234.5": has a thousands separator; write the plain number, e.g. 0.0112'],
    ['-1', 'rate "-1": negative; a price is never below 0 (a credit or a typo?)'],
    ['0.01.2', 'rate "0.01.2": not a number; write the price per minute, e.g. 0.0112'],
  ])('refuses %j', (raw, rule) => expect(money(raw)).toBe(rule));
});

describe('status, flags, seconds, names', () => {
  it.each([
    ['Closed', 'closed'], ['Code Removal', 'closed'], ['removed', 'closed'], ['DELETED', 'closed'],
    ['discontinued', 'closed'], ['Withdrawn', 'closed'], ['terminated', 'closed'], ['ceased', 'closed'],
    ['Blocked', 'blocked'], ['barred', 'blocked'], ['Forbidden', 'blocked'], ['suspended', 'blocked'],
    ['New', undefined], ['Increase', undefined], ['Decrease', undefined], ['Unchanged', undefined],
    ['Current', undefined], ['Active', undefined], ['', undefined], ['not blocked', undefined],
    ['unblocked', undefined], ['Billed 60/60', undefined],
  ] as const)('status %j → %j', (raw, expected) => expect(readStatus(raw)).toBe(expected));

  it('reads yes/no flags', () => {
    expect(['1', 'Y', 'yes', 'TRUE', 'x'].map(readFlag)).toEqual([true, true, true, true, true]);
    expect(['0', 'n', 'No', 'false', '', ' '].map(readFlag)).toEqual([false, false, false, false, false, false]);
    expect(readFlag('maybe')).toBeUndefined();
  });

  it('reads whole seconds', () => {
    expect(['60', ' 6 ', '30s', '60 sec', '0'].map(readSeconds)).toEqual([60, 6, 30, 60, 0]);
    expect(['6.5', '-1', 'sixty', ''].map(readSeconds)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('joins name columns with " - ", dropping control characters, blanks and a repeated part', () => {
    expect(joinName(['Germany', ' Mobile '])).toBe('Germany - Mobile');
    expect(joinName(['Côte\u0000 d\u0092Ivoire', '', 'Mobile\r\nOrange'])).toBe('Côte d Ivoire - Mobile Orange');
    expect(joinName(['Germany', 'germany'])).toBe('Germany');
    expect(joinName(['', '  '])).toBeNull();
  });
});

describe('parseDateAs', () => {
  const iso = (raw: string, f: DateFormat): string | undefined => parseDateAs(raw, f)?.toISOString();

  it.each([
    ['2010-06-26 06:55:00', 'yyyy-mm-dd', '2010-06-26T06:55:00.000Z'],
    ['2010-07-02 11:06:58.484053', 'yyyy-mm-dd', '2010-07-02T11:06:58.484Z'],
    ['2014-01-14T00:00:00Z', 'yyyy-mm-dd', '2014-01-14T00:00:00.000Z'],
    ['2026-10-01T02:00:00+02:00', 'yyyy-mm-dd', '2026-10-01T00:00:00.000Z'],
    ['2026/10/01', 'yyyy-mm-dd', '2026-10-01T00:00:00.000Z'],
    ['2026-10-01 13:30', 'yyyy-mm-dd', '2026-10-01T13:30:00.000Z'],
    ['23/09/2026', 'dd/mm/yyyy', '2026-09-23T00:00:00.000Z'],
    ['01.10.2026', 'dd/mm/yyyy', '2026-10-01T00:00:00.000Z'],
    ['01-10-26', 'dd/mm/yyyy', '2026-10-01T00:00:00.000Z'],
    ['8/16/2022', 'mm/dd/yyyy', '2022-08-16T00:00:00.000Z'],
    ['8/16/2022 3:05 PM', 'mm/dd/yyyy', '2022-08-16T15:05:00.000Z'],
    ['8/16/2022 12:00 am', 'mm/dd/yyyy', '2022-08-16T00:00:00.000Z'],
    ['01-JAN-47', 'dd-mmm-yy', '2047-01-01T00:00:00.000Z'],
    ['1-Oct-26', 'dd-mmm-yy', '2026-10-01T00:00:00.000Z'],
    ['15-Sept-2026', 'dd-mmm-yy', '2026-09-15T00:00:00.000Z'],
    ['01 October 2026', 'dd-mmm-yy', '2026-10-01T00:00:00.000Z'],
    ['46296', 'excel-serial', '2026-10-01T00:00:00.000Z'],
    ['46296.75', 'excel-serial', '2026-10-01T18:00:00.000Z'],
    ['29/02/2028', 'dd/mm/yyyy', '2028-02-29T00:00:00.000Z'],
    ['01-JAN-70', 'dd-mmm-yy', '1970-01-01T00:00:00.000Z'],
    ['01-JAN-69', 'dd-mmm-yy', '2069-01-01T00:00:00.000Z'],
  ] as const)('%j as %s → %s', (raw, f, expected) => expect(iso(raw, f)).toBe(expected));

  it.each([
    ['23/09/2026', 'mm/dd/yyyy'], ['29/02/2027', 'dd/mm/yyyy'], ['31/04/2026', 'dd/mm/yyyy'],
    ['2026-13-01', 'yyyy-mm-dd'], ['2026-10-01 24:00', 'yyyy-mm-dd'], ['2026-10-01T00:00:00+15:00', 'yyyy-mm-dd'],
    ['01-Foo-26', 'dd-mmm-yy'], ['19999', 'excel-serial'], ['80001', 'excel-serial'], ['0099-01-01', 'yyyy-mm-dd'],
    ['13:00 1/1/2026', 'dd/mm/yyyy'], ['8/16/2022 13:00 PM', 'mm/dd/yyyy'],
  ] as const)('%j is not %s', (raw, f) => expect(parseDateAs(raw, f)).toBeUndefined());
});

describe('createDateColumn', () => {
  it('treats blank, ASAP and zero dates as live on activation and never as values', () => {
    const col = createDateColumn();
    for (const raw of ['', 'ASAP', 'asap', 'Immediately', '0000-00-00', '0000-00-00 00:00:00', '00/00/0000']) {
      expect(col.observe(raw, 2)).toBeUndefined();
    }
    expect(col.choose()).toBeUndefined();
    expect(col.resolve('ASAP')).toBeNull();
  });

  it('chooses the first format that read every value', () => {
    const col = createDateColumn();
    col.observe('01/02/2026', 2);
    col.observe('13/02/2026', 3);
    expect(col.choose()).toEqual({ format: 'dd/mm/yyyy', read: 2, seen: 2 });
    expect(col.resolve('01/02/2026')).toEqual(day('2026-02-01'));
  });

  it('refuses a value outside the forced format at once', () => {
    const col = createDateColumn('yyyy-mm-dd');
    expect(col.check('01/10/2026')).toBe('effective "01/10/2026": not a yyyy-mm-dd date (the format chosen for '
      + 'this deck); write it in that format, or ASAP');
    col.observe('01/10/2026', 4);
    expect(col.check('2026-10-01')).toBeUndefined();
    col.observe('2026-10-01', 5);
    expect(col.choose()).toEqual({ format: 'yyyy-mm-dd', read: 1, seen: 1 });
  });
});

// Small decks built in the test: the header maps through mapColumns like a real upload.
function run(csv: string, extra: Partial<RowValidatorOptions> = {}): RowValidation & { rows: RateRowOut[] } {
  const lines = csv.split('\n');
  const header = (lines[0] ?? '').split(',');
  const columns = mapColumns(header);
  const records = lines.slice(1).map((l, i) => ({ line: i + 2, cells: l.split(',') }));
  return collectRows(() => records, {
    mapping: columns.mapping, npanxx: columns.npanxx, nameColumns: columns.nameColumns, decimalComma: false,
    cardCurrency: 'USD', presentation: 'single', defaultBilling: { mcd: 60, pulse: 60 }, now: NOW, header, headerLine: 1,
    ...extra,
  });
}

describe('createRowValidator rules', () => {
  it('uses the card default billing silently, and 1/1 with one warning when there is none', () => {
    expect([...run('Prefix,Rate\n44,0.01').rows]).toEqual([row(2, '44', { rate: '0.01', mcd: 60, pulse: 60 })]);
    const assumed = run('Prefix,Rate\n44,0.01\n33,0.02', { defaultBilling: undefined });
    expect([...assumed.rows].map((r) => `${r.mcd}/${r.pulse}`)).toEqual(['1/1', '1/1']);
    expect(assumed.warnings).toEqual([assumedBilling(2, 2)]);
  });

  it('reads first/next columns: a lone next is next/next, a lone first takes the default pulse', () => {
    const out = run('Prefix,Rate,First Interval,Sub Interval\n44,0.01,30,6\n33,0.01,,60\n34,0.01,30,\n39,0.01,0,1');
    expect([...out.rows].map((r) => `${r.prefix} ${r.mcd}/${r.pulse}`)).toEqual(['44 30/6', '33 60/60', '34 30/60', '39 0/1']);
    const bad = run('Prefix,Rate,First Interval,Sub Interval\n44,0.01,thirty,6\n33,0.01,60,0');
    expect(bad.errors).toEqual([
      { line: 2, field: 'first', rule: 'first interval "thirty": not whole seconds (0 or more), e.g. 60' },
      { line: 3, field: 'next', rule: 'next interval "0": not whole seconds (1 or more), e.g. 6' },
    ]);
  });

  it('refuses a billing cell parseBilling refuses', () => {
    expect(run('Prefix,Rate,Billing\n44,0.01,60/0\n33,0.01,60-60').errors).toEqual([
      { line: 2, field: 'billing', rule: 'billing "60/0": the pulse (after the slash) must be at least 1 second; or leave '
        + "it blank for the card's default" },
      { line: 3, field: 'billing', rule: 'billing "60-60" is not MCD/pulse: two whole numbers of seconds such as 30/6 or '
        + "60/60; or leave it blank for the card's default" },
    ]);
  });

  it('checks a currency column against the card', () => {
    const out = run('Prefix,Rate,Currency\n44,0.01,USD\n33,0.01,usd\n34,0.01,EUR\n39,0.01,');
    expect([...out.rows].map((r) => r.prefix)).toEqual(['44', '33', '39']);
    expect(out.errors).toEqual([{ line: 4, field: 'currency', rule: 'currency "EUR": the card is in USD; prices are '
      + 'never converted: upload the USD deck or use a EUR card' }]);
  });

  it('single: indeterminate stands in for a blank rate; a blocked row may have no price', () => {
    const out = run('Prefix,Rate,Indeterminate,Status\n44,,0.02,\n33,,,Blocked\n34,,,New');
    expect([...out.rows]).toEqual([
      row(2, '44', { rate: '0.02', indeterminate: '0.02', mcd: 60, pulse: 60 }),
      row(3, '33', { mcd: 60, pulse: 60, blocked: true }),
    ]);
    expect(out.errors).toEqual([{ line: 4, field: 'rate', rule: 'rate is blank; give a price (or indeterminate), or '
      + 'mark the row blocked or closed' }]);
  });

  it('inter_intra_indeterminate: rate stands in for indeterminate', () => {
    const out = run('Prefix,Rate,Interstate,Intrastate\n1201200,0.003,0.001,0.002', { presentation: 'inter_intra_indeterminate' });
    expect([...out.rows]).toEqual([row(2, '1201200', {
      rate: '0.003', inter: '0.001', intra: '0.002', indeterminate: '0.003', mcd: 60, pulse: 60,
    })]);
    expect(out.errors).toEqual([]);
  });

  it('reports a presentation the mapping cannot satisfy once, on the header line', () => {
    const out = run('Prefix,Rate\n44,0.01\n33,0.02', { presentation: 'inter_intra' });
    const rule = (f: string): string => `no ${f} column, but the card's presentation inter_intra needs inter, intra `
      + `prices: map one (e.g. ${f}:3) or change the presentation`;
    expect(out.errors).toEqual([
      { line: 1, field: 'deck', rule: rule('inter') },
      { line: 1, field: 'deck', rule: rule('intra') },
    ]);
    expect(out.counts).toMatchObject({ errors: 2, valid: 2, invalid: 0 });
  });

  it('flags rates above a configurable cap and parses connect fees like rates', () => {
    const out = run('Prefix,Rate,Connect Fee\n44,0.51,$1.50\n33,0.5,-1', { rateCap: '0.5' });
    expect([...out.rows]).toEqual([row(2, '44', { rate: '0.51', connect: '1.5', mcd: 60, pulse: 60 })]);
    expect(out.warnings).toEqual([{ line: 2, field: 'rate', rule: 'rate "0.51": above 0.5 per minute; check it (a '
      + 'thousands separator or decimal comma may have shifted it, e.g. 0,273 read as 273)' }]);
    expect(out.errors).toEqual([{ line: 3, field: 'connect', rule: 'connect "-1": negative; a price is never below 0 '
      + '(a credit or a typo?)' }]);
  });

  it('keeps exact decimals (no float rounding): 0.1 + 0.2 style values come out as written', () => {
    const out = run('Prefix,Rate\n44,0.30000000000000004\n33,0.07\n34,1.2E-02\n39,0.000000001');
    expect([...out.rows].map((r) => r.rate)).toEqual(['0.30000000000000004', '0.07', '0.012', '0.000000001']);
  });

  it('merges identical duplicates even when names differ, and names conflicts in connect, status and date', () => {
    const out = run('Destination,Prefix,Rate,Connect Fee,Status,Effective Date\n'
      + 'A,44,0.01,,,\nB,44,0.01,,,\n'
      + 'C,33,0.01,0.1,,\nC,33,0.01,0.2,,\n'
      + 'D,34,0.01,,,\nD,34,0.01,,Blocked,\n'
      + 'E,39,0.01,,,2026-10-01\nE,39,0.01,,,2026-11-01');
    expect([...out.rows]).toEqual([row(2, '44', { name: 'A', rate: '0.01', mcd: 60, pulse: 60 })]);
    const keep = '; keep one row per prefix (peak/off-peak bands belong on separate cards)';
    expect(out.errors).toEqual([
      { line: 5, field: 'prefix', rule: `prefix 33 is also on line 4 with a different connect (0.1 there, 0.2 here)${keep}` },
      { line: 7, field: 'prefix', rule: `prefix 34 is also on line 6 with a different status (open there, blocked here)${keep}` },
      { line: 9, field: 'prefix', rule: 'prefix 39 is also on line 8 with a different effective date ("2026-10-01" '
        + `there, "2026-11-01" here)${keep}` },
    ]);
    expect(out.counts).toMatchObject({ valid: 1, duplicatesMerged: 1, conflicting: 6, invalid: 0 });
  });

  it('compares duplicates after expansion: a range overlapping a listed code', () => {
    const out = run('Prefix,Rate\n447400-447402,0.01\n447401,0.01\n447402,0.02');
    expect([...out.rows].map((r) => r.prefix)).toEqual(['447400', '447401']);
    expect(out.counts).toMatchObject({ valid: 2, expanded: 2, duplicatesMerged: 1, conflicting: 2 });
    expect(out.warnings).toEqual([{ line: 3, field: 'prefix', rule: '1 duplicate row with the same prices merged into '
      + 'the first (447401 on line 3 = line 2); remove them from the file' }]);
  });

  it('drops all-empty records silently, whatever the whitespace', () => {
    const out = run('Prefix,Rate\n\n,\n \t, \n44,0.01');
    expect(out.counts).toEqual(counts({ rows: 4, valid: 1, empty: 3 }));
    expect(out.errors).toEqual([]);
  });

  it('warns about a record whose quote never closed', () => {
    const v = createRowValidator({
      mapping: { prefix: 0, rate: 1 }, npanxx: false, nameColumns: [], decimalComma: false, cardCurrency: 'USD',
      presentation: 'single', defaultBilling: { mcd: 1, pulse: 1 }, now: NOW,
    });
    v.push({ line: 2, cells: ['44', '0.01'], unclosedQuote: true });
    expect(v.finish().warnings).toEqual([{ line: 2, field: 'row', rule: 'a quote opened on this line never closes; the '
      + 'line was read without quotes: check its cells, and close or remove the quote' }]);
  });

  it('counts every error but keeps the first 50 by line, merging issues found at the end', () => {
    const body = Array.from({ length: 120 }, (_, i) => (i === 0 ? '44,0.01,8/16/2022' : `x${i},0.01,01/02/2026`));
    const out = run(`Prefix,Rate,Effective Date\n${body.join('\n')}\n33,0.01,13/02/2026`);
    expect(out.counts.errors).toBe(120);
    expect(out.errors).toHaveLength(MAX_DETAILS);
    // The misfit date on line 2 is found in finish() but still comes first; refused rows' dates count for inference.
    expect(out.errors[0]).toEqual({ line: 2, field: 'effective', rule: 'effective "8/16/2022": not dd/mm/yyyy like '
      + 'the rest of the column (120 of 121 dates are); write every date in one format' });
    expect(out.errors.slice(1).map((e) => e.line)).toEqual(Array.from({ length: 49 }, (_, i) => i + 3));
  });

  it('returns the same result from a second finish() and refuses a push after it', () => {
    const v = createRowValidator({
      mapping: { prefix: 0, rate: 1 }, npanxx: false, nameColumns: [], decimalComma: false, cardCurrency: 'USD',
      presentation: 'single', now: NOW,
    });
    v.push({ line: 2, cells: ['44', '0.01'] });
    const first = v.finish();
    expect(v.finish()).toBe(first);
    expect(() => v.push({ line: 3, cells: ['33', '0.01'] })).toThrow('push after finish');
  });

  it('refuses bad options up front', () => {
    const base = {
      mapping: { prefix: 0, rate: 1 }, npanxx: false, nameColumns: [], decimalComma: false, cardCurrency: 'USD',
      presentation: 'single' as const, now: NOW,
    };
    expect(() => createRowValidator({ ...base, defaultBilling: { mcd: 60, pulse: 0 } })).toThrow('pulse ≥ 1');
    expect(() => createRowValidator({ ...base, rateCap: 'five' })).toThrow('rateCap five');
  });

  it('hands rows out in batches as they are read, dates first when a date column is mapped', () => {
    const header = ['Prefix', 'Rate', 'Effective Date'];
    const records = [['44', '0.01', '2026-10-01'], ['33', '0.02', 'ASAP'], ['34', '0.03', ''], ['39', '0.04', '2026-10-01']]
      .map((cells, i) => ({ line: i + 2, cells }));
    let reads = 0;
    const source = () => {
      reads++;
      return records;
    };
    const columns = mapColumns(header);
    const reading = validateRows(source, {
      mapping: columns.mapping, npanxx: false, nameColumns: [], decimalComma: false, cardCurrency: 'USD',
      presentation: 'single', defaultBilling: { mcd: 60, pulse: 60 }, now: NOW, header, headerLine: 1,
    }, 2);
    const first = reading.next();
    // The date pass read every record before the first batch was handed out.
    expect(reads).toBe(2);
    expect(first.value).toEqual([row(2, '44', { rate: '0.01', mcd: 60, pulse: 60, effectiveAt: day('2026-10-01') }), row(3, '33', { rate: '0.02', mcd: 60, pulse: 60 })]);
    const second = reading.next();
    expect(second.value).toHaveLength(2);
    const end = reading.next();
    expect(end.done).toBe(true);
    if (!end.done) throw new Error('not done');
    expect(end.value.counts.valid).toBe(4);
    expect(end.value.samples.map((r) => r.prefix)).toEqual(['44', '33', '34', '39']);
    // Each row gets its own Date: changing one must not move another row's date.
    const rows = [...(first.value as RateRowOut[]), ...(second.value as RateRowOut[])];
    rows[0]?.effectiveAt?.setUTCFullYear(2030);
    expect(rows[3]?.effectiveAt).toEqual(day('2026-10-01'));
  });

  it('lists the conflicted prefixes whose first row was already handed out, and counts them out', () => {
    const out = run('Prefix,Rate\n44,0.01\n33,0.02\n44,0.03\n44,0.04');
    expect(out.conflicted).toEqual(['44']);
    expect(out.rows.map((r) => r.prefix)).toEqual(['33']);
    expect(out.samples.map((r) => r.prefix)).toEqual(['33']);
    expect(out.counts).toMatchObject({ valid: 1, conflicting: 3 });
  });

  it('refuses to push before the dates are settled when a date column is mapped', () => {
    const v = createRowValidator({
      mapping: { prefix: 0, rate: 1, effective: 2 }, npanxx: false, nameColumns: [], decimalComma: false,
      cardCurrency: 'USD', presentation: 'single', now: NOW,
    });
    expect(() => v.push({ line: 2, cells: ['44', '0.01', '2026-10-01'] })).toThrow('push before settleDates');
  });

  it('lets a status column and flag columns work together; closed wins over blocked', () => {
    const out = run('Prefix,Rate,Status,Blocked\n44,0.01,Current,1\n33,0.01,Closed,1\n34,0.01,Blocked,0\n39,0.01,,no');
    expect([...out.rows].map((r) => `${r.prefix} ${r.blocked}`)).toEqual(['44 true', '34 true', '39 false']);
    expect(out.counts).toMatchObject({ closed: 1, valid: 3 });
  });

  it('reports an unreadable price once, not again as blank', () => {
    const out = run('Prefix,Rate\n44,n/a');
    expect(out.errors).toEqual([
      { line: 2, field: 'rate', rule: 'rate "n/a": not a number; write the price per minute, e.g. 0.0112' },
    ]);
  });

  it('counts a 00 strip only on rows that are kept, and lists at most five lines', () => {
    const body = ['0044,0.01', '0033,x', '0034,0.01', '0039,0.01', '0041,0.01', '0043,0.01', '0045,0.01'];
    const out = run(`Prefix,Rate\n${body.join('\n')}`);
    expect(out.warnings).toEqual([{ line: 2, field: 'prefix', rule: 'a leading 00 (international call prefix) was '
      + 'removed from 6 codes (lines 2, 4, 5, 6, 7, …); check they start with the country code, e.g. 0044 → 44' }]);
  });

  it('keeps counts consistent: records = empty + closed + invalid + accepted; codes = valid + merged + conflicting', () => {
    const { result: r } = importFixture('duplicates.csv');
    const { result: c } = importFixture('code-lists-ranges.csv');
    for (const res of [r, c]) {
      const { rows, empty, closed, invalid, expanded, valid, duplicatesMerged, conflicting } = res.counts;
      const accepted = rows - empty - closed - invalid;
      expect(accepted + expanded).toBe(valid + duplicatesMerged + conflicting);
    }
  });
});
