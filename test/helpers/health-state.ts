// Sets the health counters the checks read (carrier_health, hourly stats, contradictions) directly in SQL, as the
// call-event ingestion would have left them, and builds a check context on a test clock.
import type { Harness } from './harness.ts';
import type { CheckContext } from '../../src/health/pass.ts';

export interface HealthRow {
  consecutive_failures?: number;
  failure_numbers?: string[];
  connects_since_failure?: number;
  recent_calls?: { callId: string; code: number; number: string | null; at: string }[];
  attempts?: number;
  count_200?: number;
  count_404?: number;
  attempts_since_404?: number;
}

export async function carrierId(h: Harness, name: string): Promise<string> {
  const [row] = await h.db.query('select id from carriers where name = $1', [name]);
  return String(row!.id);
}

/** Upserts a carrier's carrier_health row with these counters (the rest zero). */
export async function setHealth(h: Harness, name: string, r: HealthRow): Promise<void> {
  const id = await carrierId(h, name);
  await h.db.query(
    `insert into carrier_health (carrier_id, consecutive_failures, failure_numbers, connects_since_failure, recent_calls, attempts, count_200, count_404, attempts_since_404)
     values ($1, $2, $3::text[], $4, $5::jsonb, $6, $7, $8, $9)
     on conflict (carrier_id) do update set consecutive_failures = excluded.consecutive_failures, failure_numbers = excluded.failure_numbers,
       connects_since_failure = excluded.connects_since_failure, recent_calls = excluded.recent_calls, attempts = excluded.attempts,
       count_200 = excluded.count_200, count_404 = excluded.count_404, attempts_since_404 = excluded.attempts_since_404`,
    [id, r.consecutive_failures ?? 0, `{${(r.failure_numbers ?? []).map((n) => `"${n}"`).join(',')}}`, r.connects_since_failure ?? 0, JSON.stringify(r.recent_calls ?? []), r.attempts ?? 0, r.count_200 ?? 0, r.count_404 ?? 0, r.attempts_since_404 ?? 0],
  );
}

export async function setStats(h: Harness, name: string, hour: Date, attempts: number, answered: number, codes: Record<number, number> = {}): Promise<void> {
  const id = await carrierId(h, name);
  await h.db.query(
    `insert into carrier_stats_hourly (carrier_id, hour, attempts, answered, failures) values ($1, $2, $3, $4, $5)
     on conflict (carrier_id, hour) do update set attempts = excluded.attempts, answered = excluded.answered, failures = excluded.failures`,
    [id, hour.toISOString(), attempts, answered, attempts - answered],
  );
  for (const [code, calls] of Object.entries(codes)) {
    await h.db.query(`insert into carrier_codes_hourly (carrier_id, hour, code, calls) values ($1, $2, $3, $4) on conflict (carrier_id, hour, code) do update set calls = excluded.calls`, [id, hour.toISOString(), Number(code), calls]);
  }
}

export async function addContradiction(h: Harness, name: string, number: string, connectedBy: string, callId: string, at: Date): Promise<void> {
  await h.db.query('insert into code_contradictions (carrier_id, number, connected_by, call_id, at) values ($1, $2, $3, $4, $5)', [await carrierId(h, name), number, await carrierId(h, connectedBy), callId, at.toISOString()]);
}

export const failures = (n: number, numbers = ['+15550001', '+15550002']): HealthRow => ({
  consecutive_failures: n,
  failure_numbers: numbers,
  connects_since_failure: 0,
  recent_calls: Array.from({ length: Math.min(n, 20) }, (_, i) => ({ callId: `call-${n}-${i}`, code: i % 4 ? 503 : 408, number: numbers[i % numbers.length]!, at: '2026-05-01T11:59:00Z' })),
});

export const connects = (n: number): HealthRow => ({ consecutive_failures: 0, failure_numbers: [], connects_since_failure: n });

/** A check context on the harness' store, with the test clock. */
export function checkCtx(h: Harness, now: () => Date, syncEnabled = false): CheckContext {
  return { store: h.app.store, settings: h.app.deps.health, now, syncEnabled };
}
