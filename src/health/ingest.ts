// The call-event pipeline every source feeds (the API, CDR imports, LiveKit webhooks): validate → resolve carriers
// → store each call id once → advance the carriers' health counters and hourly rollups from the calls that were new,
// in one transaction per chunk → look for code contradictions. Only newly stored calls count, which is what makes a
// replay change nothing.
import { outcomeOfCode, ignoredCodes } from '../core/health/classify.ts';
import { advanceHealth, byEndTime, rollups, type CountedCall } from '../core/health/counters.ts';
import { checkCallEvent, type ParsedCallEvent } from '../core/health/event-input.ts';
import type { CarrierMatch, CodeDelta, ContradictionProbe, HealthState, HourlyDelta } from '../core/health/ports.ts';
import type { CallEventInput, Store } from '../core/store.ts';

/** Where an event stood in its input: index in a JSON array, or line of NDJSON / CSV (1-based). */
export type EventPosition = { index: number } | { line: number };

export interface RawCallEvent {
  at: EventPosition;
  value: unknown;
}

export interface Rejection {
  at: EventPosition;
  callId?: string;
  errors: string[];
}

export interface IngestReport {
  /** Calls stored now (and counted). */
  accepted: number;
  /** Valid calls whose call id was already stored (or repeated in the input): skipped, counted once. */
  duplicates: number;
  rejected: Rejection[];
  /** Carrier references nothing matched, with how many events named each. */
  unknownCarriers: { carrier: string; events: number }[];
}

/** Calls per transaction: large enough that per-statement costs vanish, small enough to keep locks short. */
export const INGEST_CHUNK = 5000;
/** How far apart a 404 and another carrier's connected call on the same number may be to contradict each other. */
export const CONTRADICTION_WINDOW_MS = 3_600_000;

/** Validates, resolves and stores raw events; bad ones are reported one by one and the good ones kept. */
export async function ingestCallEvents(
  store: Store,
  items: readonly RawCallEvent[],
  opts: { source: 'api' | 'import'; now: Date; progress?: (done: number, total: number) => void },
): Promise<IngestReport> {
  const rejected: Rejection[] = [];
  const valid: { at: EventPosition; event: ParsedCallEvent }[] = [];
  for (const item of items) {
    const r = checkCallEvent(item.value, opts.now);
    if (r.ok) valid.push({ at: item.at, event: r.event });
    else rejected.push({ at: item.at, callId: r.callId, errors: r.errors });
  }
  const carriers = await resolveCarriers(store, valid.map((v) => v.event.carrier));
  const unknown = new Map<string, number>();
  const events: CallEventInput[] = [];
  for (const { at, event: e } of valid) {
    const found = carriers.get(e.carrier);
    if (!found) {
      unknown.set(e.carrier, (unknown.get(e.carrier) ?? 0) + 1);
      rejected.push({ at, callId: e.callId, errors: [`carrier: no carrier has the id, name or LiveKit trunk id ${JSON.stringify(e.carrier)}`] });
      continue;
    }
    events.push({
      callId: e.callId,
      carrierId: found.carrier.id,
      number: e.number,
      direction: e.direction,
      sipCode: e.sipCode,
      outcome: outcomeOfCode(e.sipCode),
      disconnectReason: null,
      trunkId: found.byTrunk ? e.carrier : null,
      source: opts.source,
      startedAt: e.startedAt,
      answeredAt: e.answeredAt,
      endedAt: e.endedAt,
    });
  }
  let accepted = 0;
  for (let i = 0; i < events.length; i += INGEST_CHUNK) {
    accepted += (await storeCallEvents(store, events.slice(i, i + INGEST_CHUNK))).size;
    opts.progress?.(Math.min(i + INGEST_CHUNK, events.length), events.length);
  }
  rejected.sort((a, b) => order(a.at) - order(b.at));
  return {
    accepted,
    duplicates: events.length - accepted,
    rejected,
    unknownCarriers: [...unknown].map(([carrier, n]) => ({ carrier, events: n })).sort((a, b) => b.events - a.events || a.carrier.localeCompare(b.carrier)),
  };
}

const order = (at: EventPosition) => ('index' in at ? at.index : at.line);

/**
 * Stores resolved call events and updates the counters from the ones that were new, in one transaction; then looks
 * for code contradictions among them. Returns the new call ids. The LiveKit webhook calls this with its one event.
 *
 * The health rows are locked last (after the insert, the slow part), so concurrent batches overlap everywhere but in
 * the short locked section. Contradictions are looked up after the commit, on purpose: two batches committing at the
 * same time cannot see each other's calls, so a 404 in one and another carrier's connect of the same number in the
 * other would each miss the pair inside their transactions; after both commits, whichever lookup runs second sees
 * both. (Inside an outer transaction — a CDR import — it simply runs in that transaction.)
 */
export async function storeCallEvents(store: Store, events: readonly CallEventInput[]): Promise<Set<string>> {
  const seen = new Set<string>();
  const unique = events.filter((e) => !seen.has(e.callId) && seen.add(e.callId));
  if (!unique.length) return new Set();
  const probes: ContradictionProbe[] = [];
  const fresh = await store.transaction(async (tx) => {
    const fresh = await tx.health.insertEvents(unique);
    // Health is about the carrier terminating our calls: inbound calls are stored but counted nowhere (ports.ts).
    const byCarrier = new Map<string, CountedCall[]>();
    for (const e of unique) {
      if (!fresh.has(e.callId) || e.direction !== 'outbound') continue;
      const list = byCarrier.get(e.carrierId) ?? [];
      list.push(e);
      byCarrier.set(e.carrierId, list);
      if (e.number && e.sipCode === 404) probes.push({ callId: e.callId, carrierId: e.carrierId, number: e.number, endedAt: e.endedAt, kind: 'not_found' });
      else if (e.number && e.outcome === 'answered') probes.push({ callId: e.callId, carrierId: e.carrierId, number: e.number, endedAt: e.endedAt, kind: 'connected' });
    }
    if (byCarrier.size) await advanceCarriers(tx, byCarrier);
    return fresh;
  });
  if (probes.length) await store.health.recordContradictions(probes, CONTRADICTION_WINDOW_MS);
  return fresh;
}

/** Locks the carriers' health rows, computes their next state and hourly rollups from the new calls, writes both. */
async function advanceCarriers(tx: Store, byCarrier: Map<string, CountedCall[]>): Promise<void> {
  const locked = await tx.health.lockHealth([...byCarrier.keys()]);
  const states = new Map<string, HealthState>();
  const hourly: HourlyDelta[] = [];
  const codes: CodeDelta[] = [];
  for (const [carrierId, calls] of byCarrier) {
    const row = locked.get(carrierId);
    if (!row) throw new Error(`carrier ${carrierId} has no health row`);
    const ignored = ignoredCodes(row.ignoredCodes);
    calls.sort(byEndTime);
    states.set(carrierId, advanceHealth(row.state, calls, ignored));
    const r = rollups(carrierId, calls, ignored);
    hourly.push(...r.hourly);
    codes.push(...r.codes);
  }
  await tx.health.writeHealth(states);
  await tx.health.addRollups(hourly, codes);
}

/** Each distinct reference's carrier: by id, else by LiveKit trunk id, else by name ignoring case (one query). */
async function resolveCarriers(store: Store, refs: string[]): Promise<Map<string, { carrier: CarrierMatch; byTrunk: boolean }>> {
  const distinct = [...new Set(refs)];
  const out = new Map<string, { carrier: CarrierMatch; byTrunk: boolean }>();
  if (!distinct.length) return out;
  const found = await store.health.findCarriers(distinct);
  for (const ref of distinct) {
    const lower = ref.toLowerCase();
    const byId = found.find((c) => c.id === lower);
    const byTrunk = found.find((c) => c.outboundTrunkId === ref || c.inboundTrunkId === ref);
    const byName = found.find((c) => c.name.toLowerCase() === lower);
    const carrier = byId ?? byTrunk ?? byName;
    if (carrier) out.set(ref, { carrier, byTrunk: !byId && !!byTrunk });
  }
  return out;
}
