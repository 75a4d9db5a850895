// Job: the LiveKit reconcile (drift check and repair), on LIVEKIT_RECONCILE_CRON; by hand: `carrier reconcile`.
import type { SyncService } from '../core/sync.ts';
import type { JobSpec } from './scheduler.ts';

export function livekitReconcileJob(sync: SyncService, schedule: string | null): JobSpec {
  return {
    name: 'livekit-reconcile',
    schedule,
    leaseMs: 15 * 60_000,
    async run() {
      const r = await sync.reconcile({ dryRun: false });
      const drift = r.changes.filter((c) => c.drift).length;
      return `${r.carriers} carriers, ${r.changes.length} changes (${drift} drift), ${r.errors.length} errors`;
    },
  };
}
