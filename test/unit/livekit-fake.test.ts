// The fake LiveKit SIP API driven by the real SipClient from livekit-server-sdk: CRUD, filters, validation and conflict
// errors as the SDK surfaces them, auth, injected failures/delays, down()/up() and webhook signing.
import { describe, it, expect, beforeAll, afterAll, beforeEach } from 'vitest';
import {
  CreateSIPDispatchRuleRequest,
  ListUpdate,
  RoomAgentDispatch,
  RoomConfiguration,
  SIPDispatchRule,
  SIPDispatchRuleIndividual,
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
  SIPTransport,
} from '@livekit/protocol';
import { AccessToken, ServerError, SipClient, WebhookReceiver } from 'livekit-server-sdk';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';

const KEY = 'devkey';
const SECRET = 'test-secret-that-is-at-least-32-characters';
const ID = /^ST_[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{12}$/;
const RULE_ID = /^SDR_[23456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz]{12}$/;
const SECURITY = 'for security, one of the fields must be set: AuthUsername+AuthPassword, AllowedAddresses or Numbers';

let fake: FakeLiveKit;
let sip: SipClient;

/** The rejection of `p`, which must be a ServerError. */
async function serverError(p: Promise<unknown>): Promise<ServerError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(ServerError);
  return e as ServerError;
}

async function post(method: string, body: string, headers: Record<string, string>) {
  const res = await fetch(`${fake.url}/twirp/livekit.SIP/${method}`, { method: 'POST', headers, body });
  return { status: res.status, type: res.headers.get('content-type'), text: await res.text() };
}

const adminHeaders = async () => ({ ...(await sip.authHeader({}, { admin: true })), 'content-type': 'application/json' });

beforeAll(async () => {
  fake = await startFakeLiveKit({ apiKey: KEY, apiSecret: SECRET });
  sip = new SipClient(fake.url, KEY, SECRET, { requestTimeout: 2 });
});

afterAll(async () => {
  await fake.close();
});

beforeEach(() => {
  fake.reset();
});

describe('inbound trunks', () => {
  it('creates, lists, patches, replaces and deletes an inbound trunk', async () => {
    const created = await sip.createSipInboundTrunk('acme in', ['+15105550100', '+15105550101'], {
      allowedAddresses: ['203.0.113.0/24'],
      authUsername: 'acme',
      authPassword: 's3cret',
      metadata: '{"carrierId":"c_1"}',
    });
    expect(created.sipTrunkId).toMatch(ID);
    expect(created.authPassword).toBe('s3cret');
    expect(created.createdAt).toBeDefined();
    expect(fake.inbound.get(created.sipTrunkId)?.name).toBe('acme in');

    const listed = await sip.listSipInboundTrunk();
    expect(listed.map((t) => [t.sipTrunkId, t.numbers, t.allowedAddresses])).toEqual([
      [created.sipTrunkId, ['+15105550100', '+15105550101'], ['203.0.113.0/24']],
    ]);

    const patched = await sip.updateSipInboundTrunkFields(created.sipTrunkId, {
      numbers: new ListUpdate({ add: ['+15105550102'], remove: ['+15105550101'] }),
      allowedNumbers: new ListUpdate({ set: ['+14155550123'] }),
      name: 'renamed',
      authPassword: '',
    });
    expect(patched.numbers).toEqual(['+15105550100', '+15105550102']);
    expect(patched.allowedNumbers).toEqual(['+14155550123']);
    expect(patched.name).toBe('renamed');
    expect(patched.authPassword).toBe('');
    expect(patched.authUsername).toBe('acme');
    expect(patched.metadata).toBe('{"carrierId":"c_1"}');

    const replaced = await sip.updateSipInboundTrunk(
      created.sipTrunkId,
      new SIPInboundTrunkInfo({ name: 'replaced', numbers: ['+15105550100'], authUsername: 'u', authPassword: 'p' }),
    );
    expect(replaced.sipTrunkId).toBe(created.sipTrunkId);
    expect([replaced.name, replaced.numbers, replaced.allowedAddresses, replaced.metadata]).toEqual(['replaced', ['+15105550100'], [], '']);
    expect(fake.inbound.get(created.sipTrunkId)?.authPassword).toBe('p');

    const deleted = await sip.deleteSipTrunk(created.sipTrunkId);
    expect(deleted.sipTrunkId).toBe(created.sipTrunkId);
    expect(await sip.listSipInboundTrunk()).toEqual([]);
    expect(fake.inbound.size).toBe(0);
    // Like the OSS server, deleting an unknown trunk succeeds.
    await expect(sip.deleteSipTrunk('ST_unknown')).resolves.toMatchObject({ sipTrunkId: 'ST_unknown' });
  });

  it('filters by number (normalised, plus wildcard trunks) and by trunk id, sorted by id', async () => {
    const a = await sip.createSipInboundTrunk('a', ['+15105550100'], {});
    const b = await sip.createSipInboundTrunk('b', ['+15105550200'], {});
    const wildcard = await sip.createSipInboundTrunk('wildcard', [], { authUsername: 'u', authPassword: 'p' });

    const byNumber = await sip.listSipInboundTrunk({ numbers: ['+1 (510) 555-0100'] });
    expect(byNumber.map((t) => t.sipTrunkId)).toEqual([a.sipTrunkId, wildcard.sipTrunkId].sort());
    const byId = await sip.listSipInboundTrunk({ trunkIds: [b.sipTrunkId, 'ST_missing'] });
    expect(byId.map((t) => t.name)).toEqual(['b']);
    expect((await sip.listSipInboundTrunk()).map((t) => t.sipTrunkId)).toEqual([a, b, wildcard].map((t) => t.sipTrunkId).sort());
  });

  it('rejects a trunk without numbers, addresses or auth', async () => {
    const e = await serverError(sip.createSipInboundTrunk('open', [], {}));
    expect([e.name, e.status, e.code, e.message]).toEqual(['Bad Request', 400, 'invalid_argument', SECURITY]);
    expect(fake.inbound.size).toBe(0);
    expect(fake.requests.map((r) => [r.method, r.status])).toEqual([['CreateSIPInboundTrunk', 400]]);
  });

  it('rejects a second trunk with the same normalised number unless AllowedNumbers tell them apart', async () => {
    const first = await sip.createSipInboundTrunk('first', ['+15105550100'], {});
    const e = await serverError(sip.createSipInboundTrunk('second', ['+1 (510) 555-0100', '+15105550199'], {}));
    expect([e.status, e.code]).toEqual([400, 'invalid_argument']);
    expect(e.message).toBe(
      `Conflicting inbound SIP Trunks: "<new>" and "${first.sipTrunkId}", using the same number(s) ["+1 (510) 555-0100" "+15105550199"] without AllowedNumbers set`,
    );
    await expect(sip.createSipInboundTrunk('third', ['+15105550100'], { allowedNumbers: ['+14155550123'] })).resolves.toMatchObject({ name: 'third' });
    // Two wildcard trunks without AllowedNumbers share the "" bucket.
    await sip.createSipInboundTrunk('any-1', [], { allowedAddresses: ['198.51.100.7'] });
    const wild = await serverError(sip.createSipInboundTrunk('any-2', [], { authUsername: 'u', authPassword: 'p' }));
    expect(wild.message).toMatch(/^Conflicting inbound SIP Trunks: "<new>" and "ST_\w{12}", using the same number\(s\) <any> without AllowedNumbers set$/);
  });

  it('re-validates a patched trunk: the conflict check and the "for security" rule', async () => {
    const first = await sip.createSipInboundTrunk('first', ['+15105550100'], {});
    const second = await sip.createSipInboundTrunk('second', ['+15105550200'], {});
    const e = await serverError(sip.updateSipInboundTrunkFields(second.sipTrunkId, { numbers: new ListUpdate({ add: ['+15105550100'] }) }));
    const [lo, hi] = [first.sipTrunkId, second.sipTrunkId].sort();
    const numbersOfLater = hi === second.sipTrunkId ? '["+15105550200" "+15105550100"]' : '["+15105550100"]';
    expect(e.message).toBe(`Conflicting inbound SIP Trunks: "${hi}" and "${lo}", using the same number(s) ${numbersOfLater} without AllowedNumbers set`);
    expect(fake.inbound.get(second.sipTrunkId)?.numbers).toEqual(['+15105550200']);

    const cleared = await serverError(sip.updateSipInboundTrunkFields(second.sipTrunkId, { numbers: new ListUpdate({ clear: true }) }));
    expect([cleared.status, cleared.code, cleared.message]).toEqual([400, 'invalid_argument', `twirp error unknown: ${SECURITY}`]);
  });

  it('checks ListUpdate operations and unknown or wrong-kind ids', async () => {
    const t = await sip.createSipInboundTrunk('t', ['+15105550100'], {});
    const out = await sip.createSipOutboundTrunk('o', 'sip.example.com', ['+15105550100']);
    const cases: [ListUpdate, string][] = [
      [new ListUpdate({ set: [] }), 'unsupported list update operation'],
      [new ListUpdate({ clear: true, add: ['+1'] }), 'cannot clear and change the list at the same time'],
      [new ListUpdate({ set: ['+1'], remove: ['+2'] }), 'cannot set and change the list at the same time'],
      [new ListUpdate({ add: [''] }), 'empty element in the list'],
    ];
    for (const [allowedNumbers, message] of cases) {
      const e = await serverError(sip.updateSipInboundTrunkFields(t.sipTrunkId, { allowedNumbers }));
      expect([e.status, e.code, e.message]).toEqual([400, 'invalid_argument', message]);
    }
    for (const id of ['ST_doesnotexist', out.sipTrunkId]) {
      const e = await serverError(sip.updateSipInboundTrunkFields(id, { name: 'x' }));
      expect([e.name, e.status, e.code, e.message]).toEqual(['Not Found', 404, 'not_found', 'requested sip trunk does not exist']);
    }
    const mismatch = await serverError(sip.updateSipInboundTrunk(t.sipTrunkId, new SIPInboundTrunkInfo({ sipTrunkId: 'ST_other', numbers: ['+1'] })));
    expect(mismatch.message).toBe('trunk id in the info must be empty or match the id in the update');
  });
});

describe('outbound trunks', () => {
  it('creates, lists, patches, replaces and deletes an outbound trunk', async () => {
    const minimal = await sip.createSipOutboundTrunk('minimal', 'sip.minimal.example', ['+15105550199']);
    expect(minimal.sipTrunkId).toMatch(ID);
    expect(minimal.transport).toBe(SIPTransport.SIP_TRANSPORT_AUTO);
    const tls = await sip.createSipOutboundTrunk('acme out', 'sip.acme.example:5061', ['+15105550100'], {
      transport: SIPTransport.SIP_TRANSPORT_TLS,
      destinationCountry: 'US',
      authUsername: 'acme',
      authPassword: 's3cret',
    });
    expect([tls.transport, tls.destinationCountry, tls.authPassword]).toEqual([SIPTransport.SIP_TRANSPORT_TLS, 'US', 's3cret']);

    const byNumber = await sip.listSipOutboundTrunk({ numbers: ['+15105550100'] });
    expect(byNumber.map((t) => t.name)).toEqual(['acme out']);
    // Outbound numbers are compared exactly, not normalised.
    expect(await sip.listSipOutboundTrunk({ numbers: ['+1 510 555 0100'] })).toEqual([]);

    const patched = await sip.updateSipOutboundTrunkFields(tls.sipTrunkId, {
      numbers: new ListUpdate({ set: ['+15105550100', '+15105550103'] }),
      destinationCountry: 'CA',
      name: 'out-renamed',
    });
    expect([patched.numbers, patched.destinationCountry, patched.name, patched.address]).toEqual([
      ['+15105550100', '+15105550103'],
      'CA',
      'out-renamed',
      'sip.acme.example:5061',
    ]);

    const replaced = await sip.updateSipOutboundTrunk(
      tls.sipTrunkId,
      new SIPOutboundTrunkInfo({ name: 'out-replaced', address: 'sip.acme.example', transport: SIPTransport.SIP_TRANSPORT_TCP, numbers: ['+15105550100'] }),
    );
    expect([replaced.sipTrunkId, replaced.transport, replaced.authPassword]).toEqual([tls.sipTrunkId, SIPTransport.SIP_TRANSPORT_TCP, '']);

    // A patch that leaves no numbers fails as a plain Go error: unknown/500.
    const e = await serverError(sip.updateSipOutboundTrunkFields(tls.sipTrunkId, { numbers: new ListUpdate({ clear: true }) }));
    expect([e.name, e.status, e.code, e.message]).toEqual(['Internal Server Error', 500, 'unknown', 'no trunk numbers specified']);
    expect(fake.count('UpdateSIPOutboundTrunk')).toBe(3);

    await sip.deleteSipTrunk(minimal.sipTrunkId);
    expect([...fake.outbound.keys()]).toEqual([tls.sipTrunkId]);
  });

  it('rejects bad addresses, missing numbers and forbidden headers', async () => {
    const cases: [string, string[], Record<string, string>, string][] = [
      ['sip:carrier.example', ['+1'], {}, 'trunk address should be a hostname or IP, not SIP URI'],
      ['user@carrier.example', ['+1'], {}, 'trunk address should be a hostname or IP, not SIP URI'],
      ['carrier.example;transport=tcp', ['+1'], {}, 'trunk address should not contain transport parameter'],
      ['carrier.example', [], {}, 'no trunk numbers specified'],
      ['', ['+1'], {}, 'no outbound address specified'],
      ['carrier.example', ['+1'], { From: 'x' }, 'invalid header name: header name From not supported'],
      ['carrier.example', ['+1'], { 'X-Bad Name': 'x' }, 'invalid header name: header name X-Bad Name contains invalid characters: char 32 not allowed'],
    ];
    for (const [address, numbers, headers, message] of cases) {
      const e = await serverError(sip.createSipOutboundTrunk('bad', address, numbers, { transport: SIPTransport.SIP_TRANSPORT_AUTO, headers }));
      expect([e.status, e.code, e.message]).toEqual([400, 'invalid_argument', message]);
    }
    expect(fake.outbound.size).toBe(0);
  });
});

describe('dispatch rules', () => {
  it('creates rules in the legacy form the SDK sends and rejects a duplicate open rule on the same trunk', async () => {
    const trunk = await sip.createSipInboundTrunk('in', ['+15105550100'], {});
    const rule = await sip.createSipDispatchRule(
      { type: 'individual', roomPrefix: 'call-' },
      {
        name: 'DID +15105550100 -> support-bot',
        trunkIds: [trunk.sipTrunkId],
        attributes: { 'carrier.id': 'c_1' },
        roomConfig: new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: 'support-bot' })] }),
      },
    );
    expect(rule.sipDispatchRuleId).toMatch(RULE_ID);
    expect(rule.rule?.rule).toEqual({ case: 'dispatchRuleIndividual', value: expect.objectContaining({ roomPrefix: 'call-' }) });
    expect(rule.roomConfig?.agents.map((a) => a.agentName)).toEqual(['support-bot']);
    expect(fake.rules.get(rule.sipDispatchRuleId)?.trunkIds).toEqual([trunk.sipTrunkId]);

    const e = await serverError(sip.createSipDispatchRule({ type: 'direct', roomName: 'room' }, { trunkIds: [trunk.sipTrunkId] }));
    expect([e.status, e.code, e.message]).toEqual([
      400,
      'invalid_argument',
      `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${rule.sipDispatchRuleId}" "DID +15105550100 -> support-bot"`,
    ]);
    // A PIN makes a different key; so does a wildcard rule (no trunk ids).
    await sip.createSipDispatchRule({ type: 'direct', roomName: 'room', pin: '1234' }, { trunkIds: [trunk.sipTrunkId] });
    const wildcard = await sip.createSipDispatchRule({ type: 'callee', roomPrefix: 'did', randomize: true });
    const blank = await serverError(sip.createSipDispatchRule({ type: 'individual', roomPrefix: 'x' }));
    expect(blank.message).toBe(
      `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${wildcard.sipDispatchRuleId}" "<blank name>"`,
    );
    expect(fake.rules.size).toBe(3);
  });

  it('accepts the {"dispatchRule": …} form, the only way to set numbers, and lists by trunk incl. wildcard rules', async () => {
    const trunk = await sip.createSipInboundTrunk('in', ['+15105550100', '+15105550101'], {});
    const perDid = (did: string) =>
      new SIPDispatchRuleInfo({
        rule: new SIPDispatchRule({ rule: { case: 'dispatchRuleIndividual', value: new SIPDispatchRuleIndividual({ roomPrefix: 'call' }) } }),
        trunkIds: [trunk.sipTrunkId],
        numbers: [did],
        name: `DID ${did}`,
      });
    const headers = await adminHeaders();
    const first = await post('CreateSIPDispatchRule', new CreateSIPDispatchRuleRequest({ dispatchRule: perDid('+15105550100') }).toJsonString(), headers);
    expect([first.status, first.type]).toEqual([200, 'application/json']);
    const raw = JSON.parse(first.text) as Record<string, unknown>;
    expect(raw).toMatchObject({ numbers: ['+15105550100'], trunk_ids: [trunk.sipTrunkId], inbound_numbers: [], hide_phone_number: false });
    expect(raw.sip_dispatch_rule_id).toMatch(RULE_ID);
    // A second rule on the same trunk is fine when it is for another number.
    const second = await post('CreateSIPDispatchRule', new CreateSIPDispatchRuleRequest({ dispatchRule: perDid('+15105550101') }).toJsonString(), headers);
    expect(second.status).toBe(200);
    const dup = await post('CreateSIPDispatchRule', new CreateSIPDispatchRuleRequest({ dispatchRule: perDid('+1 510 555 0101') }).toJsonString(), headers);
    expect(dup.status).toBe(400);
    expect(JSON.parse(dup.text)).toEqual({
      code: 'invalid_argument',
      msg: `Dispatch rule for the same trunk, inbound number, number, and PIN combination already exists in dispatch rule "${(JSON.parse(second.text) as { sip_dispatch_rule_id: string }).sip_dispatch_rule_id}" "DID +15105550101"`,
    });

    const wildcard = await sip.createSipDispatchRule({ type: 'individual', roomPrefix: 'any' }, { name: 'catch-all' });
    await sip.createSipDispatchRule({ type: 'individual', roomPrefix: 'other' }, { trunkIds: ['ST_othertrunk1'] });
    const forTrunk = await sip.listSipDispatchRule({ trunkIds: [trunk.sipTrunkId] });
    expect(forTrunk.map((r) => r.name).sort()).toEqual(['DID +15105550100', 'DID +15105550101', 'catch-all']);
    const byId = await sip.listSipDispatchRule({ dispatchRuleIds: [wildcard.sipDispatchRuleId] });
    expect(byId.map((r) => r.name)).toEqual(['catch-all']);
    expect((await sip.listSipDispatchRule()).length).toBe(4);
  });

  it('replaces, patches and deletes a rule; an unknown rule is 404', async () => {
    const rule = await sip.createSipDispatchRule(
      { type: 'individual', roomPrefix: 'call-' },
      { name: 'r', trunkIds: ['ST_aaaaaaaaaaaa'], attributes: { 'carrier.id': 'c_1', keep: 'yes' } },
    );
    const patched = await sip.updateSipDispatchRuleFields(rule.sipDispatchRuleId, {
      trunkIds: new ListUpdate({ add: ['ST_bbbbbbbbbbbb'] }),
      name: 'renamed rule',
      attributes: { 'carrier.id': '', x: 'y' },
    });
    expect([patched.trunkIds, patched.name, patched.attributes]).toEqual([['ST_aaaaaaaaaaaa', 'ST_bbbbbbbbbbbb'], 'renamed rule', { keep: 'yes', x: 'y' }]);

    const replaced = await sip.updateSipDispatchRule(
      rule.sipDispatchRuleId,
      new SIPDispatchRuleInfo({
        rule: new SIPDispatchRule({ rule: { case: 'dispatchRuleIndividual', value: new SIPDispatchRuleIndividual({ roomPrefix: 'call-' }) } }),
        trunkIds: ['ST_aaaaaaaaaaaa'],
        numbers: ['+15105550100'],
        name: 'per-DID rule',
      }),
    );
    expect([replaced.sipDispatchRuleId, replaced.numbers, replaced.name, replaced.attributes]).toEqual([
      rule.sipDispatchRuleId,
      ['+15105550100'],
      'per-DID rule',
      {},
    ]);
    const noRule = await serverError(sip.updateSipDispatchRule(rule.sipDispatchRuleId, new SIPDispatchRuleInfo({ name: 'x' })));
    expect(noRule.message).toBe('missing rule');

    const deleted = await sip.deleteSipDispatchRule(rule.sipDispatchRuleId);
    expect(deleted.name).toBe('per-DID rule');
    const gone = await serverError(sip.deleteSipDispatchRule(rule.sipDispatchRuleId));
    expect([gone.status, gone.code, gone.message]).toEqual([404, 'not_found', 'requested sip dispatch rule does not exist']);
    const patchGone = await serverError(sip.updateSipDispatchRuleFields('SDR_missing', { name: 'x' }));
    expect(patchGone.status).toBe(404);
  });
});

describe('wire protocol and auth', () => {
  it('answers snake_case JSON with every default, and takes snake_case requests', async () => {
    const headers = await adminHeaders();
    const res = await post('CreateSIPInboundTrunk', '{"trunk":{"name":"snake","numbers":["+15105550100"],"allowed_addresses":["1.2.3.4"]}}', headers);
    expect([res.status, res.type]).toEqual([200, 'application/json']);
    const body = JSON.parse(res.text) as Record<string, unknown>;
    expect(body).toMatchObject({ name: 'snake', allowed_addresses: ['1.2.3.4'], allowed_numbers: [], auth_password: '', include_headers: 'SIP_NO_HEADERS', headers: {} });
    expect(Object.keys(body)).not.toContain('allowedAddresses');

    const got = await post('GetSIPInboundTrunk', JSON.stringify({ sip_trunk_id: body.sip_trunk_id }), headers);
    expect(JSON.parse(got.text)).toMatchObject({ trunk: { sip_trunk_id: body.sip_trunk_id, name: 'snake' } });
    const unknown = await post('GetSIPOutboundTrunk', JSON.stringify({ sip_trunk_id: body.sip_trunk_id }), headers);
    expect([unknown.status, JSON.parse(unknown.text)]).toEqual([404, { code: 'not_found', msg: 'requested sip trunk does not exist' }]);
  });

  it('leaves created_at/updated_at unset with setTimestamps: false, like the OSS server', async () => {
    const oss = await startFakeLiveKit({ setTimestamps: false });
    try {
      expect(oss.apiKey).toBe('devkey');
      expect(oss.apiSecret.length).toBeGreaterThanOrEqual(32);
      const client = new SipClient(oss.url, oss.apiKey, oss.apiSecret, { requestTimeout: 2 });
      const t = await client.createSipInboundTrunk('t', ['+15105550100'], {});
      expect([t.createdAt, t.updatedAt]).toEqual([undefined, undefined]);
    } finally {
      await oss.close();
    }
  });

  it('turns away a wrong secret, a missing grant and a bad header like the server', async () => {
    const wrong = new SipClient(fake.url, KEY, 'another-secret-of-at-least-32-chars!!', { requestTimeout: 2 });
    const e = await serverError(wrong.listSipInboundTrunk());
    expect([e.name, e.status, e.code]).toEqual(['Unauthorized', 401, undefined]);
    expect(e.message).toBe('invalid authorization token: go-jose/go-jose: error in cryptographic primitive');

    const otherKey = await serverError(new SipClient(fake.url, 'otherkey', SECRET).listSipInboundTrunk());
    expect([otherKey.status, otherKey.code, otherKey.message]).toEqual([401, undefined, 'invalid API key: otherkey']);

    const noGrant = new AccessToken(KEY, SECRET);
    noGrant.addGrant({ roomList: true });
    const json = { 'content-type': 'application/json' };
    const denied = await post('ListSIPInboundTrunk', '{}', { ...json, authorization: `Bearer ${await noGrant.toJwt()}` });
    expect([denied.status, denied.type, JSON.parse(denied.text)]).toEqual([401, 'application/json', { code: 'unauthenticated', msg: 'permissions denied' }]);
    const missing = await post('ListSIPInboundTrunk', '{}', json);
    expect([missing.status, JSON.parse(missing.text)]).toEqual([401, { code: 'unauthenticated', msg: 'permissions denied' }]);
    const basic = await post('ListSIPInboundTrunk', '{}', { ...json, authorization: 'Basic abc' });
    expect([basic.status, basic.type, basic.text]).toEqual([401, 'text/plain', 'invalid authorization header. Must start with Bearer ']);
    const garbled = await post('ListSIPInboundTrunk', '{}', { ...json, authorization: 'Bearer not-a-jwt' });
    expect([garbled.status, garbled.text]).toEqual([401, 'invalid authorization token']);
  });

  it('routes like Twirp: unknown method, GET, bad JSON, the deleted CreateSIPTrunk, and /settings/regions', async () => {
    const headers = await adminHeaders();
    const legacy = await serverError(sip.createSipTrunk('+15105550100', { name: 'legacy' }));
    expect([legacy.status, legacy.code, legacy.message, legacy.metadata]).toEqual([
      404,
      'bad_route',
      'no handler for path "/twirp/livekit.SIP/CreateSIPTrunk"',
      { twirp_invalid_route: 'POST /twirp/livekit.SIP/CreateSIPTrunk' },
    ]);
    const get = await fetch(`${fake.url}/twirp/livekit.SIP/ListSIPInboundTrunk`, { headers });
    expect([get.status, await get.json()]).toEqual([
      404,
      {
        code: 'bad_route',
        msg: 'unsupported method "GET" (only POST is allowed)',
        meta: { twirp_invalid_route: 'GET /twirp/livekit.SIP/ListSIPInboundTrunk' },
      },
    ]);
    const malformed = await post('ListSIPInboundTrunk', '{"trunk_ids": 5', headers);
    expect([malformed.status, JSON.parse(malformed.text)]).toEqual([400, { code: 'malformed', msg: 'the json request could not be decoded' }]);
    const regions = await fetch(`${fake.url}/settings/regions`);
    expect(await regions.json()).toEqual({ regions: [] });
  });
});

describe('test controls', () => {
  it('fail() makes the next calls fail with the given error, then the service recovers', async () => {
    fake.fail('ListSIPInboundTrunk', { status: 503, code: 'unavailable', msg: 'overloaded' }, 2);
    for (let i = 0; i < 2; i++) {
      const e = await serverError(sip.listSipInboundTrunk());
      expect([e.name, e.status, e.code, e.message]).toEqual(['Service Unavailable', 503, 'unavailable', 'overloaded']);
    }
    await expect(sip.listSipInboundTrunk()).resolves.toEqual([]);
    expect(fake.requests.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(fake.count('ListSIPInboundTrunk')).toBe(3);

    fake.fail('*', { status: 429, msg: 'slow down' });
    const limited = await serverError(sip.listSipDispatchRule());
    expect([limited.status, limited.code]).toEqual([429, 'resource_exhausted']);
    fake.fail('*', { status: 502, msg: 'Bad Gateway', plainText: true });
    const proxy = await serverError(sip.createSipOutboundTrunk('o', 'sip.example.com', ['+1']));
    expect([proxy.status, proxy.code, proxy.message]).toEqual([502, undefined, 'Bad Gateway']);
    expect(fake.outbound.size).toBe(0);
  });

  it('delay() past the requestTimeout makes the SDK call reject; a shorter one just slows it', async () => {
    fake.delay('ListSIPOutboundTrunk', 300);
    const started = Date.now();
    await expect(sip.listSipOutboundTrunk()).resolves.toEqual([]);
    expect(Date.now() - started).toBeGreaterThanOrEqual(290);

    fake.delay('*', 2600);
    await expect(sip.listSipOutboundTrunk()).rejects.toMatchObject({ name: 'TimeoutError' });
    await expect(sip.listSipOutboundTrunk()).resolves.toEqual([]);
  });

  it('down() refuses connections and up() serves again on the same url with the state kept', async () => {
    const t = await sip.createSipInboundTrunk('kept', ['+15105550100'], {});
    const url = fake.url;
    await fake.down();
    const err = await sip.listSipInboundTrunk().then(
      () => undefined,
      (e: unknown) => e as { cause?: { code?: string } },
    );
    expect(err?.cause?.code).toBe('ECONNREFUSED');
    expect(fake.count('ListSIPInboundTrunk')).toBe(0);
    await fake.up();
    expect(fake.url).toBe(url);
    expect((await sip.listSipInboundTrunk()).map((x) => x.sipTrunkId)).toEqual([t.sipTrunkId]);
  });

  it('changes made behind the client are what it sees next', async () => {
    const t = await sip.createSipInboundTrunk('t', ['+15105550100'], {});
    fake.inbound.get(t.sipTrunkId)!.name = 'edited by hand';
    expect((await sip.listSipInboundTrunk())[0]?.name).toBe('edited by hand');
    fake.inbound.delete(t.sipTrunkId);
    const e = await serverError(sip.updateSipInboundTrunkFields(t.sipTrunkId, { name: 'x' }));
    expect(e.status).toBe(404);
  });

  it('signWebhook() produces a header the SDK WebhookReceiver accepts, and only for that body', async () => {
    const body = JSON.stringify({ event: 'participant_joined', room: { name: 'call-1' }, participant: { identity: 'sip_+14155550123' }, id: 'EV_1', createdAt: '1795292671' });
    const header = fake.signWebhook(body);
    expect(header.split('.')).toHaveLength(3);
    const event = await new WebhookReceiver(KEY, SECRET).receive(body, header);
    expect([event.event, event.room?.name, event.participant?.identity]).toEqual(['participant_joined', 'call-1', 'sip_+14155550123']);
    await expect(new WebhookReceiver(KEY, SECRET).receive(body.replace('call-1', 'call-2'), header)).rejects.toThrow('sha256 checksum of body does not match');
    await expect(new WebhookReceiver(KEY, 'some-other-secret-of-32-characters!!').receive(body, header)).rejects.toThrow();
  });
});
