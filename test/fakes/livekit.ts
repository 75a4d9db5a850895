// A fake LiveKit SIP API for tests: Twirp JSON at /twirp/livekit.SIP/<Method> with HS256 Bearer auth, answering like
// the open-source server (snake_case JSON, its validation, conflict checks and error shapes; rules in
// livekit-rules.ts), plus test controls: injected failures and delays, down()/up() and signed webhooks.
import { createHash, randomInt } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import {
  CreateSIPDispatchRuleRequest,
  CreateSIPInboundTrunkRequest,
  CreateSIPOutboundTrunkRequest,
  DeleteSIPDispatchRuleRequest,
  DeleteSIPTrunkRequest,
  GetSIPInboundTrunkRequest,
  GetSIPInboundTrunkResponse,
  GetSIPOutboundTrunkRequest,
  GetSIPOutboundTrunkResponse,
  ListSIPDispatchRuleRequest,
  ListSIPDispatchRuleResponse,
  ListSIPInboundTrunkRequest,
  ListSIPInboundTrunkResponse,
  ListSIPOutboundTrunkRequest,
  ListSIPOutboundTrunkResponse,
  SIPTrunkInfo,
  Timestamp,
  UpdateSIPDispatchRuleRequest,
  UpdateSIPInboundTrunkRequest,
  UpdateSIPOutboundTrunkRequest,
  type Pagination,
  type SIPDispatchRuleInfo,
  type SIPInboundTrunkInfo,
  type SIPOutboundTrunkInfo,
} from '@livekit/protocol';
import {
  check,
  checkRuleConflicts,
  checkTrunkConflicts,
  CODE_BY_STATUS,
  inboundMatches,
  inboundTrunkError,
  invalid,
  legacyRuleInfo,
  listUpdateError,
  outboundMatches,
  outboundTrunkError,
  patchInbound,
  patchOutbound,
  patchRule,
  RpcError,
  ruleMatches,
  signJwt,
  verifyBearer,
} from './livekit-rules.ts';

export interface FakeLiveKitOptions {
  apiKey?: string;
  apiSecret?: string;
  /** Set created_at/updated_at like LiveKit Cloud (default); false mimics the OSS server, which leaves them empty. */
  setTimestamps?: boolean;
}

export interface RpcRecord {
  method: string;
  status: number;
  at: number;
}

export interface InjectedError {
  status: number;
  /** The Twirp code; derived from the status when left out. */
  code?: string;
  msg: string;
  /** Answer with a text/plain body (like a proxy or the auth middleware): the SDK then leaves `code` undefined. */
  plainText?: boolean;
}

interface JsonType<T> {
  fromJsonString(json: string, options?: { ignoreUnknownFields?: boolean }): T;
}
interface JsonMessage {
  toJson(options?: { emitDefaultValues?: boolean; useProtoFieldName?: boolean }): unknown;
}
interface Timed {
  createdAt?: Timestamp;
  updatedAt?: Timestamp;
}
interface Queued<T> {
  method: string;
  value: T;
  left: number;
}

const PREFIX = '/twirp/livekit.SIP/';
const ID_ALPHABET = '23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const TRUNK_NOT_FOUND = () => new RpcError('not_found', 'requested sip trunk does not exist');
const RULE_NOT_FOUND = () => new RpcError('not_found', 'requested sip dispatch rule does not exist');

const byId = <T>(m: Map<string, T>, id: (v: T) => string, after = ''): T[] =>
  [...m.values()].filter((v) => id(v) > after).sort((a, b) => (id(a) < id(b) ? -1 : 1));

export class FakeLiveKit {
  /** Inbound trunks by id. Tests may read, edit or delete entries to change things behind the client's back. */
  readonly inbound = new Map<string, SIPInboundTrunkInfo>();
  /** Outbound trunks by id (same ST_ id space as inbound). */
  readonly outbound = new Map<string, SIPOutboundTrunkInfo>();
  /** Dispatch rules by id. */
  readonly rules = new Map<string, SIPDispatchRuleInfo>();
  /** Every call to /twirp/... in arrival order with the status it got (a delayed call is logged when answered). */
  readonly requests: RpcRecord[] = [];
  readonly apiKey: string;
  readonly apiSecret: string;
  url = '';
  private port = 0;
  private readonly setTimestamps: boolean;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private failures: Queued<InjectedError>[] = [];
  private delays: Queued<number>[] = [];
  private readonly pending = new Set<() => void>();
  private readonly routes: Record<string, (body: string, admin: boolean) => JsonMessage>;

  constructor(opts: FakeLiveKitOptions = {}) {
    this.apiKey = opts.apiKey ?? 'devkey';
    this.apiSecret = opts.apiSecret ?? 'fake-livekit-secret-0123456789abcdef';
    this.setTimestamps = opts.setTimestamps ?? true;
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.routes = this.buildRoutes();
  }

  async start(port = 0): Promise<this> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
    this.url = `http://127.0.0.1:${this.port}`;
    return this;
  }

  /** How many calls of this RPC were received (every attempt counts, failed or not). */
  count(method: string): number {
    return this.requests.filter((r) => r.method === method).length;
  }

  /** The next `times` calls of `method` ('*' = any RPC) fail with `err` before auth or validation run. */
  fail(method: string, err: InjectedError, times = 1): void {
    if (times > 0) this.failures.push({ method, value: err, left: times });
  }

  /** The next `times` calls of `method` ('*' = any) are handled only after `ms`, even if the client gave up meanwhile. */
  delay(method: string, ms: number, times = 1): void {
    if (times > 0) this.delays.push({ method, value: ms, left: times });
  }

  /** Stops listening and drops open connections, so calls fail with ECONNREFUSED. State is kept. */
  async down(): Promise<void> {
    this.cancelPending();
    if (!this.server.listening) return;
    const closed = new Promise<void>((r) => this.server.close(() => r()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }

  /** Listens again on the same port after down(). */
  async up(): Promise<void> {
    if (!this.server.listening) await this.start(this.port);
  }

  /** The Authorization header value LiveKit puts on a webhook POST of `body` (a raw JWT, no "Bearer "). */
  signWebhook(body: string): string {
    const now = Math.floor(Date.now() / 1000);
    return signJwt({ iss: this.apiKey, nbf: now, exp: now + 300, sha256: createHash('sha256').update(body).digest('base64') }, this.apiSecret);
  }

  /** Clears trunks, rules, injected failures and delays and the request log; calls waiting on a delay are dropped. */
  reset(): void {
    this.cancelPending();
    this.inbound.clear();
    this.outbound.clear();
    this.rules.clear();
    this.failures = [];
    this.delays = [];
    this.requests.length = 0;
  }

  async close(): Promise<void> {
    await this.down();
  }

  private cancelPending(): void {
    for (const cancel of this.pending) cancel();
    this.pending.clear();
  }

  private take<T>(queue: Queued<T>[], method: string): T | undefined {
    const i = queue.findIndex((q) => q.method === method || q.method === '*');
    const q = queue[i];
    if (!q) return undefined;
    if (--q.left <= 0) queue.splice(i, 1);
    return q.value;
  }

  /** Resolves false when reset()/down() dropped the call while it waited. */
  private wait(ms: number, res: ServerResponse): Promise<boolean> {
    return new Promise((resolve) => {
      const cancel = () => {
        clearTimeout(timer);
        res.destroy();
        resolve(false);
      };
      const timer = setTimeout(() => {
        this.pending.delete(cancel);
        resolve(true);
      }, ms);
      this.pending.add(cancel);
    });
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://fake').pathname;
    const body = await readBody(req);
    if (req.method === 'GET' && path === '/settings/regions') return send(res, 200, 'application/json', '{"regions":[]}');
    if (!path.startsWith('/twirp/')) return send(res, 404, 'text/plain; charset=utf-8', '404 page not found\n');
    const method = path.startsWith(PREFIX) ? path.slice(PREFIX.length) : path;
    const ms = this.take(this.delays, method);
    if (ms !== undefined && !(await this.wait(ms, res))) return;
    let status = 200;
    try {
      const injected = this.take(this.failures, method);
      if (injected) {
        status = injected.status;
        if (injected.plainText) return send(res, status, 'text/plain', injected.msg);
        const code = injected.code ?? CODE_BY_STATUS[status] ?? 'unknown';
        return send(res, status, 'application/json', JSON.stringify({ code, msg: injected.msg }));
      }
      const out = this.route(req, path, method, body);
      if (typeof out === 'string') {
        status = 401;
        return send(res, status, 'text/plain', out);
      }
      send(res, 200, 'application/json', JSON.stringify(out.toJson({ emitDefaultValues: true, useProtoFieldName: true })));
    } catch (e) {
      const err = e instanceof RpcError ? e : new RpcError('internal', String(e));
      status = err.status;
      send(res, status, 'application/json', JSON.stringify({ code: err.code, msg: err.message, ...(err.meta ? { meta: err.meta } : {}) }));
    } finally {
      this.requests.push({ method, status, at: Date.now() });
    }
  }

  /** The auth middleware, then Twirp's routing, content type and decoding, then the handler. A string is a plain 401. */
  private route(req: IncomingMessage, path: string, method: string, body: string): JsonMessage | string {
    const auth = verifyBearer(req.headers.authorization, this.apiKey, this.apiSecret);
    if (typeof auth === 'string') return auth;
    const badRoute = (msg: string) => new RpcError('bad_route', msg, { twirp_invalid_route: `${req.method} ${path}` });
    if (req.method !== 'POST') throw badRoute(`unsupported method ${JSON.stringify(req.method)} (only POST is allowed)`);
    const handler = path.startsWith(PREFIX) ? this.routes[method] : undefined;
    if (!handler) throw badRoute(`no handler for path ${JSON.stringify(path)}`);
    const type = req.headers['content-type'] ?? '';
    if (type.split(';')[0]?.trim().toLowerCase() !== 'application/json') throw badRoute(`unexpected Content-Type: ${JSON.stringify(type)}`);
    return handler(body, auth.admin);
  }

  private newId(prefix: string): string {
    for (;;) {
      let id = prefix;
      for (let i = 0; i < 12; i++) id += ID_ALPHABET[randomInt(ID_ALPHABET.length)];
      if (!this.inbound.has(id) && !this.outbound.has(id) && !this.rules.has(id)) return id;
    }
  }

  private stamp<T extends Timed>(next: T, prev?: Timed): T {
    if (!this.setTimestamps) return next;
    const now = Timestamp.fromDate(new Date());
    next.createdAt = prev?.createdAt ?? now;
    next.updatedAt = now;
    return next;
  }

  private buildRoutes(): Record<string, (body: string, admin: boolean) => JsonMessage> {
    // Twirp decodes the body before the handler checks the grant, so a bad body wins over a missing grant.
    const decode = <T>(type: JsonType<T>, body: string, admin: boolean): T => {
      let req: T;
      try {
        req = type.fromJsonString(body, { ignoreUnknownFields: true });
      } catch {
        throw new RpcError('malformed', 'the json request could not be decoded');
      }
      if (!admin) throw new RpcError('unauthenticated', 'permissions denied');
      return req;
    };
    const after = (page?: Pagination) => page?.afterId ?? '';
    const trunkId = (t: { sipTrunkId: string }) => t.sipTrunkId;
    const ruleId = (r: SIPDispatchRuleInfo) => r.sipDispatchRuleId;
    // The conflict check sees the stored trunks matching the new numbers plus the new one: last when created,
    // in id order when updated.
    const inboundConflicts = (t: SIPInboundTrunkInfo) => {
      const filter = new ListSIPInboundTrunkRequest({ numbers: t.numbers });
      const others = byId(this.inbound, trunkId).filter((o) => o.sipTrunkId !== t.sipTrunkId && inboundMatches(filter, o));
      checkTrunkConflicts(t.sipTrunkId ? [...others, t].sort((a, b) => (a.sipTrunkId < b.sipTrunkId ? -1 : 1)) : [...others, t]);
    };
    const ruleConflicts = (r: SIPDispatchRuleInfo) => {
      const others = byId(this.rules, ruleId).filter((o) => o.sipDispatchRuleId !== r.sipDispatchRuleId);
      checkRuleConflicts(r.sipDispatchRuleId ? [...others, r].sort((a, b) => (ruleId(a) < ruleId(b) ? -1 : 1)) : [...others, r]);
    };
    const updateAction = (id: string, action: { case: string | undefined }, what: string) => {
      if (!id) throw invalid(`${what} id must be set`);
      if (!action.case) throw invalid('missing or unsupported update action');
    };
    const sameId = (infoId: string, id: string, what: string) => {
      if (infoId && infoId !== id) throw invalid(`${what} id in the info must be empty or match the id in the update`);
    };

    return {
      CreateSIPInboundTrunk: (body, admin) => {
        const t = decode(CreateSIPInboundTrunkRequest, body, admin).trunk;
        if (!t) throw invalid('missing trunk');
        if (t.sipTrunkId) throw invalid('trunk id must not be set');
        check(inboundTrunkError(t));
        inboundConflicts(t);
        t.sipTrunkId = this.newId('ST_');
        this.inbound.set(t.sipTrunkId, this.stamp(t));
        return t;
      },
      CreateSIPOutboundTrunk: (body, admin) => {
        const t = decode(CreateSIPOutboundTrunkRequest, body, admin).trunk;
        if (!t) throw invalid('missing trunk');
        if (t.sipTrunkId) throw invalid('trunk id must not be set');
        check(outboundTrunkError(t));
        t.sipTrunkId = this.newId('ST_');
        this.outbound.set(t.sipTrunkId, this.stamp(t));
        return t;
      },
      UpdateSIPInboundTrunk: (body, admin) => {
        const { sipTrunkId: id, action } = decode(UpdateSIPInboundTrunkRequest, body, admin);
        updateAction(id, action, 'trunk');
        if (action.case === 'replace') {
          sameId(action.value.sipTrunkId, id, 'trunk');
          check(inboundTrunkError(action.value));
        } else if (action.case === 'update') {
          const u = action.value;
          check(listUpdateError(u.numbers) ?? listUpdateError(u.allowedAddresses) ?? listUpdateError(u.allowedNumbers));
        }
        const old = this.inbound.get(id);
        if (!old) throw TRUNK_NOT_FOUND();
        let next: SIPInboundTrunkInfo;
        if (action.case === 'replace') {
          next = action.value.clone();
          next.sipTrunkId = id;
        } else {
          next = patchInbound(old, action.value!);
          // The post-patch failure travels through a plain Go error, hence the odd prefix.
          check(inboundTrunkError(next), (m) => invalid(`twirp error unknown: ${m}`));
        }
        inboundConflicts(next);
        this.inbound.set(id, this.stamp(next, old));
        return next;
      },
      UpdateSIPOutboundTrunk: (body, admin) => {
        const { sipTrunkId: id, action } = decode(UpdateSIPOutboundTrunkRequest, body, admin);
        updateAction(id, action, 'trunk');
        if (action.case === 'replace') {
          sameId(action.value.sipTrunkId, id, 'trunk');
          check(outboundTrunkError(action.value));
        } else if (action.case === 'update') {
          check(listUpdateError(action.value.numbers));
        }
        const old = this.outbound.get(id);
        if (!old) throw TRUNK_NOT_FOUND();
        let next: SIPOutboundTrunkInfo;
        if (action.case === 'replace') {
          next = action.value.clone();
          next.sipTrunkId = id;
        } else {
          next = patchOutbound(old, action.value!);
          // A plain Go error: Twirp answers unknown/500 (which LiveKit Cloud clients retry).
          check(outboundTrunkError(next), (m) => new RpcError('unknown', m));
        }
        this.outbound.set(id, this.stamp(next, old));
        return next;
      },
      GetSIPInboundTrunk: (body, admin) => {
        const { sipTrunkId: id } = decode(GetSIPInboundTrunkRequest, body, admin);
        if (!id) throw invalid('trunk ID is required');
        const trunk = this.inbound.get(id);
        if (!trunk) throw TRUNK_NOT_FOUND();
        return new GetSIPInboundTrunkResponse({ trunk });
      },
      GetSIPOutboundTrunk: (body, admin) => {
        const { sipTrunkId: id } = decode(GetSIPOutboundTrunkRequest, body, admin);
        if (!id) throw invalid('trunk ID is required');
        const trunk = this.outbound.get(id);
        if (!trunk) throw TRUNK_NOT_FOUND();
        return new GetSIPOutboundTrunkResponse({ trunk });
      },
      ListSIPInboundTrunk: (body, admin) => {
        const req = decode(ListSIPInboundTrunkRequest, body, admin);
        return new ListSIPInboundTrunkResponse({ items: byId(this.inbound, trunkId, after(req.page)).filter((t) => inboundMatches(req, t)) });
      },
      ListSIPOutboundTrunk: (body, admin) => {
        const req = decode(ListSIPOutboundTrunkRequest, body, admin);
        return new ListSIPOutboundTrunkResponse({ items: byId(this.outbound, trunkId, after(req.page)).filter((t) => outboundMatches(req, t)) });
      },
      DeleteSIPTrunk: (body, admin) => {
        const { sipTrunkId: id } = decode(DeleteSIPTrunkRequest, body, admin);
        if (!id) throw invalid('trunk ID is required');
        // The OSS server deletes without an existence check, so an unknown id succeeds too.
        this.inbound.delete(id);
        this.outbound.delete(id);
        return new SIPTrunkInfo({ sipTrunkId: id });
      },
      CreateSIPDispatchRule: (body, admin) => {
        const req = decode(CreateSIPDispatchRuleRequest, body, admin);
        if (req.dispatchRule?.sipDispatchRuleId) throw invalid('rule id must not be set');
        const r = req.dispatchRule ?? legacyRuleInfo(req);
        if (!r.rule) throw invalid('missing rule');
        ruleConflicts(r);
        r.sipDispatchRuleId = this.newId('SDR_');
        this.rules.set(r.sipDispatchRuleId, this.stamp(r));
        return r;
      },
      UpdateSIPDispatchRule: (body, admin) => {
        const { sipDispatchRuleId: id, action } = decode(UpdateSIPDispatchRuleRequest, body, admin);
        updateAction(id, action, 'rule');
        if (action.case === 'replace') {
          sameId(action.value.sipDispatchRuleId, id, 'rule');
          if (!action.value.rule) throw invalid('missing rule');
        } else if (action.case === 'update') {
          check(listUpdateError(action.value.trunkIds));
        }
        const old = this.rules.get(id);
        if (!old) throw RULE_NOT_FOUND();
        const next = action.case === 'replace' ? action.value.clone() : patchRule(old, action.value!);
        next.sipDispatchRuleId = id;
        ruleConflicts(next);
        this.rules.set(id, this.stamp(next, old));
        return next;
      },
      ListSIPDispatchRule: (body, admin) => {
        const req = decode(ListSIPDispatchRuleRequest, body, admin);
        return new ListSIPDispatchRuleResponse({ items: byId(this.rules, ruleId, after(req.page)).filter((r) => ruleMatches(req, r)) });
      },
      DeleteSIPDispatchRule: (body, admin) => {
        const { sipDispatchRuleId: id } = decode(DeleteSIPDispatchRuleRequest, body, admin);
        if (!id) throw invalid('dispatch rule ID is required');
        const r = this.rules.get(id);
        if (!r) throw RULE_NOT_FOUND();
        this.rules.delete(id);
        return r;
      },
    };
  }
}

export async function startFakeLiveKit(opts?: FakeLiveKitOptions): Promise<FakeLiveKit> {
  return new FakeLiveKit(opts).start();
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  if (res.destroyed) return;
  // No keep-alive: a pooled socket would turn the first call after down() into "other side closed", not ECONNREFUSED.
  res.writeHead(status, { 'content-type': type, connection: 'close' });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}
