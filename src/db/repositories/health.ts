// HealthRepo on drizzle: call events stored once per call id, and the carrier health counters and hourly rollups
// they feed. Every write is one statement per table per batch: rows travel as one JSON parameter read with
// jsonb_to_recordset, which both drivers pass the same way (a JS array in drizzle's sql would expand to a list, and
// postgres.js and PGlite type array parameters differently). jsonb, not json: json_to_recordset parses the text once
// per row and measured twice as slow for 5,000 calls; unnest of array literals was in between. Rows are written in
// key order so that concurrent batches take their row locks in the same order and cannot deadlock.
import { inArray, or, sql, type SQL } from 'drizzle-orm';
import type { CarrierMatch, CodeDelta, HealthRepo, HealthState, HourlyDelta, LockedHealth } from '../../core/health/ports.ts';
import type { Database } from '../client.ts';
import { carrierHealth } from '../schema/carrier-health.ts';
import { carriers } from '../schema/carriers.ts';
import { resultRows } from './result-rows.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const byKey = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
const iso = (d: Date | null) => (d ? d.toISOString() : null);
const json = (rows: unknown[]) => sql`${JSON.stringify(rows)}::jsonb`;

export function healthRepo(db: Database): HealthRepo {
  return {
    async findCarriers(refs) {
      // A batch names a few carriers; a broken producer may name thousands, which must stay under the protocol's
      // 65,535 parameters (each reference is passed up to four times).
      const found = new Map<string, CarrierMatch>();
      for (let i = 0; i < refs.length; i += 5000) {
        const part = refs.slice(i, i + 5000);
        const ids = part.filter((r) => UUID.test(r)).map((r) => r.toLowerCase());
        const conditions: SQL[] = [
          inArray(sql`lower(${carriers.name})`, part.map((r) => r.toLowerCase())),
          inArray(carriers.outboundTrunkId, part),
          inArray(carriers.inboundTrunkId, part),
        ];
        if (ids.length) conditions.push(inArray(carriers.id, ids));
        const rows = await db
          .select({ id: carriers.id, name: carriers.name, outboundTrunkId: carriers.outboundTrunkId, inboundTrunkId: carriers.inboundTrunkId })
          .from(carriers)
          .where(or(...conditions));
        for (const r of rows) found.set(r.id, r);
      }
      return [...found.values()];
    },

    async insertEvents(events) {
      if (!events.length) return new Set();
      const rows = [...events]
        .sort((a, b) => byKey(a.callId, b.callId))
        // Absent keys read as null, and JSON.stringify leaves undefined out: a smaller batch to write and to parse.
        .map((e) => ({
          call_id: e.callId,
          carrier_id: e.carrierId,
          number: e.number ?? undefined,
          direction: e.direction,
          sip_code: e.sipCode ?? undefined,
          outcome: e.outcome,
          disconnect_reason: e.disconnectReason ?? undefined,
          trunk_id: e.trunkId ?? undefined,
          source: e.source,
          // Times as epoch milliseconds: cheaper than ISO text at both ends (toISOString here, timestamp parsing there).
          started_ms: e.startedAt?.getTime(),
          answered_ms: e.answeredAt?.getTime(),
          ended_ms: e.endedAt.getTime(),
        }));
      const inserted = resultRows<{ call_id: string }>(
        await db.execute(sql`
          insert into call_events (call_id, carrier_id, number, direction, sip_code, outcome, disconnect_reason, trunk_id, source, started_at, answered_at, ended_at)
          select call_id, carrier_id, number, direction, sip_code, outcome, disconnect_reason, trunk_id, source,
            to_timestamp(started_ms::float8 / 1000), to_timestamp(answered_ms::float8 / 1000), to_timestamp(ended_ms::float8 / 1000)
          from jsonb_to_recordset(${json(rows)}) as e(call_id text, carrier_id uuid, number text, direction text, sip_code int, outcome text,
            disconnect_reason text, trunk_id text, source text, started_ms bigint, answered_ms bigint, ended_ms bigint)
          on conflict (call_id) do nothing
          returning call_id`),
      );
      return new Set(inserted.map((r) => r.call_id));
    },

    async lockHealth(carrierIds) {
      const ids = [...new Set(carrierIds)].sort(byKey);
      const out = new Map<string, LockedHealth>();
      if (!ids.length) return out;
      const lock = (list: string[]) =>
        db
          .select({ health: carrierHealth, ignoredCodes: carriers.healthIgnoredCodes })
          .from(carrierHealth)
          .innerJoin(carriers, sql`${carriers.id} = ${carrierHealth.carrierId}`)
          .where(inArray(carrierHealth.carrierId, list))
          .orderBy(carrierHealth.carrierId)
          .for('update', { of: carrierHealth });
      const rows = await lock(ids);
      // A carrier's first calls: create its row (a concurrent batch creating it too makes this wait, then skip), lock it.
      const missing = ids.filter((id) => !rows.some((r) => r.health.carrierId === id));
      if (missing.length) {
        await db
          .insert(carrierHealth)
          .values(missing.map((carrierId) => ({ carrierId })))
          .onConflictDoNothing();
        rows.push(...(await lock(missing)));
      }
      for (const { health: h, ignoredCodes } of rows) {
        out.set(h.carrierId, {
          ignoredCodes,
          state: {
            consecutiveFailures: h.consecutiveFailures,
            failureNumbers: h.failureNumbers,
            connectsSinceFailure: h.connectsSinceFailure,
            recentCalls: h.recentCalls,
            attempts: h.attempts,
            count200: h.count200,
            count404: h.count404,
            attemptsSince404: h.attemptsSince404,
            last404At: h.last404At,
            lastEventAt: h.lastEventAt,
          },
        });
      }
      return out;
    },

    async writeHealth(states) {
      if (!states.size) return;
      const rows = [...states].sort(([a], [b]) => byKey(a, b)).map(([carrierId, s]: [string, HealthState]) => ({
        carrier_id: carrierId,
        consecutive_failures: s.consecutiveFailures,
        failure_numbers: s.failureNumbers,
        connects_since_failure: s.connectsSinceFailure,
        recent_calls: s.recentCalls,
        attempts: s.attempts,
        count_200: s.count200,
        count_404: s.count404,
        attempts_since_404: s.attemptsSince404,
        last_404_at: iso(s.last404At),
        last_event_at: iso(s.lastEventAt),
      }));
      await db.execute(sql`
        update carrier_health h set
          consecutive_failures = s.consecutive_failures, failure_numbers = s.failure_numbers,
          connects_since_failure = s.connects_since_failure, recent_calls = s.recent_calls,
          attempts = s.attempts, count_200 = s.count_200, count_404 = s.count_404, attempts_since_404 = s.attempts_since_404,
          last_404_at = s.last_404_at, last_event_at = s.last_event_at, updated_at = now()
        from jsonb_to_recordset(${json(rows)}) as s(carrier_id uuid, consecutive_failures int, failure_numbers text[],
          connects_since_failure int, recent_calls jsonb, attempts bigint, count_200 bigint, count_404 bigint,
          attempts_since_404 bigint, last_404_at timestamptz, last_event_at timestamptz)
        where h.carrier_id = s.carrier_id`);
    },

    async addRollups(hourly: HourlyDelta[], codes: CodeDelta[]) {
      if (hourly.length) {
        const rows = hourly.map((h) => ({ carrier_id: h.carrierId, hour: h.hour.toISOString(), attempts: h.attempts, answered: h.answered, failures: h.failures, billed_seconds: h.billedSeconds }));
        await db.execute(sql`
          insert into carrier_stats_hourly as t (carrier_id, hour, attempts, answered, failures, billed_seconds)
          select carrier_id, hour, attempts, answered, failures, billed_seconds
          from jsonb_to_recordset(${json(rows)}) as d(carrier_id uuid, hour timestamptz, attempts int, answered int, failures int, billed_seconds bigint)
          order by carrier_id, hour
          on conflict (carrier_id, hour) do update set
            attempts = t.attempts + excluded.attempts, answered = t.answered + excluded.answered,
            failures = t.failures + excluded.failures, billed_seconds = t.billed_seconds + excluded.billed_seconds`);
      }
      if (codes.length) {
        const rows = codes.map((c) => ({ carrier_id: c.carrierId, hour: c.hour.toISOString(), code: c.code, calls: c.calls }));
        await db.execute(sql`
          insert into carrier_codes_hourly as t (carrier_id, hour, code, calls)
          select carrier_id, hour, code, calls
          from jsonb_to_recordset(${json(rows)}) as d(carrier_id uuid, hour timestamptz, code int, calls int)
          order by carrier_id, hour, code
          on conflict (carrier_id, hour, code) do update set calls = t.calls + excluded.calls`);
      }
    },

    async recordContradictions(probes, windowMs) {
      if (!probes.length) return 0;
      const rows = probes.map((p) => ({ call_id: p.callId, carrier_id: p.carrierId, number: p.number, ended_at: p.endedAt.toISOString(), kind: p.kind }));
      const window = sql`(${Math.round(windowMs / 1000)}::int * interval '1 second')`;
      // Each probe looks up the same number through call_events_number_ended_idx. The 404 side is the row: its
      // carrier, its call, its time; a 404 contradicted by several carriers is recorded once.
      const added = resultRows<{ call_id: string }>(
        await db.execute(sql`
          with p as (
            select * from jsonb_to_recordset(${json(rows)}) as p(call_id text, carrier_id uuid, number text, ended_at timestamptz, kind text)
          ), found as (
            select p.carrier_id, p.number, o.carrier_id as connected_by, p.call_id, p.ended_at as at
            from p join call_events o on o.number = p.number
              and o.ended_at between p.ended_at - ${window} and p.ended_at + ${window}
            where p.kind = 'not_found' and o.carrier_id <> p.carrier_id and o.direction = 'outbound' and o.outcome = 'answered'
            union all
            select o.carrier_id, o.number, p.carrier_id, o.call_id, o.ended_at
            from p join call_events o on o.number = p.number
              and o.ended_at between p.ended_at - ${window} and p.ended_at + ${window}
            where p.kind = 'connected' and o.carrier_id <> p.carrier_id and o.direction = 'outbound' and o.sip_code = 404
          )
          insert into code_contradictions (carrier_id, number, connected_by, call_id, at)
          select distinct on (carrier_id, call_id) carrier_id, number, connected_by, call_id, at
          from found
          order by carrier_id, call_id, connected_by
          on conflict (carrier_id, call_id) do nothing
          returning call_id`),
      );
      return added.length;
    },
  };
}
