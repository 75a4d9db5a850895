// AlertRepo on drizzle: incidents, their history and delivery marks (this file), maintenance windows / routes /
// notices (alert-channels.ts) and the check inputs (alert-inputs.ts), as one repository.
import { and, desc, eq, getTableColumns, inArray, lte, ne, or, sql, type SQL } from 'drizzle-orm';
import type { AlertChange, AlertFilter, AlertPatch, AlertRecord, AlertRepo } from '../../core/alerts/ports.ts';
import type { Database } from '../client.ts';
import { alertHistory, alerts } from '../schema/alerts.ts';
import { carriers } from '../schema/carriers.ts';
import { alertChannelRepo } from './alert-channels.ts';
import { alertInputRepo } from './alert-inputs.ts';

// Batches travel as one JSON parameter (jsonb_to_recordset / json_array_elements_text): one fixed statement, prepared
// once, whatever the batch size — several times faster than a row of bind parameters per item, and the same on
// postgres.js and PGlite.
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** postgres.js returns the rows, PGlite a result object holding them. */
async function rowsOf<T>(q: Promise<unknown>): Promise<T[]> {
  const res = await q;
  return (Array.isArray(res) ? res : (res as { rows: T[] }).rows) as T[];
}

export function alertRepo(db: Database): AlertRepo {
  const select = (where: SQL | undefined) =>
    db
      .select({ ...getTableColumns(alerts), carrierName: carriers.name })
      .from(alerts)
      .leftJoin(carriers, eq(carriers.id, alerts.carrierId))
      .where(where)
      .$dynamic();
  const byIds = async (ids: string[]) => (ids.length ? ((await select(inArray(alerts.id, ids))) as AlertRecord[]) : []);

  return {
    async list(f: AlertFilter) {
      const where = and(
        f.kinds ? inArray(alerts.kind, [...f.kinds]) : undefined,
        f.carrierIds ? (f.carrierIds.length ? inArray(alerts.carrierId, [...f.carrierIds]) : sql`false`) : undefined,
        f.states ? inArray(alerts.state, [...f.states]) : ne(alerts.state, 'resolved'),
      );
      const q = select(where).orderBy(desc(alerts.openedAt), desc(alerts.id));
      return (await (f.limit ? q.limit(f.limit) : q)) as AlertRecord[];
    },
    async findById(id) {
      const [row] = await select(eq(alerts.id, id));
      return (row as AlertRecord | undefined) ?? null;
    },
    async findByPrefix(prefix) {
      return (await select(sql`${alerts.id}::text like ${`${prefix.toLowerCase()}%`}`).orderBy(desc(alerts.openedAt)).limit(10)) as AlertRecord[];
    },
    async insert(rows, at) {
      if (!rows.length) return new Set();
      // One JSON parameter for the whole batch: a fixed statement (prepared once) whatever the batch size.
      const batch = rows.map((r) => ({ id: r.id, key: r.key, kind: r.kind, carrier_id: r.carrierId, severity: r.severity, title: r.title, evidence: r.evidence }));
      const got = await rowsOf<{ id: string }>(
        db.execute(sql`
          insert into alerts (id, key, kind, carrier_id, severity, state, title, evidence, opened_at, updated_at, last_true_at)
          select x.id, x.key, x.kind, x.carrier_id, x.severity, 'open', x.title, x.evidence, ${ts(at)}, ${ts(at)}, ${ts(at)}
          from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as x(id uuid, key text, kind text, carrier_id uuid, severity text, title text, evidence jsonb)
          -- The partial unique index (key while not resolved): a key another pass opened meanwhile is skipped.
          on conflict (key) where state <> 'resolved' do nothing
          returning id`),
      );
      return new Set(got.map((r) => String(r.id)));
    },
    async applyChanges(changes: AlertChange[], at) {
      if (!changes.length) return;
      const batch = changes.map((c) => ({ id: c.id, evidence: c.evidence, severity: c.severity, title: c.title, last_true_at: c.lastTrueAt.toISOString(), flaps: c.flaps, touch: c.touch }));
      await db.execute(sql`
        update alerts a set evidence = v.evidence, severity = v.severity, title = v.title, last_true_at = v.last_true_at, flaps = v.flaps,
          updated_at = case when v.touch then ${ts(at)} else a.updated_at end,
          version = a.version + case when v.touch then 1 else 0 end
        from jsonb_to_recordset(${JSON.stringify(batch)}::jsonb) as v(id uuid, evidence jsonb, severity text, title text, last_true_at timestamptz, flaps int, touch boolean)
        where a.id = v.id and a.state <> 'resolved'`);
    },
    async markTrue(ids, at) {
      if (ids.length) await db.execute(sql`update alerts set last_true_at = ${ts(at)} where id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json)) and state <> 'resolved'`);
    },
    async resolve(ids, at, by, clearSince) {
      if (!ids.length) return new Set();
      const rows = await rowsOf<{ id: string }>(
        db.execute(sql`
          update alerts set state = 'resolved', resolved_at = ${ts(at)}, resolved_by = ${by}::text, updated_at = ${ts(at)}, version = version + 1
          where id in (select value::uuid from json_array_elements_text(${JSON.stringify(ids)}::json)) and state <> 'resolved' and last_true_at <= ${ts(clearSince)}
          returning id`),
      );
      return new Set(rows.map((r) => String(r.id)));
    },
    async update(id, patch: AlertPatch, at) {
      const rows = await db
        .update(alerts)
        .set({ ...patch, updatedAt: at, version: sql`${alerts.version} + 1` })
        .where(and(eq(alerts.id, id), ne(alerts.state, 'resolved')))
        .returning({ id: alerts.id });
      return rows.length ? ((await byIds([id]))[0] ?? null) : null;
    },
    async history(alertId, limit) {
      const rows = await db.select().from(alertHistory).where(eq(alertHistory.alertId, alertId)).orderBy(desc(alertHistory.id)).limit(limit);
      return rows.reverse().map((r) => ({ alertId: r.alertId, at: r.at, text: r.text, actor: r.actor }));
    },
    async addHistory(rows) {
      if (!rows.length) return;
      const batch = rows.map((r) => ({ alert_id: r.alertId, at: r.at.toISOString(), text: r.text, actor: r.actor }));
      await db.execute(sql`
        insert into alert_history (alert_id, at, text, actor)
        select x.alert_id, x.at, x.text, x.actor from json_to_recordset(${JSON.stringify(batch)}::json) as x(alert_id uuid, at timestamptz, text text, actor text)`);
    },
    async markDirty(alertIds, routes, dueAt) {
      if (!alertIds.length || !routes.length) return;
      await db.execute(sql`
        insert into alert_messages (alert_id, platform, channel, dirty, due_at)
        select a.value::uuid, r.platform, r.channel, 1, ${ts(dueAt)}
        from json_array_elements_text(${JSON.stringify(alertIds)}::json) as a
        cross join json_to_recordset(${JSON.stringify(routes.map((r) => ({ platform: r.platform, channel: r.channel })))}::json) as r(platform text, channel text)
        on conflict (alert_id, platform, channel) do update
          -- Already waiting: keep its due time (a debounce already running, or the worker's Retry-After / backoff).
          set dirty = 1, due_at = case when alert_messages.dirty <> 0 then alert_messages.due_at else excluded.due_at end`);
    },
    async touchMessages(alertIds, dueAt) {
      if (!alertIds.length) return;
      await db.execute(sql`
        update alert_messages set dirty = 1, due_at = case when dirty <> 0 then due_at else ${ts(dueAt)} end
        where alert_id in (select value::uuid from json_array_elements_text(${JSON.stringify(alertIds)}::json))`);
    },
    async wakeSnoozed(at) {
      const rows = await db
        .update(alerts)
        .set({ state: sql`case when ${alerts.ackedAt} is not null then 'acked' else 'open' end`, snoozedUntil: null, updatedAt: at, version: sql`${alerts.version} + 1` })
        .where(and(eq(alerts.state, 'snoozed'), lte(alerts.snoozedUntil, at)))
        .returning({ id: alerts.id });
      return byIds(rows.map((r) => r.id));
    },
    async takeReminders(before, at, exceptCarriers) {
      const rows = await db
        .update(alerts)
        .set({ lastRemindedAt: at })
        .where(
          and(
            eq(alerts.state, 'open'),
            sql`coalesce(${alerts.lastRemindedAt}, ${alerts.openedAt}) <= ${before.toISOString()}::timestamptz`,
            exceptCarriers.length ? or(sql`${alerts.carrierId} is null`, sql`${alerts.carrierId} not in ${exceptCarriers}`) : undefined,
          ),
        )
        .returning({ id: alerts.id });
      return byIds(rows.map((r) => r.id));
    },
    ...alertChannelRepo(db),
    ...alertInputRepo(db),
  };
}
