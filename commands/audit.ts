// /audit — who changed what, newest first, optionally for one carrier (secrets are never in it).
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import type { AuditRecord } from '../src/core/store.ts';
import { carrierFilter } from './shared-options.ts';

export function describeChange(e: AuditRecord): string {
  if (!e.before || !e.after) return '';
  const keys = Object.keys({ ...e.before, ...e.after }).filter((k) => JSON.stringify(e.before![k]) !== JSON.stringify(e.after![k]));
  return keys.map((k) => `${k}: ${fmt(e.before![k])} → ${fmt(e.after![k])}`).join('; ');
}

const fmt = (v: unknown) => (v === null || v === undefined || v === '' ? '—' : Array.isArray(v) ? v.join(',') || '—' : String(v));

const run = defineAction({
  name: 'audit',
  description: 'Recent changes (who, where, what), optionally for one carrier',
  role: 'operator',
  mutates: false,
  options: {
    carrier: carrierFilter('Only changes to this carrier and its numbers and contacts'),
    limit: opt.integer({ label: 'Limit', description: 'How many entries, 1–200 (default 20)', min: 1, max: 200 }),
  },
  handler: async (ctx, a) => {
    const carrier = a.carrier ? await findCarrier(ctx.store, a.carrier).catch(() => null) : null;
    if (a.carrier && !carrier) {
      // A deleted carrier's history is still readable by name.
      const carrierId = await ctx.store.audit.carrierIdByName(a.carrier);
      if (!carrierId) return reply({ ephemeral: true, tone: 'error', text: `No carrier named "${a.carrier}", now or in the audit log.` });
      return render(await ctx.store.audit.list({ carrierId, limit: a.limit ?? 20 }), a.carrier);
    }
    return render(await ctx.store.audit.list({ carrierId: carrier?.id, limit: a.limit ?? 20 }), carrier?.name);
  },
});

function render(entries: AuditRecord[], scope?: string) {
  if (!entries.length) return reply({ ephemeral: true, title: scope ? `No changes to ${scope} yet` : 'No changes yet' });
  return reply({
    ephemeral: true,
    title: scope ? `Audit: ${scope}` : 'Audit log',
    table: {
      columns: ['When', 'Who', 'Where', 'Action', 'Entity', 'Change'],
      rows: entries.map((e) => [
        timeToken(e.at),
        e.actorName ? `${e.actorName} (${e.actorId})` : e.actorId,
        e.channel ?? e.actorPlatform,
        e.action,
        e.entityName ?? e.entityId ?? '—',
        describeChange(e) || (e.after ? 'created' : 'deleted'),
      ]),
    },
  });
}

export const auditCommand = defineCommand({ name: 'audit', description: 'Who changed what, and when', run });
