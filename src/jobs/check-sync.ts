// Job: LiveKit sync in error, stuck pending, or drift repaired by the reconcile (only with LiveKit configured); on HEALTH_CHECK_CRON (every minute by default). By hand: `alert check sync`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const checkSyncJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'sync', schedule);
