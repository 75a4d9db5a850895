// The dialler's read API, behind the same bearer token as call events: GET /v1/carriers (pacing limits, status, sync
// state, LiveKit trunk ids — never credentials) and GET /v1/dids?carrier=&direction= (number pools).
import type { IncomingMessage } from 'node:http';
import { DIRECTIONS } from '../core/dids/service.ts';
import type { Carrier, CarrierListItem, Direction, DidView, Store } from '../core/store.ts';
import { bearerGuard } from './bearer.ts';
import { json, type Route } from './server.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function readApiRoutes(opts: { token?: string; store: Store }): Record<string, Route> {
  const guard = bearerGuard(opts.token, 'The dialler API');
  return {
    'GET /v1/carriers': async (req, res) => {
      if (!guard(req, res)) return;
      json(res, 200, { carriers: (await opts.store.carriers.list()).map(carrierJson) });
    },
    'GET /v1/dids': async (req, res) => {
      if (!guard(req, res)) return;
      const q = query(req);
      const direction = q.get('direction')?.trim().toLowerCase() || undefined;
      if (direction && !(DIRECTIONS as readonly string[]).includes(direction)) {
        return json(res, 400, { error: `direction: use ${DIRECTIONS.join(', ')} (outbound lists every number that can dial out: outbound and both)` });
      }
      const ref = q.get('carrier')?.trim();
      let carrier: Carrier | null = null;
      if (ref) {
        carrier = await findCarrier(opts.store, ref);
        if (!carrier) return json(res, 404, { error: `carrier: no carrier has the id, name or LiveKit trunk id ${JSON.stringify(ref)}` });
      }
      const dids = await opts.store.dids.list({ carrierId: carrier?.id, direction: direction as Direction | undefined });
      json(res, 200, { dids: dids.map(didJson) });
    },
  };
}

function query(req: IncomingMessage): URLSearchParams {
  return new URL(req.url ?? '/', 'http://localhost').searchParams;
}

async function findCarrier(store: Store, ref: string): Promise<Carrier | null> {
  return (UUID.test(ref) ? await store.carriers.findById(ref.toLowerCase()) : null) ?? (await store.carriers.findByTrunk(ref)) ?? (await store.carriers.findByName(ref));
}

function carrierJson(c: CarrierListItem) {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    pacing: { cps: c.cps, burst: c.burst, channels: c.channels },
    ring_timeouts: { pre: c.preRingTimeout, post: c.postRingTimeout },
    destination_country: c.destinationCountry,
    sync: { status: c.syncStatus, error: c.syncError, note: c.syncNote, last_synced_at: c.lastSyncedAt?.toISOString() ?? null },
    livekit: { outbound_trunk_id: c.outboundTrunkId, inbound_trunk_id: c.inboundTrunkId },
    did_count: c.didCount,
  };
}

function didJson(d: DidView) {
  return {
    number: d.numberNormalized,
    display: d.number,
    carrier: { id: d.carrierId, name: d.carrierName },
    label: d.label,
    direction: d.direction,
    bot: d.botMissing ? null : d.botName,
  };
}
