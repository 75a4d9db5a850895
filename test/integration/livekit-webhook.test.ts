// POST /livekit/webhook: LiveKit's signature is checked on the raw body; participant_left of a SIP participant is
// stored as a call event for the carrier owning the trunk, once per call id.
import { DisconnectReason, ParticipantInfo, ParticipantInfo_Kind, WebhookEvent } from '@livekit/protocol';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.ts';
import { livekitWebhookRoute } from '../../src/livekit/webhook.ts';
import { createLiveKitHarness, type LiveKitHarness } from '../helpers/livekit.ts';

let t: LiveKitHarness;
let http: HttpServer;
let inboundTrunk: string;
let outboundTrunk: string;

beforeAll(async () => {
  t = await createLiveKitHarness();
  await t.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example', inbound_auth: 'ip_allowlist', allowed_ips: '192.0.2.1' });
  await t.run('did add', { carrier: 'Acme', number: '+15105550100' });
  await t.drain();
  const c = await t.carrier('Acme');
  inboundTrunk = String(c.inbound_trunk_id);
  outboundTrunk = String(c.outbound_trunk_id);
  http = await startHttp(0, livekitWebhookRoute({ apiKey: t.fake.apiKey, apiSecret: t.fake.apiSecret, store: t.h.app.store, logger: t.h.logger }), t.h.logger);
});
afterAll(async () => {
  await http.close();
  await t.close();
});

function left(attrs: Record<string, string>, reason: DisconnectReason, event = 'participant_left'): string {
  return new WebhookEvent({
    event,
    id: 'EV_1',
    createdAt: 1_795_300_000n,
    participant: new ParticipantInfo({ identity: 'sip_+14155550123', kind: ParticipantInfo_Kind.SIP, attributes: attrs, disconnectReason: reason, joinedAt: 1_795_299_940n }),
  }).toJsonString();
}

async function post(body: string, auth?: string) {
  const res = await fetch(`http://127.0.0.1:${http.port}/livekit/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/webhook+json', ...(auth === undefined ? {} : { authorization: auth }) },
    body,
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

describe('LiveKit webhook', () => {
  it('stores an unanswered outbound SIP call as a call event for the carrier owning the trunk', async () => {
    const body = left({ 'sip.trunkID': outboundTrunk, 'sip.callID': 'SCL_out1', 'sip.phoneNumber': '+14155550123', 'sip.trunkPhoneNumber': '+15105550100', 'sip.callStatus': 'dialing' }, DisconnectReason.USER_UNAVAILABLE);
    expect(await post(body, t.fake.signWebhook(body))).toEqual({ status: 200, body: { stored: true, duplicate: false } });
    const [row] = await t.h.db.query("select * from call_events where call_id = 'SCL_out1'");
    const c = await t.carrier('Acme');
    expect(row).toMatchObject({
      carrier_id: c.id,
      direction: 'outbound',
      number: '+14155550123',
      outcome: 'unavailable',
      disconnect_reason: 'USER_UNAVAILABLE',
      trunk_id: outboundTrunk,
      source: 'livekit',
      sip_code: null,
    });
    expect(new Date(row!.ended_at as Date).toISOString()).toBe(new Date(1_795_300_000_000).toISOString());
    expect(new Date(row!.started_at as Date).toISOString()).toBe(new Date(1_795_299_940_000).toISOString());
  });

  it('an answered inbound call is stored with our number; the same call again is a duplicate', async () => {
    const body = left({ 'sip.trunkID': inboundTrunk, 'sip.callID': 'SCL_in1', 'sip.phoneNumber': '+14155550123', 'sip.trunkPhoneNumber': '+15105550100', 'sip.callStatus': 'hangup' }, DisconnectReason.CLIENT_INITIATED);
    expect((await post(body, t.fake.signWebhook(body))).body).toEqual({ stored: true, duplicate: false });
    expect((await post(body, t.fake.signWebhook(body))).body).toEqual({ stored: false, duplicate: true });
    const rows = await t.h.db.query("select direction, number, outcome from call_events where call_id = 'SCL_in1'");
    expect(rows).toEqual([{ direction: 'inbound', number: '+15105550100', outcome: 'answered' }]);
  });

  it('refuses a bad signature, a tampered body and a Bearer-prefixed token, storing nothing', async () => {
    const body = left({ 'sip.trunkID': inboundTrunk, 'sip.callID': 'SCL_bad' }, DisconnectReason.USER_REJECTED);
    const signed = t.fake.signWebhook(body);
    expect((await post(body, undefined)).status).toBe(401);
    expect((await post(body.replace('SCL_bad', 'SCL_evil'), signed)).status).toBe(401);
    expect((await post(body, `Bearer ${signed}`)).status).toBe(401);
    expect(await t.h.db.query("select * from call_events where call_id in ('SCL_bad', 'SCL_evil')")).toEqual([]);
  });

  it('ignores other events and reports a trunk no carrier owns', async () => {
    const joined = left({ 'sip.trunkID': inboundTrunk, 'sip.callID': 'SCL_j' }, DisconnectReason.UNKNOWN_REASON, 'participant_joined');
    expect((await post(joined, t.fake.signWebhook(joined))).body).toEqual({ stored: false });
    const stray = left({ 'sip.trunkID': 'ST_notours12345', 'sip.callID': 'SCL_s' }, DisconnectReason.USER_REJECTED);
    expect((await post(stray, t.fake.signWebhook(stray))).body).toEqual({ stored: false, reason: 'unknown trunk' });
    expect(t.h.logs.join('')).toContain('livekit webhook for a trunk no carrier owns');
  });
});
