// Durations as people type them for snoozes and maintenance windows: 30m, 1h, 4h, 24h, or custom like 90m, 2h30m,
// 2d, 1d12h. Pure resolvers, shared by every adapter.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

const MINUTE = 60_000;
const UNITS: Record<string, number> = { d: 1440, h: 60, m: 1 };

/** Milliseconds from `30m` / `2h30m` / `2d` (units d, h, m, largest first, each once), within [min, max] minutes. */
export function resolveDuration(maxMinutes: number, minMinutes = 1) {
  return (raw: string): Resolved<number> => {
    const v = raw.trim().toLowerCase().replace(/\s+/g, '');
    const m = /^(?:(\d{1,4})d)?(?:(\d{1,5})h)?(?:(\d{1,6})m(?:in)?)?$/.exec(v);
    if (!v || !m || !(m[1] || m[2] || m[3])) return fail(`use 30m, 1h, 4h, 24h or a custom length like 90m, 2h30m or 2d (got "${raw.trim()}")`);
    const minutes = Number(m[1] ?? 0) * UNITS.d! + Number(m[2] ?? 0) * UNITS.h! + Number(m[3] ?? 0);
    if (minutes < minMinutes) return fail(`use at least ${formatMinutes(minMinutes)}`);
    if (minutes > maxMinutes) return fail(`use at most ${formatMinutes(maxMinutes)} (got ${formatMinutes(minutes)})`);
    return ok(minutes * MINUTE);
  };
}

/** "2h 30m", "1d 4h", "45m". */
export function formatMinutes(total: number): string {
  const d = Math.floor(total / 1440);
  const h = Math.floor((total % 1440) / 60);
  const m = Math.round(total % 60);
  return [d ? `${d}d` : '', h ? `${h}h` : '', m || (!d && !h) ? `${m}m` : ''].filter(Boolean).join(' ');
}

export const formatDuration = (ms: number): string => formatMinutes(Math.round(ms / MINUTE));

/** Snoozes last at most a week: longer is a maintenance window or a threshold to change. */
export const SNOOZE_MAX_MINUTES = 7 * 1440;
/** Maintenance windows last at most 30 days. */
export const MAINTENANCE_MAX_MINUTES = 30 * 1440;
