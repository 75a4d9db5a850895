// SIP code classes for carrier health and the outcome word stored with each call.
import { describe, expect, it } from 'vitest';
import { DEFAULT_IGNORED_CODES, healthClass, ignoredCodes, outcomeOfCode } from '../../src/core/health/classify.ts';
import { kpis, sumRollups } from '../../src/core/health/kpis.ts';

describe('outcomeOfCode', () => {
  it.each([
    [200, 'answered'],
    [202, 'answered'],
    [486, 'rejected'],
    [600, 'rejected'],
    [603, 'rejected'],
    [480, 'unavailable'],
    [487, 'unavailable'],
    [408, 'unavailable'],
    [404, 'failed'],
    [503, 'failed'],
    [302, 'failed'],
    [183, 'unknown'],
    [null, 'failed'],
  ] as const)('%s is %s', (code, outcome) => {
    expect(outcomeOfCode(code)).toBe(outcome);
  });
});

describe('healthClass', () => {
  const defaults = ignoredCodes(null);
  it.each([
    [200, 'answered', 'connect'],
    [486, 'rejected', 'ignored'],
    [480, 'unavailable', 'ignored'],
    [487, 'unavailable', 'ignored'],
    [600, 'rejected', 'ignored'],
    [603, 'rejected', 'ignored'],
    [404, 'failed', 'failure'],
    [503, 'failed', 'failure'],
    [408, 'unavailable', 'failure'],
    [null, 'failed', 'failure'],
    // LiveKit webhooks: no code, the outcome from the disconnect reason decides.
    [null, 'answered', 'connect'],
    [null, 'unavailable', 'ignored'],
    [null, 'rejected', 'ignored'],
    [null, 'unknown', 'failure'],
  ] as const)('code %s (%s) is %s by default', (code, outcome, cls) => {
    expect(healthClass(code, outcome, defaults)).toBe(cls);
  });

  it("a carrier's own list replaces the default; an empty list ignores nothing", () => {
    expect(DEFAULT_IGNORED_CODES).toEqual([486, 480, 487, 600, 603]);
    expect(healthClass(486, 'rejected', ignoredCodes([]))).toBe('failure');
    expect(healthClass(404, 'failed', ignoredCodes([404]))).toBe('ignored');
    expect(healthClass(486, 'rejected', ignoredCodes([404]))).toBe('failure');
    expect(healthClass(200, 'answered', ignoredCodes([200]))).toBe('connect');
  });
});

describe('kpis', () => {
  it('ASR, ACD and NER from rollup counts, null with nothing to divide by', () => {
    expect(kpis({ attempts: 10, answered: 4, failures: 2, billedSeconds: 300 })).toEqual({ asr: 0.4, acd: 75, ner: 0.8 });
    expect(kpis({ attempts: 0, answered: 0, failures: 0, billedSeconds: 0 })).toEqual({ asr: null, acd: null, ner: null });
    const day = sumRollups([
      { attempts: 10, answered: 4, failures: 2, billedSeconds: 300 },
      { attempts: 10, answered: 6, failures: 0, billedSeconds: 300 },
    ]);
    expect(kpis(day)).toEqual({ asr: 0.5, acd: 60, ner: 0.9 });
  });
});
