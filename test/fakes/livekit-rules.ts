// LiveKit's server-side rules for the fake in livekit.ts, ported from livekit/protocol (livekit/sip.go, livekit/types.go,
// livekit/sip_validation.go, sip/sip.go) and livekit/livekit (pkg/service/auth.go): the API-key auth middleware, and
// the SIP checks in the same order with the same messages, list filters, ListUpdate semantics and conflict checks.
import { createHmac, timingSafeEqual } from 'node:crypto';
import {
  SIPDispatchRuleInfo,
  type CreateSIPDispatchRuleRequest,
  type ListSIPDispatchRuleRequest,
  type ListSIPInboundTrunkRequest,
  type ListSIPOutboundTrunkRequest,
  type ListUpdate,
  type SIPDispatchRuleUpdate,
  type SIPInboundTrunkInfo,
  type SIPInboundTrunkUpdate,
  type SIPMediaConfig,
  type SIPOutboundTrunkInfo,
  type SIPOutboundTrunkUpdate,
} from '@livekit/protocol';

/** Twirp error codes and their HTTP statuses (twirp's ServerHTTPStatusFromErrorCode). */
export const TWIRP_STATUS: Record<string, number> = {
  canceled: 408, unknown: 500, invalid_argument: 400, malformed: 400, deadline_exceeded: 408, not_found: 404,
  bad_route: 404, already_exists: 409, permission_denied: 403, unauthenticated: 401, resource_exhausted: 429,
  failed_precondition: 412, aborted: 409, out_of_range: 400, unimplemented: 501, internal: 500, unavailable: 503,
  dataloss: 500,
};

/** An error the fake answers with: `{"code","msg","meta"?}` and the code's HTTP status. */
export class RpcError extends Error {
  constructor(
    readonly code: string,
    msg: string,
    readonly meta?: Record<string, string>,
  ) {
    super(msg);
  }

  get status(): number {
    return TWIRP_STATUS[this.code] ?? 500;
  }
}

/** Twirp's code for an injected failure given only an HTTP status. */
export const CODE_BY_STATUS: Record<number, string> = {
  400: 'invalid_argument', 401: 'unauthenticated', 403: 'permission_denied', 404: 'not_found', 408: 'deadline_exceeded',
  409: 'already_exists', 412: 'failed_precondition', 429: 'resource_exhausted', 500: 'internal', 501: 'unimplemented', 503: 'unavailable',
};

export const invalid = (msg: string): RpcError => new RpcError('invalid_argument', msg);

/** Throws invalid_argument when a check found a problem. */
export function check(problem: string | undefined, wrap = (m: string) => invalid(m)): void {
  if (problem) throw wrap(problem);
}

/** livekit.NormalizeNumber: "+1 (510) 555-0100" and "15105550100" both become "+15105550100"; other text is kept. */
export function normalizeNumber(num: string): string {
  if (!num || !/^\+?[\d\- ()]+$/.test(num)) return num;
  const n = num.replace(/[ \-()]/g, '');
  return n.startsWith('+') ? n : `+${n}`;
}

export function signJwt(claims: Record<string, unknown>, secret: string): string {
  const b64url = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  const data = `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url(claims)}`;
  return `${data}.${createHmac('sha256', secret).update(data).digest('base64url')}`;
}

/**
 * The API-key middleware: a string is its text/plain 401 body. No header at all passes with no grants, so the
 * handler answers 401 JSON "permissions denied" (as it does for a token without sip.admin).
 */
export function verifyBearer(header: string | undefined, apiKey: string, secret: string): { admin: boolean } | string {
  if (!header) return { admin: false };
  if (!header.startsWith('Bearer ')) return 'invalid authorization header. Must start with Bearer ';
  const [h, p, sig, ...rest] = header.slice('Bearer '.length).split('.');
  let claims: { iss?: string; exp?: number; nbf?: number; sip?: { admin?: boolean } };
  try {
    if (!h || !p || sig === undefined || rest.length) throw new Error('not a JWS');
    JSON.parse(Buffer.from(h, 'base64url').toString());
    claims = JSON.parse(Buffer.from(p, 'base64url').toString()) as typeof claims;
    if (typeof claims !== 'object' || !claims?.iss) throw new Error('no issuer');
  } catch {
    return 'invalid authorization token';
  }
  if (claims.iss !== apiKey) return `invalid API key: ${claims.iss}`;
  const want = createHmac('sha256', secret).update(`${h}.${p}`).digest();
  const got = Buffer.from(sig, 'base64url');
  const bad = 'invalid authorization token: go-jose/go-jose';
  if (got.length !== want.length || !timingSafeEqual(got, want)) return `${bad}: error in cryptographic primitive`;
  const now = Date.now() / 1000; // go-jose allows a minute of clock skew
  if (claims.exp !== undefined && now > claims.exp + 60) return `${bad}/jwt: validation failed, token is expired (exp)`;
  if (claims.nbf !== undefined && now < claims.nbf - 60) return `${bad}/jwt: validation failed, token not valid yet (nbf)`;
  return { admin: claims.sip?.admin === true };
}

const q = (s: string) => JSON.stringify(s); // Go's %q, for the printable strings these messages carry
const printID = (id: string) => q(id || '<new>');
const printNumbers = (nums: string[]) => (nums.length ? `[${nums.map(q).join(' ')}]` : '<any>');

export function listUpdateError(u: ListUpdate | undefined): string | undefined {
  if (!u) return undefined;
  const change = u.set.length + u.add.length + u.remove.length > 0;
  if (!u.clear && !change) return 'unsupported list update operation';
  if (u.clear && change) return 'cannot clear and change the list at the same time';
  if (u.set.length && u.add.length + u.remove.length) return 'cannot set and change the list at the same time';
  if ([...u.set, ...u.add, ...u.remove].some((v) => v === '')) return 'empty element in the list';
  return undefined;
}

export function applyListUpdate(arr: string[], u: ListUpdate | undefined): string[] {
  if (!u) return arr;
  if (u.clear) return [];
  if (u.set.length) return [...u.set];
  const out = arr.filter((v) => !u.remove.includes(v));
  for (const v of u.add) if (!out.includes(v)) out.push(v);
  return out;
}

const TOKEN = /^[A-Za-z0-9\-.!%*_+`'~]$/;
const FORBIDDEN_HEADERS = new Set(
  'accept accept-encoding accept-language allow allow-events call-id contact content-encoding content-length content-type cseq event expires from max-forwards record-route refer-to reply-to k l m o r t u v'.split(' '),
);

function headerNameError(name: string, restrict: boolean): string | undefined {
  if (!name) return 'header name cannot be empty';
  if (Buffer.byteLength(name) > 255) return 'header name too long (max 255 characters)';
  for (const ch of name) {
    const c = ch.codePointAt(0) ?? 0;
    if (c >= 128) return `header name ${name} contains invalid characters: char ${c} out of range, consider explicilty adding utf8 characters`;
    if (!TOKEN.test(ch)) return `header name ${name} contains invalid characters: char ${c} not allowed`;
  }
  if (restrict && FORBIDDEN_HEADERS.has(name.toLowerCase())) return `header name ${name} not supported`;
  return undefined;
}

function headerValueError(name: string, value: string): string | undefined {
  if (Buffer.byteLength(value) > 1024) return `header ${name}: value too long (max 1024 characters)`;
  for (const ch of value) {
    const c = ch.codePointAt(0) ?? 0;
    if (c < 128 && c !== 9 && (c < 0x20 || c > 0x7e)) return `header ${name}: value: char ${c} not allowed`;
  }
  return undefined;
}

interface HeaderFields {
  headers: Record<string, string>;
  attributesToHeaders: Record<string, string>;
  headersToAttributes: Record<string, string>;
}

function headersError(t: HeaderFields): string | undefined {
  for (const [name, value] of Object.entries(t.headers)) {
    const e = headerNameError(name, true);
    if (e) return `invalid header name: ${e}`;
    const v = headerValueError(name, value);
    if (v) return `invalid header value for ${name}: ${v}`;
  }
  const names = [...Object.values(t.attributesToHeaders), ...Object.keys(t.headersToAttributes)];
  for (const name of names) {
    const e = headerNameError(name, false);
    if (e) return `invalid header name: ${e}`;
  }
  return undefined;
}

function mediaError(m: SIPMediaConfig | undefined): string | undefined {
  for (const c of m?.codecs ?? []) {
    if (!c.name) return 'missing codec name';
    if (/[ \t\n\r]/.test(c.name)) return 'invalid codec name';
    if (c.name.includes('/')) return "codec name must not contain '/'";
  }
  return undefined;
}

function hostnameError(value: string, field: string): string | undefined {
  if (value.includes('transport=')) return `${field} should not contain transport parameter`;
  if (/[@;]/.test(value) || value.startsWith('sip:') || value.startsWith('sips:')) return `${field} should be a hostname or IP, not SIP URI`;
  return undefined;
}

export function inboundTrunkError(t: SIPInboundTrunkInfo): string | undefined {
  if (!t.authUsername && !t.authPassword && !t.allowedAddresses.length && !t.numbers.length) {
    return 'for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers';
  }
  return headersError(t) ?? mediaError(t.media);
}

export function outboundTrunkError(t: SIPOutboundTrunkInfo): string | undefined {
  if (!t.numbers.length) return 'no trunk numbers specified';
  if (!t.address) return 'no outbound address specified';
  return hostnameError(t.address, 'trunk address') ?? hostnameError(t.fromHost, 'from_host') ?? headersError(t) ?? mediaError(t.media);
}

function copyDefined(dst: object, src: object, keys: string[]): void {
  for (const k of keys) {
    const v = (src as Record<string, unknown>)[k];
    if (v !== undefined) (dst as Record<string, unknown>)[k] = v;
  }
}

/** SIPInboundTrunkUpdate.Apply, without the re-validation (the caller decides how that error is reported). */
export function patchInbound(t: SIPInboundTrunkInfo, u: SIPInboundTrunkUpdate): SIPInboundTrunkInfo {
  const v = t.clone();
  v.numbers = applyListUpdate(v.numbers, u.numbers);
  v.allowedAddresses = applyListUpdate(v.allowedAddresses, u.allowedAddresses);
  v.allowedNumbers = applyListUpdate(v.allowedNumbers, u.allowedNumbers);
  copyDefined(v, u, ['authUsername', 'authPassword', 'authRealm', 'name', 'metadata', 'mediaEncryption', 'media']);
  return v;
}

export function patchOutbound(t: SIPOutboundTrunkInfo, u: SIPOutboundTrunkUpdate): SIPOutboundTrunkInfo {
  const v = t.clone();
  v.numbers = applyListUpdate(v.numbers, u.numbers);
  const keys = ['address', 'transport', 'destinationCountry', 'authUsername', 'authPassword', 'name', 'metadata', 'mediaEncryption', 'media', 'fromHost'];
  copyDefined(v, u, keys);
  return v;
}

/** SIPDispatchRuleUpdate.Apply: an empty attribute value deletes the key. */
export function patchRule(r: SIPDispatchRuleInfo, u: SIPDispatchRuleUpdate): SIPDispatchRuleInfo {
  const v = r.clone();
  v.trunkIds = applyListUpdate(v.trunkIds, u.trunkIds);
  copyDefined(v, u, ['rule', 'media', 'name', 'metadata', 'mediaEncryption']);
  for (const [k, val] of Object.entries(u.attributes)) {
    if (val) v.attributes[k] = val;
    else delete v.attributes[k];
  }
  return v;
}

/** CreateSIPDispatchRuleRequest.DispatchRuleInfo for the legacy top-level form (what the SDK sends). */
export function legacyRuleInfo(r: CreateSIPDispatchRuleRequest): SIPDispatchRuleInfo {
  const { rule, trunkIds, inboundNumbers, hidePhoneNumber, name, metadata, attributes, roomPreset, roomConfig } = r;
  return new SIPDispatchRuleInfo({ rule, trunkIds, inboundNumbers, hidePhoneNumber, name, metadata, attributes, roomPreset, roomConfig });
}

export function inboundMatches(req: ListSIPInboundTrunkRequest, t: SIPInboundTrunkInfo): boolean {
  if (req.trunkIds.length && !req.trunkIds.includes(t.sipTrunkId)) return false;
  if (!req.numbers.length || !t.numbers.length) return true;
  const wanted = new Set(req.numbers.map(normalizeNumber));
  return t.numbers.some((n) => req.numbers.includes(n) || wanted.has(normalizeNumber(n)));
}

export function outboundMatches(req: ListSIPOutboundTrunkRequest, t: SIPOutboundTrunkInfo): boolean {
  if (req.trunkIds.length && !req.trunkIds.includes(t.sipTrunkId)) return false;
  return !req.numbers.length || !t.numbers.length || t.numbers.some((n) => req.numbers.includes(n));
}

export function ruleMatches(req: ListSIPDispatchRuleRequest, r: SIPDispatchRuleInfo): boolean {
  if (req.dispatchRuleIds.length && !req.dispatchRuleIds.includes(r.sipDispatchRuleId)) return false;
  return !req.trunkIds.length || !r.trunkIds.length || r.trunkIds.some((id) => req.trunkIds.includes(id));
}

/** sip.ValidateTrunksIter: trunks sharing a called number (or both wildcards) need disjoint, non-empty AllowedNumbers. */
export function checkTrunkConflicts(trunks: SIPInboundTrunkInfo[]): void {
  const byNumber = new Map<string, Map<string, SIPInboundTrunkInfo>>();
  for (const t of trunks) {
    for (const num of new Set(t.numbers.length ? t.numbers.map(normalizeNumber) : [''])) {
      const byInbound = byNumber.get(num) ?? new Map<string, SIPInboundTrunkInfo>();
      byNumber.set(num, byInbound);
      const head = `Conflicting inbound SIP Trunks: ${printID(t.sipTrunkId)} and`;
      if (!t.allowedNumbers.length) {
        const t2 = byInbound.get('');
        if (t2) throw invalid(`${head} ${printID(t2.sipTrunkId)}, using the same number(s) ${printNumbers(t.numbers)} without AllowedNumbers set`);
        byInbound.set('', t);
        continue;
      }
      for (const allowed of t.allowedNumbers) {
        const t2 = byInbound.get(normalizeNumber(allowed));
        if (t2 && t2 !== t) {
          throw invalid(`${head} ${printID(t2.sipTrunkId)}, using the same number(s) ${printNumbers(t.numbers)} and AllowedNumber ${q(allowed)}`);
        }
        byInbound.set(normalizeNumber(allowed), t);
      }
    }
  }
}

/** sip.ValidateDispatchRulesIter: one rule per (pin, trunk, inbound number, number); empty lists are the "" wildcard. */
export function checkRuleConflicts(rules: SIPDispatchRuleInfo[]): void {
  const seen = new Map<string, SIPDispatchRuleInfo>();
  const orAny = (a: string[]) => (a.length ? a : ['']);
  for (const r of rules) {
    const rule = r.rule?.rule;
    if (!rule?.case) throw new RpcError('unknown', 'Unsupported SIP Dispatch Rule: <nil>');
    for (const trunk of orAny(r.trunkIds))
      for (const inbound of orAny(r.inboundNumbers))
        for (const num of orAny(r.numbers)) {
          const key = JSON.stringify([rule.value.pin, trunk, normalizeNumber(inbound), normalizeNumber(num)]);
          const r2 = seen.get(key);
          if (r2 && r2 !== r) {
            throw invalid(
              `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule ${printID(r2.sipDispatchRuleId)} ${q(r2.name || '<blank name>')}`,
            );
          }
          seen.set(key, r);
        }
  }
}
