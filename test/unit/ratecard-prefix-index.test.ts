// The prefix index behind duplicate detection: every prefix found again after the table has grown many times,
// identical tariffs told from conflicting ones with and without shared (interned) tariffs.
import { describe, expect, it } from 'vitest';
import { PrefixIndex } from '../../src/ratecards/prefix-index.ts';

const rule = { mcd: 60, pulse: 60 };

describe('PrefixIndex', () => {
  it('finds each of 200,000 prefixes again (sequential and scattered codes, 1 to 15 digits)', () => {
    const index = new PrefixIndex();
    const t = index.tariff('0.01', null, null, null, null, rule, false, '');
    const codes = [
      ...Array.from({ length: 100_000 }, (_, i) => String(1_200_000 + i)),
      ...Array.from({ length: 100_000 }, (_, i) => String((i * 7_919_993 + 13) % 999_999_999_999_999 + 1)),
      '1', '9', '999999999999999',
    ];
    const unique = [...new Set(codes)];
    unique.forEach((code, line) => expect(index.add(code, t, line + 2)).toBeUndefined());
    unique.forEach((code, line) => expect(index.add(code, t, 9)).toEqual({ firstLine: line + 2 }));
  });

  it('tells identical rows from conflicts, by fingerprint once tariffs are no longer shared', () => {
    const index = new PrefixIndex();
    // Fill one rate's shared list (16 tariffs) so the next ones are not interned.
    for (let i = 0; i < 16; i++) index.tariff('0.5', null, null, null, null, { mcd: i, pulse: 1 }, false, '');
    const a = index.tariff('0.5', null, null, null, null, rule, false, '2026-10-01');
    const same = index.tariff('0.5', null, null, null, null, rule, false, '2026-10-01');
    const other = index.tariff('0.5', null, null, null, null, rule, true, '2026-10-01');
    expect([a.shared, same === a]).toEqual([false, false]);
    expect(index.add('44', a, 2)).toBeUndefined();
    expect(index.add('44', same, 3)).toEqual({ firstLine: 2 });
    expect(index.add('44', other, 4)).toEqual({ firstLine: 2, diff: 'price, billing, status or effective date', firstConflict: true });
    expect([...index.conflicted]).toEqual(['44']);
  });

  it('names what differs when both tariffs are shared', () => {
    const index = new PrefixIndex();
    const a = index.tariff('0.01', null, null, null, null, rule, false, '');
    const b = index.tariff('0.02', null, null, null, null, rule, false, '');
    index.add('33', a, 2);
    expect(index.add('33', b, 5)).toEqual({ firstLine: 2, diff: 'rate (0.01 there, 0.02 here)', firstConflict: true });
    expect(index.add('33', b, 6)).toMatchObject({ firstConflict: false });
  });
});
