// What the health checks read, set-based: one query per check (two for ASR) over every carrier, returning only the
// carriers that may fire (a coarse SQL prefilter; the exact rule is the check's pure function) or that have an
// unresolved incident of the check's kinds (so it can hold or clear). carrier_health and the hourly tables are written
// by the call-event ingestion (part A); these are our own read queries, not its repository.
import { sql, type SQL } from 'drizzle-orm';
import type { AlertKind } from '../../core/alerts/kinds.ts';
import type { AlertRepo, AsrInput, CodeInput, ContradictionSample, FailureInput, InputScope, RatecardInput, SyncInput } from '../../core/alerts/ports.ts';
import type { RecentCall } from '../../core/health/ports.ts';
import type { Database } from '../client.ts';

type InputRepo = Pick<AlertRepo, 'failureInputs' | 'codeInputs' | 'asrInputs' | 'syncInputs' | 'ratecardInputs'>;
type Row = Record<string, unknown>;

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const numOrNull = (v: unknown): number | null => (v === null || v === undefined ? null : Number(v));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
/** jsonb arrives parsed from both drivers; a json built by the query may arrive as text from one of them. */
const json = <T>(v: unknown, fallback: T): T => (v === null || v === undefined ? fallback : typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

function scopeOf(o: InputScope): SQL {
  if (!o.carrierIds) return sql`true`;
  return o.carrierIds.length ? sql`c.id in ${[...o.carrierIds]}` : sql`false`;
}

/** Carriers with an unresolved incident of these kinds. */
const withOpen = (kinds: AlertKind[]) => sql`c.id in (select carrier_id from alerts where state <> 'resolved' and carrier_id is not null and kind in ${kinds})`;

const subject = (r: Row) => ({ carrierId: String(r.carrier_id), carrierName: String(r.carrier_name), active: r.status !== 'inactive' });

export function alertInputRepo(db: Database): InputRepo {
  async function rows(q: SQL): Promise<Row[]> {
    const res = await db.execute(q);
    // postgres.js returns the rows, PGlite a result object holding them.
    return (Array.isArray(res) ? res : (res as unknown as { rows: Row[] }).rows) as Row[];
  }

  return {
    async failureInputs(o) {
      const list = await rows(sql`
        select c.id as carrier_id, c.name as carrier_name, c.status, c.health_failure_threshold as threshold,
          h.consecutive_failures, h.failure_numbers, h.connects_since_failure, h.recent_calls
        from carrier_health h join carriers c on c.id = h.carrier_id
        where ${scopeOf(o)} and (h.consecutive_failures >= coalesce(c.health_failure_threshold, ${o.defaultThreshold}::int) or ${withOpen(['consecutive_failures'])})`);
      return list.map(
        (r): FailureInput => ({
          ...subject(r),
          threshold: numOrNull(r.threshold),
          consecutiveFailures: num(r.consecutive_failures),
          failureNumbers: (r.failure_numbers as string[] | null) ?? [],
          connectsSinceFailure: num(r.connects_since_failure),
          recentCalls: json<RecentCall[]>(r.recent_calls, []),
        }),
      );
    },

    async codeInputs(o) {
      const list = await rows(sql`
        with con as (
          select cc.carrier_id, count(distinct cc.number)::int as numbers, count(*)::int as calls,
            to_json((array_agg(json_build_object('number', cc.number, 'connectedBy', coalesce(o.name, '(deleted carrier)'), 'callId', cc.call_id, 'at', cc.at) order by cc.at desc))[1:5]) as sample
          from code_contradictions cc left join carriers o on o.id = cc.connected_by
          where cc.at >= ${ts(o.since)}
          group by cc.carrier_id
        )
        select c.id as carrier_id, c.name as carrier_name, c.status, h.attempts, h.count_200, h.count_404, h.attempts_since_404, h.last_404_at,
          h.recent_calls, con.numbers, con.calls, con.sample
        from carrier_health h join carriers c on c.id = h.carrier_id left join con on con.carrier_id = c.id
        where ${scopeOf(o)} and (h.attempts_since_404 >= ${o.no404Attempts}::bigint or con.carrier_id is not null or ${withOpen(['code_consistency'])})`);
      return list.map(
        (r): CodeInput => ({
          ...subject(r),
          attempts: num(r.attempts),
          count200: num(r.count_200),
          count404: num(r.count_404),
          attemptsSince404: num(r.attempts_since_404),
          last404At: date(r.last_404_at),
          recentCalls: json<RecentCall[]>(r.recent_calls, []),
          contradictions: {
            numbers: num(r.numbers),
            calls: num(r.calls),
            sample: json<{ number: string; connectedBy: string; callId: string; at: string }[]>(r.sample, []).map((x): ContradictionSample => ({ ...x, at: new Date(x.at) })),
          },
        }),
      );
    },

    async asrInputs(o) {
      const list = await rows(sql`
        with s as (
          select carrier_id, sum(attempts)::int as attempts, sum(answered)::int as answered, sum(failures)::int as failures
          from carrier_stats_hourly where hour >= ${ts(o.since)} group by carrier_id
        )
        select c.id as carrier_id, c.name as carrier_name, c.status, c.health_asr_floor as floor, c.health_asr_min_attempts as min_attempts,
          s.attempts, s.answered, s.failures
        from carriers c left join s on s.carrier_id = c.id
        where ${scopeOf(o)} and (
          (s.attempts >= coalesce(c.health_asr_min_attempts, ${o.defaultMinAttempts}::int)
            and s.answered * 100 < coalesce(c.health_asr_floor, ${o.defaultFloor}::int) * s.attempts)
          or ${withOpen(['asr'])})`);
      const codes = new Map<string, Record<string, number>>();
      const ids = list.map((r) => String(r.carrier_id));
      // The code histogram only for the carriers returned; their ids as one JSON parameter.
      if (ids.length) {
        for (const r of await rows(sql`
          select carrier_id, code, sum(calls)::int as calls from carrier_codes_hourly
          where hour >= ${ts(o.since)} and carrier_id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json))
          group by carrier_id, code`)) {
          const m = codes.get(String(r.carrier_id)) ?? {};
          m[String(r.code)] = num(r.calls);
          codes.set(String(r.carrier_id), m);
        }
      }
      return list.map(
        (r): AsrInput => ({
          ...subject(r),
          floor: numOrNull(r.floor),
          minAttempts: numOrNull(r.min_attempts),
          attempts: num(r.attempts),
          answered: num(r.answered),
          failures: num(r.failures),
          codes: codes.get(String(r.carrier_id)) ?? {},
        }),
      );
    },

    async syncInputs(o) {
      const list = await rows(sql`
        select c.id as carrier_id, c.name as carrier_name, c.status, c.sync_status, c.sync_error, c.sync_note, c.sync_due_at, c.sync_attempts,
          c.last_synced_at, c.drift_at, c.drift_note
        from carriers c
        where ${scopeOf(o)} and (c.sync_status = 'error' or (c.sync_status = 'pending' and c.sync_due_at <= ${ts(o.pendingBefore)})
          or c.drift_at >= ${ts(o.driftSince)} or ${withOpen(['sync', 'drift'])})`);
      return list.map(
        (r): SyncInput => ({
          ...subject(r),
          syncStatus: r.sync_status as SyncInput['syncStatus'],
          syncError: (r.sync_error as string | null) ?? null,
          syncNote: (r.sync_note as string | null) ?? null,
          syncDueAt: date(r.sync_due_at),
          syncAttempts: num(r.sync_attempts),
          lastSyncedAt: date(r.last_synced_at),
          driftAt: date(r.drift_at),
          driftNote: (r.drift_note as string | null) ?? null,
        }),
      );
    },

    async ratecardInputs(o) {
      const list = await rows(sql`
        select c.id as carrier_id, c.name as carrier_name, c.status,
          coalesce(json_agg(json_build_object('card', rc.name, 'revision', r.number, 'error', r.activation_error, 'dateLive', r.date_live)
            order by rc.name, r.number) filter (where r.id is not null), '[]'::json) as failed
        from carriers c
        left join rate_cards rc on rc.carrier_id = c.id
        left join rate_card_revisions r on r.card_id = rc.id and r.status = 'scheduled' and r.activation_error is not null
        where ${scopeOf(o)} and (r.id is not null or ${withOpen(['ratecard_activation'])})
        group by c.id, c.name, c.status`);
      return list.map(
        (r): RatecardInput => ({
          ...subject(r),
          failed: json<{ card: string; revision: number; error: string; dateLive: string | null }[]>(r.failed, []).map((f) => ({
            card: f.card,
            revision: Number(f.revision),
            error: f.error,
            dateLive: f.dateLive ? new Date(f.dateLive) : null,
          })),
        }),
      );
    },
  };
}
