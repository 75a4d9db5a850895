// POST /livekit/webhook: LiveKit's signed webhooks. The signature (a JWT over the sha256 of the raw body) is checked
// by the SDK's WebhookReceiver on the bytes exactly as received. participant_left of a SIP participant becomes a call
// event for the carrier owning its trunk (sip.trunkID). LiveKit gives no SIP code here, only how the call ended.
// The event goes through the same pipeline as the call-event API (src/health/ingest.ts), so it counts for health.
import { DisconnectReason, ParticipantInfo_Kind } from '@livekit/protocol';
import { WebhookReceiver, type WebhookEvent } from 'livekit-server-sdk';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { CallEventInput, Store } from '../core/store.ts';
import { resolvePhoneNumber } from '../core/validation/phone.ts';
import { storeCallEvents } from '../health/ingest.ts';
import { metrics } from '../metrics.ts';
import { json, type Route } from '../http/server.ts';
import type { Logger } from '../logger.ts';

const MAX_BODY = 1024 * 1024;
/** sip.callStatus values that mean the call was answered (it reached or passed "active"). */
const ANSWERED = new Set(['active', 'automation', 'hangup']);

export function livekitWebhookRoute(opts: { apiKey: string; apiSecret: string; store: Store; logger: Logger }): Record<string, Route> {
  const receiver = new WebhookReceiver(opts.apiKey, opts.apiSecret);
  return {
    'POST /livekit/webhook': async (req, res) => {
      const body = await readBody(req, res);
      if (body === null) return;
      let event: WebhookEvent;
      try {
        event = await receiver.receive(body, req.headers.authorization);
      } catch (err) {
        opts.logger.warn({ reason: err instanceof Error ? err.message : String(err) }, 'livekit webhook refused: bad signature');
        return json(res, 401, { error: 'invalid signature' });
      }
      const call = await toCallEvent(event, opts.store);
      if (!call) return json(res, 200, { stored: false });
      if ('unknownTrunk' in call) {
        opts.logger.warn({ trunk: call.unknownTrunk, event: event.event }, 'livekit webhook for a trunk no carrier owns');
        return json(res, 200, { stored: false, reason: 'unknown trunk' });
      }
      const stored = (await storeCallEvents(opts.store, [call])).size > 0;
      metrics.eventsIngested('livekit', { accepted: stored ? 1 : 0, duplicates: stored ? 0 : 1, rejected: 0 });
      json(res, 200, { stored, duplicate: !stored });
    },
  };
}

/** The call event a webhook describes, or null when it is not about a finished SIP call. */
export async function toCallEvent(event: WebhookEvent, store: Store): Promise<CallEventInput | { unknownTrunk: string } | null> {
  const p = event.participant;
  if (event.event !== 'participant_left' || !p || p.kind !== ParticipantInfo_Kind.SIP) return null;
  const attrs = p.attributes;
  const trunkId = attrs['sip.trunkID'];
  const callId = attrs['sip.callID'];
  if (!trunkId || !callId) return null;
  const carrier = await store.carriers.findByTrunk(trunkId);
  if (!carrier) return { unknownTrunk: trunkId };
  const direction = trunkId === carrier.inboundTrunkId ? 'inbound' : 'outbound';
  const reason = DisconnectReason[p.disconnectReason] ?? 'UNKNOWN_REASON';
  const answered = ANSWERED.has(attrs['sip.callStatus'] ?? '');
  const number = (direction === 'inbound' ? attrs['sip.trunkPhoneNumber'] : attrs['sip.phoneNumber']) ?? null;
  // Stored as the call-event API stores numbers (digits, optional +), so both sources compare equal.
  const normalized = number ? resolvePhoneNumber(number) : null;
  return {
    callId,
    carrierId: carrier.id,
    // The number the call was for: our DID on inbound, the called party on outbound.
    number: normalized?.ok ? normalized.value.normalized : number,
    direction,
    sipCode: null,
    outcome: answered ? 'answered' : outcomeOf(reason),
    disconnectReason: reason,
    trunkId,
    source: 'livekit',
    startedAt: p.joinedAt ? new Date(Number(p.joinedAt) * 1000) : null,
    answeredAt: null,
    endedAt: event.createdAt ? new Date(Number(event.createdAt) * 1000) : new Date(),
  };
}

function outcomeOf(reason: string): CallEventInput['outcome'] {
  // Our side hanging up before the answer is a cancel (SIP 487): user behaviour, not the carrier's fault.
  if (reason === 'USER_UNAVAILABLE' || reason === 'CLIENT_INITIATED') return 'unavailable';
  if (reason === 'USER_REJECTED') return 'rejected';
  if (reason === 'SIP_TRUNK_FAILURE' || reason === 'MEDIA_FAILURE' || reason === 'CONNECTION_TIMEOUT' || reason === 'JOIN_FAILURE') return 'failed';
  return 'unknown';
}

async function readBody(req: IncomingMessage, res: ServerResponse): Promise<string | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) {
      json(res, 413, { error: 'body too large' });
      return null;
    }
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}
