// The reconcile pass: lists everything LiveKit holds (three calls), keeps what trunkops owns (metadata), and
// brings each carrier to exactly what it should have — missing objects created, changed ones replaced, orphans
// (objects of carriers that no longer exist, duplicates) deleted, rules before trunks. Objects without trunkops'
// metadata are counted and never touched. A dry run plans and reports without writing anything anywhere.
import type { Logger } from '../logger.ts';
import type { Store } from '../core/store.ts';
import type { ReconcileReport } from '../core/sync.ts';
import type { LiveKitPort } from './client.ts';
import { emptyActual, ownership, type ActualCarrier } from './model.ts';
import type { Engine } from './sync.ts';

export interface ReconcileDeps {
  store: Store;
  port: LiveKitPort;
  engine: Engine;
  logger: Logger;
  now: () => Date;
}

const BATCH = 50;
/** Carriers synced side by side: LiveKit calls are round trips, and one carrier's calls must stay in order. */
const CONCURRENCY = 8;

export async function reconcile(d: ReconcileDeps, opts: { dryRun: boolean; progress?: (text: string) => void }): Promise<ReconcileReport> {
  const started = Date.now();
  const { dryRun } = opts;
  if (!dryRun) await d.engine.runCleanups(true);
  const [outbound, inbound, rules] = await Promise.all([d.port.listOutbound(), d.port.listInbound(), d.port.listRules()]);
  // The database is read after LiveKit, so a carrier created meanwhile is known and its new trunks are not orphans.
  const [carriers, numbers, bots] = await Promise.all([d.store.carriers.list(), d.store.dids.list({}), d.store.bots.list()]);
  const report: ReconcileReport = {
    dryRun,
    carriers: carriers.length,
    owned: { outbound: 0, inbound: 0, rules: 0 },
    foreign: 0,
    changes: [],
    errors: [],
    busy: [],
    ms: 0,
  };

  const byCarrier = new Map<string, ActualCarrier>();
  const slot = (id: string) => byCarrier.get(id) ?? byCarrier.set(id, emptyActual()).get(id)!;
  const sort = <T extends { metadata: string }>(list: T[], kind: 'outbound' | 'inbound' | 'dispatch', put: (a: ActualCarrier, x: T) => void) => {
    for (const x of list) {
      const owner = ownership(x.metadata);
      if (!owner || owner.kind !== kind) report.foreign++;
      else {
        put(slot(owner.carrierId), x);
        report.owned[kind === 'dispatch' ? 'rules' : kind]++;
      }
    }
  };
  sort(outbound, 'outbound', (a, x) => a.outbound.push(x));
  sort(inbound, 'inbound', (a, x) => a.inbound.push(x));
  sort(rules, 'dispatch', (a, x) => a.rules.push(x));

  // Orphans: objects of carriers trunkops no longer has. Rules first, then trunks.
  const known = new Set(carriers.map((c) => c.id));
  for (const [carrierId, a] of byCarrier) {
    if (known.has(carrierId) || (await d.store.carriers.findById(carrierId))) continue;
    const label = a.inbound[0]?.name ?? a.outbound[0]?.name ?? `deleted carrier ${carrierId}`;
    try {
      for (const r of a.rules) {
        if (!dryRun) await d.port.deleteRule(r.id);
        report.changes.push({ carrier: label, change: `deleted orphaned dispatch rule ${r.id}`, drift: true });
      }
      for (const t of [...a.inbound, ...a.outbound]) {
        if (!dryRun) await d.port.deleteTrunk(t.id);
        report.changes.push({ carrier: label, change: `deleted orphaned trunk ${t.id}`, drift: true });
      }
    } catch (err) {
      report.errors.push({ carrier: label, message: err instanceof Error ? err.message : String(err) });
    }
  }

  const numbersOf = new Map<string, typeof numbers>();
  for (const n of numbers) (numbersOf.get(n.carrierId) ?? numbersOf.set(n.carrierId, []).get(n.carrierId)!).push(n);
  for (let i = 0; i < carriers.length; i += BATCH) {
    const slice = carriers.slice(i, i + BATCH);
    const claimed = dryRun ? slice : await d.store.sync.claim(slice.map((c) => c.id), d.now(), d.engine.lease());
    const got = new Set(claimed.map((c) => c.id));
    for (const c of slice) if (!got.has(c.id)) report.busy.push(c.name);
    const untouched: string[] = [];
    const seen = new Map(slice.map((c) => [c.id, c.syncGeneration]));
    await eachLimit(claimed, CONCURRENCY, async (c) => {
      // Changed since the snapshot was taken: sync it from fresh reads rather than the snapshot.
      const fresh = c.syncGeneration !== seen.get(c.id);
      const r = await d.engine.syncOne(
        c,
        fresh ? { reconcile: true } : { actual: byCarrier.get(c.id) ?? emptyActual(), dryRun, reconcile: true, numbers: numbersOf.get(c.id) ?? [], bots },
      );
      if (r.untouched) untouched.push(c.id);
      const drift = c.syncStatus === 'synced' && !c.syncDueAt;
      for (const change of r.changes) report.changes.push({ carrier: c.name, change, drift });
      if (r.error) report.errors.push({ carrier: c.name, message: r.error });
    });
    if (!dryRun) await d.store.sync.release(untouched);
    opts.progress?.(`Reconciling: ${Math.min(i + BATCH, carriers.length)} of ${carriers.length} carriers checked, ${report.changes.length} change(s) so far`);
  }
  report.ms = Date.now() - started;
  d.logger.info({ dryRun, carriers: report.carriers, changes: report.changes.length, errors: report.errors.length, ms: report.ms }, 'livekit reconcile finished');
  return report;
}

async function eachLimit<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}
