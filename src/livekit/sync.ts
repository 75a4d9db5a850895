// The sync engine: one carrier at a time, claimed so no two workers sync it at once. It maps the carrier
// (desired.ts), reads what LiveKit holds for it, plans the difference (plan.ts), applies it (apply.ts) and records
// synced / error with LiveKit's message; transient failures are retried with exponential backoff.
import type { Logger } from '../logger.ts';
import { metrics } from '../metrics.ts';
import type { Secrets } from '../core/secrets.ts';
import type { Bot, Carrier, DidView, Store, SyncRecord } from '../core/store.ts';
import type { CarrierSyncResult } from '../core/sync.ts';
import { applyPlan, startProgress } from './apply.ts';
import type { LiveKitPort } from './client.ts';
import { desiredFor } from './desired.ts';
import { backoffMs, classify, MAX_ATTEMPTS } from './errors.ts';
import { ownership, type ActualCarrier } from './model.ts';
import { describeOp, planCarrier } from './plan.ts';

export interface EngineOptions {
  store: Store;
  port: LiveKitPort;
  secrets: Secrets;
  logger: Logger;
  now: () => Date;
  timeoutSec: number;
  /** How long a claim holds a carrier; a crashed worker's claim lapses after it. */
  leaseMs?: number;
}

export interface SyncOneOptions {
  /** LiveKit's state for this carrier, when the caller (a reconcile) already listed everything. */
  actual?: ActualCarrier;
  dryRun?: boolean;
  /** Set by a reconcile: changes to a carrier that was in sync are drift, recorded as such. */
  reconcile?: boolean;

  /** The carrier's numbers and every bot, when the caller (a reconcile) loaded them in bulk. */
  numbers?: DidView[];
  bots?: Bot[];
}

export type Engine = ReturnType<typeof createEngine>;

/** Another worker took the carrier over (this worker's lease ran out); its work stops, nothing is recorded. */
class LostClaim extends Error {}

export function createEngine(o: EngineOptions) {
  const leaseMs = o.leaseMs ?? Math.max(60_000, o.timeoutSec * 1000 * 12);
  const lease = () => new Date(o.now().getTime() + leaseMs);

  async function actualFor(c: Carrier): Promise<ActualCarrier> {
    const mine = <T extends { metadata: string }>(list: T[]) => list.filter((x) => ownership(x.metadata)?.carrierId === c.id);
    const [outbound, inbound] = await Promise.all([
      c.outboundTrunkId ? o.port.listOutbound({ trunkIds: [c.outboundTrunkId] }) : [],
      c.inboundTrunkId ? o.port.listInbound({ trunkIds: [c.inboundTrunkId] }) : [],
    ]);
    const rules = c.inboundTrunkId ? await o.port.listRules({ trunkIds: [c.inboundTrunkId] }) : [];
    return { outbound: mine(outbound), inbound: mine(inbound), rules: mine(rules) };
  }

  /** Syncs one carrier the caller has claimed; records the outcome unless it is a dry run. */
  async function syncOne(c: Carrier, opts: SyncOneOptions = {}): Promise<CarrierSyncResult> {
    let numbers: DidView[] = [];
    let password: string | null = null;
    let note: string | null = null;
    let status: Carrier['syncStatus'] = 'pending';
    const base = () => ({ carrierId: c.id, carrierName: c.name, note });
    let plan;
    let progress;
    // The claim is a lease: it is renewed while the work lasts, and a worker that lost it stops and writes nothing.
    let claim = c.syncClaimedUntil;
    let renewedAt = o.now().getTime();
    const heartbeat = async () => {
      if (!claim || opts.dryRun || o.now().getTime() - renewedAt < leaseMs / 3) return;
      const next = lease();
      if (!(await o.store.sync.renew(c.id, claim, next))) throw new LostClaim();
      claim = next;
      renewedAt = o.now().getTime();
    };
    try {
      let bots: Bot[];
      [numbers, bots] = await Promise.all([opts.numbers ?? o.store.dids.list({ carrierId: c.id }), opts.bots ?? o.store.bots.list()]);
      password = c.passwordEnc ? o.secrets.open(c.passwordEnc, c.id) : null;
      const desired = desiredFor({
        carrier: c,
        dids: numbers,
        agents: new Map(bots.map((b) => [b.id, b.agentName])),
        password,
        passwordFp: password ? o.secrets.fingerprint(password, c.id) : null,
      });
      status = desired.outbound || desired.inbound || c.status === 'inactive' ? 'synced' : 'pending';
      note = desired.notes.length ? desired.notes.join('; ') : null;
      const actual = opts.actual ?? (await actualFor(c));
      plan = planCarrier(desired, actual, { inbound: c.inboundTrunkId, outbound: c.outboundTrunkId });
      progress = startProgress(plan);
      if (opts.dryRun) return { ...base(), status: c.syncStatus, error: c.syncError, changes: plan.ops.map(describeOp), retryAt: null };
      await applyPlan(o.port, desired, plan, progress, heartbeat);
    } catch (err) {
      if (err instanceof LostClaim) {
        o.logger.warn({ carrier: c.id, done: progress?.done.length ?? 0 }, 'livekit sync stopped: another worker took the carrier over');
        return { ...base(), status: c.syncStatus, error: null, changes: progress?.done ?? [], retryAt: null, busy: true };
      }
      const failure = classify(err, o.timeoutSec, [password]);
      const attempts = c.syncAttempts + 1;
      const retryAt = failure.transient && attempts < MAX_ATTEMPTS ? new Date(o.now().getTime() + backoffMs(attempts)) : null;
      o.logger.warn({ carrier: c.id, transient: failure.transient, attempts, error: failure.message }, 'livekit sync failed');
      if (!opts.dryRun) {
        await record(c, claim, numbers, progress, { status: 'error', error: failure.message, note, syncedAt: null, retryAt, attempts });
      }
      return { ...base(), status: 'error', error: failure.message, changes: progress?.done ?? [], retryAt };
    }
    const drift = opts.reconcile && c.syncStatus === 'synced' && progress.done.length ? progress.done.join('; ') : null;
    const unchanged = !progress.done.length && c.syncStatus === status && c.syncNote === note && !c.syncDueAt;
    if (opts.reconcile && unchanged) return { ...base(), status, error: null, changes: [], retryAt: null, untouched: true };
    await record(c, claim, numbers, progress, { status, error: null, note, syncedAt: o.now(), retryAt: null, attempts: 0, drift });
    if (progress.touched.size) await o.store.sync.request([...progress.touched], o.now());
    if (progress.done.length) o.logger.info({ carrier: c.id, changes: progress.done }, 'livekit sync applied');
    return { ...base(), status, error: null, changes: progress.done, retryAt: null };
  }

  async function record(
    c: Carrier,
    claim: Date | null,
    numbers: DidView[],
    p: ReturnType<typeof startProgress> | undefined,
    r: Omit<SyncRecord, 'outboundTrunkId' | 'inboundTrunkId'>,
  ): Promise<void> {
    const rec: SyncRecord = { ...r, outboundTrunkId: p ? p.outbound : c.outboundTrunkId, inboundTrunkId: p ? p.inbound : c.inboundTrunkId };
    if (!(await o.store.sync.record(c.id, c.syncGeneration, rec, claim))) {
      o.logger.warn({ carrier: c.id }, 'livekit sync not recorded: the carrier was deleted or taken over meanwhile');
      return;
    }
    metrics.syncRecorded(rec.status);
    if (p) {
      const changed = new Map(numbers.filter((d) => (p.rules.get(d.id) ?? null) !== d.dispatchRuleId).map((d) => [d.id, p.rules.get(d.id) ?? null]));
      if (changed.size) await o.store.sync.setRuleIds(changed);
    }
  }

  /** Removes the LiveKit objects of deleted carriers: their rules (and any rule still on their trunks), then trunks. */
  async function runCleanups(all = false): Promise<number> {
    const tasks = await o.store.sync.claimCleanup(o.now(), 50, lease(), all);
    for (const t of tasks) {
      try {
        const onTrunks = t.trunkIds.length ? await o.port.listRules({ trunkIds: t.trunkIds }) : [];
        const ruleIds = new Set([...t.ruleIds, ...onTrunks.filter((r) => ownership(r.metadata)?.carrierId === t.carrierId).map((r) => r.id)]);
        for (const id of ruleIds) await o.port.deleteRule(id);
        for (const id of t.trunkIds) await o.port.deleteTrunk(id);
        await o.store.sync.finishCleanup(t.carrierId);
        o.logger.info({ carrier: t.carrierId, rules: ruleIds.size, trunks: t.trunkIds.length }, 'livekit objects of a deleted carrier removed');
      } catch (err) {
        const f = classify(err, o.timeoutSec);
        const retryAt = f.transient && t.attempts + 1 < MAX_ATTEMPTS ? new Date(o.now().getTime() + backoffMs(t.attempts + 1)) : null;
        await o.store.sync.failCleanup(t.carrierId, f.message, retryAt);
        o.logger.warn({ carrier: t.carrierId, error: f.message }, 'livekit cleanup failed');
      }
    }
    return tasks.length;
  }

  /** Works through everything due now: cleanups, then queued carriers, a batch at a time, until asked to stop. */
  async function runDue(stopping: () => boolean = () => false): Promise<number> {
    let n = 0;
    while (!stopping() && (await runCleanups()) > 0) n++;
    while (!stopping()) {
      const batch = await o.store.sync.claimDue(o.now(), 10, lease());
      if (!batch.length) return n;
      for (const c of batch) {
        // Carriers not started are let go at once, so another replica (or the next start) takes them.
        if (stopping()) await o.store.sync.release([c.id]);
        else {
          await syncOne(c);
          n++;
        }
      }
    }
    return n;
  }

  return { syncOne, runDue, runCleanups, actualFor, lease };
}
