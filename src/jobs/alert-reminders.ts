// Job: reminders for open, unacknowledged incidents and the end of snoozes; on ALERT_CRON. By hand: `alert check reminders`.
import type { CheckContext } from '../health/pass.ts';
import { taskJob } from './check-job.ts';
import type { JobSpec } from './scheduler.ts';

export const alertRemindersJob = (ctx: CheckContext, schedule: string | null): JobSpec => taskJob(ctx, 'reminders', schedule);
