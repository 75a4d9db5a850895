// The health-check and alert jobs, built from config, for main.ts to hand to the scheduler.
import type { HealthSchedules } from '../config-health.ts';
import type { CheckContext } from '../health/pass.ts';
import { alertRemindersJob } from './alert-reminders.ts';
import { checkAsrJob } from './check-asr.ts';
import { checkCodeConsistencyJob } from './check-code-consistency.ts';
import { checkConsecutiveFailuresJob } from './check-consecutive-failures.ts';
import { checkHeartbeatJob } from './check-heartbeat.ts';
import { checkRatecardsJob } from './check-ratecards.ts';
import { checkSyncJob } from './check-sync.ts';
import { maintenanceAnnouncementsJob } from './maintenance-announcements.ts';
import type { JobSpec } from './scheduler.ts';

export function alertJobs(ctx: Omit<CheckContext, 'startedAt'>, s: HealthSchedules): JobSpec[] {
  // Before any check has finished, the heartbeat counts from now (a fresh start is not "checks stopped").
  const c: CheckContext = { ...ctx, startedAt: ctx.now() };
  return [
    checkConsecutiveFailuresJob(c, s.checks),
    checkCodeConsistencyJob(c, s.checks),
    checkAsrJob(c, s.checks),
    ...(ctx.syncEnabled ? [checkSyncJob(c, s.checks)] : []),
    checkRatecardsJob(c, s.checks),
    checkHeartbeatJob(c, s.heartbeat),
    alertRemindersJob(c, s.alerts),
    maintenanceAnnouncementsJob(c, s.alerts),
  ];
}
