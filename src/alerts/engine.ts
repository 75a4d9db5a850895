// The alert engine: turns a check's verdicts into incident state, in one batch per check pass (a handful of
// statements whatever the number of carriers). One incident per (kind, carrier) while unresolved:
// - firing, no incident: open one (INSERT … ON CONFLICT on the partial unique index, so two overlapping passes — a
//   scheduled tick and a manual `alert check` — never open two); firing, incident open: keep it (last_true_at = now),
//   and if it had been clearing, that was a flap: flaps + 1, one line in the thread, still one incident;
// - clear: the incident starts clearing (evidence.clearingSince) and resolves once it has stayed clear for the
//   hysteresis period, ALERT_RESOLVE_AFTER_MINUTES × (1 + flaps) (at most ×12): a flapping carrier must stay clear
//   longer each time, so it keeps one incident instead of posting a storm;
// - hold (neither: insufficient data, or between the open and resolve thresholds): stays open, clearing restarts.
// The thread stays quiet: a history line (and a message edit) only when the incident opens, flaps, changes severity
// or title, its magnitude step rises, or it resolves — never for a count that merely moved.
// Maintenance: incidents of a carrier in a maintenance window are recorded exactly the same (open, update, resolve,
// history) but not delivered (no alert_messages marks); when the window ends its open incidents are delivered (see
// announcements.ts). Snoozed and acked incidents are updated and delivered like open ones; they are only not reminded.
import { randomUUID } from 'node:crypto';
import { alertKey, type AlertKind } from '../core/alerts/kinds.ts';
import type { AlertChange, AlertRecord, HistoryRow, NewAlert } from '../core/alerts/ports.ts';
import { markForDelivery } from '../core/alerts/routes.ts';
import { resolveAfterMs, type HealthSettings } from '../core/alerts/settings.ts';
import type { Verdict } from '../core/alerts/verdict.ts';
import type { Store } from '../core/store.ts';

/** Who resolves an incident whose condition cleared (alerts.resolved_by). */
export const SYSTEM_ACTOR = 'trunkops';

export interface ApplyResult {
  judged: number;
  firing: number;
  insufficient: number;
  opened: number;
  updated: number;
  flapped: number;
  resolved: number;
}

export interface ApplyInput {
  now: Date;
  settings: HealthSettings;
  /** The kinds these verdicts decide: incidents of these kinds without a verdict are left as they are. */
  kinds: readonly AlertKind[];
  verdicts: readonly Verdict[];
  /** The verdicts cover only these carriers (a re-check of one carrier). */
  carrierIds?: readonly string[];
}

const minutes = (ms: number) => Math.round(ms / 60_000);

/** What is stored as evidence: what the check saw, its summary line and magnitude step. */
const evidenceOf = (v: Verdict): Record<string, unknown> => ({ ...v.evidence, summary: v.summary, step: v.step });

/** Applies verdicts; run it inside a transaction (runChecks does) so a pass lands whole. */
export async function applyVerdicts(store: Store, input: ApplyInput): Promise<ApplyResult> {
  const { now, settings } = input;
  const open = await store.alerts.list({ kinds: input.kinds, carrierIds: input.carrierIds });
  const byKey = new Map(open.map((a) => [a.key, a]));
  const muted = await store.alerts.mutedCarriers(now);
  const result: ApplyResult = { judged: input.verdicts.length, firing: 0, insufficient: 0, opened: 0, updated: 0, flapped: 0, resolved: 0 };

  const inserts: NewAlert[] = [];
  const changes: AlertChange[] = [];
  const trueIds: string[] = [];
  const resolving = new Map<string, { alert: AlertRecord; text: string }>();
  const history: HistoryRow[] = [];
  const deliver: { id: string; carrierId: string | null }[] = [];

  for (const v of input.verdicts) {
    if (v.firing) result.firing++;
    if (v.insufficient) result.insufficient++;
    const a = byKey.get(alertKey(v.kind, v.carrierId));
    if (!a) {
      if (v.firing) inserts.push({ id: randomUUID(), key: alertKey(v.kind, v.carrierId), kind: v.kind, carrierId: v.carrierId, severity: v.severity, title: v.title, evidence: evidenceOf(v) });
      continue;
    }
    const clearingSince = typeof a.evidence.clearingSince === 'string' ? new Date(a.evidence.clearingSince) : null;
    if (v.firing) {
      const line = clearingSince
        ? `Came back after clearing (flap ${a.flaps + 1}): ${v.summary}`
        : v.severity !== a.severity
          ? `Severity ${a.severity} → ${v.severity}: ${v.summary}`
          : v.title !== a.title || v.step > Number(a.evidence.step ?? 0)
            ? v.summary
            : null;
      const evidence = evidenceOf(v);
      if (!line && sameJson(evidence, a.evidence)) {
        trueIds.push(a.id);
        continue;
      }
      if (clearingSince) result.flapped++;
      changes.push({ id: a.id, severity: v.severity, title: v.title, evidence, lastTrueAt: now, flaps: a.flaps + (clearingSince ? 1 : 0), touch: line !== null });
      if (line) {
        history.push({ alertId: a.id, at: now, text: line, actor: null });
        deliver.push(a);
        result.updated++;
      }
    } else if (v.clear) {
      const hysteresis = resolveAfterMs(settings, a.flaps);
      if (clearingSince && now.getTime() - clearingSince.getTime() >= hysteresis) {
        resolving.set(a.id, { alert: a, text: `Resolved: clear for ${minutes(now.getTime() - clearingSince.getTime())} min — ${v.summary}` });
      } else if (!clearingSince) {
        // Not a message edit: the thread only hears about it if it resolves (or comes back: a flap).
        changes.push({ id: a.id, severity: a.severity, title: a.title, evidence: { ...a.evidence, clearingSince: now.toISOString() }, lastTrueAt: a.lastTrueAt, flaps: a.flaps, touch: false });
      }
    } else if (clearingSince) {
      const { clearingSince: _dropped, ...evidence } = a.evidence;
      changes.push({ id: a.id, severity: a.severity, title: a.title, evidence, lastTrueAt: now, flaps: a.flaps, touch: false });
    } else {
      trueIds.push(a.id);
    }
  }

  const inserted = await store.alerts.insert(inserts, now);
  for (const n of inserts) {
    if (!inserted.has(n.id)) continue; // another pass opened it first
    result.opened++;
    history.push({ alertId: n.id, at: now, text: `Opened: ${String(n.evidence.summary)}`, actor: null });
    deliver.push(n);
  }
  await store.alerts.applyChanges(changes, now);
  await store.alerts.markTrue(trueIds, now);
  // Guard: a concurrent pass that saw the condition true since the shortest hysteresis wins; nothing resolves.
  const resolved = await store.alerts.resolve([...resolving.keys()], now, SYSTEM_ACTOR, new Date(now.getTime() - resolveAfterMs(settings, 0)));
  for (const id of resolved) {
    const r = resolving.get(id)!;
    result.resolved++;
    history.push({ alertId: id, at: now, text: r.text, actor: null });
    deliver.push(r.alert);
  }
  await store.alerts.addHistory(history);
  await markForDelivery(store, settings, deliver, now, muted);
  return result;
}

/** Key order does not matter (jsonb comes back with its own); values are small. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every((k) => sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
