// Phone numbers (DIDs): E.164 or the carrier's local format, normalised to digits with an optional leading +.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

export interface PhoneNumber {
  /** As entered, trimmed. */
  display: string;
  /** Digits only, with a leading + when one was given. Unique across carriers. */
  normalized: string;
}

export function resolvePhoneNumber(raw: string): Resolved<PhoneNumber> {
  const v = raw.trim();
  if (!v) return fail('required: use E.164 like +14155551234 or a local format like 09123456789');
  if (/[^\d+\s.-]/.test(v)) {
    return fail('use digits with an optional leading + (spaces, dots and dashes are allowed), e.g. +1 415 555 1234');
  }
  if (v.lastIndexOf('+') > 0) return fail('a + may only stand at the start of the number');
  const digits = v.replace(/\D/g, '');
  if (digits.length < 5 || digits.length > 20) return fail(`use 5–20 digits (got ${digits.length})`);
  return ok({ display: v.replace(/\s+/g, ' '), normalized: (v.startsWith('+') ? '+' : '') + digits });
}
