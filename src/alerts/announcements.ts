// Maintenance announcements (run by the maintenance-announcements job on ALERT_CRON): for each window not yet
// announced as ended — it started (notice), it ends within ALERT_MAINTENANCE_NOTICE_MINUTES (notice with Extend /
// End buttons), it is over (notice listing the carrier's open incidents, which are then delivered). Each step is
// recorded on the window (announced_*) so it is said once, whichever replica runs the job.
import { announceEnd } from '../core/alerts/maintenance.ts';
import { maintenanceEndingNotice, maintenanceStartNotice, queueNotice } from '../core/alerts/notices.ts';
import type { HealthSettings } from '../core/alerts/settings.ts';
import type { Store } from '../core/store.ts';

export async function runAnnouncements(store: Store, s: HealthSettings, now: Date): Promise<{ started: number; ending: number; ended: number }> {
  return store.transaction(async (tx) => {
    const out = { started: 0, ending: 0, ended: 0 };
    const lead = s.maintenanceNoticeMinutes * 60_000;
    for (const w of await tx.alerts.windows({ at: now, unannounced: true })) {
      const over = w.cancelledAt !== null || w.endsAt <= now;
      if (over) {
        // A window that never started (cancelled first) ends quietly.
        if (w.announcedStart) {
          await announceEnd(tx, s, w, now, null);
          out.ended++;
        } else await tx.alerts.updateWindow(w.id, { announcedEnd: now });
        continue;
      }
      if (w.startsAt > now) continue;
      if (!w.announcedStart) {
        await queueNotice(tx, s, 'maintenance_start', maintenanceStartNotice(w), now);
        await tx.alerts.updateWindow(w.id, { announcedStart: now });
        out.started++;
      }
      if (!w.announcedEnding && lead > 0 && w.endsAt.getTime() - now.getTime() <= lead) {
        // A window shorter than the lead gets no "ending soon": its start notice already said when it ends.
        if (w.endsAt.getTime() - w.startsAt.getTime() > lead) {
          await queueNotice(tx, s, 'maintenance_ending', maintenanceEndingNotice(w), now);
          out.ending++;
        }
        await tx.alerts.updateWindow(w.id, { announcedEnding: now });
      }
    }
    return out;
  });
}
