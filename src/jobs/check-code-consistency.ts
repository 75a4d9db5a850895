// Job: Code consistency: never a 404 over many attempts, or 404s on numbers another carrier connected; on HEALTH_CHECK_CRON (every minute by default). By hand: `alert check code-consistency`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkCodeConsistencyJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'code-consistency', schedule);
