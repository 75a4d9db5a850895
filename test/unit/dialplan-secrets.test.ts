// Pure domain pieces: number translation and the secret envelope.
import { describe, expect, it } from 'vitest';
import { applyDialplan } from '../../src/core/carriers/dialplan.ts';
import { createSecrets } from '../../src/core/secrets.ts';

describe('applyDialplan', () => {
  it.each([
    [{ stripDigits: 0, prefixDigits: null, techPrefix: null }, '+14155551234', '14155551234'],
    [{ stripDigits: 1, prefixDigits: null, techPrefix: null }, '914443332222', '14443332222'],
    [{ stripDigits: 2, prefixDigits: '0', techPrefix: null }, '+442079460000', '02079460000'],
    [{ stripDigits: 0, prefixDigits: '+', techPrefix: null }, '14155551234', '+14155551234'],
    [{ stripDigits: 0, prefixDigits: null, techPrefix: '4455#' }, '+14155551234', '4455#14155551234'],
  ])('%j turns %s into %s', (rules, input, expected) => {
    expect(applyDialplan(rules, input).result).toBe(expected);
  });

  it('refuses to strip the whole number', () => {
    expect(() => applyDialplan({ stripDigits: 5, prefixDigits: null, techPrefix: null }, '12345')).toThrow(/nothing would be left/);
  });
});

describe('secrets', () => {
  const s = createSecrets(Buffer.alloc(32, 3));
  it('round-trips and uses a fresh IV each time', () => {
    const a = s.seal('pw', 'id-1');
    expect(a).not.toBe(s.seal('pw', 'id-1'));
    expect(s.open(a, 'id-1')).toBe('pw');
  });
  it('fails on tampering, another record or another key', () => {
    const a = s.seal('pw', 'id-1');
    const parts = a.split('.');
    parts[3] = Buffer.from('xx').toString('base64');
    expect(() => s.open(parts.join('.'), 'id-1')).toThrow();
    expect(() => s.open(a, 'id-2')).toThrow();
    expect(() => createSecrets(Buffer.alloc(32, 4)).open(a, 'id-1')).toThrow();
  });
});
