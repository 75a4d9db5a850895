// classify(), scrub(), backoffMs(): what a failed LiveKit call means (transient or a configuration problem), the
// message a person sees (LiveKit's own words, never a secret, short), and how long to wait before retrying.
import { ServerError } from 'livekit-server-sdk';
import { describe, expect, it } from 'vitest';
import { MASK } from '../../src/core/secrets.ts';
import { backoffMs, classify, MAX_ATTEMPTS, scrub } from '../../src/livekit/errors.ts';

const SECRET = 'S3cret-Pa55!word';

describe('classify: LiveKit server errors', () => {
  it('400 invalid_argument is a configuration error with LiveKit\'s text, without the twirp prefix', () => {
    const err = new ServerError('Bad Request', 'twirp error unknown: no trunk numbers specified', 400, 'invalid_argument');
    expect(classify(err, 10)).toEqual({ transient: false, message: 'LiveKit rejected the configuration: no trunk numbers specified' });
  });

  it('400 without the prefix keeps the message as is', () => {
    const msg = 'Conflicting inbound SIP Trunks: "Acme (inbound)" and "ST_abc123def456", using the same number(s) ["+15105550100"] without AllowedNumbers set';
    expect(classify(new ServerError('Bad Request', msg, 400, 'invalid_argument'), 10)).toEqual({ transient: false, message: `LiveKit rejected the configuration: ${msg}` });
  });

  it('404 not_found is a configuration error', () => {
    const err = new ServerError('Not Found', 'requested sip trunk does not exist', 404, 'not_found');
    expect(classify(err, 10)).toEqual({ transient: false, message: 'LiveKit rejected the configuration: requested sip trunk does not exist' });
  });

  it('404 bad_route points at LIVEKIT_URL and the server version', () => {
    const err = new ServerError('Not Found', 'no handler for path "/twirp/livekit.SIP/CreateSIPTrunk"', 404, 'bad_route');
    expect(classify(err, 10)).toEqual({
      transient: false,
      message: 'LiveKit does not offer this API (no handler for path "/twirp/livekit.SIP/CreateSIPTrunk"); check LIVEKIT_URL and the server version',
    });
  });

  it.each([
    [401, 'invalid API key', undefined],
    [401, 'permissions denied', 'unauthenticated'],
    [403, 'permissions denied', 'permission_denied'],
  ])('%i names LIVEKIT_API_KEY and LIVEKIT_API_SECRET (%s)', (status, msg, code) => {
    const err = new ServerError('Unauthorized', msg, status, code);
    expect(classify(err, 10)).toEqual({
      transient: false,
      message: `LiveKit refused the API credentials (${status}: ${msg}); check LIVEKIT_API_KEY and LIVEKIT_API_SECRET`,
    });
  });

  it('429 is transient rate limiting', () => {
    const err = new ServerError('Too Many Requests', 'rate limit exceeded', 429, 'resource_exhausted');
    expect(classify(err, 10)).toEqual({ transient: true, message: 'LiveKit is rate limiting (429): rate limit exceeded' });
  });

  it.each([
    [500, 'internal', 'twirp error unknown: no trunk numbers specified', 'no trunk numbers specified'],
    [503, 'unavailable', 'service unavailable', 'service unavailable'],
    [408, 'deadline_exceeded', 'deadline exceeded', 'deadline exceeded'],
    [502, undefined, '<html>bad gateway</html>', '<html>bad gateway</html>'],
  ])('%i is transient', (status, code, msg, shown) => {
    expect(classify(new ServerError('Error', msg, status, code), 10)).toEqual({ transient: true, message: `LiveKit error ${status}: ${shown}` });
  });

  it('409 and 412 are configuration errors, not retried', () => {
    expect(classify(new ServerError('Conflict', 'already exists', 409, 'already_exists'), 10).transient).toBe(false);
    expect(classify(new ServerError('Precondition Failed', 'no numbers on outbound trunk', 412, 'failed_precondition'), 10)).toEqual({
      transient: false,
      message: 'LiveKit rejected the configuration: no numbers on outbound trunk',
    });
  });

  it('an empty message falls back to the status text', () => {
    expect(classify(new ServerError('Service Unavailable', '', 503), 10)).toEqual({ transient: true, message: 'LiveKit error 503: Service Unavailable' });
    expect(classify(new ServerError('Bad Request', 'twirp error unknown: ', 400, 'invalid_argument'), 10)).toEqual({
      transient: false,
      message: 'LiveKit rejected the configuration: Bad Request',
    });
  });

  it('scrubs a secret LiveKit echoes back', () => {
    const err = new ServerError('Bad Request', `twirp error unknown: invalid auth password "${SECRET}"`, 400, 'invalid_argument');
    expect(classify(err, 10, [null, SECRET])).toEqual({ transient: false, message: `LiveKit rejected the configuration: invalid auth password "${MASK}"` });
  });
});

describe('classify: network and timeouts', () => {
  it('a fetch TypeError with ECONNREFUSED is transient "connection refused"', () => {
    const err = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    expect(classify(err, 10)).toEqual({ transient: true, message: 'LiveKit unreachable (connection refused)' });
  });

  it.each([
    ['ECONNRESET', 'connection reset'],
    ['ENOTFOUND', 'host not found'],
    ['EAI_AGAIN', 'DNS lookup failed'],
    ['ETIMEDOUT', 'connection timed out'],
    ['EHOSTUNREACH', 'host unreachable'],
    ['UND_ERR_SOCKET', 'connection closed'],
  ])('%s → %s', (code, text) => {
    const err = new TypeError('fetch failed', { cause: Object.assign(new Error(`connect ${code} 127.0.0.1:7880`), { code }) });
    expect(classify(err, 10)).toEqual({ transient: true, message: `LiveKit unreachable (${text})` });
  });

  it('a fetch failure with an unknown cause is a transient network error', () => {
    expect(classify(new TypeError('fetch failed', { cause: { code: 'EWHATEVER' } }), 10)).toEqual({ transient: true, message: 'LiveKit unreachable (network error)' });
    expect(classify(new TypeError('fetch failed'), 10)).toEqual({ transient: true, message: 'LiveKit unreachable (network error)' });
  });

  it('a DOMException TimeoutError (AbortSignal.timeout) is transient with the timeout seconds', () => {
    const err = new DOMException('The operation was aborted due to timeout', 'TimeoutError');
    expect(classify(err, 15)).toEqual({ transient: true, message: 'LiveKit did not answer within 15 s' });
  });

  it('an Error named TimeoutError, an AbortError, or a TimeoutError cause are timeouts too', () => {
    const named = Object.assign(new Error('timed out'), { name: 'TimeoutError' });
    expect(classify(named, 7)).toEqual({ transient: true, message: 'LiveKit did not answer within 7 s' });
    expect(classify(new DOMException('This operation was aborted', 'AbortError'), 30)).toEqual({ transient: true, message: 'LiveKit did not answer within 30 s' });
    const wrapped = new TypeError('fetch failed', { cause: new DOMException('timeout', 'TimeoutError') });
    expect(classify(wrapped, 5)).toEqual({ transient: true, message: 'LiveKit did not answer within 5 s' });
  });

  it('anything else is a transient "sync failed" with its message, scrubbed', () => {
    expect(classify(new Error('boom'), 10)).toEqual({ transient: true, message: 'sync failed: boom' });
    expect(classify('weird', 10)).toEqual({ transient: true, message: 'sync failed: weird' });
    expect(classify(new Error(`bad password ${SECRET}`), 10, [SECRET])).toEqual({ transient: true, message: `sync failed: bad password ${MASK}` });
  });
});

describe('scrub', () => {
  it('replaces every occurrence of every secret', () => {
    expect(scrub(`a ${SECRET} b ${SECRET} c other-secret`, [SECRET, 'other-secret'])).toBe(`a ${MASK} b ${MASK} c ${MASK}`);
  });

  it('treats the secret literally (no regex)', () => {
    expect(scrub('pw=a.b*c+d(e) and axbbbc', ['a.b*c+d(e)'])).toBe(`pw=${MASK} and axbbbc`);
  });

  it('ignores null, empty and too-short secrets', () => {
    expect(scrub('ab cd', [null, '', 'ab'])).toBe('ab cd');
  });

  it('leaves a short message untouched, including one of exactly 500 chars', () => {
    expect(scrub('hello', [])).toBe('hello');
    const m = 'x'.repeat(500);
    expect(scrub(m, [])).toBe(m);
  });

  it('caps a long message at 500 chars with an ellipsis', () => {
    const out = scrub('x'.repeat(501), []);
    expect(out).toBe(`${'x'.repeat(497)}…`);
    expect(out.length).toBeLessThanOrEqual(500);
  });

  it('masks before truncating, so no prefix of the secret survives at the cut', () => {
    const out = scrub(`${'x'.repeat(490)}${SECRET}${'y'.repeat(100)}`, [SECRET]);
    expect(out).toBe(`${'x'.repeat(490)}${MASK.slice(0, 7)}…`);
    expect(out).not.toContain(SECRET.slice(0, 4));
  });
});

describe('backoffMs', () => {
  const mid = () => 0.5;

  it('grows 2 s, 4 s, 8 s … and is capped at 300 s (no jitter at random = 0.5)', () => {
    expect(Array.from({ length: 11 }, (_, i) => backoffMs(i + 1, mid))).toEqual([2000, 4000, 8000, 16000, 32000, 64000, 128000, 256000, 300000, 300000, 300000]);
    expect(backoffMs(100, mid)).toBe(300000);
    expect(backoffMs(5000, mid)).toBe(300000);
  });

  it('treats attempt 0 or less as the first', () => {
    expect(backoffMs(0, mid)).toBe(2000);
    expect(backoffMs(-3, mid)).toBe(2000);
  });

  it('jitter spans -20 % … +20 % of the base delay', () => {
    expect(backoffMs(1, () => 0)).toBe(1600);
    expect(backoffMs(1, () => 1)).toBe(2400);
    expect(backoffMs(3, () => 0)).toBe(6400);
    expect(backoffMs(3, () => 0.25)).toBe(7200);
    expect(backoffMs(20, () => 0)).toBe(240000);
    expect(backoffMs(20, () => 0.999999)).toBe(360000);
  });

  it('stays within the jitter bounds with the default random', () => {
    for (let attempt = 1; attempt <= 12; attempt++) {
      const base = Math.min(2000 * 2 ** (attempt - 1), 300000);
      for (let i = 0; i < 50; i++) {
        const ms = backoffMs(attempt);
        expect(Number.isInteger(ms)).toBe(true);
        expect(ms).toBeGreaterThanOrEqual(base * 0.8);
        expect(ms).toBeLessThanOrEqual(base * 1.2);
      }
    }
  });

  it('gives up retrying after 10 attempts', () => {
    expect(MAX_ATTEMPTS).toBe(10);
  });
});
