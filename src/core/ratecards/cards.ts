// Rate cards: create, edit, delete (never with a live revision), and how a card reads in lists — active revision,
// rule count, and the warnings a NOC wants: stale (no revision for a long time) or a failed scheduled activation.
import { findCarrier } from '../carriers/service.ts';
import type { CommandContext } from '../runtime/command.ts';
import { NotFoundError, UserError, ValidationError } from '../runtime/errors.ts';
import type { Presentation, RateCard, RateCardDirection, RateCardListItem, RateCardSettings, RevisionSummary, Rounding } from '../store.ts';

/** What a command resolved: undefined = not given (keep / default), null = given blank (clear). */
export interface CardInput {
  name?: string;
  carrier?: string;
  direction?: RateCardDirection | null;
  currency?: string | null;
  tech_prefix?: string | null;
  presentation?: Presentation | null;
  precision?: number | null;
  rounding?: Rounding | null;
  capped_rate?: string | null;
  cps?: string | null;
  channels?: number | null;
  notes?: string | null;
}

export async function findRateCard(ctx: CommandContext, name: string): Promise<RateCard> {
  const card = (await ctx.store.rateCards.findByName(name)) ?? (/^[0-9a-f-]{36}$/i.test(name) ? await ctx.store.rateCards.findById(name) : null);
  if (!card) throw new NotFoundError(`No rate card named "${name}". Run \`ratecard list\` to see the cards.`);
  return card;
}

function settingsFrom(input: CardInput, carrier: { id: string; currency: string }, base?: RateCard): RateCardSettings {
  const pick = <T>(v: T | null | undefined, current: T, fallback: T): T => (v === undefined ? current : v === null ? fallback : v);
  return {
    name: input.name ?? base!.name,
    carrierId: carrier.id,
    direction: pick(input.direction, base?.direction ?? 'termination', 'termination'),
    currency: pick(input.currency, base?.currency ?? carrier.currency, carrier.currency),
    techPrefix: pick(input.tech_prefix, base?.techPrefix ?? null, null),
    presentation: pick(input.presentation, base?.presentation ?? 'single', 'single'),
    precision: pick(input.precision, base?.precision ?? 4, 4),
    rounding: pick(input.rounding, base?.rounding ?? 'up', 'up'),
    cappedRate: pick(input.capped_rate, base?.cappedRate ?? null, null),
    cps: pick(input.cps, base?.cps ?? null, null),
    channels: pick(input.channels, base?.channels ?? null, null),
    notes: pick(input.notes, base?.notes ?? null, null),
  };
}

const auditView = (c: RateCardSettings) => ({ ...c });

export async function createRateCard(ctx: CommandContext, input: CardInput): Promise<RateCard> {
  const carrier = await findCarrier(ctx.store, input.carrier!);
  const card = await ctx.store.rateCards.insert(settingsFrom(input, carrier));
  ctx.audit({ action: 'ratecard.create', entityType: 'ratecard', entityId: card.id, entityName: card.name, carrierId: carrier.id, before: null, after: auditView(card) });
  return card;
}

export async function updateRateCard(ctx: CommandContext, card: RateCard, input: CardInput, expectedVersion?: number): Promise<{ card: RateCard; changed: string[] }> {
  const carrier = input.carrier ? await findCarrier(ctx.store, input.carrier) : { id: card.carrierId, currency: card.currency };
  if (input.currency === null) throw new ValidationError([{ field: 'currency', label: 'Currency', message: 'a card always has a currency; give a three-letter code' }]);
  const next = settingsFrom(input, carrier, card);
  const changed = (Object.keys(next) as (keyof RateCardSettings)[]).filter((k) => String(next[k]) !== String(card[k]));
  if (!changed.length) return { card, changed: [] };
  const revisions = changed.includes('currency') ? await ctx.store.rateCards.revisions(card.id) : [];
  if (revisions.some((r) => r.status === 'active' || r.status === 'scheduled')) {
    throw new ValidationError([{ field: 'currency', label: 'Currency', message: 'the card has a live or scheduled revision priced in ' + card.currency + '; upload a new deck to a new card instead of relabelling prices' }]);
  }
  const saved = await ctx.store.rateCards.update(card.id, next, expectedVersion);
  if (!saved) throw new UserError(`Rate card "${card.name}" was changed by someone else since you opened it; open it again to see the current values.`);
  ctx.audit({ action: 'ratecard.edit', entityType: 'ratecard', entityId: card.id, entityName: saved.name, carrierId: saved.carrierId, before: auditView(card), after: auditView(saved) });
  return { card: saved, changed: changed.map((k) => k.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`).replace('carrier_id', 'carrier')) };
}

/** A card with a live revision cannot go: archive that revision first (as the reference console demands). */
export async function deleteRateCard(ctx: CommandContext, card: RateCard): Promise<void> {
  const live = (await ctx.store.rateCards.revisions(card.id)).find((r) => r.status === 'active');
  if (live) throw new UserError(`Rate card "${card.name}" has an active revision (#${live.number}); archive it first with \`ratecard archive "${card.name}" ${live.number}\`.`);
  await ctx.store.rateCards.delete(card.id);
  ctx.audit({ action: 'ratecard.delete', entityType: 'ratecard', entityId: card.id, entityName: card.name, carrierId: card.carrierId, before: auditView(card), after: null });
}

/** A card with what its revisions (newest first) say about it: the live one, the latest upload, a failed schedule. */
export function summariseCard(card: RateCard, revisions: RevisionSummary[]): RateCardListItem {
  return {
    ...card,
    active: revisions.find((r) => r.status === 'active') ?? null,
    lastRevisionAt: revisions[0]?.createdAt ?? null,
    failedActivation: revisions.find((r) => r.status === 'scheduled' && r.activationError) ?? null,
  };
}

/** The warnings a card shows in lists, newest problem first. */
export function cardWarnings(c: RateCardListItem, now: Date, staleDays: number): string[] {
  const out: string[] = [];
  if (c.failedActivation) out.push(`scheduled activation of #${c.failedActivation.number} failed: ${c.failedActivation.activationError}`);
  const ageDays = c.lastRevisionAt ? (now.getTime() - c.lastRevisionAt.getTime()) / 86_400_000 : undefined;
  if (ageDays === undefined) out.push('no revision yet: upload a deck');
  else if (ageDays > staleDays) out.push(`stale: no new revision in ${Math.floor(ageDays)} days`);
  return out;
}
