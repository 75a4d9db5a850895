// Bearer-token check for the machine APIs (call events, the dialler's reads). Tokens are compared as SHA-256 digests
// with timingSafeEqual: equal lengths whatever was sent, and no early exit that would time how much of it matched.
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { json } from './server.ts';

/** Answers the request itself (503 when no token is configured, 401 without the right one) and says whether to go on. */
export type Guard = (req: IncomingMessage, res: ServerResponse) => boolean;

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

export function bearerGuard(token: string | undefined, api: string): Guard {
  const want = token ? digest(token) : undefined;
  return (req, res) => {
    if (!want) {
      json(res, 503, { error: `${api} is turned off: set CALL_EVENTS_TOKEN to turn it on` });
      return false;
    }
    const given = /^Bearer +(\S+) *$/i.exec(req.headers.authorization ?? '')?.[1];
    if (given && timingSafeEqual(digest(given), want)) return true;
    // RFC 6750 §3: a request without credentials gets the challenge alone; a wrong token, error="invalid_token".
    res.setHeader('www-authenticate', given ? 'Bearer realm="trunkops", error="invalid_token"' : 'Bearer realm="trunkops"');
    json(res, 401, { error: given ? 'invalid token' : 'missing bearer token: send Authorization: Bearer <CALL_EVENTS_TOKEN>' });
    return false;
  };
}
