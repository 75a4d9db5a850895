// Reminders and snooze expiry (run by the alert-reminders job on ALERT_CRON):
// - a snooze that ran out puts the incident back to acked (if it was acked) or open, with a line in its thread;
// - an incident open and unacknowledged for ALERT_REMINDER_MINUTES since it opened or was last reminded gets a
//   "still open, not acknowledged" line, and its message is marked for delivery. Acked and snoozed incidents are not
//   reminded; neither are incidents of a carrier in maintenance (they are posted when the window ends).
import type { AlertRecord } from '../core/alerts/ports.ts';
import { markForDelivery } from '../core/alerts/routes.ts';
import type { HealthSettings } from '../core/alerts/settings.ts';
import { formatDuration } from '../core/alerts/duration.ts';
import type { Store } from '../core/store.ts';

export async function runReminders(store: Store, s: HealthSettings, now: Date): Promise<{ woken: number; reminded: number }> {
  return store.transaction(async (tx) => {
    const muted = await tx.alerts.mutedCarriers(now);
    const woken = await tx.alerts.wakeSnoozed(now);
    let reminded: AlertRecord[] = [];
    if (s.reminderMinutes > 0) reminded = await tx.alerts.takeReminders(new Date(now.getTime() - s.reminderMinutes * 60_000), now, [...muted]);
    await tx.alerts.addHistory([
      ...woken.map((a) => ({ alertId: a.id, at: now, text: `Snooze ended; the alert is ${a.state} again`, actor: null })),
      ...reminded.map((a) => ({ alertId: a.id, at: now, text: `Still open, not acknowledged (open for ${formatDuration(now.getTime() - a.openedAt.getTime())})`, actor: null })),
    ]);
    await markForDelivery(tx, s, [...woken, ...reminded], now, muted);
    return { woken: woken.length, reminded: reminded.length };
  });
}
