// Incidents for delivery tests, written the way the alert engine writes them (src/alerts/engine.ts and AlertRepo):
// an alerts row, its history, and the alert_messages outbox marked dirty per channel with the engine's upsert
// (a row already waiting keeps its due time, so a burst of changes becomes one edit).
import { randomUUID } from 'node:crypto';
import type { REST } from 'discord.js';
import { createAlertDelivery } from '../../src/alerts/delivery-service.ts';
import type { DeliveryWorker } from '../../src/alerts/deliver.ts';
import { commands } from '../../commands/index.ts';
import type { Harness } from './harness.ts';
import type { TestDb } from './db.ts';

export interface Route {
  platform: 'slack' | 'discord';
  channel: string;
}

export interface OpenAlert {
  routes: Route[];
  carrierId?: string | null;
  kind?: string;
  key?: string;
  severity?: 'critical' | 'warning' | 'info';
  title?: string;
  evidence?: Record<string, unknown>;
  openedAt?: Date;
  /** How long the engine waits before delivering a change (its debounce). */
  delayMs?: number;
}

export const EVIDENCE = {
  summary: '7 consecutive failures to 3 numbers (threshold 5): 503 ×5, 408 ×2',
  step: 1,
  consecutiveFailures: 7,
  threshold: 5,
  distinctNumbers: 3,
  codes: { '503': 5, '408': 2 },
  lastCalls: [
    { callId: 'call-0007@sbc', code: 503, number: '+14155550107', at: new Date(Date.now() - 60_000).toISOString() },
    { callId: 'call-0006@sbc', code: 408, number: '+14155550106', at: new Date(Date.now() - 90_000).toISOString() },
  ],
};

export async function openAlert(db: TestDb, a: OpenAlert): Promise<string> {
  const id = randomUUID();
  const at = a.openedAt ?? new Date();
  const kind = a.kind ?? 'consecutive_failures';
  await db.query(
    `insert into alerts (id, key, kind, carrier_id, severity, state, title, evidence, opened_at, updated_at, last_true_at)
     values ($1, $2, $3, $4, $5, 'open', $6, $7::jsonb, $8::timestamptz, $8::timestamptz, $8::timestamptz)`,
    [id, a.key ?? `${kind}:${a.carrierId ?? id}`, kind, a.carrierId ?? null, a.severity ?? 'critical', a.title ?? 'Acme: consecutive failures', JSON.stringify(a.evidence ?? EVIDENCE), at.toISOString()],
  );
  await addHistory(db, id, `Opened: ${String((a.evidence ?? EVIDENCE).summary ?? 'firing')}`);
  await markDirty(db, id, a.routes, a.delayMs ?? 0);
  return id;
}

/** A change to an incident as the engine or a person makes it: version and updated_at move, a history line, dirty. */
export async function changeAlert(db: TestDb, id: string, routes: Route[], change: { set?: Record<string, unknown>; history?: string; actor?: string; delayMs?: number }): Promise<void> {
  const sets = Object.entries(change.set ?? {});
  const assignments = sets.map(([col, v], i) => `${col} = $${i + 2}${v && typeof v === 'object' && !(v instanceof Date) ? '::jsonb' : ''}`);
  const values = sets.map(([, v]) => (v instanceof Date ? v.toISOString() : v && typeof v === 'object' ? JSON.stringify(v) : v));
  await db.query(`update alerts set ${[...assignments, 'updated_at = now()', 'version = version + 1'].join(', ')} where id = $1`, [id, ...values]);
  if (change.history) await addHistory(db, id, change.history, change.actor);
  await markDirty(db, id, routes, change.delayMs ?? 0);
}

export async function addHistory(db: TestDb, alertId: string, text: string, actor?: string): Promise<void> {
  await db.query(`insert into alert_history (alert_id, at, text, actor) values ($1, now(), $2, $3)`, [alertId, text, actor ?? null]);
}

/** AlertRepo.markDirty: insert, or mark dirty keeping the due time of a row that is already waiting. */
export async function markDirty(db: TestDb, alertId: string, routes: Route[], delayMs: number): Promise<void> {
  for (const r of routes) {
    await db.query(
      `insert into alert_messages (alert_id, platform, channel, dirty, due_at) values ($1, $2, $3, 1, now() + ($4::int * interval '1 millisecond'))
       on conflict (alert_id, platform, channel) do update set dirty = 1,
         due_at = case when alert_messages.dirty <> 0 then alert_messages.due_at else excluded.due_at end`,
      [alertId, r.platform, r.channel, delayMs],
    );
  }
}

export async function outboxRow(db: TestDb, alertId: string, r: Route): Promise<Record<string, unknown>> {
  const [row] = await db.query(`select * from alert_messages where alert_id = $1 and platform = $2 and channel = $3`, [alertId, r.platform, r.channel]);
  return row!;
}

export async function alertRow(db: TestDb, id: string): Promise<Record<string, unknown>> {
  const [row] = await db.query(`select * from alerts where id = $1`, [id]);
  return row!;
}

/** The delivery worker as main.ts builds it, on the test app's config, with a short interval. */
export function startDelivery(h: Harness, platforms: { slack?: { botToken: string; apiUrl?: string }; discord?: { rest: REST } }): DeliveryWorker {
  const worker = createAlertDelivery({
    config: { stormThreshold: 5, editDebounceMs: 300, deliveryIntervalMs: 100 },
    store: h.app.store,
    logger: h.logger,
    commands,
    secrets: h.app.deps.secrets,
    tuning: { unconfiguredCheckMs: 200 },
    ...platforms,
  })!;
  worker.start();
  return worker;
}

/** Waits for `fn` to return something truthy, polling. */
export async function until<T>(fn: () => T | undefined | null | false | Promise<T | undefined | null | false>, ms = 10_000, what = 'the condition'): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
