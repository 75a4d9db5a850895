// Call-event validation: every broken field named with its rule, all at once; good events normalised.
import { describe, expect, it } from 'vitest';
import { checkCallEvent } from '../../src/core/health/event-input.ts';

const now = new Date('2026-05-01T12:00:00Z');
const good = {
  call_id: 'c-1',
  carrier: 'Acme',
  number: '+1 415 555 0100',
  direction: 'outbound',
  sip_code: 200,
  started_at: '2026-05-01T11:00:00Z',
  answered_at: '2026-05-01T11:00:10Z',
  ended_at: '2026-05-01T11:01:10.250Z',
};

describe('checkCallEvent', () => {
  it('reads a good event: number normalised, times as dates', () => {
    expect(checkCallEvent(good, now)).toEqual({
      ok: true,
      event: {
        callId: 'c-1',
        carrier: 'Acme',
        number: '+14155550100',
        direction: 'outbound',
        sipCode: 200,
        startedAt: new Date('2026-05-01T11:00:00Z'),
        answeredAt: new Date('2026-05-01T11:00:10Z'),
        endedAt: new Date('2026-05-01T11:01:10.250Z'),
      },
    });
  });

  it.each([
    ['direction missing → outbound', { direction: undefined }, { direction: 'outbound' }],
    ['direction in capitals', { direction: 'INBOUND' }, { direction: 'inbound' }],
    ['a code as a string (CSV)', { sip_code: '486', answered_at: undefined }, { sipCode: 486, answeredAt: null }],
    ['no final response as null', { sip_code: null, answered_at: null }, { sipCode: null }],
    ['no final response as 0', { sip_code: 0, answered_at: '' }, { sipCode: null }],
    ['an offset time', { started_at: '2026-05-01T13:00:00+02:00' }, { startedAt: new Date('2026-05-01T11:00:00Z') }],
    ['a time without a zone is UTC, a space for the T', { ended_at: '2026-05-01 11:02:00' }, { endedAt: new Date('2026-05-01T11:02:00Z') }],
    ['a local number format', { number: '0415-555-0100' }, { number: '04155550100' }],
  ] as const)('%s', (_name, patch, expected) => {
    const r = checkCallEvent({ ...good, ...patch }, now);
    expect(r.ok && r.event).toMatchObject(expected);
  });

  it.each([
    ['not an object', 'hello', 'event: use a JSON object'],
    ['an array', [good], 'event: use a JSON object'],
    ['call_id missing', { call_id: undefined }, 'call_id: required'],
    ['call_id a number', { call_id: 42 }, 'call_id: use a string (got number)'],
    ['call_id too long', { call_id: 'x'.repeat(201) }, 'call_id: use at most 200 characters'],
    ['call_id with a line break', { call_id: 'a\nb' }, 'call_id: remove control characters'],
    ['carrier missing', { carrier: '' }, "carrier: required: the carrier's id, name or LiveKit trunk id"],
    ['number missing', { number: null }, 'number: required'],
    ['number with letters', { number: '+1 415 CALL NOW' }, 'number: use digits with an optional leading +'],
    ['number too short', { number: '123' }, 'number: use 5–20 digits'],
    ['direction unknown', { direction: 'sideways' }, 'direction: use inbound or outbound (got "sideways")'],
    ['sip_code missing', { sip_code: undefined }, 'sip_code: required'],
    ['sip_code out of range', { sip_code: 999 }, 'sip_code: use the final SIP response code, a whole number from 100 to 699'],
    ['sip_code not a number', { sip_code: 'busy' }, 'sip_code: use the final SIP response code'],
    ['sip_code a fraction', { sip_code: 200.5 }, 'sip_code: use the final SIP response code'],
    ['started_at missing', { started_at: undefined }, 'started_at: required: an ISO 8601 time like 2026-05-01T12:00:00Z'],
    ['started_at a date only', { started_at: '2026-05-01' }, 'started_at: use an ISO 8601 time'],
    ['ended_at not a time', { ended_at: 'yesterday' }, 'ended_at: use an ISO 8601 time'],
    ['ended_at an epoch number', { ended_at: 1777636800 }, 'ended_at: use an ISO 8601 time'],
    ['ended_at an impossible date', { ended_at: '2026-02-30T10:00:00Z' }, 'ended_at: use an ISO 8601 time'],
    ['ended_at an impossible month', { ended_at: '2026-13-01T10:00:00.000Z' }, 'ended_at: use an ISO 8601 time'],
    ['ended_at an impossible hour', { ended_at: '2026-05-01T25:00:00Z' }, 'ended_at: use an ISO 8601 time'],
    ['ended_at at 24:00', { ended_at: '2026-05-01T24:00:00Z' }, 'ended_at: use an ISO 8601 time'],
    ['ended_at before started_at', { ended_at: '2026-05-01T10:59:00Z', answered_at: undefined, sip_code: 503 }, 'ended_at: is before started_at'],
    ['ended_at in the future', { ended_at: '2026-05-01T13:30:00Z' }, 'ended_at: is in the future'],
    ['answered_at after the end', { answered_at: '2026-05-01T11:05:00Z' }, 'answered_at: must lie between started_at and ended_at'],
    ['an answered call without answered_at', { answered_at: undefined }, 'answered_at: required for an answered call (sip_code 2xx)'],
    ['a failed call with answered_at', { sip_code: 503 }, 'answered_at: only answered calls (sip_code 2xx) have an answer time'],
  ] as const)('refuses %s', (_name, patch, message) => {
    const r = checkCallEvent(Array.isArray(patch) || typeof patch !== 'object' ? patch : { ...good, ...patch }, now);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors.join('\n')).toContain(message);
  });

  it('lists every broken field at once, with the call id when there is one', () => {
    const r = checkCallEvent({ call_id: 'c-9', carrier: 'Acme', number: 'x', sip_code: 'y', started_at: 'z', ended_at: '2026-05-01T11:00:00Z' }, now);
    expect(r).toEqual({
      ok: false,
      callId: 'c-9',
      errors: [
        'number: use digits with an optional leading + (spaces, dots and dashes are allowed), e.g. +1 415 555 1234',
        'sip_code: use the final SIP response code, a whole number from 100 to 699, or null (or 0) when the call got no final response (got "y")',
        'started_at: use an ISO 8601 time like 2026-05-01T12:00:00Z (got "z")',
      ],
    });
  });
});
