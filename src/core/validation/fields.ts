// Pure resolvers for the other carrier, contact and bot fields.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

const CURRENCIES = new Set(Intl.supportedValuesOf('currency'));

export function resolveName(max: number) {
  return (raw: string): Resolved<string> => {
    if (/\p{Cc}/u.test(raw)) return fail('remove control characters, tabs and line breaks');
    const v = raw.trim().replace(/ +/g, ' ');
    if (!v) return fail('required: cannot be empty');
    if (v.length > max) return fail(`use at most ${max} characters (got ${v.length})`);
    return ok(v);
  };
}

/** Calls per second: 0.1–100, at most two decimals. */
export function resolveCps(raw: string): Resolved<number> {
  const v = raw.trim().replace(',', '.');
  if (!/^\d+(\.\d{1,2})?$/.test(v)) return fail(`use a number from 0.1 to 100 with at most two decimals (got "${raw.trim()}")`);
  const n = Number(v);
  if (n < 0.1 || n > 100) return fail(`use a number from 0.1 to 100 (got ${n})`);
  return ok(n);
}

/** ISO 3166 alpha-2 code (upper-cased) or a country name. */
export function resolveCountry(raw: string): Resolved<string> {
  const v = raw.trim();
  if (/^[a-z]{2}$/i.test(v)) return ok(v.toUpperCase());
  if (/^[\p{L}][\p{L} .'’()-]{1,55}$/u.test(v)) return ok(v);
  return fail('use a two-letter country code like US, IN or GB, or the country name');
}

export function resolveCurrency(raw: string): Resolved<string> {
  const v = raw.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(v) || !CURRENCIES.has(v)) return fail(`use a three-letter ISO 4217 code like USD, EUR or GBP (got "${raw.trim()}")`);
  return ok(v);
}

/** SIP digest username: RFC 3261 user characters, no spaces, @ or :. */
export function resolveSipUsername(raw: string): Resolved<string> {
  const v = raw.trim();
  if (v.length > 128) return fail(`use at most 128 characters (got ${v.length})`);
  if (!/^[A-Za-z0-9\-_.!~*'()&=+$,;?/%]+$/.test(v)) {
    return fail('use letters, digits and - _ . ! ~ * \' ( ) & = + $ , ; ? / only — no spaces, @ or :');
  }
  return ok(v);
}

export function resolveSipPassword(raw: string): Resolved<string> {
  if (raw.length > 128) return fail(`use at most 128 characters (got ${raw.length})`);
  if (/\p{Cc}/u.test(raw)) return fail('remove control characters and line breaks');
  if (raw !== raw.trim()) return fail('remove the spaces at the start or end');
  return ok(raw);
}

/** Tech prefix sent before the number: digits, # and *, up to 10. */
export function resolveTechPrefix(raw: string): Resolved<string> {
  const v = raw.trim();
  if (!/^[0-9#*]{1,10}$/.test(v)) return fail('use 1–10 characters of digits, # and * (e.g. 4455#)');
  return ok(v);
}

/** Digits added in front of the number after stripping: an optional + then up to 15 digits. */
export function resolvePrefixDigits(raw: string): Resolved<string> {
  const v = raw.trim();
  if (!/^(\+\d{0,15}|\d{1,15})$/.test(v)) return fail('use up to 15 digits, optionally starting with + (e.g. 1 or +44)');
  return ok(v);
}

export function resolveEmail(raw: string): Resolved<string> {
  const v = raw.trim();
  if (v.length > 254 || !/^[^\s@]+@[^\s@.]+(\.[^\s@.]+)+$/.test(v)) return fail('use an email address like noc@carrier.example');
  return ok(v.toLowerCase());
}

/** LiveKit agent name: what the agent registers as (agent_name in its worker options). */
export function resolveAgentName(raw: string): Resolved<string> {
  const v = raw.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(v)) {
    return fail('use 1–64 letters, digits, dots, dashes or underscores, starting with a letter or digit (the agent_name the agent registers with)');
  }
  return ok(v);
}

export function resolveFreeText(max: number) {
  return (raw: string): Resolved<string> => {
    const v = raw.trim();
    if (v.length > max) return fail(`use at most ${max} characters (got ${v.length})`);
    if (/\p{Cc}/u.test(v.replace(/[\t\n\r]/g, ''))) return fail('remove control characters');
    return ok(v);
  };
}
