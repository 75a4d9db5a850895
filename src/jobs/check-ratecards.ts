// Job: Scheduled rate-card activations that failed (ratecard-activation runs the due ones); on HEALTH_CHECK_CRON (every minute by default). By hand: `alert check ratecards`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkRatecardsJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'ratecards', schedule);
