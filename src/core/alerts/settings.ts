// What the health checks and the alert engine are tuned by: the HEALTH_* / ALERT_* variables (src/config-health.ts),
// per-carrier overrides on the carrier (health_* fields) winning where a carrier has one.
import { DEFAULT_IGNORED_CODES } from '../health/classify.ts';

export interface HealthSettings {
  /** Consecutive counted failures that open an alert (HEALTH_FAILURE_THRESHOLD; carrier: health_failure_threshold). */
  failureThreshold: number;
  /** Connected calls since the last failure after which a consecutive-failure alert is clear (HEALTH_RESOLVE_CONNECTS). */
  resolveConnects: number;
  /** Attempts without a single 404 after which a carrier is flagged as never answering 404 (HEALTH_NO404_ATTEMPTS). */
  no404Attempts: number;
  /** Distinct numbers a carrier 404'd while another carrier connected them, within the hour, that flag it. */
  contradictionNumbers: number;
  /** ASR floor in percent (HEALTH_ASR_FLOOR; 0 turns the check off; carrier: health_asr_floor). */
  asrFloor: number;
  /** Attempts in the window below which ASR is not judged (HEALTH_ASR_MIN_ATTEMPTS; carrier: health_asr_min_attempts). */
  asrMinAttempts: number;
  /** Full hours before the current one that the ASR window covers (HEALTH_ASR_WINDOW_HOURS). */
  asrWindowHours: number;
  /** A carrier queued for LiveKit this long without a result is "stuck pending" (HEALTH_SYNC_PENDING_MINUTES). */
  syncPendingMinutes: number;
  /** No check job finished for this long: the scheduler alert (HEALTH_HEARTBEAT_MINUTES). */
  heartbeatMinutes: number;
  /** Hysteresis: an incident resolves once its condition has stayed clear this long (ALERT_RESOLVE_AFTER_MINUTES). */
  resolveAfterMinutes: number;
  /** An open, unacknowledged incident is reminded about this often; 0 = never (ALERT_REMINDER_MINUTES). */
  reminderMinutes: number;
  /** How long before a maintenance window ends the channel is told it is ending (ALERT_MAINTENANCE_NOTICE_MINUTES). */
  maintenanceNoticeMinutes: number;
  /** Default on-call channels (ALERT_SLACK_CHANNEL, ALERT_DISCORD_CHANNEL); `alert route` overrides them. */
  channels: { slack?: string; discord?: string };
}

export const DEFAULT_HEALTH_SETTINGS: HealthSettings = {
  failureThreshold: 10,
  resolveConnects: 3,
  no404Attempts: 500,
  contradictionNumbers: 3,
  asrFloor: 10,
  asrMinAttempts: 50,
  asrWindowHours: 1,
  syncPendingMinutes: 10,
  heartbeatMinutes: 10,
  resolveAfterMinutes: 5,
  reminderMinutes: 30,
  maintenanceNoticeMinutes: 15,
  channels: {},
};

/** How long a flapping incident must stay clear: the hysteresis grows with each flap (×2, ×3 …, at most ×12). */
export function resolveAfterMs(s: Pick<HealthSettings, 'resolveAfterMinutes'>, flaps: number): number {
  return s.resolveAfterMinutes * 60_000 * Math.min(12, 1 + flaps);
}

/** What a carrier's blank health fields mean, by field name, as `carrier show` prints them. */
export function healthDefaults(s: HealthSettings, ignored: readonly number[] = DEFAULT_IGNORED_CODES): Record<string, string> {
  return {
    health_failure_threshold: String(s.failureThreshold),
    health_ignored_codes: ignored.join(', '),
    health_asr_floor: s.asrFloor ? `${s.asrFloor} %` : 'off',
    health_asr_min_attempts: String(s.asrMinAttempts),
  };
}
