// Job: Consecutive failures over the carrier's threshold, to two numbers or more; on HEALTH_CHECK_CRON (every minute by default). By hand: `alert check consecutive-failures`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkConsecutiveFailuresJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'consecutive-failures', schedule);
