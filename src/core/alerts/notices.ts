// Channel posts that belong to no single incident (alert_notices): a maintenance window starting, about to end and
// ended. Each is a neutral Reply the delivery worker renders per platform, queued for every on-call channel.
import { reply, type Reply } from '../runtime/reply.ts';
import { timeToken } from '../runtime/time.ts';
import type { Store } from '../store.ts';
import { formatDuration } from './duration.ts';
import { KIND_LABELS } from './kinds.ts';
import type { AlertRecord, MaintenanceWindow } from './ports.ts';
import { effectiveRoutes } from './routes.ts';
import type { HealthSettings } from './settings.ts';

export type NoticeKind = 'maintenance_start' | 'maintenance_ending' | 'maintenance_end';

const ref = (w: MaintenanceWindow) => ({ carrier: w.carrierName });
const endButton = (w: MaintenanceWindow) => ({ label: 'End now', style: 'danger' as const, action: { path: ['carrier', 'maintenance'], args: { ...ref(w), duration: 'end' } } });

export function maintenanceStartNotice(w: MaintenanceWindow, extended = false): Reply {
  return reply({
    tone: 'info',
    title: `🔧 Maintenance on ${w.carrierName}${extended ? ' extended' : ''}`,
    text:
      `Alerts for ${w.carrierName} are muted until ${timeToken(w.endsAt, 'full')} (${formatDuration(w.endsAt.getTime() - w.startsAt.getTime())} window). ` +
      'Incidents are still recorded and posted if they are open when it ends.',
    fields: [
      { label: 'Reason', value: w.reason ?? '—', inline: true },
      { label: 'Set by', value: w.createdBy, inline: true },
    ],
    buttons: [endButton(w)],
  });
}

export function maintenanceEndingNotice(w: MaintenanceWindow): Reply {
  return reply({
    tone: 'warn',
    title: `🔧 Maintenance on ${w.carrierName} ends ${timeToken(w.endsAt)}`,
    text: `Alerts for ${w.carrierName} resume at ${timeToken(w.endsAt, 'full')}. Still working on it? Extend the window.`,
    buttons: [{ label: 'Extend 1h', action: { path: ['carrier', 'maintenance'], args: { ...ref(w), duration: '1h' } } }, endButton(w)],
  });
}

export function maintenanceEndNotice(w: MaintenanceWindow, open: AlertRecord[], endedBy: string | null): Reply {
  return reply({
    tone: open.length ? 'warn' : 'ok',
    title: `🔧 Maintenance on ${w.carrierName} ended`,
    text:
      `${endedBy ? `Ended early by ${endedBy}. ` : ''}Alerts for ${w.carrierName} are live again. ` +
      (open.length ? `${open.length} incident${open.length === 1 ? ' is' : 's are'} open and will be posted:` : 'No incident is open.'),
    table: open.length
      ? { columns: ['Alert', 'Kind', 'Severity', 'Now'], rows: open.map((a) => [a.id.slice(0, 8), KIND_LABELS[a.kind], a.severity, String(a.evidence.summary ?? a.title)]), mono: [0] }
      : undefined,
  });
}

/** Queues a notice for every on-call channel. */
export async function queueNotice(store: Store, s: Pick<HealthSettings, 'channels'>, kind: NoticeKind, payload: Reply, now: Date): Promise<number> {
  const routes = await effectiveRoutes(store, s);
  await store.alerts.addNotices(routes.map((r) => ({ platform: r.platform, channel: r.channel, kind, payload: payload as unknown as Record<string, unknown>, dueAt: now })));
  return routes.length;
}
