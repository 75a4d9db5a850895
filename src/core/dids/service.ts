// Phone numbers (DIDs): unique across carriers, number fixed once added, bot only for numbers that take inbound calls.
import type { CommandContext } from '../runtime/command.ts';
import { ConflictError, NotFoundError, ValidationError, type FieldIssue } from '../runtime/errors.ts';
import type { Bot, Carrier, Direction, DidView } from '../store.ts';
import type { PhoneNumber } from '../validation/phone.ts';

export const DIRECTIONS = ['both', 'inbound', 'outbound'] as const;

export async function findDid(ctx: CommandContext, number: PhoneNumber): Promise<DidView> {
  const did = await ctx.store.dids.findByNormalized(number.normalized);
  if (!did) throw new NotFoundError(`No phone number ${number.display}. Run \`did list\` to see the numbers.`);
  return did;
}

export async function findBot(ctx: CommandContext, name: string): Promise<Bot> {
  const bot = await ctx.store.bots.findByName(name);
  if (!bot) throw new ValidationError([{ field: 'bot', label: 'Bot', message: `no bot named "${name}"; run \`bot list\`, or \`bot add\` to create it` }]);
  return bot;
}

function botRule(direction: Direction, botGiven: boolean): FieldIssue[] {
  return direction === 'outbound' && botGiven
    ? [{ field: 'bot', label: 'Bot', message: 'outbound numbers never receive calls, so they take no bot; choose direction both or inbound, or leave the bot out' }]
    : [];
}

export async function addDid(
  ctx: CommandContext,
  carrier: Carrier,
  input: { number: PhoneNumber; label: string | null; direction: Direction; botName: string | null },
): Promise<DidView> {
  const issues = botRule(input.direction, !!input.botName);
  if (issues.length) throw new ValidationError(issues);
  const existing = await ctx.store.dids.findByNormalized(input.number.normalized);
  if (existing) {
    throw new ValidationError([
      { field: 'number', label: 'Phone number', message: `${existing.number} is already on carrier "${existing.carrierName}"; a number belongs to one carrier (remove it there first)` },
    ]);
  }
  const bot = input.botName ? await findBot(ctx, input.botName) : null;
  const did = await ctx.store.dids.insert({
    carrierId: carrier.id,
    number: input.number.display,
    numberNormalized: input.number.normalized,
    label: input.label,
    direction: input.direction,
    botId: bot?.id ?? null,
  });
  ctx.requestSync([carrier.id]);
  ctx.audit({ action: 'did.add', entityType: 'did', entityId: did.id, entityName: did.number, carrierId: carrier.id, before: null, after: didAuditView(did, bot?.name ?? null, carrier.name) });
  const view = await ctx.store.dids.findByNormalized(did.numberNormalized);
  if (!view) throw new ConflictError('The number was removed while it was being added.');
  return view;
}

export interface DidChange {
  label?: string | null;
  direction?: Direction | null;
  /** undefined: keep; null: no bot; a name: that bot. */
  botName?: string | null;
}

export async function editDid(ctx: CommandContext, did: DidView, change: DidChange): Promise<{ did: DidView; notes: string[] }> {
  const notes: string[] = [];
  const direction = change.direction === undefined ? did.direction : (change.direction ?? 'both');
  const issues = botRule(direction, !!change.botName);
  if (issues.length) throw new ValidationError(issues);
  let botId = did.botId;
  if (change.botName === null) botId = null;
  else if (change.botName !== undefined) botId = (await findBot(ctx, change.botName)).id;
  if (direction === 'outbound' && botId) {
    botId = null;
    notes.push('The bot assignment was removed: outbound numbers never receive calls.');
  }
  const label = change.label === undefined ? did.label : change.label;
  await ctx.store.dids.update(did.id, { label, direction, botId });
  const after = (await ctx.store.dids.findByNormalized(did.numberNormalized))!;
  ctx.requestSync([did.carrierId]);
  ctx.audit({
    action: 'did.edit',
    entityType: 'did',
    entityId: did.id,
    entityName: did.number,
    carrierId: did.carrierId,
    before: didAuditView(did, did.botName, did.carrierName),
    after: didAuditView(after, after.botName, after.carrierName),
  });
  return { did: after, notes };
}

export async function removeDid(ctx: CommandContext, did: DidView): Promise<void> {
  await ctx.store.dids.delete(did.id);
  ctx.requestSync([did.carrierId]);
  ctx.audit({ action: 'did.remove', entityType: 'did', entityId: did.id, entityName: did.number, carrierId: did.carrierId, before: didAuditView(did, did.botName, did.carrierName), after: null });
}

/** Moves a number to another carrier. LiveKit never sees it on two inbound trunks: the sync takes it off the old one first. */
export async function moveDid(ctx: CommandContext, did: DidView, to: Carrier): Promise<DidView> {
  if (did.carrierId === to.id) {
    throw new ValidationError([{ field: 'carrier', label: 'Carrier', message: `${did.number} is already on ${to.name}` }]);
  }
  await ctx.store.dids.move(did.id, to.id);
  const after = (await ctx.store.dids.findByNormalized(did.numberNormalized))!;
  ctx.requestSync([did.carrierId, to.id]);
  ctx.audit({
    action: 'did.move',
    entityType: 'did',
    entityId: did.id,
    entityName: did.number,
    carrierId: to.id,
    before: didAuditView(did, did.botName, did.carrierName),
    after: didAuditView(after, after.botName, after.carrierName),
  });
  return after;
}

function didAuditView(d: { number: string; label: string | null; direction: Direction; botId: string | null }, botName: string | null, carrierName: string) {
  return { number: d.number, carrier: carrierName, label: d.label, direction: d.direction, bot: botName ?? (d.botId ? 'bot not found' : null) };
}
