// The rate-card CSV writer: RFC 4180 quoting, formula injection neutralised, the columns of every presentation with
// the prices pricing uses, headers our own importer maps back, and safe file names.
import { describe, expect, it } from 'vitest';
import type { RateRowInput } from '../../src/core/store.ts';
import { mapColumns } from '../../src/ratecards/columns.ts';
import { BOM, createRateCsv, csvField, csvRecord, isoDate, neutralise, revisionFileName } from '../../src/ratecards/csv-out.ts';

const row = (r: Partial<RateRowInput> & { prefix: string }): RateRowInput => ({
  name: null, rate: null, inter: null, intra: null, indeterminate: null, mcd: 1, pulse: 1, connect: null, blocked: false, effectiveAt: null, ...r,
});

/** Splits the writer's output into records of cells (quotes undone), for assertions. */
function parse(text: string): string[][] {
  expect(text.startsWith(BOM)).toBe(true);
  const out: string[][] = [];
  let cells: string[] = [];
  let cell = '';
  let quoted = false;
  const body = text.slice(BOM.length);
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (quoted && c === '"' && body[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (c === '"') {
      quoted = !quoted;
    } else if (!quoted && c === ',') {
      cells.push(cell);
      cell = '';
    } else if (!quoted && c === '\r' && body[i + 1] === '\n') {
      cells.push(cell);
      out.push(cells);
      cells = [];
      cell = '';
      i++;
    } else {
      cell += c;
    }
  }
  expect(cell).toBe('');
  return out;
}

describe('csvField', () => {
  it.each([
    ['plain', 'plain'],
    ['44', '44'],
    ['Côte d’Ivoire', 'Côte d’Ivoire'],
    ['UK, Mobile', '"UK, Mobile"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    ['a;b', '"a;b"'],
    ['', ''],
  ])('quotes %j as %j', (cell, expected) => {
    expect(csvField(cell)).toBe(expected);
  });

  it.each([
    ['=HYPERLINK("http://evil.example","x")', `"'=HYPERLINK(""http://evil.example"",""x"")"`],
    ['+1+2', "'+1+2"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\t=1+1', `"'\t=1+1"`],
    ['\r=1+1', `"'\r=1+1"`],
    ['=1;=2', `"'=1;=2"`],
  ])('neutralises the formula %j as %j', (cell, expected) => {
    expect(csvField(cell)).toBe(expected);
  });

  it('leaves cells alone that only contain formula characters later on', () => {
    expect(neutralise('UK = Mobile')).toEqual({ text: 'UK = Mobile', changed: false });
    expect(neutralise('a+b@c-d')).toEqual({ text: 'a+b@c-d', changed: false });
    expect(neutralise(' =1')).toEqual({ text: ' =1', changed: false });
  });

  it('ends every record with CRLF', () => {
    expect(csvRecord(['a', 'b,c', '=d'])).toBe(`a,"b,c",'=d\r\n`);
  });
});

describe('createRateCsv', () => {
  const rows = [
    row({ prefix: '44', name: 'United Kingdom', rate: '0.0100', mcd: 30, pulse: 6, connect: '0.01', effectiveAt: new Date('2026-10-01T00:00:00Z') }),
    row({ prefix: '447', name: '=cmd|"/c calc"!A1', rate: null, indeterminate: '0.0300', mcd: 60, pulse: 60 }),
    row({ prefix: '4420', name: 'London, City', blocked: true, effectiveAt: new Date('2026-10-01T06:30:00Z') }),
  ];

  it('writes a single-rate card: BOM, header with the currency, one record per row', () => {
    const csv = createRateCsv({ presentation: 'single', currency: 'USD' });
    const text = csv.header + csv.rows(rows);
    expect(text.split('\r\n')[0]).toBe(`${BOM}Prefix,Destination,Rate (USD),Connect fee (USD),Billing,Status,Effective date`);
    expect(parse(text)).toEqual([
      ['Prefix', 'Destination', 'Rate (USD)', 'Connect fee (USD)', 'Billing', 'Status', 'Effective date'],
      ['44', 'United Kingdom', '0.0100', '0.01', '30/6', 'open', '2026-10-01'],
      // The rate pricing uses: rate, else indeterminate.
      ['447', `'=cmd|"/c calc"!A1`, '0.0300', '', '60/60', 'open', ''],
      ['4420', 'London, City', '', '', '1/1', 'blocked', '2026-10-01T06:30:00Z'],
    ]);
    expect(csv.counts).toEqual({ rows: 3, neutralised: 1 });
  });

  it('writes inter / intra cards with the indeterminate rate pricing falls back to', () => {
    const us = [row({ prefix: '1201200', inter: '0.0050', intra: '0.0040', rate: '0.0045' }), row({ prefix: '1201201', inter: '0.0060', intra: '0.0070' })];
    const csv = createRateCsv({ presentation: 'inter_intra', currency: 'USD' });
    expect(parse(csv.header + csv.rows(us))).toEqual([
      ['Prefix', 'Destination', 'Interstate (USD)', 'Intrastate (USD)', 'Indeterminate (USD)', 'Connect fee (USD)', 'Billing', 'Status', 'Effective date'],
      ['1201200', '', '0.0050', '0.0040', '0.0045', '', '1/1', 'open', ''],
      ['1201201', '', '0.0060', '0.0070', '', '', '1/1', 'open', ''],
    ]);
  });

  it('writes inter / intra / indeterminate cards, the indeterminate rate standing in from rate', () => {
    const csv = createRateCsv({ presentation: 'inter_intra_indeterminate', currency: 'CAD' });
    const recs = parse(csv.header + csv.rows([row({ prefix: '1416', inter: '0.01', intra: '0.02', indeterminate: '0.03' }), row({ prefix: '1417', inter: '0.01', intra: '0.02', rate: '0.04' })]));
    expect(recs[0]).toEqual(['Prefix', 'Destination', 'Interstate (CAD)', 'Intrastate (CAD)', 'Indeterminate (CAD)', 'Connect fee (CAD)', 'Billing', 'Status', 'Effective date']);
    expect(recs.slice(1).map((r) => r.slice(2, 5))).toEqual([['0.01', '0.02', '0.03'], ['0.01', '0.02', '0.04']]);
  });

  it.each(['single', 'inter_intra', 'inter_intra_indeterminate'] as const)('writes a %s header the importer maps back field by field', (presentation) => {
    const csv = createRateCsv({ presentation, currency: 'EUR' });
    const m = mapColumns(csv.columns);
    expect(m.problems).toEqual([]);
    expect(m.unmapped).toEqual([]);
    expect(m.headerCurrency).toBe('EUR');
    const fields = Object.fromEntries(Object.entries(m.mapping).map(([field, i]) => [csv.columns[i], field]));
    expect(fields).toMatchObject({ Prefix: 'prefix', Destination: 'name', 'Connect fee (EUR)': 'connect', Billing: 'billing', Status: 'status', 'Effective date': 'effective' });
    if (presentation === 'single') expect(fields['Rate (EUR)']).toBe('rate');
    else expect([fields['Interstate (EUR)'], fields['Intrastate (EUR)'], fields['Indeterminate (EUR)']]).toEqual(['inter', 'intra', 'indeterminate']);
  });

  it('writes page after page with one header', () => {
    const csv = createRateCsv({ presentation: 'single', currency: 'USD' });
    const text = csv.header + csv.rows([rows[0]!]) + csv.rows([]) + csv.rows([rows[2]!]);
    expect(parse(text).map((r) => r[0])).toEqual(['Prefix', '44', '4420']);
    expect(csv.counts.rows).toBe(2);
  });
});

describe('isoDate', () => {
  it('gives the date at midnight UTC and the full time otherwise', () => {
    expect(isoDate(null)).toBe('');
    expect(isoDate(new Date('2026-01-31T00:00:00Z'))).toBe('2026-01-31');
    expect(isoDate(new Date('2026-01-31T23:59:59Z'))).toBe('2026-01-31T23:59:59Z');
    expect(isoDate(new Date('2026-01-31T12:00:00.250Z'))).toBe('2026-01-31T12:00:00.250Z');
  });
});

describe('revisionFileName', () => {
  it.each([
    ['Acme A-Z', 3, 'csv', 'Acme-A-Z-rev3.csv'],
    ['Côte d’Ivoire / Mobile', 1, 'csv', 'Cote-d-Ivoire-Mobile-rev1.csv'],
    ['../../etc/passwd', 2, 'csv.gz', 'etc-passwd-rev2.csv.gz'],
    ['电信', 4, 'csv', 'ratecard-rev4.csv'],
    ['  .hidden. ', 5, 'csv', 'hidden-rev5.csv'],
    ['x'.repeat(200), 6, 'csv', `${'x'.repeat(80)}-rev6.csv`],
  ])('names %j revision %i as %j', (name, rev, ext, expected) => {
    expect(revisionFileName(name, rev, ext)).toBe(expected);
  });
});
