// LiveKit sync state of a carrier, as the sync worker and the reconcile leave it on the carriers row:
// - `sync`: in error (LiveKit refused it, or transient failures kept on past a few retries), or pending — queued with
//   nothing in its way — for longer than HEALTH_SYNC_PENDING_MINUTES (the worker is not getting to it);
// - `drift`: the reconcile found its LiveKit objects changed behind trunkops' back (and repaired them) within the
//   last DRIFT_WINDOW_MINUTES; an info incident that clears by itself, each new drift a line in its thread.
// Only judged when LiveKit sync is configured: without it every carrier is pending by design.
import type { SyncInput } from '../../core/alerts/ports.ts';
import type { HealthSettings } from '../../core/alerts/settings.ts';
import type { Verdict } from '../../core/alerts/verdict.ts';
import { timeToken } from '../../core/runtime/time.ts';

/** A transient failure being retried is not an incident until this many attempts have failed (about a minute). */
export const SYNC_RETRIES_BEFORE_ALERT = 5;
export const DRIFT_WINDOW_MINUTES = 60;

export function checkSync(x: SyncInput, s: Pick<HealthSettings, 'syncPendingMinutes'>, now: Date): Verdict {
  const evidence = {
    syncStatus: x.syncStatus,
    syncError: x.syncError,
    syncNote: x.syncNote,
    queuedAt: x.syncStatus === 'pending' ? (x.syncDueAt?.toISOString() ?? null) : null,
    retryAt: x.syncStatus === 'error' ? (x.syncDueAt?.toISOString() ?? null) : null,
    failedAttempts: x.syncAttempts,
    lastSyncedAt: x.lastSyncedAt?.toISOString() ?? null,
    pendingMinutes: s.syncPendingMinutes,
  };
  const base = { kind: 'sync' as const, carrierId: x.carrierId, carrierName: x.carrierName, step: 0, evidence };
  const clear = (summary: string): Verdict => ({ ...base, firing: false, clear: true, severity: 'warning', title: `${x.carrierName}: LiveKit sync`, summary });
  if (!x.active) return clear('the carrier is inactive');
  if (x.syncStatus === 'error') {
    const retrying = x.syncDueAt !== null && x.syncAttempts < SYNC_RETRIES_BEFORE_ALERT;
    if (retrying) {
      return { ...clear(''), clear: false, summary: `sync failed (attempt ${x.syncAttempts}), retrying ${timeToken(x.syncDueAt!)}: ${x.syncError ?? 'unknown error'}` };
    }
    const retry = x.syncDueAt ? `; retrying ${timeToken(x.syncDueAt)}` : '; not retried until the carrier is saved or synced by hand';
    return { ...base, firing: true, clear: false, severity: 'critical', title: `${x.carrierName}: LiveKit sync error`, summary: `${x.syncError ?? 'unknown error'} (${x.syncAttempts} failed attempts${retry})` };
  }
  if (x.syncStatus === 'pending') {
    if (x.syncNote && !x.syncDueAt) return clear(`waiting: ${x.syncNote}`);
    const stuck = x.syncDueAt !== null && now.getTime() - x.syncDueAt.getTime() >= s.syncPendingMinutes * 60_000;
    if (stuck) {
      return { ...base, firing: true, clear: false, severity: 'warning', title: `${x.carrierName}: LiveKit sync stuck`, summary: `queued for LiveKit ${timeToken(x.syncDueAt!)} and still not synced (is a sync worker running?)` };
    }
    return { ...clear(''), clear: false, summary: 'queued for LiveKit' };
  }
  return clear(`synced${x.lastSyncedAt ? ` ${timeToken(x.lastSyncedAt)}` : ''}`);
}

export function checkDrift(x: SyncInput, now: Date): Verdict {
  const recent = x.active && x.driftAt !== null && now.getTime() - x.driftAt.getTime() < DRIFT_WINDOW_MINUTES * 60_000;
  return {
    kind: 'drift',
    carrierId: x.carrierId,
    carrierName: x.carrierName,
    firing: recent,
    clear: !recent,
    severity: 'info',
    title: `${x.carrierName}: LiveKit drift repaired`,
    summary: x.driftAt ? `reconcile repaired drift ${timeToken(x.driftAt)}: ${x.driftNote ?? 'objects changed behind trunkops\' back'}` : 'no drift',
    // Each new drift is a new step, so it gets its own line in the thread.
    step: x.driftAt ? Math.floor(x.driftAt.getTime() / 1000) : 0,
    evidence: { driftAt: x.driftAt?.toISOString() ?? null, driftNote: x.driftNote, windowMinutes: DRIFT_WINDOW_MINUTES },
  };
}
