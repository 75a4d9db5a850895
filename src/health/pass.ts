// A check pass: load what one check needs for every carrier, set-based (one or two queries whatever the number of
// carriers, and only the carriers that may fire or have an unresolved incident of the check's kinds), judge each with
// the check's pure function, and hand the verdicts to the alert engine in one transaction. Jobs (src/jobs/check-*.ts)
// and `alert check` run the same code.
import { CHECKS, type CheckName } from '../core/alerts/kinds.ts';
import type { InputScope } from '../core/alerts/ports.ts';
import type { HealthSettings } from '../core/alerts/settings.ts';
import type { Verdict } from '../core/alerts/verdict.ts';
import type { Store } from '../core/store.ts';
import { applyVerdicts, type ApplyResult } from '../alerts/engine.ts';
import { checkAsr } from './checks/asr.ts';
import { checkCodeConsistency } from './checks/code-consistency.ts';
import { checkConsecutiveFailures } from './checks/consecutive-failures.ts';
import { checkHeartbeat } from './checks/heartbeat.ts';
import { checkRatecards } from './checks/ratecards.ts';
import { checkDrift, checkSync, DRIFT_WINDOW_MINUTES } from './checks/sync.ts';

export interface CheckContext {
  store: Store;
  settings: HealthSettings;
  now: () => Date;
  /** LiveKit sync is configured: only then are sync states judged (without it every carrier is pending). */
  syncEnabled: boolean;
  /** When this process started its scheduler: the heartbeat's reference before any check has finished. */
  startedAt?: Date;
}

export interface CheckRun {
  check: CheckName;
  ms: number;
  /** Why the check did not run (e.g. LiveKit sync is not configured). */
  skipped?: string;
  result?: ApplyResult;
}

/** Code contradictions count within this window (research §C4: "another carrier connected in the last hour"). */
export const CONTRADICTION_WINDOW_MS = 60 * 60_000;
const MINUTE = 60_000;

const hourStart = (d: Date) => new Date(Math.floor(d.getTime() / 3_600_000) * 3_600_000);

/** The verdicts of one check now, or why it cannot run. `running`: the job running this pass (for the heartbeat). */
export async function judge(ctx: CheckContext, check: CheckName, now: Date, scope: InputScope = {}, running?: string): Promise<Verdict[] | string> {
  const { store, settings: s } = ctx;
  switch (check) {
    case 'consecutive-failures':
      return (await store.alerts.failureInputs({ ...scope, defaultThreshold: s.failureThreshold })).map((x) => checkConsecutiveFailures(x, s));
    case 'code-consistency': {
      const since = new Date(now.getTime() - CONTRADICTION_WINDOW_MS);
      return (await store.alerts.codeInputs({ ...scope, no404Attempts: s.no404Attempts, since })).map((x) => checkCodeConsistency(x, s));
    }
    case 'asr': {
      // The current (partial) hour and the full hours before it: never a nearly empty window at the top of the hour.
      const since = new Date(hourStart(now).getTime() - s.asrWindowHours * 3_600_000);
      return (await store.alerts.asrInputs({ ...scope, since, defaultFloor: s.asrFloor, defaultMinAttempts: s.asrMinAttempts })).map((x) => checkAsr(x, s));
    }
    case 'sync': {
      if (!ctx.syncEnabled) return 'LiveKit sync is not configured';
      const pendingBefore = new Date(now.getTime() - s.syncPendingMinutes * MINUTE);
      const driftSince = new Date(now.getTime() - DRIFT_WINDOW_MINUTES * MINUTE);
      return (await store.alerts.syncInputs({ ...scope, pendingBefore, driftSince })).flatMap((x) => [checkSync(x, s, now), checkDrift(x, now)]);
    }
    case 'ratecards':
      return (await store.alerts.ratecardInputs(scope)).map(checkRatecards);
    case 'heartbeat':
      if (scope.carrierIds) return [];
      return [checkHeartbeat(await store.leases.list(), now, s, { running, since: ctx.startedAt ?? now })];
  }
}

/** Runs one check and applies its verdicts. */
export async function runCheck(ctx: CheckContext, check: CheckName, o: { running?: string } = {}): Promise<CheckRun> {
  const started = performance.now();
  const now = ctx.now();
  const verdicts = await judge(ctx, check, now, {}, o.running);
  if (typeof verdicts === 'string') return { check, ms: performance.now() - started, skipped: verdicts };
  const result = await ctx.store.transaction((tx) => applyVerdicts(tx, { now, settings: ctx.settings, kinds: CHECKS[check], verdicts }));
  return { check, ms: performance.now() - started, result };
}

/**
 * Runs several checks: one after another, or side by side (`parallel`) as the scheduler runs the check jobs — each its
 * own node-cron job on the same schedule, so they start on the same tick, each in its own transaction.
 */
export async function runChecks(ctx: CheckContext, checks: readonly CheckName[], o: { running?: string; parallel?: boolean } = {}): Promise<CheckRun[]> {
  if (o.parallel) return Promise.all(checks.map((c) => runCheck(ctx, c, o)));
  const runs: CheckRun[] = [];
  for (const c of checks) runs.push(await runCheck(ctx, c, o));
  return runs;
}

/** "asr: 12 judged, 2 firing, 1 opened, 0 updated, 1 resolved" — a job's log line and summary. */
export function describeRun(r: CheckRun): string {
  if (r.skipped) return `${r.check}: skipped (${r.skipped})`;
  const x = r.result!;
  return `${r.check}: ${x.judged} judged, ${x.firing} firing, ${x.opened} opened, ${x.updated} updated, ${x.flapped} flapped, ${x.resolved} resolved (${Math.round(r.ms)} ms)`;
}
