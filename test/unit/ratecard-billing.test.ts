// The MCD/pulse billing rule and once-per-call rounding: the ConnexCS 30/6 table, the corner cases from the rate-card
// research (§0.2, §0.4, §0.5, §4.5) and the x/y parser.
import { describe, expect, it } from 'vitest';
import { billedSeconds, callCost, parseBilling, type CallCostInput } from '../../src/ratecards/billing.ts';
import {
  formatDecimal,
  mulDecimal,
  parseDecimal,
  rational,
  roundDecimal,
  type Decimal,
  type RoundingMethod,
} from '../../src/ratecards/decimal.ts';

const dec = (raw: string): Decimal => {
  const d = parseDecimal(raw);
  if (!d) throw new Error(`test value ${raw} does not parse`);
  return d;
};

/** Cost as the card would print it: exactly `precision` fraction digits. */
function cost(durationSec: number, billing: string, rate: string, extra: Partial<CallCostInput> = {}): string {
  const rule = parseBilling(billing);
  if ('error' in rule) throw new Error(rule.error);
  const input: CallCostInput = { durationSec, ...rule, rate: dec(rate), precision: 4, rounding: 'up', ...extra };
  return formatDecimal(callCost(input).cost, input.precision);
}

describe('billedSeconds', () => {
  it.each([
    // The reference's worked 30/6 example.
    [1, 30],
    [20, 30],
    [30, 30],
    [31, 36],
    [35, 36],
    [36, 36],
    [37, 42],
  ])('30/6 at %i s → %i s', (d, billed) => {
    expect(billedSeconds(d, 30, 6)).toBe(billed);
  });

  it.each<[string, number, number]>([
    ['60/60', 1, 60],
    ['60/60', 60, 60],
    ['60/60', 61, 120],
    ['60/60', 119, 120],
    ['1/1', 1, 1],
    ['1/1', 37, 37],
    ['6/6', 1, 6],
    ['6/6', 6, 6],
    ['6/6', 7, 12],
    ['0/1', 1, 1],
    ['0/1', 59, 59],
    ['0/6', 1, 6],
    ['0/6', 13, 18],
    // MCD not a multiple of pulse: the pulse counts from the MCD (research §4.5), unlike A2Billing's 60 s.
    ['30/60', 31, 90],
    ['30/60', 90, 90],
    ['30/60', 91, 150],
    ['45/10', 52, 55],
    ['45/10', 45, 45],
    ['45/10', 56, 65],
    ['30/6', 86_400, 86_400],
    ['30/7', 86_400, 86_403],
  ])('%s at %i s → %i s', (billing, d, billed) => {
    const rule = parseBilling(billing);
    if ('error' in rule) throw new Error(rule.error);
    expect(billedSeconds(d, rule.mcd, rule.pulse)).toBe(billed);
  });

  it('an unanswered (0 s) call bills nothing, whatever the MCD', () => {
    expect(billedSeconds(0, 30, 6)).toBe(0);
    expect(billedSeconds(0, 60, 60)).toBe(0);
    expect(billedSeconds(0, 0, 1)).toBe(0);
  });

  it('refuses fractional or negative durations and a bad rule, naming it', () => {
    expect(() => billedSeconds(1.5, 30, 6)).toThrow(/duration must be a whole number/);
    expect(() => billedSeconds(-1, 30, 6)).toThrow(/duration/);
    expect(() => billedSeconds(Number.NaN, 30, 6)).toThrow(/duration/);
    expect(() => billedSeconds(10, -1, 6)).toThrow(/MCD/);
    expect(() => billedSeconds(10, 0.5, 6)).toThrow(/MCD/);
    expect(() => billedSeconds(10, 60, 0)).toThrow(/pulse must be a whole number of seconds ≥ 1/);
    expect(() => billedSeconds(0, 60, 0)).toThrow(/pulse/);
    expect(() => billedSeconds(Number.MAX_SAFE_INTEGER, 0, 7)).toThrow(/overflows/);
  });
});

describe('callCost', () => {
  it('the float trap: 0.07/min for 60 s rounded up is 0.0700, not 0.0701 (research §0.5)', () => {
    expect(cost(60, '1/1', '0.07')).toBe('0.0700');
    expect(cost(60, '60/60', '0.07', { rounding: 'up' })).toBe('0.0700');
  });

  it('rounds once per call: 43 s and 18 s at 1.00/min, 1/1 (the CGRateS 0.7169 and 0.3001 cases, research §0.2)', () => {
    expect(cost(43, '1/1', '1', { rounding: 'up' })).toBe('0.7167');
    expect(cost(43, '1/1', '1', { rounding: 'half-up' })).toBe('0.7167');
    expect(cost(43, '1/1', '1', { rounding: 'down' })).toBe('0.7166');
    expect(cost(18, '1/1', '1', { rounding: 'up' })).toBe('0.3000');
    // Rounding each 1 s increment to 5 digits first, as CGRateS does, is what produces its figures.
    const perIncrement = roundDecimal(rational(1n, 60n), 5, 'up');
    const drift = (n: string): string => formatDecimal(roundDecimal(mulDecimal(perIncrement, dec(n)), 4, 'up'), 4);
    expect([drift('43'), drift('18')]).toEqual(['0.7169', '0.3001']);
  });

  it('charges connect + rate × billed / 60 and reports the exact value', () => {
    const r = callCost({ durationSec: 31, mcd: 30, pulse: 6, rate: dec('0.01'), connect: dec('0.05'), precision: 4, rounding: 'up' });
    expect(r.billedSec).toBe(36);
    expect(r.exact).toEqual(rational(56n, 1000n)); // 0.05 + 0.01 × 36/60 = 0.056
    expect(formatDecimal(r.cost, 4)).toBe('0.0560');
    expect(cost(1, '30/6', '0.01', { connect: dec('0.05') })).toBe('0.0550');
  });

  it('a 0 s call costs 0, connect fee included (research §0.4)', () => {
    const r = callCost({ durationSec: 0, mcd: 30, pulse: 6, rate: dec('0.5'), connect: dec('0.15'), precision: 4, rounding: 'up' });
    expect(r.billedSec).toBe(0);
    expect(formatDecimal(r.cost, 4)).toBe('0.0000');
    expect(r.exact).toEqual(rational(0n));
  });

  it('MCD not a multiple of pulse costs the MCD + k·pulse duration', () => {
    expect(cost(31, '30/60', '0.06')).toBe('0.0900'); // 90 s
    expect(cost(52, '45/10', '0.06')).toBe('0.0550'); // 55 s
  });

  it.each<[RoundingMethod, string, string, string]>([
    // 0.0009/min × 10 s = 0.00015 exactly, 0.00015001… and 0.00014999… via the connect fee; precision 4.
    ['up', '0.0002', '0.0002', '0.0002'],
    ['down', '0.0001', '0.0001', '0.0001'],
    ['half-up', '0.0002', '0.0002', '0.0001'],
    ['half-down', '0.0001', '0.0002', '0.0001'],
  ])('%s on exactly half, just above and just below', (rounding, half, above, below) => {
    const at = (connect: string): string => cost(10, '1/1', '0.0009', { rounding, connect: dec(connect) });
    expect([at('0'), at('0.00000001'), cost(10, '1/1', '0.00089994', { rounding })]).toEqual([half, above, below]);
  });

  it('precision 0 and 8', () => {
    expect(cost(90, '1/1', '1', { precision: 0, rounding: 'half-up' })).toBe('2'); // 1.5
    expect(cost(90, '1/1', '1', { precision: 0, rounding: 'half-down' })).toBe('1');
    expect(cost(61, '1/1', '1', { precision: 0, rounding: 'up' })).toBe('2');
    expect(cost(1, '1/1', '0.01', { precision: 8, rounding: 'up' })).toBe('0.00016667');
    expect(cost(1, '1/1', '0.01', { precision: 8, rounding: 'down' })).toBe('0.00016666');
  });

  it('huge durations and tiny rates lose nothing', () => {
    expect(cost(86_400, '1/1', '0.000001', { precision: 8 })).toBe('0.00144000');
    expect(cost(86_399, '1/1', '0.000001', { precision: 8, rounding: 'down' })).toBe('0.00143998');
    expect(cost(86_399, '1/1', '0.000001', { precision: 8, rounding: 'up' })).toBe('0.00143999');
    expect(cost(1, '1/1', '0.000001', { precision: 8, rounding: 'up' })).toBe('0.00000002');
    expect(cost(86_400, '60/60', '123.4567', { precision: 4 })).toBe('177777.6480');
    const r = callCost({ durationSec: 86_401, mcd: 1, pulse: 1, rate: dec('0.000001'), precision: 8, rounding: 'down' });
    expect(r.exact).toEqual(rational(86_401n, 60_000_000n));
  });

  it('refuses a precision outside 0–8 and negative money', () => {
    const base: CallCostInput = { durationSec: 10, mcd: 1, pulse: 1, rate: dec('0.01'), precision: 4, rounding: 'up' };
    expect(() => callCost({ ...base, precision: 9 })).toThrow(/precision/);
    expect(() => callCost({ ...base, precision: -1 })).toThrow(/precision/);
    expect(() => callCost({ ...base, rate: { units: -1n, scale: 2 } })).toThrow(/rate must not be negative/);
    expect(() => callCost({ ...base, connect: { units: -1n, scale: 2 } })).toThrow(/connect fee/);
    expect(() => callCost({ ...base, pulse: 0 })).toThrow(/pulse/);
  });
});

describe('parseBilling', () => {
  it.each([
    ['30/6', 30, 6],
    ['60/60', 60, 60],
    ['1/1', 1, 1],
    [' 6 / 6 ', 6, 6],
    ['0/1', 0, 1],
    ['30/60', 30, 60],
  ])('%j → MCD %i, pulse %i', (raw, mcd, pulse) => {
    expect(parseBilling(raw)).toEqual({ mcd, pulse });
  });

  it('refuses a pulse of 0, naming the rule', () => {
    expect(parseBilling('60/0')).toEqual({ error: expect.stringMatching(/pulse .* at least 1 second/) });
  });

  it.each(['', '60', '60/', '/6', '30/6/6', '30-6', '30 6', '-30/6', '30/-6', '1.5/6', '30/6s', 'a/b', '99999999999999999999/1'])(
    'refuses %j with an explanation',
    (raw) => {
      const r = parseBilling(raw);
      expect('error' in r && r.error).toMatch(/billing/);
    },
  );
});
