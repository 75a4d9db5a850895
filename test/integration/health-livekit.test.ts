// LiveKit webhooks feed the same call-event pipeline: a SIP participant_left updates its carrier's health counters.
import { DisconnectReason, ParticipantInfo, ParticipantInfo_Kind, WebhookEvent } from '@livekit/protocol';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startHttp, type HttpServer } from '../../src/http/server.ts';
import { livekitWebhookRoute } from '../../src/livekit/webhook.ts';
import { createLiveKitHarness, type LiveKitHarness } from '../helpers/livekit.ts';

let t: LiveKitHarness;
let http: HttpServer;
let outboundTrunk: string;

beforeAll(async () => {
  t = await createLiveKitHarness();
  await t.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example', inbound_auth: 'ip_allowlist', allowed_ips: '192.0.2.1' });
  await t.run('did add', { carrier: 'Acme', number: '+15105550100' });
  await t.drain();
  outboundTrunk = String((await t.carrier('Acme')).outbound_trunk_id);
  http = await startHttp(0, livekitWebhookRoute({ apiKey: t.fake.apiKey, apiSecret: t.fake.apiSecret, store: t.h.app.store, logger: t.h.logger }), t.h.logger);
});
afterAll(async () => {
  await http?.close();
  await t?.close();
});

async function left(callId: string, status: string, reason: DisconnectReason, at: bigint) {
  const body = new WebhookEvent({
    event: 'participant_left',
    id: `EV_${callId}`,
    createdAt: at,
    participant: new ParticipantInfo({
      identity: 'sip-participant',
      kind: ParticipantInfo_Kind.SIP,
      attributes: { 'sip.trunkID': outboundTrunk, 'sip.callID': callId, 'sip.phoneNumber': '+1 415 555 0123', 'sip.callStatus': status },
      disconnectReason: reason,
    }),
  }).toJsonString();
  const res = await fetch(`http://127.0.0.1:${http.port}/livekit/webhook`, { method: 'POST', headers: { 'content-type': 'application/webhook+json', authorization: t.fake.signWebhook(body) }, body });
  return res.json();
}

const health = async () =>
  (await t.h.db.query("select consecutive_failures, failure_numbers, connects_since_failure, attempts::int as attempts from carrier_health h join carriers c on c.id = h.carrier_id where c.name = 'Acme'"))[0];

it('a trunk failure counts, a user rejection or our own hang-up before the answer does not, an answered call resets', async () => {
  expect(await left('SCL_f1', 'dialing', DisconnectReason.SIP_TRUNK_FAILURE, 1_795_300_000n)).toEqual({ stored: true, duplicate: false });
  expect(await left('SCL_f1', 'dialing', DisconnectReason.SIP_TRUNK_FAILURE, 1_795_300_000n)).toEqual({ stored: false, duplicate: true });
  await left('SCL_r1', 'ringing', DisconnectReason.USER_REJECTED, 1_795_300_010n);
  await left('SCL_c1', 'ringing', DisconnectReason.CLIENT_INITIATED, 1_795_300_020n);
  // The webhook stores the number as the API does, so both sources compare equal.
  expect(await health()).toEqual({ consecutive_failures: 1, failure_numbers: ['+14155550123'], connects_since_failure: 0, attempts: 0 });
  const stored = await t.h.db.query("select call_id, outcome from call_events where call_id like 'SCL_%' order by call_id");
  expect(stored).toEqual([
    { call_id: 'SCL_c1', outcome: 'unavailable' },
    { call_id: 'SCL_f1', outcome: 'failed' },
    { call_id: 'SCL_r1', outcome: 'rejected' },
  ]);
  await left('SCL_a1', 'hangup', DisconnectReason.CLIENT_INITIATED, 1_795_300_030n);
  expect(await health()).toEqual({ consecutive_failures: 0, failure_numbers: [], connects_since_failure: 1, attempts: 0 });
  const [hour] = await t.h.db.query("select attempts, answered, failures from carrier_stats_hourly s join carriers c on c.id = s.carrier_id where c.name = 'Acme'");
  expect(hour).toEqual({ attempts: 4, answered: 1, failures: 1 });
});
