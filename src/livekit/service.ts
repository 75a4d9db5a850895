// The sync service the app runs: a worker that wakes on every change (kick) and every few seconds (retries that
// came due), `carrier sync` run now, and the reconcile. Work is claimed in the database, so any number of
// replicas can run this side by side.
import type { Logger } from '../logger.ts';
import type { Secrets } from '../core/secrets.ts';
import type { Store } from '../core/store.ts';
import type { CarrierSyncResult, SyncService } from '../core/sync.ts';
import type { LiveKitPort } from './client.ts';
import { createTicker, type Ticker } from '../core/runtime/ticker.ts';
import { reconcile } from './reconcile.ts';
import { createEngine } from './sync.ts';

export interface SyncServiceOptions {
  store: Store;
  port: LiveKitPort;
  secrets: Secrets;
  logger: Logger;
  now?: () => Date;
  timeoutSec: number;
  /** How often the worker looks for retries that came due (ms). */
  pollMs?: number;
}

export interface RunningSync extends SyncService {
  start(): void;
  /** Runs everything due now and resolves when the queue is empty (tests, shutdown). */
  drain(): Promise<void>;
  stop(): Promise<void>;
}

export function createSyncService(opts: SyncServiceOptions): RunningSync {
  const now = opts.now ?? (() => new Date());
  const engine = createEngine({ ...opts, now });
  let draining = false;
  const ticker: Ticker = createTicker(
    async () => {
      await engine.runDue(() => ticker.stopped && !draining);
    },
    opts.pollMs ?? 5000,
    (err) => opts.logger.error({ err }, 'livekit sync worker failed; retrying on the next tick'),
  );

  async function claimOne(id: string) {
    // A worker that holds the carrier finishes within its lease; wait a little for it rather than report busy.
    for (let i = 0; i < 40; i++) {
      const [c] = await opts.store.sync.claim([id], now(), engine.lease());
      if (c) return c;
      await new Promise((r) => setTimeout(r, 250));
    }
    return null;
  }

  return {
    kick: ticker.kick,
    start: ticker.start,
    async drain() {
      draining = true;
      try {
        await ticker.drain();
      } finally {
        draining = false;
      }
    },
    stop: ticker.stop,
    async syncNow(ids, progress) {
      const out: CarrierSyncResult[] = [];
      for (const id of ids) {
        const c = await claimOne(id);
        if (!c) {
          const cur = await opts.store.carriers.findById(id);
          out.push({ carrierId: id, carrierName: cur?.name ?? id, status: cur?.syncStatus ?? 'pending', error: null, note: null, changes: [], retryAt: null, busy: true });
        } else out.push(await engine.syncOne(c));
        progress?.(out.length, ids.length);
      }
      return out;
    },
    reconcile: (r) => reconcile({ store: opts.store, port: opts.port, engine, logger: opts.logger, now }, r),
  };
}
