// The LiveKit sync as the commands see it (implemented in src/livekit): queue, run now, reconcile.
import type { SyncStatus } from './store.ts';

export interface CarrierSyncResult {
  carrierId: string;
  carrierName: string;
  status: SyncStatus;
  error: string | null;
  note: string | null;
  /** What was changed on LiveKit (or, in a dry run, would be). */
  changes: string[];
  /** A transient failure: another attempt is scheduled. */
  retryAt: Date | null;
  /** Another worker was syncing this carrier; nothing was done here. */
  busy?: boolean;
  /** A reconcile found nothing to change or record: the claim is still held and must be released. */
  untouched?: boolean;
}

export interface ReconcileChange {
  carrier: string;
  change: string;
  /** The object was changed or deleted behind trunkops' back (not just an unsynced edit). */
  drift: boolean;
}

export interface ReconcileReport {
  dryRun: boolean;
  carriers: number;
  /** trunkops-owned objects LiveKit held when the pass started, and how many objects it held in all. */
  owned: { outbound: number; inbound: number; rules: number };
  foreign: number;
  changes: ReconcileChange[];
  errors: { carrier: string; message: string }[];
  /** Carriers another worker was syncing; left to that sync. */
  busy: string[];
  ms: number;
}

export interface SyncService {
  /** Wakes the worker: carriers were queued. */
  kick(): void;
  /** Syncs these carriers now and reports each; progress(done, total) as they finish. */
  syncNow(carrierIds: string[], progress?: (done: number, total: number) => void): Promise<CarrierSyncResult[]>;
  /** Compares everything LiveKit holds with what it should hold and repairs the difference (or only reports it). */
  reconcile(opts: { dryRun: boolean; progress?: (text: string) => void }): Promise<ReconcileReport>;
}
