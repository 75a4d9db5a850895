// Header auto-mapping for the layouts of research §1.9, currency in headers, ties that must fail, and --map specs.
import { describe, expect, it } from 'vitest';
import {
  currencyIn, mapColumns, matchHeaderCell, normaliseHeader, parseMapSpec, SYNONYMS,
} from '../../src/ratecards/columns.ts';

const split = (line: string, sep = ',') => line.split(sep);

describe('mapColumns on known layouts', () => {
  it('SDF / Flowroute', () => {
    const r = mapColumns(split('Destination,Prefix,First Interval,Sub Interval,Rate,Status,Start Date,End Date'));
    expect(r.mapping).toEqual({ name: 0, prefix: 1, first: 2, next: 3, rate: 4, status: 5, effective: 6, end: 7 });
    expect(r.problems).toEqual([]);
    expect(r.unmapped).toEqual([]);
  });

  it('SDF US variant: Default is indeterminate, with inter and intra', () => {
    const r = mapColumns(split('Destination,Prefix,First Interval,Sub Interval,Default,Interstate Rate,Intrastate Rate,Status,Start Date'));
    expect(r.mapping).toMatchObject({ indeterminate: 4, inter: 5, intra: 6 });
    expect(r.mapping.rate).toBeUndefined();
    expect(r.problems).toEqual([]);
  });

  it('46labs prefix jurisdiction: duration/increment are first/next', () => {
    const r = mapColumns(split('code,duration,increment,interrate,intrarate,ijrate,effective_date'));
    expect(r.mapping).toEqual({ prefix: 0, first: 1, next: 2, inter: 3, intra: 4, indeterminate: 5, effective: 6 });
    expect(r.problems).toEqual([]);
  });

  it('callwithus US48 and international (; separated)', () => {
    const us = mapColumns(split('dialprefix;destination name;rate interstate;rate intrastate;initial billing time;billing increment', ';'));
    expect(us.mapping).toEqual({ prefix: 0, name: 1, inter: 2, intra: 3, first: 4, next: 5 });
    expect(us.problems).toEqual([]);
    const intl = mapColumns(split('dialprefix;destination name;rate;initial billing time;billing increment', ';'));
    expect(intl.mapping).toEqual({ prefix: 0, name: 1, rate: 2, first: 3, next: 4 });
  });

  it('DNL upload template', () => {
    const header = split('code,rate,setup_fee,effective_date,end_date,min_time,grace_time,interval,seconds,code_name,'
      + 'rate_type,intra_rate,inter_rate,local_rate,country,zone,ocn,lata');
    const r = mapColumns(header);
    expect(r.mapping).toEqual({
      prefix: 0, rate: 1, connect: 2, effective: 3, end: 4, first: 5, next: 7, name: 9, intra: 11, inter: 12,
    });
    expect(r.nameColumns).toEqual([9, 14]);
    expect(r.problems).toEqual([]);
    expect(r.unmapped).toEqual(['grace_time', 'seconds', 'rate_type', 'local_rate', 'zone', 'ocn', 'lata']);
  });

  it('TCXC upload: Price 1 / Interval 1 / Interval N, Rate Id is not a price', () => {
    const r = mapColumns(split('Country,Description,Prefix,Effective from,Rate Id,Forbidden,Discontinued,Price 1,Price N,Interval 1,Interval N'));
    expect(r.mapping).toEqual({ name: 1, prefix: 2, effective: 3, rate: 7, first: 9, next: 10 });
    expect(r.nameColumns).toEqual([0, 1]);
    expect(r.problems).toEqual([]);
    expect(r.unmapped).toEqual(['Rate Id', 'Forbidden', 'Discontinued', 'Price N']);
  });

  it('carrier notice: Billing holds x/y, Network beats Country for the name, both kept as name columns', () => {
    const r = mapColumns(split('Country,Network,Dial Codes,Rate/Min,Effective,Billing,Change'));
    expect(r.mapping).toEqual({ name: 1, prefix: 2, rate: 3, effective: 4, billing: 5, status: 6 });
    expect(r.nameColumns).toEqual([0, 1]);
    expect(r.problems).toEqual([]);
  });

  it('carrier notice, pipe layout: Pulse is x/y without a first column; Rate Change beats Notes', () => {
    const r = mapColumns(split('Destination | Country Code | Area Code | Complete Code | Rate (USD / Min) | Valid From | Rate Change | Pulse | Notes', '|'));
    expect(r.mapping).toEqual({ name: 0, prefix: 3, rate: 4, effective: 5, status: 6, billing: 7 });
    expect(r.headerCurrency).toBe('USD');
    expect(r.unmapped).toEqual(['Country Code', 'Area Code', 'Notes']);
  });

  it('ASTPP export: Cost / Min (USD) is the rate and names the currency', () => {
    const r = mapColumns(split('\uFEFFCode,Destination,Connect Cost,Included Seconds,Cost / Min (USD),Initial Increment,Increment,Priority,Status'));
    expect(r.mapping).toEqual({ prefix: 0, name: 1, connect: 2, rate: 4, first: 5, next: 6, status: 8 });
    expect(r.headerCurrency).toBe('USD');
    expect(r.problems).toEqual([]);
  });

  it('JeraSoft, Yeastar and LoopBack layouts', () => {
    expect(mapColumns(split('Rate Table,Src Code,Code,Code Name,Policy,Rate,Effective Date,End Date,Tag,Notes,SF,Min,Int,Time Profile')).mapping)
      .toEqual({ prefix: 2, name: 3, rate: 5, effective: 6, end: 7, status: 9, connect: 10, first: 11, next: 12 });
    expect(mapColumns(split('Name,Match Prefix,Number Length,Rate,Billable Unit(s),Initial Time(s),Initial Cost')).mapping)
      .toEqual({ name: 0, prefix: 1, rate: 3, next: 4, first: 5, connect: 6 });
    const lb = mapColumns(split('npanxx,inter_rate,intra_rate,init_duration,succ_duration,ocn,ocn_name,state,category,lata'));
    expect(lb.mapping).toEqual({ prefix: 0, inter: 1, intra: 2, first: 3, next: 4 });
    expect(lb.npanxx).toBe(true);
  });
});

describe('mapColumns choices and failures', () => {
  it('prefers New Rate over Current Rate, and uses Current Rate when it is the only one', () => {
    expect(mapColumns(['Code', 'Destination', 'Current Rate', 'New Rate']).mapping.rate).toBe(3);
    expect(mapColumns(['Code', 'Old Rate', 'Rate']).mapping.rate).toBe(2);
    expect(mapColumns(['Code', 'Current Rate']).mapping.rate).toBe(1);
  });

  it('fails on Peak Rate / Off-Peak Rate and names both columns', () => {
    const r = mapColumns(['Code', 'Destination', 'Peak Rate', 'Off-Peak Rate']);
    expect(r.mapping.rate).toBeUndefined();
    expect(r.problems).toHaveLength(2);
    expect(r.problems[0]).toMatch(/rate equally well: "Peak Rate" \(column 3\), "Off-Peak Rate" \(column 4\)/);
    expect(r.problems[1]).toMatch(/^no rate column/);
  });

  it('fails on two plain prices, bare time bands and CLI/non-CLI columns', () => {
    expect(mapColumns(['Code', 'Rate', 'Price']).problems[0]).toMatch(/"Rate" \(column 2\), "Price" \(column 3\)/);
    expect(mapColumns(['Code', 'Peak', 'Off-Peak']).problems[0]).toMatch(/"Peak".*"Off-Peak"/);
    expect(mapColumns(['Code', 'CLI Rate', 'Non-CLI Rate']).problems[0]).toMatch(/"CLI Rate".*"Non-CLI Rate"/);
  });

  it('names the header when the prefix column is missing', () => {
    const r = mapColumns(['Destination', 'Rate', 'Billing']);
    expect(r.problems).toEqual([expect.stringMatching(/^no prefix column .*header: "Destination", "Rate", "Billing"$/)]);
    expect(r.unmapped).toEqual([]);
  });

  it('names the header when no price column exists', () => {
    const r = mapColumns(['Code', 'Destination', 'Notes']);
    expect(r.problems).toEqual([expect.stringMatching(/^no rate column .*header: "Code", "Destination", "Notes"$/)]);
  });

  it('reports currencies in headers: (USD), €/min, $ and a clash', () => {
    expect(mapColumns(['Code', 'Tarif €/min']).headerCurrency).toBe('EUR');
    expect(mapColumns(['Code', 'Tarif €/min']).mapping.rate).toBe(1);
    expect(mapColumns(['Code', 'Rate $']).headerCurrency).toBe('USD');
    expect(mapColumns(['Code', 'Rate']).headerCurrency).toBeUndefined();
    const clash = mapColumns(['Code', 'Rate (USD)', 'Setup Fee (EUR)']);
    expect(clash.headerCurrency).toBeUndefined();
    expect(clash.problems).toEqual(['header cells name different currencies: USD, EUR']);
  });

  it('refuses per-second and cent prices', () => {
    expect(mapColumns(['Code', 'Rate/sec']).problems[0]).toMatch(/per-second/);
    expect(mapColumns(['Code', 'Rate (cents)']).problems[0]).toMatch(/cents/);
  });

  it('flags NPANXX prefix columns and not others', () => {
    expect(mapColumns(['NPA-NXX', 'Rate']).npanxx).toBe(true);
    expect(mapColumns(['NPANXX', 'Rate']).mapping.prefix).toBe(0);
    expect(mapColumns(['Code', 'Rate']).npanxx).toBe(false);
  });
});

describe('normalising and matching header cells', () => {
  it('normalises units, currency, case and separators', () => {
    expect(normaliseHeader('  Cost / Min (USD) ')).toBe('cost');
    expect(normaliseHeader('Rate (USD / Min)')).toBe('rate');
    expect(normaliseHeader('Tarif €/min')).toBe('tarif');
    expect(normaliseHeader('Increment(s)')).toBe('increment');
    expect(normaliseHeader('Effective_Date:')).toBe('effective date');
    expect(normaliseHeader('Per minute charge')).toBe('per minute charge');
    expect(normaliseHeader('Rate per minute')).toBe('rate');
  });

  it('matches whole cells only, so data values rarely look like headers', () => {
    expect(matchHeaderCell('Germany')).toBeUndefined();
    expect(matchHeaderCell('0.0495')).toBeUndefined();
    expect(matchHeaderCell('Increase')).toBeUndefined();
    expect(matchHeaderCell('Dial Codes')).toMatchObject({ field: 'prefix' });
  });

  it('lists every synonym once (the table would throw at load otherwise)', () => {
    const keys = SYNONYMS.flatMap(([, , k]) => k);
    expect(new Set(keys).size).toBe(keys.length);
    for (const k of keys) expect(normaliseHeader(k)).toBe(k);
  });

  it('finds currencies by code or symbol', () => {
    expect(currencyIn('USD per minute')).toBe('USD');
    expect(currencyIn('(eur)')).toBe('EUR');
    expect(currencyIn('£/min')).toBe('GBP');
    expect(currencyIn('Rate C$')).toBe('CAD');
    expect(currencyIn('per minute')).toBeUndefined();
  });
});

describe('parseMapSpec', () => {
  const header = ['Destination', 'Dial Code', 'Cost / Min (USD)', 'Billing'];

  it('reads 1-based numbers into 0-based indices; cost and code are aliases', () => {
    expect(parseMapSpec('prefix:2,name:1,cost:3')).toEqual({ prefix: 1, name: 0, rate: 2 });
    expect(parseMapSpec(' code = 2 , Rate:3 ,billing:4,')).toEqual({ prefix: 1, rate: 2, billing: 3 });
  });

  it('reads header names, quoted or bare, exact or normalised', () => {
    expect(parseMapSpec('prefix:"Dial Code",cost:"cost / min",name:Destination', header))
      .toEqual({ prefix: 1, rate: 2, name: 0 });
    expect(parseMapSpec("prefix:'dial code'", header)).toEqual({ prefix: 1 });
  });

  it('names the bad part', () => {
    expect(parseMapSpec('')).toEqual({ error: expect.stringMatching(/empty map/) });
    expect(parseMapSpec('prefx:2')).toEqual({ error: expect.stringMatching(/unknown field "prefx" in "prefx:2"/) });
    expect(parseMapSpec('prefix:0')).toEqual({ error: expect.stringMatching(/start at 1 \("prefix:0"\)/) });
    expect(parseMapSpec('prefix:9', header)).toEqual({ error: expect.stringMatching(/column 9 is past the last column \(4\)/) });
    expect(parseMapSpec('prefix:2,rate:2')).toEqual({ error: expect.stringMatching(/column 2 given to both prefix and rate/) });
    expect(parseMapSpec('rate:3,cost:4')).toEqual({ error: expect.stringMatching(/rate given twice \("cost:4"\)/) });
    expect(parseMapSpec('prefix:"Code"', header)).toEqual({ error: expect.stringMatching(/no column named "Code".*"Dial Code"/) });
    expect(parseMapSpec('prefix:"Dial Code"')).toEqual({ error: expect.stringMatching(/has no header; use its number/) });
    expect(parseMapSpec('prefix 2')).toEqual({ error: expect.stringMatching(/cannot read "prefix 2"/) });
    expect(parseMapSpec('prefix:2,,rate:3')).toEqual({ error: expect.stringMatching(/cannot read ",rate:3"/) });
    expect(parseMapSpec('prefix:')).toEqual({ error: expect.stringMatching(/no column given in "prefix:"/) });
    expect(parseMapSpec('prefix:code', ['Code', 'code'])).toEqual({ error: expect.stringMatching(/matches columns 1 and 2/) });
  });
});

describe('review fixes', () => {
  it('recognises any ISO 4217 code in brackets, not only the common ones', () => {
    expect(currencyIn('Rate (XOF)')).toBe('XOF');
    expect(currencyIn('Price [RUB/min]')).toBe('RUB');
    expect(currencyIn('Rate (ABC)')).toBeUndefined();
    expect(mapColumns(['Code', 'Rate (XOF)']).headerCurrency).toBe('XOF');
  });

  it('does not call a joined name column unmapped', () => {
    const m = mapColumns(['Country', 'Network', 'Dial Codes', 'Rate/Min', 'Effective', 'Billing', 'Change']);
    expect(m.nameColumns).toEqual([0, 1]);
    expect(m.unmapped).not.toContain('Country');
  });
});
