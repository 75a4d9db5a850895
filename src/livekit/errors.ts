// What a failed LiveKit call means: transient (network, timeout, 5xx, 429 — retried with backoff) or a
// configuration problem (4xx — shown to the user as LiveKit's message, not retried). Messages never carry a secret.
import { ServerError } from 'livekit-server-sdk';
import { MASK } from '../core/secrets.ts';

export interface SyncFailure {
  transient: boolean;
  message: string;
}

const NETWORK_CODES: Record<string, string> = {
  ECONNREFUSED: 'connection refused',
  ECONNRESET: 'connection reset',
  ENOTFOUND: 'host not found',
  EAI_AGAIN: 'DNS lookup failed',
  ETIMEDOUT: 'connection timed out',
  EHOSTUNREACH: 'host unreachable',
  UND_ERR_SOCKET: 'connection closed',
};

export function classify(err: unknown, timeoutSec: number, secrets: (string | null)[] = []): SyncFailure {
  const f = describe(err, timeoutSec);
  return { transient: f.transient, message: scrub(f.message, secrets) };
}

function describe(err: unknown, timeoutSec: number): SyncFailure {
  if (err instanceof ServerError) {
    const msg = err.message.replace(/^twirp error unknown: /, '').trim() || err.name;
    if (err.status === 429) return { transient: true, message: `LiveKit is rate limiting (429): ${msg}` };
    if (err.status === 501) return { transient: false, message: `LiveKit does not implement this call (501: ${msg}); check the server version` };
    if (err.status >= 500 || err.status === 408) return { transient: true, message: `LiveKit error ${err.status}: ${msg}` };
    if (err.status === 401 || err.status === 403) {
      return { transient: false, message: `LiveKit refused the API credentials (${err.status}: ${msg}); check LIVEKIT_API_KEY and LIVEKIT_API_SECRET` };
    }
    if (err.status === 404 && err.code === 'bad_route') return { transient: false, message: `LiveKit does not offer this API (${msg}); check LIVEKIT_URL and the server version` };
    return { transient: false, message: `LiveKit rejected the configuration: ${msg}` };
  }
  const e = err as { name?: string; message?: string; cause?: { code?: string; name?: string } };
  if (e?.name === 'TimeoutError' || e?.cause?.name === 'TimeoutError' || e?.name === 'AbortError') {
    return { transient: true, message: `LiveKit did not answer within ${timeoutSec} s` };
  }
  const code = e?.cause?.code;
  if (code && NETWORK_CODES[code]) return { transient: true, message: `LiveKit unreachable (${NETWORK_CODES[code]})` };
  if (e?.name === 'TypeError' && /fetch failed/i.test(e.message ?? '')) return { transient: true, message: 'LiveKit unreachable (network error)' };
  return { transient: true, message: `sync failed: ${e?.message ?? String(err)}` };
}

/** Removes any secret from a message and keeps it short enough to show. */
export function scrub(message: string, secrets: (string | null)[]): string {
  let m = message;
  for (const s of secrets) if (s && s.length >= 3) m = m.split(s).join(MASK);
  return m.length > 500 ? `${m.slice(0, 497)}…` : m;
}

/** Delay before retry number `attempt` (1-based): 2 s doubling to at most 5 minutes, with ±20 % jitter. */
export function backoffMs(attempt: number, random: () => number = Math.random): number {
  const base = Math.min(2000 * 2 ** Math.max(0, attempt - 1), 300_000);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** After this many failed attempts in a row, transient failures stop being retried until the next change or reconcile. */
export const MAX_ATTEMPTS = 10;
