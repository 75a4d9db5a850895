// A fake Discord for tests that the real discord.js client talks to: REST under /api/v10 (bot token auth,
// command registration, interaction callbacks with the 3-second deadline and single initial response, interaction
// webhooks valid for 15 minutes, channel messages and threads, members, 429s with rate-limit headers, Discord's
// body limits and error shapes), signed-URL style attachment downloads without auth, and the gateway
// (./discord-gateway.ts). Interaction payloads to push through it come from ./discord-payloads.ts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FakeGateway } from './discord-gateway.ts';
import { checkCommands, fail, invalid, reply, type Reply } from './discord-validate.ts';
import { InteractionRoutes, type PendingInteraction } from './discord-interactions.ts';
import {
  APP_ID,
  CHANNEL_ID,
  DISCORD_TOKEN,
  GUILD_ID,
  apiMember,
  botUser,
  guildRoles,
  snowflake,
  textChannel,
  threadChannel,
  type FakeMessage,
  type GuildSpec,
  type Json,
} from './discord-objects.ts';

export { APP_ID, BOT_USER_ID, CHANNEL_ID, DISCORD_TOKEN, GUILD_ID, OTHER_CHANNEL_ID, OTHER_GUILD_ID, snowflake, toApiMessage } from './discord-objects.ts';
export type { FakeMessage, Json } from './discord-objects.ts';

export interface RecordedRequest {
  method: string;
  /** Decoded, without the /api/v10 prefix, e.g. /webhooks/APP/TOKEN/messages/@original. */
  path: string;
  query: string;
  auth: string | undefined;
  body: Json;
  at: number;
  status: number;
  /** What the fake answered (JSON body, or undefined for 204 and downloads). */
  response?: Json;
  /** Files of a multipart request (discord.js sends payload_json plus files[n]); `body` is the payload_json. */
  files?: { name: string; type: string; size: number }[];
}

export interface StartOptions {
  heartbeatIntervalMs?: number;
  interactionDeadlineMs?: number;
  tokenLifetimeMs?: number;
  guilds?: GuildSpec[];
  sendGuildCreate?: boolean;
}

interface Incoming {
  method: string;
  path: string;
  query: URLSearchParams;
  body: Json;
  files: { name: string; type: string; data: Buffer }[];
}

type Handler = (m: string[], req: Incoming) => Reply | Promise<Reply>;

export class FakeDiscord {
  url = '';
  apiUrl = '';
  readonly requests: RecordedRequest[] = [];
  readonly commands = new Map<string, Json[]>();
  readonly messages = new Map<string, FakeMessage>();
  /** Channels by id: one text channel per guild plus threads the bot started. */
  readonly channels = new Map<string, Json>();
  /** Channels the bot cannot see (View Channel denied): every request on them gets 403 Missing Access. */
  readonly noAccess = new Set<string>();
  /** Members by `${guildId}:${userId}`, taken from interactions (and addMember). */
  readonly members = new Map<string, Json>();
  readonly opts: Required<StartOptions>;
  readonly gateway: FakeGateway;
  private server: Server;
  private interactions: InteractionRoutes;
  private files = new Map<string, { data: Buffer; type: string; attachment: Json }>();
  private limits: { match: (method: string, path: string) => boolean; retryAfter: number }[] = [];
  private seenGuilds = new Set<string>();
  private waiters = new Set<() => void>();
  private routes: [string, RegExp, Handler][];

  constructor(opts: StartOptions = {}) {
    this.opts = {
      heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 41250,
      interactionDeadlineMs: opts.interactionDeadlineMs ?? 3000,
      tokenLifetimeMs: opts.tokenLifetimeMs ?? 15 * 60_000,
      guilds: opts.guilds ?? [{ id: GUILD_ID }],
      sendGuildCreate: opts.sendGuildCreate ?? true,
    };
    for (const g of this.opts.guilds) {
      this.seenGuilds.add(g.id);
      const id = this.channelFor(g.id);
      this.channels.set(id, textChannel(id, g.id));
    }
    this.gateway = new FakeGateway(
      { ...this.opts, channelFor: (g) => this.channelFor(g) },
      () => `${this.url.replace('http', 'ws')}/gateway`,
      () => this.notify(),
    );
    this.interactions = new InteractionRoutes(this);
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => this.gateway.upgrade(req, socket, head));
    const i = this.interactions;
    const ch = (id: string | undefined) => this.channelMessage(id);
    this.routes = [
      ['GET', /^\/gateway\/bot$/, () => reply(200, { url: `${this.url.replace('http', 'ws')}/gateway`, shards: 1, session_start_limit: { total: 1000, remaining: 999, reset_after: 14400000, max_concurrency: 1 } })],
      ['GET', /^\/gateway$/, () => reply(200, { url: `${this.url.replace('http', 'ws')}/gateway` })],
      ['GET', /^\/users\/@me$/, () => reply(200, botUser())],
      ['POST', /^\/users\/@me\/channels$/, (_m, r) => this.openDm(String(r.body?.recipient_id ?? ''))],
      ['GET', /^\/applications\/([^/]+)\/commands$/, ([app]) => this.getCommands(app, 'global')],
      ['PUT', /^\/applications\/([^/]+)\/commands$/, ([app], r) => this.putCommands(app, 'global', r.body)],
      ['GET', /^\/applications\/([^/]+)\/guilds\/([^/]+)\/commands$/, ([app, g]) => this.getCommands(app, g)],
      ['PUT', /^\/applications\/([^/]+)\/guilds\/([^/]+)\/commands$/, ([app, g], r) => this.putCommands(app, g, r.body)],
      ['POST', /^\/interactions\/([^/]+)\/([^/]+)\/callback$/, ([id, token], r) => i.callback(id!, token!, r.query, r.body, r.files)],
      ['POST', /^\/webhooks\/([^/]+)\/([^/]+)$/, ([app, token], r) => i.followUp(app!, token!, r.query, r.body, r.files)],
      ['GET', /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/([^/]+)$/, ([app, token, mid]) => i.webhookMessage('GET', app!, token!, mid!)],
      ['PATCH', /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/([^/]+)$/, ([app, token, mid], r) => i.webhookMessage('PATCH', app!, token!, mid!, r.body, r.files)],
      ['DELETE', /^\/webhooks\/([^/]+)\/([^/]+)\/messages\/([^/]+)$/, ([app, token, mid]) => i.webhookMessage('DELETE', app!, token!, mid!)],
      ['GET', /^\/channels\/([^/]+)$/, ([c]) => (this.channels.has(c!) ? reply(200, this.channels.get(c!)) : UNKNOWN_CHANNEL)],
      ['POST', /^\/channels\/([^/]+)\/messages$/, ([c], r) => (this.channels.has(c!) ? i.post(c!, r.body, r.files) : UNKNOWN_CHANNEL)],
      ['GET', /^\/channels\/([^/]+)\/messages\/([^/]+)$/, ([c, mid]) => ch(c) ?? i.getMessage(c!, mid!)],
      ['PATCH', /^\/channels\/([^/]+)\/messages\/([^/]+)$/, ([c, mid], r) => ch(c) ?? i.editMessage(c!, mid!, r.body, r.files)],
      ['DELETE', /^\/channels\/([^/]+)\/messages\/([^/]+)$/, ([c, mid]) => ch(c) ?? i.deleteMessage(c!, mid!)],
      ['POST', /^\/channels\/([^/]+)\/messages\/([^/]+)\/threads$/, ([c, mid], r) => ch(c) ?? this.startThread(c!, mid!, r.body)],
      ['GET', /^\/guilds\/([^/]+)\/members\/([^/]+)$/, ([g, u]) => this.getMember(g!, u!)],
      ['GET', /^\/guilds\/([^/]+)\/roles$/, ([g]) => this.getRoles(g!)],
    ];
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.apiUrl = `${this.url}/api`;
    return this;
  }

  async close(): Promise<void> {
    this.gateway.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  get identifies(): Json[] {
    return this.gateway.identifies;
  }

  get heartbeats(): number {
    return this.gateway.heartbeats;
  }

  /** The text channel of a configured guild: CHANNEL_ID for the first, CHANNEL_ID+n for the n-th after it. */
  channelFor(guildId: string): string {
    const i = Math.max(0, this.opts.guilds.findIndex((g) => g.id === guildId));
    return (BigInt(CHANNEL_ID) + BigInt(i)).toString();
  }

  /** Sends INTERACTION_CREATE and registers the interaction (id, token, time, the message it came from, the member). */
  interaction(payload: Json): void {
    this.interactions.register(payload);
    if (payload.guild_id) this.seenGuilds.add(payload.guild_id);
    if (payload.guild_id && payload.member?.user) this.members.set(`${payload.guild_id}:${payload.member.user.id}`, payload.member);
    if (payload.channel && !this.channels.has(payload.channel.id)) this.channels.set(payload.channel.id, payload.channel);
    this.dispatch('INTERACTION_CREATE', payload);
  }

  dispatch(t: string, d: Json): void {
    this.gateway.dispatch(t, d);
  }

  /** A direct-message channel with a user (POST /users/@me/channels), so the bot can post to them privately. */
  private openDm(userId: string): Reply {
    if (!/^\d{5,25}$/.test(userId)) return fail(400, 50035, 'Invalid Form Body');
    const id = (BigInt(userId) + 7n).toString();
    const dm = { id, type: 1, last_message_id: null, flags: 0, recipients: [{ id: userId, username: `user${userId.slice(-4)}`, global_name: null, discriminator: '0', avatar: null }] };
    this.channels.set(id, dm);
    return reply(200, dm);
  }

  addMember(guildId: string, userId: string, roles: string[] = []): Json {
    const m = apiMember(userId, roles);
    this.members.set(`${guildId}:${userId}`, m);
    return m;
  }

  waitFor(pred: (r: RecordedRequest) => boolean, timeoutMs = 5000): Promise<RecordedRequest> {
    return this.until(() => this.requests.find(pred), timeoutMs, 'a matching request');
  }

  /** The body of the interaction's accepted callback; on timeout the error lists rejected attempts. */
  async callback(interactionId: string, timeoutMs = 5000): Promise<Json> {
    const mine = (r: RecordedRequest) => r.method === 'POST' && r.path.startsWith(`/interactions/${interactionId}/`);
    const r = await this.until(() => this.requests.find((x) => mine(x) && x.status < 300), timeoutMs, `the callback of interaction ${interactionId}`, () =>
      this.requests.filter(mine).map((x) => `${x.status} ${JSON.stringify(x.response)}`),
    );
    return r.body;
  }

  original(token: string): FakeMessage | undefined {
    return this.interactions.original(token);
  }

  followUps(token: string): FakeMessage[] {
    const originalId = this.interactions.byToken(token)?.originalId;
    return [...this.messages.values()].filter((m) => m.interaction_token === token && m.id !== originalId && m.webhook_id);
  }

  /** Messages posted in a channel, in order, including interaction replies but not ephemeral ones (deleted ones stay, flagged). */
  channelMessages(channelId: string): FakeMessage[] {
    return [...this.messages.values()].filter((m) => m.channel_id === channelId && !(m.flags & 64));
  }

  addAttachment(filename: string, data: Buffer, contentType = 'application/octet-stream'): Json {
    const id = snowflake();
    const ex = Math.floor(Date.now() / 1000 + 86400).toString(16);
    const sig = `?ex=${ex}&is=${Math.floor(Date.now() / 1000).toString(16)}&hm=${id.slice(-8)}fake`;
    const url = `${this.url}/attachments/${CHANNEL_ID}/${id}/${encodeURIComponent(filename)}${sig}`;
    const attachment = { id, filename, size: data.length, url, proxy_url: url.replace('/attachments/', '/media-proxy/attachments/'), content_type: contentType };
    this.files.set(id, { data, type: contentType, attachment });
    return attachment;
  }

  /** The next request matching gets a 429 with Discord's rate-limit headers; discord.js waits and retries. */
  rateLimitNext(match: (method: string, path: string) => boolean, retryAfterSec = 0.25): void {
    this.limits.push({ match, retryAfter: retryAfterSec });
  }

  expire(token: string): void {
    this.interactions.expire(token);
  }

  disconnectAll(code?: number): void {
    this.gateway.disconnectAll(code);
  }

  notify(): void {
    for (const w of [...this.waiters]) w();
  }

  private async until<T>(check: () => T | undefined, timeoutMs: number, what: string, detail?: () => string[]): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v !== undefined) return v;
      const left = deadline - Date.now();
      if (left <= 0) {
        const seen = detail?.() ?? this.requests.slice(-8).map((r) => `${r.method} ${r.path} ${r.status}`);
        throw new Error(`fake discord: timed out after ${timeoutMs} ms waiting for ${what}; seen: ${seen.join(' | ') || 'nothing'}`);
      }
      await new Promise<void>((resolve) => {
        const done = () => {
          clearTimeout(t);
          this.waiters.delete(done);
          resolve();
        };
        const t = setTimeout(done, Math.min(left, 100));
        this.waiters.add(done);
      });
    }
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const at = Date.now();
    const url = new URL(req.url ?? '/', 'http://fake');
    const method = req.method ?? 'GET';
    const raw = await readBody(req);
    let path = safeDecode(url.pathname);
    const api = path.startsWith('/api/v10/');
    if (api) path = path.slice('/api/v10'.length);
    const rec: RecordedRequest = { method, path, query: url.search, auth: req.headers.authorization, body: undefined, at, status: 0 };
    let out: Reply;
    const parsed = await parseBody(raw, req.headers['content-type']);
    rec.body = parsed?.body;
    if (parsed?.files.length) rec.files = parsed.files.map((f) => ({ name: f.name, type: f.type, size: f.data.length }));
    if (method === 'GET' && /^\/(media-proxy\/)?attachments\//.test(path)) return this.download(rec, path, res);
    if (!api) out = fail(404, 0, '404: Not Found');
    else if (!parsed) out = fail(400, 50109, 'The request body contains invalid JSON.');
    // Discord refuses a request whose files pass the upload limit (25 MiB without server boosts).
    else if (parsed.files.reduce((n, f) => n + f.data.length, 0) > UPLOAD_LIMIT) out = fail(413, 40005, 'Request entity too large');
    else {
      // A bug in the fake answers 500 (discord.js retries, then throws HTTPError) instead of hanging the request.
      out = await Promise.resolve()
        .then(() => this.route({ method, path, query: url.searchParams, body: parsed.body, files: parsed.files }, req.headers.authorization))
        .catch((err: unknown) => fail(500, 0, `fake discord crashed: ${String(err)}`));
    }
    rec.status = out.status;
    rec.response = out.body;
    this.requests.push(rec);
    const text = out.body === undefined ? '' : JSON.stringify(out.body);
    const headers: Record<string, string> = { ...out.headers, 'content-length': String(Buffer.byteLength(text)) };
    if (out.body !== undefined) headers['content-type'] = 'application/json';
    res.writeHead(out.status, headers);
    res.end(text);
    this.notify();
  }

  private async route(r: Incoming, auth: string | undefined): Promise<Reply> {
    const limit = this.limits.findIndex((l) => l.match(r.method, r.path));
    if (limit >= 0) return this.tooMany(this.limits.splice(limit, 1)[0]!.retryAfter, r.path);
    const open = r.path.startsWith('/interactions/') || /^\/webhooks\/[^/]+\/[^/]+/.test(r.path);
    if (!open && auth !== `Bot ${DISCORD_TOKEN}`) return fail(401, 0, '401: Unauthorized');
    const channel = /^\/channels\/(\d+)/.exec(r.path)?.[1];
    if (channel && this.noAccess.has(channel)) return fail(403, 50001, 'Missing Access');
    for (const [method, re, handler] of this.routes) {
      const m = re.exec(r.path);
      if (m && method === r.method) return handler(m.slice(1), r);
    }
    const known = this.routes.some(([, re]) => re.test(r.path));
    return known ? fail(405, 0, '405: Method Not Allowed') : fail(404, 0, '404: Not Found');
  }

  private tooMany(retryAfter: number, path: string): Reply {
    return {
      status: 429,
      body: { message: 'You are being rate limited.', retry_after: retryAfter, global: false },
      headers: {
        'retry-after': String(retryAfter),
        'x-ratelimit-limit': '5',
        'x-ratelimit-remaining': '0',
        'x-ratelimit-reset': ((Date.now() + retryAfter * 1000) / 1000).toFixed(3),
        'x-ratelimit-reset-after': retryAfter.toFixed(3),
        'x-ratelimit-bucket': `fake${Buffer.from(path.split('/').slice(0, 3).join('/')).toString('hex').slice(0, 24)}`,
        'x-ratelimit-scope': 'user',
      },
    };
  }

  private download(rec: RecordedRequest, path: string, res: ServerResponse): void {
    const id = /attachments\/\d+\/(\d+)\//.exec(path)?.[1] ?? '';
    const f = this.files.get(id);
    rec.status = f ? 200 : 404;
    this.requests.push(rec);
    if (!f) {
      res.writeHead(404, { 'content-type': 'text/plain' });
      res.end('This content is no longer available.');
    } else {
      res.writeHead(200, { 'content-type': f.type, 'content-length': String(f.data.length) });
      res.end(f.data);
    }
    this.notify();
  }

  private knownGuild(app: string | undefined, guild: string): Reply | undefined {
    if (app !== APP_ID) return fail(403, 50001, 'Missing Access');
    if (guild !== 'global' && !this.opts.guilds.some((g) => g.id === guild)) return fail(403, 50001, 'Missing Access');
    return undefined;
  }

  private getCommands(app: string | undefined, scope: string | undefined): Reply {
    return this.knownGuild(app, scope!) ?? reply(200, this.commands.get(scope!) ?? []);
  }

  private putCommands(app: string | undefined, scope: string | undefined, body: Json): Reply {
    const denied = this.knownGuild(app, scope!);
    if (denied) return denied;
    const e = checkCommands(body);
    if (!e.ok) return invalid(e);
    const before = this.commands.get(scope!) ?? [];
    const stored = (body as Json[]).map((c) => {
      const prev = before.find((p) => p.name === c.name && p.type === (c.type ?? 1));
      return {
        id: prev?.id ?? snowflake(),
        application_id: APP_ID,
        version: snowflake(),
        ...(scope === 'global' ? {} : { guild_id: scope }),
        type: c.type ?? 1,
        name: c.name,
        name_localizations: c.name_localizations ?? null,
        description: c.description ?? '',
        description_localizations: c.description_localizations ?? null,
        ...(c.options?.length ? { options: c.options } : {}),
        default_member_permissions: c.default_member_permissions ?? null,
        dm_permission: c.dm_permission ?? true,
        contexts: c.contexts ?? null,
        integration_types: c.integration_types ?? [0],
        nsfw: c.nsfw ?? false,
      };
    });
    this.commands.set(scope!, stored);
    return reply(200, stored);
  }

  private channelMessage(channelId: string | undefined): Reply | undefined {
    return this.channels.has(channelId!) ? undefined : UNKNOWN_CHANNEL;
  }

  private startThread(channelId: string, messageId: string, body: Json): Reply {
    const m = this.messages.get(messageId);
    if (!m || m.channel_id !== channelId || m.deleted) return fail(404, 10008, 'Unknown Message');
    if (this.channels.has(messageId)) return fail(400, 160004, 'A thread has already been created for this message');
    const name = String(body?.name ?? '');
    if (!name || name.length > 100) return fail(400, 50035, 'Invalid Form Body');
    const thread = threadChannel(messageId, this.channels.get(channelId), name, body?.auto_archive_duration ?? 1440);
    this.channels.set(messageId, thread);
    return reply(201, thread);
  }

  private getMember(guildId: string, userId: string): Reply {
    if (!this.seenGuilds.has(guildId)) return fail(404, 10004, 'Unknown Guild');
    const m = this.members.get(`${guildId}:${userId}`);
    if (!m) return fail(404, 10007, 'Unknown Member');
    const { permissions: _p, ...member } = m;
    return reply(200, member);
  }

  private getRoles(guildId: string): Reply {
    const g = this.opts.guilds.find((x) => x.id === guildId);
    return g ? reply(200, guildRoles(g)) : fail(404, 10004, 'Unknown Guild');
  }

  /** For ./discord-interactions.ts: the interaction record by id (tests rarely need it). */
  pending(id: string): PendingInteraction | undefined {
    return this.interactions.byId(id);
  }
}

const UNKNOWN_CHANNEL = fail(404, 10003, 'Unknown Channel');

export async function startFakeDiscord(opts?: StartOptions): Promise<FakeDiscord> {
  return new FakeDiscord(opts).start();
}

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

const UPLOAD_LIMIT = 25 * 1024 * 1024;

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** JSON, or multipart/form-data as discord.js sends files (payload_json + files[n]); undefined for bad JSON. */
async function parseBody(raw: Buffer, type: string | undefined): Promise<{ body: Json; files: Incoming['files'] } | undefined> {
  if (!raw.length) return { body: undefined, files: [] };
  try {
    if (type?.startsWith('multipart/form-data')) {
      const form = await new Response(raw, { headers: { 'content-type': type } }).formData();
      const files: Incoming['files'] = [];
      let body: Json = {};
      for (const [key, value] of form) {
        if (key === 'payload_json') body = JSON.parse(String(value));
        else if (typeof value !== 'string') files.push({ name: value.name, type: value.type || 'application/octet-stream', data: Buffer.from(await value.arrayBuffer()) });
      }
      return { body, files };
    }
    return { body: JSON.parse(raw.toString('utf8')), files: [] };
  } catch {
    return undefined;
  }
}
