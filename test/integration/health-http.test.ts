// POST /v1/call-events and the dialler's read API over the real HTTP server: the bearer token, JSON arrays and
// NDJSON, bad events refused with their reasons while the good ones are kept, replays, unknown carriers, limits.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { callEventRoutes } from '../../src/http/call-events.ts';
import { readApiRoutes } from '../../src/http/read-api.ts';
import { startHttp, type HttpServer } from '../../src/http/server.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const TOKEN = 'test-call-events-token-5f2c9a';
const NOW = new Date('2026-05-01T12:00:00Z');
let h: Harness;
let http: HttpServer;
let off: HttpServer;

beforeAll(async () => {
  h = await createHarness({ CALL_EVENTS_TOKEN: TOKEN });
  await h.script([
    'carrier add name=Acme sip_address=sip.acme.example:5060 cps=2.5 burst=5 channels=40 username=acme password=Sup3r-Secret-99',
    'carrier add name=Beta sip_address=sip.beta.example',
    'did add carrier=Acme number=+14155550100 direction=outbound',
    'did add carrier=Acme number=+14155550101 direction=both',
    'did add carrier=Acme number=+14155550102 direction=inbound',
    'did add carrier=Beta number=+14155550200 direction=outbound',
  ]);
  const token = h.app.deps && TOKEN;
  const routes = { ...callEventRoutes({ token, store: h.app.store, logger: h.logger, now: () => NOW }), ...readApiRoutes({ token, store: h.app.store }) };
  http = await startHttp(0, routes, h.logger);
  off = await startHttp(0, { ...callEventRoutes({ store: h.app.store, logger: h.logger }), ...readApiRoutes({ store: h.app.store }) }, h.logger);
});
afterAll(async () => {
  await http?.close();
  await off?.close();
  await h?.close();
});

const url = (path: string, server = http) => `http://127.0.0.1:${server.port}${path}`;

async function post(body: string, opts: { type?: string; auth?: string | null; server?: HttpServer } = {}) {
  const headers: Record<string, string> = { 'content-type': opts.type ?? 'application/json' };
  if (opts.auth !== null) headers.authorization = opts.auth ?? `Bearer ${TOKEN}`;
  const res = await fetch(url('/v1/call-events', opts.server), { method: 'POST', headers, body });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

async function get(path: string, auth: string | null = `Bearer ${TOKEN}`) {
  const res = await fetch(url(path), { headers: auth ? { authorization: auth } : {} });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

function ev(id: string, carrier: string, code: number | null, minute = 0) {
  const end = Date.parse('2026-05-01T10:00:00Z') + minute * 60_000;
  return {
    call_id: id,
    carrier,
    number: '+14155559999',
    direction: 'outbound',
    sip_code: code,
    started_at: new Date(end - 30_000).toISOString(),
    answered_at: code === 200 ? new Date(end - 20_000).toISOString() : null,
    ended_at: new Date(end).toISOString(),
  };
}

const stored = async (prefix: string) => (await h.db.query('select call_id from call_events where call_id like $1 order by call_id', [`${prefix}%`])).map((r) => r.call_id);

describe('POST /v1/call-events', () => {
  it('refuses a missing, wrong or non-Bearer token with 401 and a Bearer challenge, storing nothing', async () => {
    const body = JSON.stringify([ev('auth-1', 'Acme', 503)]);
    const missing = await post(body, { auth: null });
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer realm="trunkops"');
    const wrong = await post(body, { auth: 'Bearer not-the-token' });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('www-authenticate')).toBe('Bearer realm="trunkops", error="invalid_token"');
    expect(wrong.body).toEqual({ error: 'invalid token' });
    expect((await post(body, { auth: `Bearer ${TOKEN}x` })).status).toBe(401);
    expect((await post(body, { auth: `Basic ${Buffer.from(`u:${TOKEN}`).toString('base64')}` })).status).toBe(401);
    expect((await post(body, { auth: TOKEN })).status).toBe(401);
    expect(await stored('auth-')).toEqual([]);
  });

  it('is turned off (503) when CALL_EVENTS_TOKEN is not set, and says so', async () => {
    const r = await post(JSON.stringify([ev('off-1', 'Acme', 503)]), { server: off });
    expect(r).toMatchObject({ status: 503, body: { error: 'The call-event API is turned off: set CALL_EVENTS_TOKEN to turn it on' } });
    const read = await fetch(url('/v1/carriers', off), { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(read.status).toBe(503);
  });

  it('takes a JSON array: good events kept, bad ones refused with their index and reasons, unknown carriers reported', async () => {
    const r = await post(JSON.stringify([ev('arr-1', 'Acme', 200), { ...ev('arr-2', 'Acme', 503), sip_code: 1000 }, ev('arr-3', 'Nowhere', 503), ev('arr-4', 'beta', 486)]));
    expect(r.status).toBe(200);
    expect(r.body).toEqual({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { index: 1, call_id: 'arr-2', errors: ['sip_code: use the final SIP response code, a whole number from 100 to 699, or null (or 0) when the call got no final response (got 1000)'] },
        { index: 2, call_id: 'arr-3', errors: ['carrier: no carrier has the id, name or LiveKit trunk id "Nowhere"'] },
      ],
      unknown_carriers: [{ carrier: 'Nowhere', events: 1 }],
    });
    expect(await stored('arr-')).toEqual(['arr-1', 'arr-4']);
  });

  it('takes NDJSON: a line that is not JSON is refused by its line number, blank lines are skipped', async () => {
    const body = [JSON.stringify(ev('nd-1', 'Acme', 503, 1)), '{"call_id": "nd-2", oops', '', JSON.stringify(ev('nd-3', 'Acme', 503, 2)), JSON.stringify({ ...ev('nd-4', 'Acme', 503), ended_at: 'soon' })].join('\n');
    const r = await post(body, { type: 'application/x-ndjson; charset=utf-8' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      accepted: 2,
      duplicates: 0,
      rejected: [
        { line: 2, errors: [expect.stringMatching(/^line: not valid JSON/)] },
        { line: 5, call_id: 'nd-4', errors: ['ended_at: use an ISO 8601 time like 2026-05-01T12:00:00Z (got "soon")'] },
      ],
      unknown_carriers: [],
    });
    const [acme] = await h.db.query("select h.consecutive_failures from carrier_health h join carriers c on c.id = h.carrier_id where c.name = 'Acme'");
    expect(acme!.consecutive_failures).toBe(2);
  });

  it('a replay of the same batch changes nothing: every event is a duplicate', async () => {
    const body = JSON.stringify([ev('rep-1', 'Beta', 503, 3), ev('rep-2', 'Beta', 404, 4)]);
    expect((await post(body)).body).toMatchObject({ accepted: 2, duplicates: 0 });
    const before = await h.db.query('select * from carrier_health order by carrier_id');
    expect((await post(body)).body).toEqual({ accepted: 0, duplicates: 2, rejected: [], unknown_carriers: [] });
    expect(await h.db.query('select * from carrier_health order by carrier_id')).toEqual(before);
  });

  it('refuses another content type (415), a body that is not JSON (400) and one over 10 MB (413)', async () => {
    expect((await post('call_id=1', { type: 'application/x-www-form-urlencoded' })).status).toBe(415);
    expect(await post('[{"call_id":')).toMatchObject({ status: 400, body: { error: expect.stringMatching(/^the body is not valid JSON/) } });
    expect((await post('"just a string"')).status).toBe(400);
    expect((await post(' '.repeat(10 * 1024 * 1024 + 1))).status).toBe(413);
    // Streamed without a length, the limit still holds.
    const big = new ReadableStream({
      start(c) {
        for (let i = 0; i < 11; i++) c.enqueue(new TextEncoder().encode(' '.repeat(1024 * 1024)));
        c.close();
      },
    });
    const res = await fetch(url('/v1/call-events'), { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` }, body: big, duplex: 'half' } as RequestInit);
    expect(res.status).toBe(413);
  });

  it('logs counts, never the token or the events', async () => {
    await post(JSON.stringify([ev('log-1', 'Acme', 503), ev('log-2', 'Unknown Carrier', 503)]));
    const logs = h.logs.join('');
    expect(logs).toContain('call events ingested');
    expect(logs).toContain('call events name unknown carriers');
    expect(logs).not.toContain(TOKEN);
    expect(logs).not.toContain('log-1');
    expect(logs).not.toContain('+14155559999');
  });
});

describe('dialler read API', () => {
  it('GET /v1/carriers: pacing, status, sync state and LiveKit trunk ids; no credentials', async () => {
    const r = await get('/v1/carriers');
    expect(r.status).toBe(200);
    const carriers = r.body.carriers as Record<string, unknown>[];
    expect(carriers.map((c) => c.name)).toEqual(['Acme', 'Beta']);
    expect(carriers[0]).toMatchObject({
      id: expect.any(String),
      name: 'Acme',
      status: 'active',
      pacing: { cps: 2.5, burst: 5, channels: 40 },
      ring_timeouts: { pre: 30, post: 30 },
      sync: { status: 'pending', error: null, last_synced_at: null },
      livekit: { outbound_trunk_id: null, inbound_trunk_id: null },
      did_count: 3,
    });
    const text = JSON.stringify(r.body);
    expect(text).not.toContain('Sup3r-Secret-99');
    expect(text).not.toMatch(/password|username/i);
  });

  it('GET /v1/dids: a carrier (by name or id) and direction=outbound give its outbound number pool', async () => {
    const pool = await get('/v1/dids?carrier=acme&direction=outbound');
    expect(pool.status).toBe(200);
    expect((pool.body.dids as Record<string, unknown>[]).map((d) => [d.number, d.direction, (d.carrier as { name: string }).name])).toEqual([
      ['+14155550100', 'outbound', 'Acme'],
      ['+14155550101', 'both', 'Acme'],
    ]);
    const beta = (await get('/v1/carriers')).body.carriers as { id: string; name: string }[];
    const byId = await get(`/v1/dids?carrier=${beta.find((c) => c.name === 'Beta')!.id}`);
    expect((byId.body.dids as { number: string }[]).map((d) => d.number)).toEqual(['+14155550200']);
    expect(((await get('/v1/dids')).body.dids as unknown[]).length).toBe(4);
  });

  it('GET /v1/dids refuses an unknown carrier (404) and direction (400); both routes need the token', async () => {
    expect(await get('/v1/dids?carrier=Nobody')).toMatchObject({ status: 404, body: { error: 'carrier: no carrier has the id, name or LiveKit trunk id "Nobody"' } });
    expect((await get('/v1/dids?direction=sideways')).status).toBe(400);
    expect((await get('/v1/carriers', null)).status).toBe(401);
    expect((await get('/v1/dids', 'Bearer nope')).status).toBe(401);
  });
});
