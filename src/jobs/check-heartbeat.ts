// Job: the scheduler's dead man's switch — no check job finished for HEALTH_HEARTBEAT_MINUTES opens the `scheduler`
// alert. On its own schedule (HEALTH_HEARTBEAT_CRON, every 5 minutes by default) so it runs when the check jobs are
// stuck; every check job also re-evaluates it after its own pass (and so clears it once checks run again).
// By hand: `alert check heartbeat`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkHeartbeatJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'heartbeat', schedule);
