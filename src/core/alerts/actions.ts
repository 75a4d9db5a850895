// What people do to an incident from any adapter — acknowledge, snooze, resolve — each a line in its thread, a
// delivery mark (the message is edited in place) and an audit entry. A resolved incident cannot be acked or
// snoozed back to life (the update is refused once resolved: an ack racing a resolve never un-resolves it).
import type { CommandContext } from '../runtime/command.ts';
import { ConflictError } from '../runtime/errors.ts';
import { timeToken } from '../runtime/time.ts';
import { formatDuration } from './duration.ts';
import { KIND_LABELS } from './kinds.ts';
import type { AlertPatch, AlertRecord } from './ports.ts';
import { markForDelivery } from './routes.ts';
import type { Verdict } from './verdict.ts';

export const alertLabel = (a: Pick<AlertRecord, 'id' | 'kind' | 'carrierName'>): string =>
  `${a.id.slice(0, 8)} (${KIND_LABELS[a.kind].toLowerCase()}${a.carrierName ? ` on ${a.carrierName}` : ''})`;

const who = (ctx: CommandContext) => ctx.caller.name ?? ctx.caller.principal;

async function change(ctx: CommandContext, a: AlertRecord, patch: AlertPatch, line: string, action: string): Promise<AlertRecord> {
  if (a.state === 'resolved') throw new ConflictError(`Alert ${alertLabel(a)} is already resolved${a.resolvedBy ? ` (by ${a.resolvedBy})` : ''}.`);
  const now = ctx.deps.now();
  const updated = await ctx.store.alerts.update(a.id, patch, now);
  if (!updated) throw new ConflictError(`Alert ${alertLabel(a)} was resolved meanwhile; nothing changed.`);
  await ctx.store.alerts.addHistory([{ alertId: a.id, at: now, text: line, actor: ctx.caller.principal }]);
  await markForDelivery(ctx.store, ctx.deps.health, [updated], now);
  ctx.audit({
    action,
    entityType: 'alert',
    entityId: a.id,
    entityName: `${a.kind}${a.carrierName ? ` ${a.carrierName}` : ''}`,
    carrierId: a.carrierId,
    before: { state: a.state, snoozedUntil: a.snoozedUntil?.toISOString() ?? null },
    after: { state: updated.state, snoozedUntil: updated.snoozedUntil?.toISOString() ?? null },
  });
  return updated;
}

export function ackAlert(ctx: CommandContext, a: AlertRecord): Promise<AlertRecord> {
  if (a.state === 'acked') throw new ConflictError(`Alert ${alertLabel(a)} was already acknowledged by ${a.ackedBy ?? 'someone'} ${a.ackedAt ? timeToken(a.ackedAt) : ''}.`.trim());
  const now = ctx.deps.now();
  return change(ctx, a, { state: 'acked', ackedAt: now, ackedBy: who(ctx), snoozedUntil: null, snoozedBy: null }, `Acknowledged by ${who(ctx)}`, 'alert.ack');
}

/** Snoozed: no reminders until then; afterwards back to acked (if it was) or open. */
export function snoozeAlert(ctx: CommandContext, a: AlertRecord, ms: number): Promise<AlertRecord> {
  const until = new Date(ctx.deps.now().getTime() + ms);
  return change(ctx, a, { state: 'snoozed', snoozedUntil: until, snoozedBy: who(ctx) }, `Snoozed for ${formatDuration(ms)} by ${who(ctx)} (until ${timeToken(until, 'full')})`, 'alert.snooze');
}

/**
 * Resolved by hand. Refused while the check still fires (research §2 item 12): it would only open a new incident on
 * the next pass. Snooze it, or put the carrier in maintenance; it resolves by itself once it has stayed clear.
 */
export function resolveAlert(ctx: CommandContext, a: AlertRecord, now: Verdict | null): Promise<AlertRecord> {
  if (now?.firing) {
    throw new ConflictError(
      `Alert ${alertLabel(a)} is still firing: ${now.summary}. It resolves by itself once it has stayed clear for ${ctx.deps.health.resolveAfterMinutes} min. ` +
        `To stop hearing about it meanwhile: \`alert snooze ${a.id.slice(0, 8)} 1h\`${a.carrierName ? `, or \`carrier maintenance "${a.carrierName}" 2h\`` : ''}.`,
    );
  }
  return change(ctx, a, { state: 'resolved', resolvedAt: ctx.deps.now(), resolvedBy: who(ctx) }, `Resolved by ${who(ctx)}${now ? ` (${now.summary})` : ''}`, 'alert.resolve');
}
