// Revision rules of the reference console: one active revision per card; the two most recent are active or
// inactive, older ones archived; at most 8 kept. A revision can also be scheduled to go live at a date.
import type { CommandContext } from '../runtime/command.ts';
import { NotFoundError, UserError } from '../runtime/errors.ts';
import type { RateCard, RevisionSummary } from '../store.ts';

export const KEEP_REVISIONS = 8;
const LIVE_SLOTS = 2;

export async function findRevision(ctx: CommandContext, card: RateCard, number: number): Promise<RevisionSummary> {
  const rev = (await ctx.store.rateCards.revisions(card.id)).find((r) => r.number === number);
  if (!rev) throw new NotFoundError(`${card.name} has no revision #${number}. Run \`ratecard revisions "${card.name}"\` to see them.`);
  return rev;
}

/** Makes a revision the live one: the previous one becomes inactive, then the retention rules apply. */
export async function activate(ctx: CommandContext, card: RateCard, rev: RevisionSummary): Promise<{ previous?: RevisionSummary; archived: number[]; deleted: number[] }> {
  if (rev.status === 'active') throw new UserError(`Revision #${rev.number} of ${card.name} is already active.`);
  if (rev.rowCount === 0) throw new UserError(`Revision #${rev.number} of ${card.name} has no rows; it cannot go live.`);
  const revisions = await ctx.store.rateCards.revisions(card.id);
  const previous = revisions.find((r) => r.status === 'active');
  if (previous) await ctx.store.revisions.setStatus(previous.id, 'inactive');
  await ctx.store.revisions.setStatus(rev.id, 'active', { activatedAt: ctx.deps.now(), dateLive: null, activationError: null });
  const kept = await applyRetention(ctx, card);
  ctx.audit({ action: 'ratecard.activate', entityType: 'ratecard', entityId: card.id, entityName: card.name, carrierId: card.carrierId, before: previous ? { active: previous.number } : null, after: { active: rev.number } });
  return { previous, ...kept };
}

/** Older revisions than the two most recent go to the archive; beyond eight they are deleted. */
export async function applyRetention(ctx: CommandContext, card: RateCard): Promise<{ archived: number[]; deleted: number[] }> {
  const revisions = (await ctx.store.rateCards.revisions(card.id)).filter((r) => r.status !== 'draft');
  const archived: number[] = [];
  const deleted: number[] = [];
  for (const [i, r] of revisions.entries()) {
    if (i >= KEEP_REVISIONS && r.status !== 'active' && r.status !== 'scheduled') {
      await ctx.store.revisions.delete(r.id);
      deleted.push(r.number);
    } else if (i >= LIVE_SLOTS && r.status === 'inactive') {
      await ctx.store.revisions.setStatus(r.id, 'archived');
      archived.push(r.number);
    }
  }
  return { archived, deleted };
}

export async function archive(ctx: CommandContext, card: RateCard, rev: RevisionSummary): Promise<void> {
  if (rev.status === 'archived') throw new UserError(`Revision #${rev.number} of ${card.name} is already archived.`);
  await ctx.store.revisions.setStatus(rev.id, 'archived', { dateLive: null });
  ctx.audit({ action: 'ratecard.archive', entityType: 'ratecard', entityId: card.id, entityName: card.name, carrierId: card.carrierId, before: { revision: rev.number, status: rev.status }, after: { revision: rev.number, status: 'archived' } });
}
