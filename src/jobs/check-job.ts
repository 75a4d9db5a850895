// What every health / alert job has in common: a task from src/alerts/tasks.ts on a schedule, under the job lease.
import { jobNameOf, runTask, type TaskName } from '../alerts/tasks.ts';
import type { CheckContext } from '../health/pass.ts';
import type { JobSpec } from './scheduler.ts';

/** A pass over 10,000 carriers takes well under a second; the lease only has to outlast a stuck one. */
const LEASE_MS = 5 * 60_000;

export function taskJob(ctx: CheckContext, task: TaskName, schedule: string | null): JobSpec {
  const name = jobNameOf(task);
  return { name, schedule, leaseMs: LEASE_MS, run: async () => (await runTask(ctx, task, { running: name })).text };
}
