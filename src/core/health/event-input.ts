// Validation of one call event as the API, NDJSON or a CDR row gives it: every broken field named with its rule
// ("sip_code: …"), all at once, so a producer can fix a batch in one go. Pure; the carrier is resolved later.
import { parseDateAs } from '../../ratecards/row-values.ts';
import { resolvePhoneNumber } from '../validation/phone.ts';

export interface ParsedCallEvent {
  callId: string;
  /** The carrier as given: its id, name or a LiveKit trunk id. */
  carrier: string;
  /** Digits with an optional leading +, as DIDs are stored, so numbers from different sources compare equal. */
  number: string;
  direction: 'inbound' | 'outbound';
  /** The final SIP code; null when the call got no final response (given as null or 0). */
  sipCode: number | null;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
}

export type EventCheck = { ok: true; event: ParsedCallEvent } | { ok: false; callId?: string; errors: string[] };

export const MAX_CALL_ID = 200;
const MAX_CARRIER = 200;
/** Clocks drift; an end time further ahead than this is a producer bug, and would open hourly rows in the future. */
const FUTURE_SLACK_MS = 3_600_000;
const EXAMPLE_TIME = '2026-05-01T12:00:00Z';

/** Checks one event (a parsed JSON object, or a CDR row mapped to the same field names). */
export function checkCallEvent(raw: unknown, now: Date): EventCheck {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) {
    return { ok: false, errors: ['event: use a JSON object with call_id, carrier, number, direction, sip_code, started_at, answered_at, ended_at'] };
  }
  const r = raw as Record<string, unknown>;
  const errors: string[] = [];
  const callId = text(r.call_id, 'call_id', MAX_CALL_ID, 'the call id (unique per call)', errors);
  const carrier = text(r.carrier, 'carrier', MAX_CARRIER, "the carrier's id, name or LiveKit trunk id", errors);
  const number = phone(r.number, errors);
  const direction = directionOf(r.direction, errors);
  const sipCode = codeOf(r, errors);
  const startedAt = time(r.started_at, 'started_at', true, errors);
  const answeredAt = time(r.answered_at, 'answered_at', false, errors);
  const endedAt = time(r.ended_at, 'ended_at', true, errors);
  if (startedAt && endedAt && endedAt < startedAt) errors.push('ended_at: is before started_at');
  if (endedAt && endedAt.getTime() > now.getTime() + FUTURE_SLACK_MS) errors.push(`ended_at: is in the future (${endedAt.toISOString()}); send calls once they have ended`);
  if (answeredAt && ((startedAt && answeredAt < startedAt) || (endedAt && answeredAt > endedAt))) errors.push('answered_at: must lie between started_at and ended_at');
  if (sipCode !== undefined && sipCode !== null && sipCode >= 200 && sipCode < 300) {
    if (answeredAt === null) errors.push('answered_at: required for an answered call (sip_code 2xx): its billed seconds run from the answer to the end');
  } else if (sipCode !== undefined && answeredAt) {
    errors.push('answered_at: only answered calls (sip_code 2xx) have an answer time');
  }
  if (errors.length || callId === undefined || carrier === undefined || number === undefined || direction === undefined || sipCode === undefined || !startedAt || !endedAt || answeredAt === undefined) {
    return { ok: false, callId: typeof r.call_id === 'string' && r.call_id.trim() ? r.call_id.trim().slice(0, MAX_CALL_ID) : undefined, errors };
  }
  return { ok: true, event: { callId, carrier, number, direction, sipCode, startedAt, answeredAt, endedAt } };
}

function blank(v: unknown): boolean {
  return v === undefined || v === null || (typeof v === 'string' && v.trim() === '');
}

function text(v: unknown, field: string, max: number, what: string, errors: string[]): string | undefined {
  if (blank(v)) return void errors.push(`${field}: required: ${what}`);
  if (typeof v !== 'string') return void errors.push(`${field}: use a string (got ${typeof v})`);
  const s = v.trim();
  if (s.length > max) return void errors.push(`${field}: use at most ${max} characters (got ${s.length})`);
  if (/\p{Cc}/u.test(s)) return void errors.push(`${field}: remove control characters and line breaks`);
  return s;
}

function phone(v: unknown, errors: string[]): string | undefined {
  if (blank(v)) return void errors.push('number: required: the dialled number (outbound) or our number that was called (inbound)');
  if (typeof v !== 'string' && typeof v !== 'number') return void errors.push(`number: use a string like "+14155551234" (got ${typeof v})`);
  const r = resolvePhoneNumber(String(v));
  if (!r.ok) return void errors.push(`number: ${r.message}`);
  return r.value.normalized;
}

function directionOf(v: unknown, errors: string[]): 'inbound' | 'outbound' | undefined {
  // The dialler's calls are outbound; saying so on every event is optional.
  if (blank(v)) return 'outbound';
  const s = typeof v === 'string' ? v.trim().toLowerCase() : '';
  if (s === 'inbound' || s === 'outbound') return s;
  return void errors.push(`direction: use inbound or outbound (got ${JSON.stringify(v)})`);
}

function codeOf(r: Record<string, unknown>, errors: string[]): number | null | undefined {
  const rule = 'use the final SIP response code, a whole number from 100 to 699, or null (or 0) when the call got no final response';
  if (!('sip_code' in r) || r.sip_code === undefined) return void errors.push(`sip_code: required: ${rule}`);
  const v = r.sip_code;
  if (v === null || (typeof v === 'string' && v.trim() === '')) return null;
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\s*\d+\s*$/.test(v) ? Number(v) : NaN;
  if (n === 0) return null;
  if (!Number.isInteger(n) || n < 100 || n > 699) return void errors.push(`sip_code: ${rule} (got ${JSON.stringify(v)})`);
  return n;
}

/** An ISO 8601 date and time; without Z or an offset it is UTC. Null when an optional time is absent. */
function time(v: unknown, field: string, required: boolean, errors: string[]): Date | null | undefined {
  if (blank(v)) {
    if (!required) return null;
    return void errors.push(`${field}: required: an ISO 8601 time like ${EXAMPLE_TIME}`);
  }
  const s = typeof v === 'string' ? v.trim() : '';
  // A date alone is no call time; parseDateAs would read it as midnight.
  const d = fastUtc(s) ?? (/\d[T ]\d{1,2}:\d{2}/.test(s) ? parseDateAs(s.replace(/z$/, 'Z'), 'yyyy-mm-dd') : undefined);
  if (!d || d.getUTCFullYear() < 2000) return void errors.push(`${field}: use an ISO 8601 time like ${EXAMPLE_TIME} (got ${JSON.stringify(v)})`);
  return d;
}

const CANONICAL = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,3})?Z$/;

/**
 * The form producers send most (toISOString's): read by Date.parse, several times faster than the general reader
 * at 20,000 events a second. Date.parse rolls 2026-02-30 over to March (and 24:00 to the next day), so the day and
 * month must come back unchanged; an invalid date has neither.
 */
function fastUtc(s: string): Date | undefined {
  if (!CANONICAL.test(s)) return undefined;
  const d = new Date(s);
  return d.getUTCDate() === Number(s.slice(8, 10)) && d.getUTCMonth() + 1 === Number(s.slice(5, 7)) ? d : undefined;
}
