// /carrier maintenance — planned work on a carrier: its alerts are muted for the window (incidents still recorded,
// posted if still open when it ends); the on-call channels are told when it starts, is about to end, and ends.
// `carrier maintenance Acme 2h "router swap"`, `… start=2026-10-01T22:00Z`, and `carrier maintenance Acme end`.
import { MAINTENANCE_MAX_MINUTES, formatDuration, resolveDuration } from '../src/core/alerts/duration.ts';
import { endMaintenance, startMaintenance } from '../src/core/alerts/maintenance.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { fail, ok, type Resolved } from '../src/core/runtime/resolved.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import { carrierRef } from './shared-options.ts';

const windowLength = resolveDuration(MAINTENANCE_MAX_MINUTES);

/** A window length, or `end` (end the running window now / cancel the planned one). */
function resolveWindow(raw: string): Resolved<number | 'end'> {
  const v = raw.trim().toLowerCase();
  if (['end', 'stop', 'off', 'cancel', 'done'].includes(v)) return ok('end');
  return windowLength(raw);
}

/** When a planned window starts: a UTC date-time (2026-10-01T22:00Z, 2026-10-01 22:00) or a delay from now (2h). */
export function resolveStart(raw: string): Resolved<{ at: Date } | { inMs: number }> {
  const v = raw.trim();
  const delay = windowLength(v.replace(/^in\s+/i, ''));
  if (delay.ok) return ok({ inMs: delay.value });
  const iso = /^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:?\d{2})?$/i.test(v) ? v.replace(' ', 'T') : null;
  const d = iso ? new Date(/Z|[+-]\d{2}:?\d{2}$/i.test(iso) ? iso : `${iso}Z`) : null;
  if (!d || Number.isNaN(d.getTime())) return fail('use a UTC date-time like 2026-10-01T22:00Z (an offset may follow instead of Z) or a delay like 2h');
  return ok({ at: d });
}

export const maintenanceAction = defineAction({
  name: 'maintenance',
  description: 'Mute alerts for planned work: 2h, 90m, 1d… or end',
  role: 'operator',
  mutates: true,
  options: {
    carrier: carrierRef(),
    duration: opt.custom({ label: 'Duration', description: 'How long (30m, 2h30m, 1d) or end', required: true, positional: true, resolve: resolveWindow }),
    reason: opt.text({ label: 'Reason', description: 'What the work is, for the channel', positional: true, max: 300 }),
    start: opt.custom({ label: 'Start', description: 'Later start: UTC time or delay (2h)', resolve: resolveStart }),
  },
  handler: async (ctx, a) => {
    const c = await findCarrier(ctx.store, a.carrier);
    if (a.duration === 'end') {
      const { window, planned } = await endMaintenance(ctx, c);
      return reply({
        tone: 'ok',
        text: planned
          ? `Planned maintenance on ${c.name} (${timeToken(window.startsAt, 'full')}) cancelled.`
          : `Maintenance on ${c.name} ended; its alerts are live again.`,
      });
    }
    const now = ctx.deps.now();
    const startsAt = a.start ? ('at' in a.start ? a.start.at : new Date(now.getTime() + a.start.inMs)) : null;
    const { window, extended, told, planned } = await startMaintenance(ctx, c, a.duration, a.reason ?? null, startsAt);
    const when = planned ? `from ${timeToken(window.startsAt, 'full')} ` : '';
    const channels = told ? ` The on-call channel${told === 1 ? ' was' : 's were'} told.` : planned ? ' The on-call channels are told when it starts.' : '';
    return reply({
      tone: 'ok',
      text: `${extended ? 'Maintenance extended' : 'Maintenance'} on ${c.name} ${when}until ${timeToken(window.endsAt, 'full')} (${formatDuration(window.endsAt.getTime() - window.startsAt.getTime())}): its alerts are muted.${channels}`,
      footer: [`End it early with \`carrier maintenance "${c.name}" end\`.`],
    });
  },
});
