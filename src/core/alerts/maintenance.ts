// Maintenance windows: planned work on a carrier mutes its alerts from start to end. Incidents keep being recorded
// (opened, updated, resolved, in their threads) but nothing is delivered; when the window ends, its open incidents
// are posted and the messages of incidents that resolved meanwhile are edited. The channel is told when a window
// starts, when it is about to end and when it ends (notices); `carrier maintenance <carrier> end` ends one early.
import { randomUUID } from 'node:crypto';
import type { CommandContext } from '../runtime/command.ts';
import { NotFoundError } from '../runtime/errors.ts';
import type { Carrier, Store } from '../store.ts';
import { formatDuration } from './duration.ts';
import { maintenanceEndNotice, maintenanceStartNotice, queueNotice } from './notices.ts';
import type { MaintenanceWindow } from './ports.ts';
import { DELIVERY_DEBOUNCE_MS, markForDelivery } from './routes.ts';
import type { HealthSettings } from './settings.ts';

export interface WindowOutcome {
  window: MaintenanceWindow;
  extended: boolean;
  /** Channels told (0 when no on-call channel is configured, or the window starts later). */
  told: number;
  /** The window starts later (a planned one): the channels are told when it starts. */
  planned: boolean;
}

const running = (w: MaintenanceWindow, now: Date) => !w.cancelledAt && w.startsAt <= now && w.endsAt > now;

/** Starts a window now (or at `startsAt`), or — when one is running and no start is given — moves its end. */
export async function startMaintenance(ctx: CommandContext, carrier: Carrier, ms: number, reason: string | null, startsAt: Date | null): Promise<WindowOutcome> {
  const now = ctx.deps.now();
  const by = ctx.caller.name ?? ctx.caller.principal;
  const current = (await ctx.store.alerts.windows({ carrierId: carrier.id, at: now })).find((w) => running(w, now));
  if (current && !startsAt) {
    const patch = { endsAt: new Date(now.getTime() + ms), reason: reason ?? current.reason, announcedEnding: null };
    await ctx.store.alerts.updateWindow(current.id, patch);
    const window = { ...current, ...patch };
    const told = await queueNotice(ctx.store, ctx.deps.health, 'maintenance_start', maintenanceStartNotice(window, true), now);
    audit(ctx, carrier, 'carrier.maintenance', { endsAt: current.endsAt.toISOString() }, { endsAt: window.endsAt.toISOString(), reason: window.reason });
    return { window, extended: true, told, planned: false };
  }
  const start = startsAt && startsAt > now ? startsAt : now;
  const window: MaintenanceWindow = {
    id: randomUUID(),
    carrierId: carrier.id,
    carrierName: carrier.name,
    startsAt: start,
    endsAt: new Date(start.getTime() + ms),
    reason,
    createdBy: by,
    announcedStart: null,
    announcedEnding: null,
    announcedEnd: null,
    cancelledAt: null,
  };
  const { carrierName: _name, announcedStart: _s, announcedEnding: _e, announcedEnd: _d, cancelledAt: _c, ...row } = window;
  await ctx.store.alerts.addWindow(row);
  let told = 0;
  if (start <= now) {
    // Told at once rather than by the next announcement pass; the pass skips it (announced_start is set).
    told = await queueNotice(ctx.store, ctx.deps.health, 'maintenance_start', maintenanceStartNotice(window), now);
    await ctx.store.alerts.updateWindow(window.id, { announcedStart: now });
  }
  audit(ctx, carrier, 'carrier.maintenance', null, { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString(), duration: formatDuration(ms), reason });
  return { window, extended: false, told, planned: start > now };
}

/** Ends the running window early, or cancels the next planned one. */
export async function endMaintenance(ctx: CommandContext, carrier: Carrier): Promise<{ window: MaintenanceWindow; planned: boolean }> {
  const now = ctx.deps.now();
  const windows = await ctx.store.alerts.windows({ carrierId: carrier.id, at: now });
  const window = windows.find((w) => running(w, now)) ?? windows[0];
  if (!window) throw new NotFoundError(`${carrier.name} has no maintenance window running or planned.`);
  await ctx.store.alerts.updateWindow(window.id, { cancelledAt: now });
  const planned = window.startsAt > now;
  const by = ctx.caller.name ?? ctx.caller.principal;
  if (window.announcedStart) await announceEnd(ctx.store, ctx.deps.health, { ...window, cancelledAt: now }, now, by);
  else await ctx.store.alerts.updateWindow(window.id, { announcedEnd: now });
  audit(ctx, carrier, 'carrier.maintenance_end', { startsAt: window.startsAt.toISOString(), endsAt: window.endsAt.toISOString() }, { cancelledAt: now.toISOString() });
  return { window, planned };
}

/** The window is over: tell the channels, deliver the carrier's open incidents, refresh messages of resolved ones. */
export async function announceEnd(store: Store, s: HealthSettings, w: MaintenanceWindow, now: Date, endedBy: string | null): Promise<void> {
  const open = await store.alerts.list({ carrierIds: [w.carrierId] });
  await queueNotice(store, s, 'maintenance_end', maintenanceEndNotice(w, open, endedBy), now);
  await store.alerts.updateWindow(w.id, { announcedEnd: now });
  // Another window may still mute the carrier; markForDelivery checks.
  await markForDelivery(store, s, open, now);
  const resolved = await store.alerts.list({ carrierIds: [w.carrierId], states: ['resolved'], limit: 500 });
  const during = resolved.filter((a) => a.resolvedAt && a.resolvedAt >= w.startsAt).map((a) => a.id);
  if (during.length) await store.alerts.touchMessages(during, new Date(now.getTime() + DELIVERY_DEBOUNCE_MS));
}

function audit(ctx: CommandContext, c: Carrier, action: string, before: Record<string, unknown> | null, after: Record<string, unknown>): void {
  ctx.audit({ action, entityType: 'carrier', entityId: c.id, entityName: c.name, carrierId: c.id, before, after });
}
