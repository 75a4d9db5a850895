// A fake Slack for tests: the Web API (form-encoded POSTs with a Bearer token, Slack's answers and error
// shapes, Block Kit limits, single-use trigger ids that expire after 3 s, 429 with Retry-After), response_url
// endpoints (5 uses), private files served only with the bot token, the external upload flow (upload URL, the
// bytes, completion into a channel or DM) with every uploaded file kept, the Socket Mode websocket, and the messages
// the bot posted per channel (edits in place, thread replies by thread_ts) with per-channel rate limits on request.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { FakeUploads, type SharedUpload } from './slack-uploads.ts';

export type { FakeUpload, SharedUpload } from './slack-uploads.ts';

export const BOT_TOKEN = 'xoxb-1-test-bot-token';
export const APP_TOKEN = 'xapp-1-test-app-token';
export const TEAM = 'T0TEAM';
export const BOT_USER = 'U0TRUNKOPS';

export interface ApiCall {
  method: string;
  auth: string | undefined;
  body: Record<string, unknown>;
  at: number;
  /** The HTTP status the fake answered (429 when rate-limited). */
  status?: number;
}

export interface ResponsePost {
  id: string;
  body: Record<string, unknown>;
  at: number;
}

export interface FakeFile {
  id: string;
  name: string;
  size: number;
  mimetype: string;
  filetype: string;
  url_private: string;
  url_private_download: string;
}

/** A message the bot posted with chat.postMessage, as it reads now (chat.update replaces its text and blocks). */
export interface PostedMessage {
  channel: string;
  ts: string;
  thread_ts?: string;
  text: string;
  blocks: Record<string, unknown>[];
  edits: number;
}

/** Methods that write into a channel: what the per-channel limits below count. */
const CHANNEL_WRITES = new Set(['chat.postMessage', 'chat.update']);

interface StoredView {
  id: string;
  hash: string;
  view: Record<string, unknown>;
}

const LIMITS = { messageBlocks: 50, modalBlocks: 100, homeBlocks: 100, sectionText: 3000, buttonValue: 2000, title: 24, metadata: 3000 };

export class FakeSlack {
  readonly calls: ApiCall[] = [];
  readonly responses: ResponsePost[] = [];
  /** Answers by response_url id, in order. */
  readonly responsesById = new Map<string, ResponsePost[]>();
  readonly downloads: { path: string; auth: string | undefined }[] = [];
  readonly socketAcks: { envelope_id: string; payload?: unknown }[] = [];
  readonly views = new Map<string, StoredView>();
  /** Every view opened or updated, in order. */
  readonly viewLog: StoredView[] = [];
  usergroups: { id: string; handle: string; users: string[] }[] = [];
  /** Channels the bot is a member of; posting elsewhere fails with not_in_channel. */
  memberOf = new Set<string>(['C0NOC', 'C0ALERTS']);
  /** The external upload flow: every file uploaded, and the DMs conversations.open opened. */
  readonly uploadFlow = new FakeUploads(() => this.url, () => this.memberOf);
  /** Scopes the bot token lacks: methods that need one answer missing_scope. */
  missingScopes = new Set<string>();
  private server: Server;
  private wss = new WebSocketServer({ noServer: true });
  private sockets = new Set<WebSocket>();
  private files = new Map<string, { file: FakeFile; content: Buffer }>();
  private triggers = new Map<string, number>();
  private limited = new Map<string, { retryAfter: number; times: number }>();
  private channelLimited = new Map<string, { retryAfter: number; times: number }>();
  private channelPaceMs = 0;
  private lastWrite = new Map<string, number>();
  /** Posted messages by `${channel}/${ts}`, in posting order. */
  readonly posted = new Map<string, PostedMessage>();
  private responseUses = new Map<string, number>();
  private seq = 0;
  private waiters: (() => void)[] = [];
  url = '';

  constructor() {
    this.server = createServer((req, res) => void this.handle(req, res));
    this.server.on('upgrade', (req, socket, head) => {
      if (!req.url?.startsWith('/link')) return socket.destroy();
      this.wss.handleUpgrade(req, socket, head, (ws) => {
        this.sockets.add(ws);
        ws.on('message', (data) => {
          this.socketAcks.push(JSON.parse(String(data)) as { envelope_id: string });
          this.notify();
        });
        ws.on('close', () => {
          this.sockets.delete(ws);
          this.notify();
        });
        ws.send(JSON.stringify({ type: 'hello', num_connections: 1, debug_info: { host: 'fake' }, connection_info: { app_id: 'A0APP' } }));
      });
    });
  }

  async start(): Promise<this> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  get apiUrl(): string {
    return `${this.url}/api/`;
  }

  async close(): Promise<void> {
    for (const ws of this.sockets) ws.close();
    await this.waitFor(() => this.sockets.size === 0, 5000).catch(() => {});
    this.wss.close();
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  /** A trigger id as Slack issues with an interaction: valid once, for 3 seconds. */
  trigger(issuedMsAgo = 0): string {
    const id = `${++this.seq}.${Date.now()}.fake`;
    this.triggers.set(id, Date.now() - issuedMsAgo);
    return id;
  }

  responseUrl(): string {
    return `${this.url}/response/${++this.seq}`;
  }

  /** The next `times` calls of `method` get HTTP 429 with Retry-After. */
  rateLimit(method: string, retryAfterSeconds: number, times = 1): void {
    this.limited.set(method, { retryAfter: retryAfterSeconds, times });
  }

  /** The next `times` writes (chat.postMessage, chat.update) into this channel get HTTP 429 with Retry-After. */
  rateLimitChannel(channel: string, retryAfterSeconds: number, times = 1): void {
    this.channelLimited.set(channel, { retryAfter: retryAfterSeconds, times });
  }

  /**
   * Slack allows about one message per second per channel: with a pace set, a write into a channel sooner than
   * `paceMs` after the previous accepted one gets 429 with Retry-After: 1 (stricter than Slack, which allows short bursts).
   */
  enforceChannelPace(paceMs = 1000): void {
    this.channelPaceMs = paceMs;
  }

  /** Top-level messages of a channel (not thread replies), in posting order, as they read now. */
  channelMessages(channel: string): PostedMessage[] {
    return [...this.posted.values()].filter((m) => m.channel === channel && !m.thread_ts);
  }

  /** Replies in the thread under a message, in order. */
  threadReplies(channel: string, ts: string): PostedMessage[] {
    return [...this.posted.values()].filter((m) => m.channel === channel && m.thread_ts === ts);
  }

  message(channel: string, ts: string): PostedMessage | undefined {
    return this.posted.get(`${channel}/${ts}`);
  }

  addFile(name: string, content: string | Buffer, mimetype = 'text/csv'): FakeFile {
    const id = `F${++this.seq}`;
    const data = Buffer.from(content);
    const file: FakeFile = {
      id,
      name,
      size: data.length,
      mimetype,
      filetype: name.split('.').pop() ?? '',
      url_private: `${this.url}/files-pri/${TEAM}-${id}/${name}`,
      url_private_download: `${this.url}/files-pri/${TEAM}-${id}/download/${name}`,
    };
    this.files.set(id, { file, content: data });
    return file;
  }

  /** Pushes a Socket Mode envelope to every connected app. */
  socketSend(envelope: Record<string, unknown>): void {
    for (const ws of this.sockets) ws.send(JSON.stringify(envelope));
  }

  get socketConnected(): boolean {
    return this.sockets.size > 0;
  }

  callsOf(method: string): ApiCall[] {
    return this.calls.filter((c) => c.method === method);
  }

  async waitFor<T>(check: () => T | undefined | false | null, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const v = check();
      if (v) return v;
      if (Date.now() > deadline) throw new Error('fake slack: timed out waiting');
      await new Promise<void>((r) => {
        const t = setTimeout(r, 50);
        this.waiters.push(() => {
          clearTimeout(t);
          r();
        });
      });
    }
  }

  /** The next API call of this method after `after` calls of it were seen. */
  nextCall(method: string, after = this.callsOf(method).length): Promise<ApiCall> {
    return this.waitFor(() => this.callsOf(method)[after]);
  }

  /** The nth answer posted to this response_url (from 0). */
  answerTo(responseUrl: string, nth = 0, timeoutMs?: number): Promise<ResponsePost> {
    const id = responseUrl.slice(responseUrl.lastIndexOf('/') + 1);
    return this.waitFor(() => this.responsesById.get(id)?.[nth], timeoutMs);
  }

  private notify(): void {
    const w = this.waiters.splice(0);
    for (const f of w) f();
  }

  /** Files shared by files.completeUploadExternal, in order, with their bytes. */
  sharedFiles(): SharedUpload[] {
    return this.uploadFlow.shared();
  }

  /** The DM channel conversations.open gave for a user. */
  dmOf(user: string): string | undefined {
    return this.uploadFlow.dms.get(user);
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': typeof body === 'string' ? 'text/html; charset=utf-8' : 'application/json; charset=utf-8', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
      this.notify();
    };
    if (req.method === 'GET' && url.pathname.startsWith('/files-pri/')) {
      this.downloads.push({ path: url.pathname, auth: req.headers.authorization });
      const id = /\/files-pri\/[^-]+-([^/]+)\//.exec(url.pathname)?.[1];
      const f = id ? this.files.get(id) : undefined;
      // Slack answers a request without the bot token with its sign-in page, status 200.
      if (req.headers.authorization !== `Bearer ${BOT_TOKEN}`) return send(200, '<!DOCTYPE html><html><title>Slack</title><body>Sign in</body></html>');
      if (!f) return send(404, { ok: false, error: 'file_not_found' });
      res.writeHead(200, { 'content-type': f.file.mimetype, 'content-length': String(f.content.length) });
      res.end(f.content);
      return;
    }
    const bytes = await readBody(req);
    if (req.method === 'POST' && url.pathname.startsWith('/upload/v1/')) return this.uploadFlow.receive(url.pathname.slice('/upload/v1/'.length), bytes, req.headers['content-type'], send);
    const raw = bytes.toString('utf8');
    if (req.method === 'POST' && url.pathname.startsWith('/response/')) {
      const id = url.pathname.slice('/response/'.length);
      const uses = (this.responseUses.get(id) ?? 0) + 1;
      this.responseUses.set(id, uses);
      if (uses > 5) return send(404, 'used_url');
      const body = JSON.parse(raw) as Record<string, unknown>;
      const problem = checkBlocks(body.blocks, LIMITS.messageBlocks);
      if (problem) return send(400, 'invalid_blocks');
      const post = { id, body, at: Date.now() };
      this.responses.push(post);
      this.responsesById.set(id, [...(this.responsesById.get(id) ?? []), post]);
      return send(200, 'ok');
    }
    if (req.method === 'POST' && url.pathname.startsWith('/api/')) {
      const method = url.pathname.slice('/api/'.length);
      const body = parseApiBody(raw, req.headers['content-type']);
      const call: ApiCall = { method, auth: req.headers.authorization, body, at: Date.now() };
      this.calls.push(call);
      const limit = this.limited.get(method);
      const retryAfter = limit && limit.times-- > 0 ? limit.retryAfter : this.channelLimit(method, body);
      call.status = retryAfter ? 429 : 200;
      if (retryAfter) return send(429, { ok: false, error: 'ratelimited' }, { 'retry-after': String(retryAfter) });
      return send(200, this.answer(method, body, req.headers.authorization));
    }
    send(404, { ok: false, error: 'unknown_method' });
  }

  /** Retry-After seconds when this write into a channel is over a limit a test set; the write is not counted then. */
  private channelLimit(method: string, body: Record<string, unknown>): number | undefined {
    const channel = String(body.channel ?? '');
    if (!CHANNEL_WRITES.has(method) || !channel) return undefined;
    const once = this.channelLimited.get(channel);
    if (once && once.times > 0) {
      once.times--;
      return once.retryAfter;
    }
    const now = Date.now();
    if (this.channelPaceMs && now - (this.lastWrite.get(channel) ?? 0) < this.channelPaceMs) return 1;
    this.lastWrite.set(channel, now);
    return undefined;
  }

  private answer(method: string, body: Record<string, unknown>, auth: string | undefined): Record<string, unknown> {
    if (method === 'apps.connections.open') {
      if (auth !== `Bearer ${APP_TOKEN}`) return { ok: false, error: 'invalid_auth' };
      return { ok: true, url: `${this.url.replace('http', 'ws')}/link/?ticket=fake` };
    }
    if (auth !== `Bearer ${BOT_TOKEN}`) return { ok: false, error: 'invalid_auth' };
    const needed = SCOPE_OF[method];
    if (needed && this.missingScopes.has(needed)) return { ok: false, error: 'missing_scope', needed, provided: 'commands,chat:write' };
    const ts = () => `${Math.floor(Date.now() / 1000)}.${String(++this.seq).padStart(6, '0')}`;
    switch (method) {
      case 'auth.test':
        return { ok: true, url: 'https://fake.slack.com/', team: 'Fake', user: 'trunkops', team_id: TEAM, user_id: BOT_USER, bot_id: 'B0TRUNKOPS' };
      case 'chat.postMessage':
      case 'chat.postEphemeral': {
        const channel = String(body.channel ?? '');
        if (!channel) return { ok: false, error: 'channel_not_found' };
        // A user id (D… / U…) as channel opens the app's DM with that user.
        if (/^C/.test(channel) && !this.memberOf.has(channel)) return { ok: false, error: 'not_in_channel' };
        const problem = checkBlocks(body.blocks, LIMITS.messageBlocks) ?? (body.text || body.blocks ? undefined : 'no_text');
        if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } };
        if (method === 'chat.postEphemeral') return { ok: true, message_ts: ts() };
        const m: PostedMessage = { channel, ts: ts(), text: String(body.text ?? ''), blocks: (body.blocks as Record<string, unknown>[] | undefined) ?? [], edits: 0 };
        if (body.thread_ts) m.thread_ts = String(body.thread_ts);
        this.posted.set(`${channel}/${m.ts}`, m);
        return { ok: true, channel, ts: m.ts, message: { text: m.text, ts: m.ts, ...(m.thread_ts ? { thread_ts: m.thread_ts } : {}), bot_id: 'B0TRUNKOPS' } };
      }
      case 'chat.update': {
        const problem = checkBlocks(body.blocks, LIMITS.messageBlocks);
        if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } };
        // Only the bot's own messages can be edited, and only ones that still exist.
        const m = this.posted.get(`${String(body.channel)}/${String(body.ts)}`);
        if (!m) return { ok: false, error: 'message_not_found' };
        if (body.text !== undefined) m.text = String(body.text);
        if (body.blocks !== undefined) m.blocks = body.blocks as Record<string, unknown>[];
        m.edits++;
        return { ok: true, channel: body.channel, ts: body.ts, text: m.text };
      }
      case 'views.open': {
        const trigger = String(body.trigger_id ?? '');
        const issued = this.triggers.get(trigger);
        if (issued === undefined || Date.now() - issued > 3000) return { ok: false, error: 'expired_trigger_id' };
        this.triggers.delete(trigger);
        return this.storeView(body.view as Record<string, unknown>);
      }
      case 'views.update': {
        const stored = this.views.get(String(body.view_id));
        if (!stored) return { ok: false, error: 'not_found' };
        if (body.hash && body.hash !== stored.hash) return { ok: false, error: 'hash_conflict' };
        return this.storeView(body.view as Record<string, unknown>, stored.id);
      }
      case 'views.publish': {
        const view = body.view as { type?: string; blocks?: unknown[] };
        if (view?.type !== 'home') return { ok: false, error: 'invalid_arguments' };
        const problem = checkBlocks(view.blocks, LIMITS.homeBlocks);
        if (problem) return { ok: false, error: 'invalid_blocks', response_metadata: { messages: [problem] } };
        return { ok: true, view: { id: `V${++this.seq}`, ...view } };
      }
      case 'usergroups.list':
        return { ok: true, usergroups: body.include_users ? this.usergroups : this.usergroups.map((g) => ({ ...g, users: undefined })) };
      case 'conversations.open':
        return this.uploadFlow.openDm(body);
      case 'files.getUploadURLExternal':
        return this.uploadFlow.uploadUrl(body);
      case 'files.completeUploadExternal':
        return this.uploadFlow.complete(body);
      case 'files.info': {
        const f = this.files.get(String(body.file));
        return f ? { ok: true, file: f.file } : { ok: false, error: 'file_not_found' };
      }
      default:
        return { ok: false, error: 'unknown_method' };
    }
  }

  private storeView(view: Record<string, unknown>, id = `V${++this.seq}`): Record<string, unknown> {
    const problem = checkModal(view);
    if (problem) return { ok: false, error: 'invalid_arguments', response_metadata: { messages: [problem] } };
    const stored = { id, hash: `${Date.now()}.${++this.seq}`, view: { ...view, id, team_id: TEAM, state: { values: {} } } };
    this.views.set(id, stored);
    this.viewLog.push(stored);
    return { ok: true, view: { ...stored.view, hash: stored.hash } };
  }
}

export async function startFakeSlack(): Promise<FakeSlack> {
  return new FakeSlack().start();
}

/** Scopes the methods that need more than chat:write ask for. */
const SCOPE_OF: Record<string, string> = { 'files.getUploadURLExternal': 'files:write', 'files.completeUploadExternal': 'files:write', 'conversations.open': 'im:write' };

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** The Web API takes form fields, with objects (blocks, view) JSON-encoded in them, or a JSON body. */
function parseApiBody(raw: string, type: string | undefined): Record<string, unknown> {
  if (type?.startsWith('application/json')) return JSON.parse(raw || '{}') as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const [k, v] of new URLSearchParams(raw)) {
    out[k] = /^[[{]/.test(v) ? JSON.parse(v) : v === 'true' ? true : v === 'false' ? false : v;
  }
  return out;
}

/** Slack's message rules that a real client would trip over: block count, text sizes, button values, ids. */
export function checkBlocks(blocks: unknown, max: number): string | undefined {
  if (blocks === undefined) return undefined;
  if (!Array.isArray(blocks)) return 'blocks must be an array';
  if (blocks.length > max) return `no more than ${max} items allowed [json-pointer:/blocks]`;
  const blockIds = new Set<string>();
  for (const [i, b] of (blocks as Record<string, unknown>[]).entries()) {
    if (b.block_id) {
      if (blockIds.has(String(b.block_id))) return `duplicate block_id ${String(b.block_id)} [json-pointer:/blocks/${i}]`;
      blockIds.add(String(b.block_id));
    }
    const text = (b.text as { text?: string } | undefined)?.text;
    if (text !== undefined && text.length > LIMITS.sectionText) return `must be less than 3001 characters [json-pointer:/blocks/${i}/text]`;
    if (b.type === 'section' && !text && !b.fields) return `section needs text or fields [json-pointer:/blocks/${i}]`;
    if (Array.isArray(b.fields) && b.fields.length > 10) return `no more than 10 fields [json-pointer:/blocks/${i}/fields]`;
    if (b.type === 'actions') {
      const els = b.elements as Record<string, unknown>[];
      const ids = els.map((e) => e.action_id);
      if (new Set(ids).size !== ids.length) return `duplicate action_id [json-pointer:/blocks/${i}]`;
      for (const e of els) if (typeof e.value === 'string' && e.value.length > LIMITS.buttonValue) return `value too long [json-pointer:/blocks/${i}]`;
    }
  }
  return undefined;
}

function checkModal(view: Record<string, unknown>): string | undefined {
  const title = (view.title as { text?: string } | undefined)?.text ?? '';
  if (!title || title.length > LIMITS.title) return 'title must be 1-24 characters';
  const blocks = view.blocks as Record<string, unknown>[];
  if (blocks.some((b) => b.type === 'input') && !view.submit) return 'submit is required with input blocks';
  if (String(view.private_metadata ?? '').length > LIMITS.metadata) return 'private_metadata must be at most 3000 characters';
  for (const b of blocks) {
    if (b.type !== 'input') continue;
    const el = b.element as Record<string, unknown>;
    if (el.type === 'file_input' && b.dispatch_action) return 'file_input cannot dispatch actions';
    if (el.type === 'static_select' && !(el.options as unknown[] | undefined)?.length) return 'static_select needs options';
  }
  return checkBlocks(blocks, LIMITS.modalBlocks);
}
