// HealthViewRepo on drizzle: the reads behind `health`, the daily digest and the open-alerts gauge. Buckets are cut
// in UTC whatever the session's time zone (date_trunc on `hour at time zone 'UTC'`, turned back into a timestamptz).
import { sql, type SQL } from 'drizzle-orm';
import type { Bucket, HealthViewRepo, RangeQuery } from '../../core/health/view-ports.ts';
import type { Database } from '../client.ts';
import { alertNotices } from '../schema/alerts.ts';
import { resultRows } from './result-rows.ts';

type Row = Record<string, unknown>;

/** First key of the two-key advisory lock that serialises notices on their key (the migrator uses its own). */
const NOTICE_LOCK = 7_042_001;

const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;
const num = (v: unknown): number => (v === null || v === undefined ? 0 : Number(v));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));
const UNITS: Record<Bucket, SQL> = { hour: sql.raw(`'hour'`), day: sql.raw(`'day'`), month: sql.raw(`'month'`) };

function carriersIn(column: SQL, ids: readonly string[] | undefined): SQL {
  if (!ids) return sql`true`;
  return ids.length ? sql`${column} in ${[...ids]}` : sql`false`;
}

/** The bucket start of the rollup hour, or the range start when the whole range is one bucket. */
function bucketOf(q: RangeQuery): SQL {
  return q.bucket ? sql`(date_trunc(${UNITS[q.bucket]}, hour at time zone 'UTC') at time zone 'UTC')` : ts(q.since);
}

export function healthViewRepo(db: Database): HealthViewRepo {
  const rows = async (q: SQL): Promise<Row[]> => resultRows<Row>(await db.execute(q));

  return {
    async stats(q) {
      const list = await rows(sql`
        select carrier_id, ${bucketOf(q)} as at, sum(attempts)::bigint as attempts, sum(answered)::bigint as answered,
          sum(failures)::bigint as failures, sum(billed_seconds)::bigint as billed_seconds
        from carrier_stats_hourly
        where hour >= ${ts(q.since)} and hour < ${ts(q.until)} and ${carriersIn(sql`carrier_id`, q.carrierIds)}
        group by 1, 2 order by 1, 2`);
      return list.map((r) => ({
        carrierId: String(r.carrier_id),
        at: date(r.at)!,
        attempts: num(r.attempts),
        answered: num(r.answered),
        failures: num(r.failures),
        billedSeconds: num(r.billed_seconds),
      }));
    },

    async codes(q) {
      const list = await rows(sql`
        select carrier_id, ${bucketOf(q)} as at, code, sum(calls)::bigint as calls
        from carrier_codes_hourly
        where hour >= ${ts(q.since)} and hour < ${ts(q.until)} and ${carriersIn(sql`carrier_id`, q.carrierIds)}
        group by 1, 2, 3 order by 1, 2, 3`);
      return list.map((r) => ({ carrierId: String(r.carrier_id), at: date(r.at)!, code: num(r.code), calls: num(r.calls) }));
    },

    async counters(carrierIds) {
      const list = await rows(sql`
        select carrier_id, consecutive_failures, coalesce(cardinality(failure_numbers), 0) as failure_numbers, connects_since_failure,
          attempts, count_200, count_404, attempts_since_404, last_404_at, last_event_at
        from carrier_health where ${carriersIn(sql`carrier_id`, carrierIds)}`);
      return list.map((r) => ({
        carrierId: String(r.carrier_id),
        consecutiveFailures: num(r.consecutive_failures),
        failureNumbers: num(r.failure_numbers),
        connectsSinceFailure: num(r.connects_since_failure),
        attempts: num(r.attempts),
        count200: num(r.count_200),
        count404: num(r.count_404),
        attemptsSince404: num(r.attempts_since_404),
        last404At: date(r.last_404_at),
        lastEventAt: date(r.last_event_at),
      }));
    },

    async contradictions(q) {
      const list = await rows(sql`
        select carrier_id, count(distinct number)::int as numbers, count(*)::int as calls
        from code_contradictions where at >= ${ts(q.since)} and ${carriersIn(sql`carrier_id`, q.carrierIds)}
        group by carrier_id`);
      return list.map((r) => ({ carrierId: String(r.carrier_id), numbers: num(r.numbers), calls: num(r.calls) }));
    },

    async upcomingActivations(from, until) {
      const list = await rows(sql`
        select rc.name as card_name, c.name as carrier_name, r.number, r.date_live
        from rate_card_revisions r join rate_cards rc on rc.id = r.card_id join carriers c on c.id = rc.carrier_id
        where r.status = 'scheduled' and r.date_live >= ${ts(from)} and r.date_live < ${ts(until)}
        order by r.date_live, rc.name, r.number`);
      return list.map((r) => ({ cardName: String(r.card_name), carrierName: String(r.carrier_name), revision: num(r.number), dateLive: date(r.date_live)! }));
    },

    async openAlertCounts() {
      const list = await rows(sql`select severity, state, count(*)::int as n from alerts where state <> 'resolved' group by 1, 2 order by 1, 2`);
      return list.map((r) => ({ severity: String(r.severity), state: String(r.state), count: num(r.n) }));
    },

    async hasNotice(kind, key) {
      return (await rows(sql`select 1 from alert_notices where kind = ${kind} and payload->>'key' = ${key} limit 1`)).length > 0;
    },

    addNoticeOnce(n, key) {
      return db.transaction(async (tx) => {
        await tx.execute(sql`select pg_advisory_xact_lock(${NOTICE_LOCK}::int, hashtext(${key}))`);
        const seen = resultRows(await tx.execute(sql`select 1 from alert_notices where kind = ${n.kind} and payload->>'key' = ${key} limit 1`));
        if (seen.length) return false;
        await tx.insert(alertNotices).values({ platform: n.platform, channel: n.channel, kind: n.kind, payload: { ...n.payload, key }, dueAt: n.dueAt });
        return true;
      });
    },
  };
}
