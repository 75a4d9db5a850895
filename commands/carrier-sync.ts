// /carrier sync and /carrier reconcile — LiveKit sync on demand, and the drift check-and-repair pass.
import { carrierCardReply } from '../src/core/carriers/render.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, type CommandContext } from '../src/core/runtime/command.ts';
import { UserError } from '../src/core/runtime/errors.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply, type Reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import type { CarrierSyncResult, SyncService } from '../src/core/sync.ts';
import { carrierFilter } from './shared-options.ts';

function syncService(ctx: CommandContext): SyncService {
  if (!ctx.deps.sync) {
    throw new UserError('LiveKit sync is disabled: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET and restart trunkops (see README "LiveKit sync").');
  }
  return ctx.deps.sync;
}

function outcomeText(r: CarrierSyncResult): string {
  if (r.busy) return `Another trunkops worker is syncing ${r.carrierName} right now; run \`carrier show ${r.carrierName}\` in a moment.`;
  if (r.error) return `LiveKit sync of ${r.carrierName} failed: ${r.error}.${r.retryAt ? ` Retrying ${timeToken(r.retryAt)}.` : ''}`;
  const what = r.changes.length ? `: ${r.changes.join('; ')}` : ': LiveKit already matched, nothing to change';
  return `${r.carrierName} synced to LiveKit${what}.`;
}

export const syncAction = defineAction({
  name: 'sync',
  description: 'Sync a carrier to LiveKit now (all=yes, or --all, syncs every carrier)',
  role: 'operator',
  mutates: false,
  options: {
    carrier: carrierFilter('Carrier to sync'),
    all: opt.yesNo({ label: 'All carriers', description: 'yes syncs every carrier' }),
  },
  handler: async (ctx, a): Promise<Reply> => {
    const sync = syncService(ctx);
    if (a.all && a.carrier) throw new UserError('Give a carrier or all=yes, not both.');
    if (!a.all) {
      if (!a.carrier) throw new UserError('Name the carrier to sync (`carrier sync Acme`), or sync every carrier with `carrier sync --all`.');
      const c = await findCarrier(ctx.store, a.carrier);
      const [r] = await sync.syncNow([c.id]);
      ctx.audit({ action: 'carrier.sync', entityType: 'carrier', entityId: c.id, entityName: c.name, carrierId: c.id, before: null, after: { status: r!.status, changes: r!.changes.length } });
      const fresh = await findCarrier(ctx.store, c.id);
      const card = carrierCardReply(fresh, await ctx.store.dids.list({ carrierId: c.id }), await ctx.store.contacts.list(c.id), true);
      return { ...card, tone: r!.error ? 'error' : 'ok', text: outcomeText(r!) };
    }
    const ids = (await ctx.store.carriers.list()).map((c) => c.id);
    const results = await sync.syncNow(ids, (done, total) => ctx.progress(`Syncing carriers to LiveKit: ${done} of ${total}…`));
    ctx.audit({ action: 'carrier.sync', entityType: 'carrier', entityId: null, entityName: 'all carriers', carrierId: null, before: null, after: { carriers: results.length } });
    const failed = results.filter((r) => r.error || r.busy);
    const changed = results.filter((r) => !r.error && r.changes.length);
    return reply({
      ephemeral: false,
      tone: failed.length ? 'warn' : 'ok',
      title: `LiveKit sync of ${results.length} carrier${results.length === 1 ? '' : 's'}`,
      text: `${results.length - failed.length} synced (${changed.length} with changes), ${failed.length} failed or busy.`,
      table: failed.length
        ? { columns: ['Carrier', 'Problem'], rows: failed.map((r) => [r.carrierName, r.busy ? 'being synced by another worker' : `${r.error}${r.retryAt ? ' (retrying)' : ''}`]) }
        : undefined,
    });
  },
});

const PRESENT: Record<string, string> = { created: 'create', updated: 'update', deleted: 'delete', took: 'take' };
/** "created inbound trunk …" → "create inbound trunk …", for a dry run's report. */
const would = (change: string) => change.replace(/^(created|updated|deleted|took)\b/, (w) => PRESENT[w]!);

export const reconcileAction = defineAction({
  name: 'reconcile',
  description: 'Compare LiveKit with every carrier and repair drift (dry_run=yes, or --dry-run, only reports)',
  role: 'operator',
  mutates: false,
  options: { dry_run: opt.yesNo({ label: 'Dry run', description: 'yes reports what would change and changes nothing' }) },
  handler: async (ctx, a): Promise<Reply> => {
    const dryRun = a.dry_run === true;
    const r = await syncService(ctx).reconcile({ dryRun, progress: (t) => ctx.progress(t) });
    if (!dryRun) {
      ctx.audit({ action: 'livekit.reconcile', entityType: 'livekit', entityId: null, entityName: 'reconcile', carrierId: null, before: null, after: { changes: r.changes.length, errors: r.errors.length } });
    }
    const drift = r.changes.filter((c) => c.drift).length;
    const verb = dryRun ? 'would change' : 'changed';
    return reply({
      ephemeral: false,
      tone: r.errors.length ? 'warn' : 'ok',
      title: `LiveKit reconcile${dryRun ? ' (dry run: nothing changed)' : ''}`,
      text: r.changes.length
        ? `${r.changes.length} object${r.changes.length === 1 ? '' : 's'} ${verb}, ${drift} of them drift (changed or deleted behind trunkops' back).`
        : 'LiveKit matches every carrier: nothing to repair.',
      fields: [
        { label: 'Carriers', value: String(r.carriers), inline: true },
        { label: 'trunkops objects', value: `${r.owned.outbound} outbound · ${r.owned.inbound} inbound · ${r.owned.rules} rules`, inline: true },
        { label: 'Not trunkops (untouched)', value: String(r.foreign), inline: true },
        { label: 'Took', value: `${(r.ms / 1000).toFixed(1)} s`, inline: true },
      ],
      table: r.changes.length
        ? { columns: ['Carrier', dryRun ? 'Would' : 'Done', 'Drift'], rows: r.changes.map((c) => [c.carrier, dryRun ? would(c.change) : c.change, c.drift ? 'yes' : '']) }
        : undefined,
      footer: [
        ...r.errors.map((e) => `${e.carrier}: ${e.message}`),
        ...(r.busy.length ? [`Being synced by another worker, left to it: ${r.busy.join(', ')}`] : []),
      ],
    });
  },
});
