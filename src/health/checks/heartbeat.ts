// The scheduler watching itself (research §3b.10, a dead man's switch): if no check job has finished for
// HEALTH_HEARTBEAT_MINUTES, say so. job_leases records when each job last finished (with or without an error: a
// check that fails still ran, and its error is in the log and in `alert list`). A check job that is running right
// now proves the scheduler runs, so check passes can clear it; the heartbeat job, on its own schedule, opens it.
import { CHECK_NAMES, checkJobName } from '../../core/alerts/kinds.ts';
import type { HealthSettings } from '../../core/alerts/settings.ts';
import { stepOf, type Verdict } from '../../core/alerts/verdict.ts';
import { timeToken } from '../../core/runtime/time.ts';

export interface LeaseView {
  name: string;
  lastStartedAt: Date | null;
  lastFinishedAt: Date | null;
  lastError: string | null;
}

/** The jobs whose runs count as "a check ran". */
export const CHECK_JOBS: readonly string[] = CHECK_NAMES.filter((c) => c !== 'heartbeat').map(checkJobName);

export function checkHeartbeat(
  leases: readonly LeaseView[],
  now: Date,
  s: Pick<HealthSettings, 'heartbeatMinutes'>,
  o: { running?: string; since: Date },
): Verdict {
  const rows = leases.filter((l) => CHECK_JOBS.includes(l.name));
  const finished = rows.map((l) => l.lastFinishedAt).filter((d): d is Date => d !== null);
  const last = finished.length ? new Date(Math.max(...finished.map((d) => d.getTime()))) : null;
  const ref = last ?? o.since;
  const silentMin = Math.floor((now.getTime() - ref.getTime()) / 60_000);
  const running = o.running !== undefined && CHECK_JOBS.includes(o.running);
  const firing = !running && silentMin >= s.heartbeatMinutes;
  const failing = rows.filter((l) => l.lastError).map((l) => ({ job: l.name, error: l.lastError, at: l.lastFinishedAt?.toISOString() ?? null }));
  return {
    kind: 'scheduler',
    carrierId: null,
    carrierName: null,
    firing,
    clear: !firing,
    severity: 'critical',
    title: 'trunkops: health checks are not running',
    summary: running
      ? `${o.running} is running now`
      : last
        ? `the last health check finished ${timeToken(last)}${firing ? ` (${silentMin} min ago)` : ''}`
        : `no health check has finished since trunkops started ${timeToken(o.since)}`,
    step: stepOf(silentMin, s.heartbeatMinutes),
    evidence: { lastFinishedAt: last?.toISOString() ?? null, silentMinutes: silentMin, heartbeatMinutes: s.heartbeatMinutes, failing },
  };
}
