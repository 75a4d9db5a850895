// Carrier use cases: find, create, update (with optimistic concurrency), delete. Every write is audited.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../runtime/command.ts';
import { ConflictError, NotFoundError, ValidationError } from '../runtime/errors.ts';
import type { Carrier, DidView, Store } from '../store.ts';
import { buildSettings, carrierAuditView, type CarrierValues } from './settings.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A carrier by name (case-insensitive) or id. */
export async function findCarrier(store: Store, ref: string): Promise<Carrier> {
  const key = ref.trim();
  const found = UUID.test(key) ? await store.carriers.findById(key) : await store.carriers.findByName(key);
  if (!found) throw new NotFoundError(`No carrier named "${key}". Run \`carrier list\` to see the carriers.`);
  return found;
}

async function assertNameFree(store: Store, name: string, exceptId?: string): Promise<void> {
  const clash = await store.carriers.findByName(name);
  if (clash && clash.id !== exceptId) {
    throw new ValidationError([{ field: 'name', label: 'Name', message: `a carrier named "${clash.name}" already exists; names are unique, ignoring case` }]);
  }
}

export async function createCarrier(ctx: CommandContext, values: CarrierValues): Promise<Carrier> {
  const { settings, issues, newPassword } = buildSettings(values, null);
  if (issues.length) throw new ValidationError(issues);
  await assertNameFree(ctx.store, settings.name);
  const id = randomUUID();
  if (newPassword) settings.passwordEnc = ctx.deps.secrets.seal(newPassword, id);
  const carrier = await ctx.store.carriers.insert(id, settings);
  ctx.requestSync([id]);
  ctx.audit({ action: 'carrier.add', entityType: 'carrier', entityId: id, entityName: carrier.name, carrierId: id, before: null, after: carrierAuditView(carrier) });
  return carrier;
}

export interface UpdateResult {
  carrier: Carrier;
  changed: string[];
}

export async function updateCarrier(
  ctx: CommandContext,
  current: Carrier,
  values: CarrierValues,
  opts: { expectedVersion?: number; clearPassword?: boolean },
): Promise<UpdateResult> {
  if (opts.expectedVersion !== undefined && opts.expectedVersion !== current.version) throw staleEdit(current);
  const { settings, issues, newPassword, passwordCleared } = buildSettings(values, current, opts.clearPassword);
  if (issues.length) throw new ValidationError(issues);
  if (settings.name.toLowerCase() !== current.name.toLowerCase()) await assertNameFree(ctx.store, settings.name, current.id);
  if (newPassword) settings.passwordEnc = ctx.deps.secrets.seal(newPassword, current.id);
  const updated = await ctx.store.carriers.update(current.id, settings, opts.expectedVersion ?? current.version);
  if (!updated) throw staleEdit(current);
  const before = carrierAuditView(current);
  const after = carrierAuditView(updated, newPassword !== null);
  const changed = Object.keys(after).filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k]));
  if (passwordCleared && !changed.includes('password')) changed.push('password');
  if (changed.length) ctx.requestSync([current.id]);
  ctx.audit({ action: 'carrier.edit', entityType: 'carrier', entityId: current.id, entityName: updated.name, carrierId: current.id, before, after });
  return { carrier: updated, changed };
}

function staleEdit(c: Carrier): ConflictError {
  return new ConflictError(
    `Carrier "${c.name}" was changed by someone else after you opened the form, so nothing was saved. ` +
      `Run \`carrier edit ${c.name}\` again to start from the current values (see \`audit ${c.name}\` for what changed).`,
  );
}

export async function deleteCarrier(ctx: CommandContext, carrier: Carrier): Promise<DidView[]> {
  const numbers = await ctx.store.dids.list({ carrierId: carrier.id });
  // Its LiveKit objects go after the commit (rules first, then trunks), retried until LiveKit confirms.
  const trunkIds = [carrier.inboundTrunkId, carrier.outboundTrunkId].filter((x): x is string => !!x);
  const ruleIds = numbers.map((d) => d.dispatchRuleId).filter((x): x is string => !!x);
  if (trunkIds.length || ruleIds.length) {
    await ctx.store.sync.enqueueCleanup({ carrierId: carrier.id, carrierName: carrier.name, trunkIds, ruleIds }, ctx.deps.now());
    ctx.requestSync([]);
  }
  await ctx.store.carriers.delete(carrier.id);
  ctx.audit({
    action: 'carrier.delete',
    entityType: 'carrier',
    entityId: carrier.id,
    entityName: carrier.name,
    carrierId: carrier.id,
    before: { ...carrierAuditView(carrier), numbers: numbers.map((d) => d.number) },
    after: null,
  });
  return numbers;
}
