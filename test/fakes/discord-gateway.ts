// The fake Discord gateway (JSON encoding, no zlib): HELLO on connect, IDENTIFY checks the token (bad → close
// 4004) and gets READY plus one GUILD_CREATE per guild, heartbeats are ACKed, RESUME continues a session (nothing
// is replayed) with RESUMED, and dispatches carry increasing sequence numbers per session.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { randomBytes } from 'node:crypto';
import { WebSocketServer, type WebSocket } from 'ws';
import { APP_ID, DISCORD_TOKEN, botUser, guildCreate, type GuildSpec, type Json } from './discord-objects.ts';

interface Session {
  id: string;
  seq: number;
}

interface Conn {
  ws: WebSocket;
  session?: Session;
}

export interface GatewayOptions {
  heartbeatIntervalMs: number;
  guilds: GuildSpec[];
  sendGuildCreate: boolean;
  channelFor: (guildId: string) => string;
}

export class FakeGateway {
  readonly identifies: Json[] = [];
  /** Every RESUME payload received. */
  readonly resumes: Json[] = [];
  /** The request URL of every gateway connection, e.g. /gateway?v=10&encoding=json. */
  readonly connects: string[] = [];
  heartbeats = 0;
  private wss = new WebSocketServer({ noServer: true });
  private conns = new Set<Conn>();
  private sessions = new Map<string, Session>();

  constructor(
    private opts: GatewayOptions,
    private wsUrl: () => string,
    private onChange: () => void,
  ) {}

  upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://fake');
    if (url.pathname !== '/gateway') {
      socket.destroy();
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws, url, req.url ?? ''));
  }

  get identified(): number {
    return [...this.conns].filter((c) => c.session).length;
  }

  dispatch(t: string, d: unknown): void {
    for (const c of this.conns) if (c.session) this.send(c, t, d);
  }

  /** Drops every socket: without a code the TCP connection is cut (discord.js resumes); with one it is closed with it. */
  disconnectAll(code?: number): void {
    for (const c of this.conns) {
      if (code === undefined) c.ws.terminate();
      else c.ws.close(code);
    }
  }

  close(): void {
    for (const c of this.conns) c.ws.terminate();
    this.conns.clear();
    this.wss.close();
  }

  private accept(ws: WebSocket, url: URL, raw: string): void {
    this.connects.push(raw);
    const conn: Conn = { ws };
    this.conns.add(conn);
    ws.on('close', () => {
      this.conns.delete(conn);
      this.onChange();
    });
    ws.on('error', () => {});
    if (url.searchParams.get('v') !== '10') return ws.close(4012, 'Invalid API version');
    if (url.searchParams.get('compress')) return ws.close(4002, 'zlib-stream is not implemented by the fake');
    ws.on('message', (data) => this.onMessage(conn, String(data)));
    this.raw(conn, { op: 10, d: { heartbeat_interval: this.opts.heartbeatIntervalMs }, s: null, t: null });
  }

  private onMessage(conn: Conn, text: string): void {
    let p: { op: number; d: Json };
    try {
      p = JSON.parse(text) as { op: number; d: Json };
    } catch {
      return conn.ws.close(4002, 'Error while decoding payload.');
    }
    switch (p.op) {
      case 1:
        this.heartbeats++;
        this.raw(conn, { op: 11, d: null, s: null, t: null });
        break;
      case 2:
        this.identify(conn, p.d);
        break;
      case 6:
        this.resume(conn, p.d);
        break;
      case 3:
      case 4:
      case 8:
        if (!conn.session) conn.ws.close(4003, 'Not authenticated.');
        break;
      default:
        conn.ws.close(4001, 'Unknown opcode.');
    }
    this.onChange();
  }

  private identify(conn: Conn, d: Json): void {
    if (conn.session) return conn.ws.close(4005, 'Already authenticated.');
    if (d?.token !== DISCORD_TOKEN) return conn.ws.close(4004, 'Authentication failed.');
    this.identifies.push(d);
    const session = { id: randomBytes(16).toString('hex'), seq: 0 };
    this.sessions.set(session.id, session);
    conn.session = session;
    this.send(conn, 'READY', {
      v: 10,
      user: botUser(),
      guilds: this.opts.guilds.map((g) => ({ id: g.id, unavailable: true })),
      session_id: session.id,
      session_type: 'normal',
      resume_gateway_url: this.wsUrl(),
      shard: d.shard ?? [0, 1],
      application: { id: APP_ID, flags: 0 },
      user_settings: {},
      private_channels: [],
      presences: [],
      relationships: [],
      guild_join_requests: [],
      geo_ordered_rtc_regions: [],
      auth: {},
      _trace: ['["fake-discord-gateway",{"micros":0}]'],
    });
    if (!this.opts.sendGuildCreate) return;
    for (const g of this.opts.guilds) this.send(conn, 'GUILD_CREATE', guildCreate(g, this.opts.channelFor(g.id)));
  }

  private resume(conn: Conn, d: Json): void {
    this.resumes.push(d);
    const session = this.sessions.get(String(d?.session_id));
    if (d?.token !== DISCORD_TOKEN) return conn.ws.close(4004, 'Authentication failed.');
    // An unknown session gets INVALID_SESSION (d:false: not resumable), after which the client identifies anew.
    if (!session) return this.raw(conn, { op: 9, d: false, s: null, t: null });
    conn.session = session;
    this.send(conn, 'RESUMED', { _trace: ['["fake-discord-gateway",{"micros":0}]'] });
  }

  private send(conn: Conn, t: string, d: unknown): void {
    const s = ++conn.session!.seq;
    this.raw(conn, { op: 0, t, s, d });
  }

  private raw(conn: Conn, payload: unknown): void {
    if (conn.ws.readyState === conn.ws.OPEN) conn.ws.send(JSON.stringify(payload));
  }
}
