// The health-check and alert variables, as part of src/config.ts's one schema (kept here so config.ts stays short):
// thresholds with their defaults and the check / alert job schedules. Reads no environment.
import { validate as validateCronExpression } from 'node-cron';
import { z } from 'zod';
import { DEFAULT_HEALTH_SETTINGS as D, type HealthSettings } from './core/alerts/settings.ts';

const blank = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

function whole(min: number, max: number, fallback: number, what: string) {
  const rule = `use a whole number from ${min} to ${max} (${what})`;
  return z.preprocess(blank, z.coerce.number().int(rule).min(min, rule).max(max, rule).default(fallback));
}

function cron(fallback: string, example: string) {
  return z.preprocess(
    blank,
    z
      .string()
      .refine((v) => v === 'off' || validateCronExpression(v), `use a cron expression, e.g. "${example}", or "off"`)
      .default(fallback),
  );
}

export const healthEnvShape = {
  HEALTH_CHECK_CRON: cron('* * * * *', '* * * * *'),
  HEALTH_HEARTBEAT_CRON: cron('*/5 * * * *', '*/5 * * * *'),
  ALERT_CRON: cron('* * * * *', '* * * * *'),
  HEALTH_FAILURE_THRESHOLD: whole(1, 100_000, D.failureThreshold, 'failures'),
  HEALTH_RESOLVE_CONNECTS: whole(1, 1000, D.resolveConnects, 'connected calls'),
  HEALTH_NO404_ATTEMPTS: whole(10, 10_000_000, D.no404Attempts, 'attempts'),
  HEALTH_CONTRADICTION_NUMBERS: whole(1, 1000, D.contradictionNumbers, 'numbers'),
  HEALTH_ASR_FLOOR: whole(0, 100, D.asrFloor, 'percent; 0 turns the check off'),
  HEALTH_ASR_MIN_ATTEMPTS: whole(1, 1_000_000, D.asrMinAttempts, 'attempts'),
  HEALTH_ASR_WINDOW_HOURS: whole(0, 48, D.asrWindowHours, 'hours'),
  HEALTH_SYNC_PENDING_MINUTES: whole(1, 1440, D.syncPendingMinutes, 'minutes'),
  HEALTH_HEARTBEAT_MINUTES: whole(2, 1440, D.heartbeatMinutes, 'minutes'),
  ALERT_RESOLVE_AFTER_MINUTES: whole(0, 1440, D.resolveAfterMinutes, 'minutes'),
  ALERT_REMINDER_MINUTES: whole(0, 10_080, D.reminderMinutes, 'minutes; 0 turns reminders off'),
  ALERT_MAINTENANCE_NOTICE_MINUTES: whole(0, 1440, D.maintenanceNoticeMinutes, 'minutes'),
};

type HealthEnv = { [K in keyof typeof healthEnvShape]: z.infer<(typeof healthEnvShape)[K]> };

export interface HealthSchedules {
  /** The check jobs (consecutive failures, code consistency, ASR, sync, rate cards), or null: by hand only. */
  checks: string | null;
  /** The heartbeat job (it also runs after every check job). */
  heartbeat: string | null;
  /** Reminders, snooze expiry and maintenance announcements (and the daily digest job). */
  alerts: string | null;
}

/** ALERT_SLACK_CHANNEL / ALERT_DISCORD_CHANNEL are defined with the delivery settings in config.ts; they are read here too. */
export function healthConfig(e: HealthEnv & { ALERT_SLACK_CHANNEL?: string; ALERT_DISCORD_CHANNEL?: string }): { health: HealthSettings; healthSchedules: HealthSchedules } {
  const off = (v: string) => (v === 'off' ? null : v);
  return {
    health: {
      failureThreshold: e.HEALTH_FAILURE_THRESHOLD,
      resolveConnects: e.HEALTH_RESOLVE_CONNECTS,
      no404Attempts: e.HEALTH_NO404_ATTEMPTS,
      contradictionNumbers: e.HEALTH_CONTRADICTION_NUMBERS,
      asrFloor: e.HEALTH_ASR_FLOOR,
      asrMinAttempts: e.HEALTH_ASR_MIN_ATTEMPTS,
      asrWindowHours: e.HEALTH_ASR_WINDOW_HOURS,
      syncPendingMinutes: e.HEALTH_SYNC_PENDING_MINUTES,
      heartbeatMinutes: e.HEALTH_HEARTBEAT_MINUTES,
      resolveAfterMinutes: e.ALERT_RESOLVE_AFTER_MINUTES,
      reminderMinutes: e.ALERT_REMINDER_MINUTES,
      maintenanceNoticeMinutes: e.ALERT_MAINTENANCE_NOTICE_MINUTES,
      channels: { slack: e.ALERT_SLACK_CHANNEL, discord: e.ALERT_DISCORD_CHANNEL },
    },
    healthSchedules: { checks: off(e.HEALTH_CHECK_CRON), heartbeat: off(e.HEALTH_CHECK_CRON) === null ? null : off(e.HEALTH_HEARTBEAT_CRON), alerts: off(e.ALERT_CRON) },
  };
}
