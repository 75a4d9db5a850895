// Exact rate-card decimals: what parseDecimal accepts and refuses, plain formatting, arithmetic, and the four rounding
// methods at, just above and just below half of the last digit.
import { describe, expect, it } from 'vitest';
import {
  addDecimal,
  addRational,
  compareDecimal,
  decimal,
  formatDecimal,
  isZero,
  mulDecimal,
  mulRational,
  parseDecimal,
  rational,
  roundDecimal,
  type Decimal,
  type RoundingMethod,
} from '../../src/ratecards/decimal.ts';

const fmt = (raw: string, opts?: Parameters<typeof parseDecimal>[1]): string | undefined => {
  const d = parseDecimal(raw, opts);
  return d === undefined ? undefined : formatDecimal(d);
};
const dec = (raw: string): Decimal => {
  const d = parseDecimal(raw, { allowNegative: true });
  if (!d) throw new Error(`test value ${raw} does not parse`);
  return d;
};

describe('parseDecimal accepts', () => {
  it.each([
    ['0.0112', '0.0112'],
    ['.5', '0.5'],
    ['12', '12'],
    ['+0.25', '0.25'],
    ['  0.0300  ', '0.03'],
    ['\u00a00.01\t', '0.01'],
    ['007.50', '7.5'],
    ['0', '0'],
    ['0.000000', '0'],
    ['1.2E-02', '0.012'],
    ['5e-3', '0.005'],
    ['4.47E+11', '447000000000'],
    ['1e0', '1'],
    ['0.000001', '0.000001'],
    ['123456789012345678901234567890.123456789', '123456789012345678901234567890.123456789'],
  ])('%j → %s', (raw, want) => {
    expect(fmt(raw)).toBe(want);
  });

  it('a decimal comma only when asked', () => {
    expect(fmt('0,0123', { decimalComma: true })).toBe('0.0123');
    expect(fmt(',5', { decimalComma: true })).toBe('0.5');
    expect(fmt('1,2E-02', { decimalComma: true })).toBe('0.012');
    expect(fmt('12', { decimalComma: true })).toBe('12');
  });

  it('a negative only when asked', () => {
    expect(fmt('-0.5', { allowNegative: true })).toBe('-0.5');
    expect(fmt('-0', { allowNegative: true })).toBe('0');
  });
});

describe('parseDecimal refuses', () => {
  it.each([
    ['', 'empty'],
    ['   ', 'blank'],
    ['1,000', 'thousands comma without decimalComma'],
    ['0,0123', 'decimal comma not enabled'],
    ['1 000', 'space thousands separator'],
    ['1\u00a0234,50', 'NBSP thousands separator'],
    ['1.2.3', 'several dots'],
    ['12.', 'trailing dot'],
    ['.', 'lone dot'],
    ['abc', 'letters'],
    ['0.01USD', 'unit suffix'],
    ['$0.01', 'currency symbol (the caller strips it)'],
    ['€0,01', 'currency symbol'],
    ['-0.01', 'negative rate'],
    ['+-1', 'two signs'],
    ['1e', 'exponent without digits'],
    ['1e-999', 'absurd exponent'],
    ['0x10', 'hex'],
    ['Infinity', 'not a number'],
    ['NaN', 'not a number'],
  ])('%j (%s)', (raw) => {
    expect(parseDecimal(raw)).toBeUndefined();
  });

  it('a dot in decimal-comma mode, where it may be a thousands group', () => {
    expect(parseDecimal('1.234', { decimalComma: true })).toBeUndefined();
    expect(parseDecimal('1.234,50', { decimalComma: true })).toBeUndefined();
    expect(parseDecimal('1,2,3', { decimalComma: true })).toBeUndefined();
  });
});

describe('formatDecimal', () => {
  it('pads to minScale but never drops digits', () => {
    expect(formatDecimal(dec('0.07'), 4)).toBe('0.0700');
    expect(formatDecimal(dec('0.123456'), 4)).toBe('0.123456');
    expect(formatDecimal(dec('3'), 2)).toBe('3.00');
    expect(formatDecimal(dec('-0.5'), 3)).toBe('-0.500');
    expect(formatDecimal(dec('0'), 0)).toBe('0');
  });

  it('normalises values built by hand and never writes an exponent', () => {
    expect(formatDecimal({ units: 700n, scale: 4 })).toBe('0.07');
    expect(formatDecimal(decimal(1n, 20))).toBe('0.00000000000000000001');
    expect(formatDecimal(decimal(10n ** 25n))).toBe('10000000000000000000000000');
  });
});

describe('arithmetic', () => {
  it('compares across scales', () => {
    expect(compareDecimal(dec('0.10'), dec('0.1'))).toBe(0);
    expect(compareDecimal(dec('0.0999'), dec('0.1'))).toBe(-1);
    expect(compareDecimal(dec('1'), dec('0.99999999'))).toBe(1);
    expect(compareDecimal(dec('-1'), dec('0'))).toBe(-1);
  });

  it('adds and multiplies exactly, where doubles would not', () => {
    expect(formatDecimal(addDecimal(dec('0.1'), dec('0.2')))).toBe('0.3');
    expect(formatDecimal(mulDecimal(dec('0.07'), dec('60')))).toBe('4.2');
    expect(formatDecimal(mulDecimal(dec('0.000001'), dec('86400')))).toBe('0.0864');
    expect(formatDecimal(addDecimal(dec('1.5'), dec('-1.5')))).toBe('0');
  });

  it('isZero', () => {
    expect(isZero(dec('0.000'))).toBe(true);
    expect(isZero({ units: 0n, scale: 7 })).toBe(true);
    expect(isZero(dec('0.0000001'))).toBe(false);
  });

  it('rationals stay reduced with a positive denominator', () => {
    expect(rational(6n, -4n)).toEqual({ num: -3n, den: 2n });
    expect(addRational(rational(1n, 3n), rational(1n, 6n))).toEqual({ num: 1n, den: 2n });
    expect(mulRational(rational(7n, 100n), rational(60n, 60n))).toEqual({ num: 7n, den: 100n });
    expect(() => rational(1n, 0n)).toThrow(/denominator/);
  });
});

describe('roundDecimal', () => {
  const round = (v: string | [bigint, bigint], p: number, m: RoundingMethod): string =>
    formatDecimal(roundDecimal(typeof v === 'string' ? dec(v) : rational(v[0], v[1]), p, m), p);

  it('the reference example 0.12345 at 4 digits', () => {
    expect(round('0.12345', 4, 'up')).toBe('0.1235');
    expect(round('0.12345', 4, 'down')).toBe('0.1234');
    expect(round('0.12345', 4, 'half-up')).toBe('0.1235');
    expect(round('0.12345', 4, 'half-down')).toBe('0.1234');
  });

  it.each<[string, string, string, string, string]>([
    // value, up, down, half-up, half-down
    ['0.12345', '0.1235', '0.1234', '0.1235', '0.1234'], // exactly half
    ['0.123450000001', '0.1235', '0.1234', '0.1235', '0.1235'], // just above half
    ['0.123449999999', '0.1235', '0.1234', '0.1234', '0.1234'], // just below half
    ['0.1234', '0.1234', '0.1234', '0.1234', '0.1234'], // already exact: nothing moves
    ['0.12340000001', '0.1235', '0.1234', '0.1234', '0.1234'], // a speck above: only up moves
    ['0.12349999999', '0.1235', '0.1234', '0.1235', '0.1235'], // a speck below the next digit
    ['0.99995', '1.0000', '0.9999', '1.0000', '0.9999'], // carry into the integer part
    ['-0.12345', '-0.1235', '-0.1234', '-0.1235', '-0.1234'], // negatives mirror by magnitude
  ])('%s → up %s, down %s, half-up %s, half-down %s', (v, up, down, halfUp, halfDown) => {
    expect([round(v, 4, 'up'), round(v, 4, 'down'), round(v, 4, 'half-up'), round(v, 4, 'half-down')]).toEqual([
      up,
      down,
      halfUp,
      halfDown,
    ]);
  });

  it('rationals whose decimal never ends', () => {
    expect(round([1n, 3n], 4, 'up')).toBe('0.3334');
    expect(round([1n, 3n], 4, 'half-up')).toBe('0.3333');
    expect(round([2n, 3n], 4, 'half-down')).toBe('0.6667');
    expect(round([2n, 3n], 4, 'down')).toBe('0.6666');
    expect(round([1n, 8n], 2, 'half-down')).toBe('0.12'); // 0.125: exactly half
    expect(round([1n, 8n], 2, 'half-up')).toBe('0.13');
  });

  it('precision 0 and 8', () => {
    expect(round('2.5', 0, 'half-up')).toBe('3');
    expect(round('2.5', 0, 'half-down')).toBe('2');
    expect(round('2.0000001', 0, 'up')).toBe('3');
    expect(round('2.9999999', 0, 'down')).toBe('2');
    expect(round('0.000000005', 8, 'half-up')).toBe('0.00000001');
    expect(round('0.000000005', 8, 'half-down')).toBe('0.00000000');
    expect(round([1n, 60n], 8, 'up')).toBe('0.01666667');
    expect(round([1n, 60n], 8, 'down')).toBe('0.01666666');
  });

  it('refuses a precision that is not a whole number ≥ 0', () => {
    expect(() => roundDecimal(dec('1'), -1, 'up')).toThrow(/precision/);
    expect(() => roundDecimal(dec('1'), 1.5, 'up')).toThrow(/precision/);
  });
});
