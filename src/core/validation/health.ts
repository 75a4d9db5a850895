// Pure resolvers for a carrier's health-check overrides (the "Health checks" section of the carrier form).
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

function wholeNumber(min: number, max: number, what: string) {
  return (raw: string): Resolved<number> => {
    const v = raw.trim().replace(/[_,\s](?=\d{3}\b)/g, '');
    if (!/^\d+$/.test(v)) return fail(`use a whole number from ${min} to ${max}${what} (got "${raw.trim()}")`);
    const n = Number(v);
    if (n < min || n > max) return fail(`use a whole number from ${min} to ${max}${what} (got ${n})`);
    return ok(n);
  };
}

/** Consecutive counted failures that open an alert. */
export const resolveFailureThreshold = wholeNumber(1, 100_000, '');
/** ASR floor in percent; 0 turns the ASR check off for the carrier. */
export const resolveAsrFloor = (raw: string): Resolved<number> => wholeNumber(0, 100, ' percent (0 turns the check off)')(raw.replace(/\s*%$/, ''));
/** Attempts in the window below which ASR is not judged. */
export const resolveAsrMinAttempts = wholeNumber(1, 1_000_000, '');

/**
 * SIP codes that neither count as failures nor reset the run: a comma-separated list of final codes 100–699
 * (`486, 480, 487`), or `none` for an empty list (every failure counts). Sorted, each code once.
 */
export function resolveIgnoredCodes(raw: string): Resolved<number[]> {
  const v = raw.trim();
  if (v.toLowerCase() === 'none') return ok([]);
  const parts = v.split(/[\s,;]+/).filter(Boolean);
  if (!parts.length) return fail('list SIP codes separated by commas, e.g. 486, 480, 487, or none');
  const bad = parts.filter((p) => !/^[1-6]\d\d$/.test(p));
  if (bad.length) return fail(`use 3-digit SIP codes from 100 to 699, separated by commas (not ${bad.slice(0, 3).map((b) => `"${b}"`).join(', ')})`);
  const codes = [...new Set(parts.map(Number))].sort((a, b) => a - b);
  if (codes.some((c) => c >= 200 && c < 300)) return fail('2xx codes are connected calls: they always reset the run and cannot be ignored');
  if (codes.length > 50) return fail(`list at most 50 codes (got ${codes.length})`);
  return ok(codes);
}
