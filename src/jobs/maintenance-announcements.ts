// Job: maintenance windows starting, ending soon and ended, told to the on-call channels; on ALERT_CRON.
// By hand: `alert check maintenance`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const maintenanceAnnouncementsJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'maintenance', schedule);
