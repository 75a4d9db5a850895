// Job: ASR below the floor with the minimum attempts; on HEALTH_CHECK_CRON (every minute by default). By hand: `alert check asr`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkAsrJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'asr', schedule);
