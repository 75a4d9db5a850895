// Rate-deck sniffing on hand-written messy decks (research §3 rows 1–5, 13, 14): encoding, records, separator,
// decimal comma and the header row under a notice block.
import { deckHeadLines, openDeckText } from '../../src/ratecards/deck-text.ts';
import { describe, expect, it } from 'vitest';
import {
  decodeDeck, deckRecords, findHeaderRow, headLines, records, sniffDecimalComma, sniffSeparator, splitRecord,
} from '../../src/ratecards/sniff.ts';

const all = (text: string, sep = ',') => [...records(text, sep)];
const cellsOf = (text: string, sep = ',') => all(text, sep).map((r) => r.cells);

describe('decodeDeck', () => {
  it('strips and reports a UTF-8 BOM (ASTPP export starts EF BB BF "Code")', () => {
    const bytes = Buffer.from([0xef, 0xbb, 0xbf, ...Buffer.from('Code,Destination\n93,Afghanistan\n')]);
    const { text, encoding } = decodeDeck(bytes);
    expect(encoding).toBe('utf-8-bom');
    expect(text.startsWith('Code')).toBe(true);
    expect(cellsOf(text)[0]).toEqual(['Code', 'Destination']);
  });

  it('decodes cp1252 "Côte" (43 F4 74 65) instead of failing, and maps 0x80–0x9F through the table', () => {
    const bytes = Buffer.concat([
      Buffer.from([0x43, 0xf4, 0x74, 0x65]),
      Buffer.from(" d'Ivoire Mobile;22507;0,1234;"),
      Buffer.from([0x80, 0x92, 0x81]),
      Buffer.from('\n'),
    ]);
    const { text, encoding } = decodeDeck(bytes);
    expect(encoding).toBe('windows-1252');
    expect(text).toBe("Côte d'Ivoire Mobile;22507;0,1234;€’\u0081\n");
  });

  it('keeps UTF-8 "Curaçao" as it is (not CuraÃ§ao)', () => {
    const { text, encoding } = decodeDeck(Buffer.from('Curaçao,5999,0.21\n', 'utf8'));
    expect(encoding).toBe('utf-8');
    expect(text).toBe('Curaçao,5999,0.21\n');
  });

  it('falls back for a BOM followed by bytes that are not UTF-8', () => {
    const { text, encoding } = decodeDeck(Buffer.from([0xef, 0xbb, 0xbf, 0x43, 0xf4, 0x74, 0x65]));
    expect(encoding).toBe('windows-1252');
    expect(text).toBe('Côte');
  });

  it('decodes an empty file', () => {
    expect(decodeDeck(Buffer.alloc(0))).toEqual({ text: '', encoding: 'utf-8' });
  });
});

describe('splitRecord', () => {
  it('splits plain lines and keeps empty cells', () => {
    expect(splitRecord('a,b,,d,', ',')).toEqual(['a', 'b', '', 'd', '']);
    expect(splitRecord('', ',')).toEqual(['']);
  });

  it('reads quoted cells with separators and doubled quotes', () => {
    expect(splitRecord('Germany,"49152, 49162, 49172-49174",0.0495', ',')).toEqual([
      'Germany', '49152, 49162, 49172-49174', '0.0495',
    ]);
    expect(splitRecord('"Say ""hi""",x,""', ',')).toEqual(['Say "hi"', 'x', '']);
    expect(splitRecord('"a;b";c', ';')).toEqual(['a;b', 'c']);
  });

  it('treats a quote inside a cell as literal and reads an unclosed quote literally', () => {
    expect(splitRecord('12" screen,5', ',')).toEqual(['12" screen', '5']);
    expect(splitRecord('"oops,5', ',')).toEqual(['"oops', '5']);
  });
});

describe('records', () => {
  it('accepts LF, CRLF and CR-only endings and a missing final newline', () => {
    const want = [['a', '1'], ['b', '2'], ['c', '3']];
    expect(cellsOf('a,1\nb,2\nc,3\n')).toEqual(want);
    expect(cellsOf('a,1\r\nb,2\r\nc,3\r\n')).toEqual(want);
    expect(cellsOf('a,1\rb,2\rc,3\r')).toEqual(want);
    expect(cellsOf('a,1\r\nb,2\r\nc,3')).toEqual(want);
    expect(cellsOf('a,1\nb,2\r\nc,3')).toEqual(want);
    expect(all('a,1\rb,2\rc,3').map((r) => r.line)).toEqual([1, 2, 3]);
  });

  it('yields nothing for empty text and keeps blank lines (numbered) for the caller to drop', () => {
    expect(all('')).toEqual([]);
    expect(all('a\n\n,,\nb')).toEqual([
      { line: 1, cells: ['a'] },
      { line: 2, cells: [''] },
      { line: 3, cells: ['', '', ''] },
      { line: 4, cells: ['b'] },
    ]);
  });

  it('reads quoted cells spanning lines and numbers records by their first physical line', () => {
    const text = 'name,code,rate\r\n"Germany\r\nMobile",49152,0.05\r\n"multi\nline\rcell, with ""quotes""",7,1\nlast,9,2';
    expect(all(text)).toEqual([
      { line: 1, cells: ['name', 'code', 'rate'] },
      { line: 2, cells: ['Germany\r\nMobile', '49152', '0.05'] },
      { line: 4, cells: ['multi\nline\rcell, with "quotes"', '7', '1'] },
      { line: 7, cells: ['last', '9', '2'] },
    ]);
  });

  it('ends a quoted last record without a final newline, and a trailing empty quoted cell', () => {
    expect(cellsOf('a,"b,c"')).toEqual([['a', 'b,c']]);
    expect(cellsOf('a,""\n')).toEqual([['a', '']]);
  });

  it('recovers from an unclosed quote by splitting that line literally', () => {
    expect(all('a,1\n"broken,2\nc,3\n')).toEqual([
      { line: 1, cells: ['a', '1'] },
      { line: 2, cells: ['"broken', '2'], unclosedQuote: true },
      { line: 3, cells: ['c', '3'] },
    ]);
  });

  it('skips a BOM left in the text', () => {
    expect(cellsOf('\uFEFFCode;Rate\n1;2', ';')[0]).toEqual(['Code', 'Rate']);
  });

  it('reads tab and pipe decks', () => {
    expect(cellsOf('Code\tRate\n44\t0.01\n', '\t')).toEqual([['Code', 'Rate'], ['44', '0.01']]);
    expect(cellsOf('Code|Rate\r\n"4|4"|0.01', '|')).toEqual([['Code', 'Rate'], ['4|4', '0.01']]);
  });

  it('rejects a separator it cannot use', () => {
    expect(() => all('a', ',,')).toThrow(/bad separator/);
  });

  it('gets through 200,000 generated lines with the right count and last row', () => {
    const lines = ['code,name,rate'];
    for (let i = 0; i < 200_000; i++) {
      lines.push(i % 1000 === 0 ? `${1000 + i},"Name, ${i}",0.${i}` : `${1000 + i},Name ${i},0.${i}`);
    }
    let count = 0;
    let last: { line: number; cells: string[] } | undefined;
    for (const r of records(lines.join('\r\n'), ',')) {
      count++;
      last = r;
    }
    expect(count).toBe(200_001);
    expect(last).toEqual({ line: 200_001, cells: ['200999', 'Name 199999', '0.199999'] });
  });
});

describe('headLines', () => {
  it('returns the first physical lines whatever the ending', () => {
    expect(headLines('a\r\nb\rc\nd', 3)).toEqual(['a', 'b', 'c']);
    expect(headLines('\uFEFFa\n', 5)).toEqual(['a']);
  });
});

describe('sniffSeparator', () => {
  it('picks ; over the decimal comma in a callwithus-style EU deck', () => {
    const sample = [
      'dialprefix;destination name;rate;initial billing time;billing increment',
      "22507;Côte d'Ivoire Mobile;0,1234;60;60",
      '33;France;0,0049;1;1',
      '1;USA;0,0051;6;6',
    ];
    expect(sniffSeparator(sample)).toBe(';');
  });

  it('picks , for a notice deck even with a title block and quoted code lists', () => {
    const sample = [
      'Acme Voice Wholesale',
      'Issue date:,16/09/2026',
      '',
      'Country,Network,Dial Codes,Rate/Min,Effective,Billing,Change',
      'Germany,Mobile,"49152; 49162",0.0495,23/09/2026,60/1,Increase',
      'Germany,Fixed,49,0.0078,10/09/2026,1/1,Unchanged',
    ];
    expect(sniffSeparator(sample)).toBe(',');
  });

  it('picks tab and pipe', () => {
    expect(sniffSeparator(['Code\tName\tRate', '44\tUK, mobile\t0.01', '33\tFrance\t0.02'])).toBe('\t');
    expect(sniffSeparator(['Code|Name|Rate', '44|UK, mobile|0.01', '33|France|0.02'])).toBe('|');
  });

  it('falls back to , for a one-column sample', () => {
    expect(sniffSeparator(['44', '33'])).toBe(',');
    expect(sniffSeparator([])).toBe(',');
  });
});

describe('sniffDecimalComma', () => {
  it('sees a decimal comma from 1–2 or 4+ digits after the comma, or a leading 0', () => {
    expect(sniffDecimalComma(['0,1234', '0,05', '1,2'], ';')).toMatchObject({ decimalComma: true, ambiguous: false });
    expect(sniffDecimalComma(['0,273'], ',')).toMatchObject({ decimalComma: true, ambiguous: false });
    expect(sniffDecimalComma(['1 234,50', '\u00a09\u00a0876,5'], ';')).toMatchObject({ decimalComma: true });
    expect(sniffDecimalComma(['€0,0112', '0,0112 EUR'], ';')).toMatchObject({ decimalComma: true, ambiguous: false });
  });

  it('decides 1,234-shaped values from the whole column', () => {
    expect(sniffDecimalComma(['1,234', '2,500', '1,25'], ',')).toMatchObject({ decimalComma: true, ambiguous: false });
    expect(sniffDecimalComma(['1,234', '2,500', '0.5'], ',')).toMatchObject({ decimalComma: false, ambiguous: false });
  });

  it('reports ambiguity when only 1,234-shaped values are seen; ; means decimal comma', () => {
    expect(sniffDecimalComma(['1,000', '2,500'], ';')).toMatchObject({ decimalComma: true, ambiguous: true });
    expect(sniffDecimalComma(['1,000', '2,500'], ',')).toMatchObject({ decimalComma: false, ambiguous: true });
  });

  it('reads points, grouped thousands and mixed columns', () => {
    expect(sniffDecimalComma(['0.0112', '$1.50', '1.2E-02'], ',')).toMatchObject({ decimalComma: false, ambiguous: false });
    expect(sniffDecimalComma(['1,234,567', '1,234.5'], ',')).toMatchObject({ decimalComma: false, ambiguous: false });
    expect(sniffDecimalComma(['1.234,5'], ';')).toMatchObject({ decimalComma: true, ambiguous: false });
    expect(sniffDecimalComma(['0,12', '0.12', '0,3'], ';')).toMatchObject({ decimalComma: true, ambiguous: true });
  });

  it('with no decimals at all assumes from the separator', () => {
    expect(sniffDecimalComma(['1', '', 'n/a'], ';')).toMatchObject({ decimalComma: true, ambiguous: false });
    expect(sniffDecimalComma(['1'], ',')).toMatchObject({ decimalComma: false, ambiguous: false });
  });
});

describe('findHeaderRow', () => {
  const notice = [
    'Acme Voice Wholesale',
    'Wholesale Route - Rate Notice',
    'Issue date:,16/09/2026',
    'Currency:,USD per minute',
    'Billing per the Billing column. Codes marked Closed are withdrawn on their effective date.',
    '',
    'Country,Network,Dial Codes,Rate/Min,Effective,Billing,Change',
    'Germany,Mobile - Vodafone,"49152, 49162",0.0495,23/09/2026,60/1,Increase',
    'Nigeria,Mobile - Glo,234805,0.121,20/09/2026,60/60,Closed',
    '',
    '"Rates change without notice. All prices in USD per minute."',
  ].join('\n');

  it('skips the TCXC-style notice block (6 lines) and reads its currency and issue date', () => {
    const rows = cellsOf(notice);
    const found = findHeaderRow(rows);
    expect(found).toEqual({
      index: 6,
      score: 7,
      preamble: { title: 'Acme Voice Wholesale', issueDate: '16/09/2026', currency: 'USD' },
    });
    expect(all(notice)[found?.index ?? -1]?.line).toBe(7);
  });

  it('skips a NANPA-style "File Date,10/25/2017" first line', () => {
    const rows = cellsOf('File Date,10/25/2017\nNPANXX,Rate,Wireless\n201200,0.004,N\n');
    expect(findHeaderRow(rows)).toEqual({ index: 1, score: 2, preamble: { issueDate: '10/25/2017' } });
  });

  it('reads a one-cell currency note and a header on line 1', () => {
    expect(findHeaderRow([['Prices in EUR per minute'], ['Code', 'Destination', 'Tarif €/min']])).toEqual({
      index: 1, score: 3, preamble: { currency: 'EUR' },
    });
    expect(findHeaderRow([['Code', 'Rate'], ['44', '0.1']])).toMatchObject({ index: 0, preamble: {} });
  });

  it('needs both a prefix-like and a rate-like header, within maxScan rows', () => {
    expect(findHeaderRow([['Destination', 'Rate'], ['UK', '0.1']])).toBeUndefined();
    expect(findHeaderRow([['Code', 'Destination'], ['44', 'UK']])).toBeUndefined();
    const late = [...Array.from({ length: 5 }, () => ['x']), ['Code', 'Rate']];
    expect(findHeaderRow(late, 5)).toBeUndefined();
    expect(findHeaderRow(late, 6)?.index).toBe(5);
  });
});

describe('openDeckText + deckRecords: the deck a piece at a time', () => {
  const deck = [
    'Title block\r\n',
    'Prefix,Destination,Rate\r\n',
    '44,"United Kingdom, Mobile",0.01\r\n',
    '33,"France\r\nnote on two lines",0.02\r\n',
    '\r\n',
    '49,Germany,0.03\r\n',
    '34,"Spain ""Mobile""",0.04',
  ].join('');

  it.each([8, 13, 31, 64, 4096])('gives the same records, lines and cells as the whole text with %i-byte pieces', (size) => {
    const whole = [...records(deck, ',')];
    const pieced = [...deckRecords(openDeckText(Buffer.from(deck), size), ',')];
    expect(pieced).toEqual(whole);
    expect(pieced.map((r) => r.line)).toEqual([1, 2, 3, 4, 6, 7, 8]);
  });

  it('cuts only after line ends, a CRLF kept whole, and decodes Windows-1252 per piece', () => {
    const bytes = Buffer.from('Prefix;Name\r\n5999;Cura\xe7ao\r\n33;\x80 zone\r\n', 'latin1');
    const text = openDeckText(bytes, 14);
    expect(text.encoding).toBe('windows-1252');
    const pieces = [...text.pieces()];
    expect(pieces.every((p, i) => i === pieces.length - 1 || p.endsWith('\n'))).toBe(true);
    expect(pieces.join('')).toBe('Prefix;Name\r\n5999;Curaçao\r\n33;€ zone\r\n');
    expect(deckHeadLines(text, 2)).toEqual(['Prefix;Name', '5999;Curaçao']);
  });

  it('reads a quote that never closes line by line at the end of the file, as the whole-text reader does', () => {
    const text = 'Prefix,Rate\n44,"0.01\n33,0.02\n';
    expect([...deckRecords(openDeckText(Buffer.from(text), 8), ',')]).toEqual([...records(text, ',')]);
  });
});
