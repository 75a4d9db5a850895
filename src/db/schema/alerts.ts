// Incidents and their delivery. One alert per (kind, carrier) while it is not resolved; its history feeds the thread
// under its one chat message per channel; maintenance windows mute a carrier's alerts; routes say where alerts go.
import { sql } from 'drizzle-orm';
import { bigint, bigserial, check, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { carriers } from './carriers.ts';

export const alerts = pgTable(
  'alerts',
  {
    id: uuid('id').primaryKey(),
    /** `<kind>:<carrier id>` (or `<kind>` for alerts about trunkops itself); unique while not resolved. */
    key: text('key').notNull(),
    kind: text('kind').notNull(),
    carrierId: uuid('carrier_id').references(() => carriers.id, { onDelete: 'cascade' }),
    severity: text('severity').notNull().default('warning'),
    state: text('state').notNull().default('open'),
    title: text('title').notNull(),
    /** What the check saw: counts, code histogram, last call ids with codes, thresholds. */
    evidence: jsonb('evidence').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
    openedAt: timestamp('opened_at', { withTimezone: true }).notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
    /** When the condition was last seen true (for hysteresis: it must stay clear a while before resolving). */
    lastTrueAt: timestamp('last_true_at', { withTimezone: true }).notNull(),
    resolvedAt: timestamp('resolved_at', { withTimezone: true }),
    resolvedBy: text('resolved_by'),
    ackedAt: timestamp('acked_at', { withTimezone: true }),
    ackedBy: text('acked_by'),
    snoozedUntil: timestamp('snoozed_until', { withTimezone: true }),
    snoozedBy: text('snoozed_by'),
    lastRemindedAt: timestamp('last_reminded_at', { withTimezone: true }),
    /** How many times the condition cleared and came back while open (a flapping carrier keeps one incident). */
    flaps: integer('flaps').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [
    uniqueIndex('alerts_open_key').on(t.key).where(sql`${t.state} <> 'resolved'`),
    index('alerts_carrier_idx').on(t.carrierId),
    index('alerts_state_idx').on(t.state),
    check('alerts_state_check', sql`${t.state} in ('open','acked','snoozed','resolved')`),
    check('alerts_severity_check', sql`${t.severity} in ('critical','warning','info')`),
  ],
);

/** What happened to an alert, in order: opened, counts changed, acked, snoozed, reminded, resolved… (its thread). */
export const alertHistory = pgTable(
  'alert_history',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    alertId: uuid('alert_id').notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull(),
    text: text('text').notNull(),
    actor: text('actor'),
  },
  (t) => [index('alert_history_alert_idx').on(t.alertId, t.id)],
);

/**
 * The one message an alert has in one channel, and the delivery work outstanding for it: `dirty` means the message
 * must be edited to the alert's current state; history rows after `threadedUpTo` are still to be posted in its thread.
 */
export const alertMessages = pgTable(
  'alert_messages',
  {
    alertId: uuid('alert_id').notNull().references(() => alerts.id, { onDelete: 'cascade' }),
    platform: text('platform').notNull(),
    channel: text('channel').notNull(),
    /** Slack message ts / Discord message id, once posted. */
    messageId: text('message_id'),
    /** Slack thread_ts (= messageId) / Discord thread channel id. */
    threadId: text('thread_id'),
    dirty: integer('dirty').notNull().default(1),
    threadedUpTo: bigint('threaded_up_to', { mode: 'number' }).notNull().default(0),
    /** Not before then (debounce, Retry-After, backoff after an error). */
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    postedAt: timestamp('posted_at', { withTimezone: true }),
    editedAt: timestamp('edited_at', { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.alertId, t.platform, t.channel] }), index('alert_messages_due_idx').on(t.dueAt)],
);

/** Planned work on a carrier: its alerts are muted from start to end; the channel is told as it starts and ends. */
export const maintenanceWindows = pgTable(
  'maintenance_windows',
  {
    id: uuid('id').primaryKey(),
    carrierId: uuid('carrier_id').notNull().references(() => carriers.id, { onDelete: 'cascade' }),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    reason: text('reason'),
    createdBy: text('created_by').notNull(),
    /** Which announcements went out: started, ending soon, ended (or cancelled). */
    announcedStart: timestamp('announced_start', { withTimezone: true }),
    announcedEnding: timestamp('announced_ending', { withTimezone: true }),
    announcedEnd: timestamp('announced_end', { withTimezone: true }),
    cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
  },
  (t) => [index('maintenance_windows_carrier_idx').on(t.carrierId, t.endsAt), check('maintenance_windows_order_check', sql`${t.endsAt} > ${t.startsAt}`)],
);

/** Where alerts go per platform (set with `alert route`; the ALERT_*_CHANNEL variables are the default). */
export const alertRoutes = pgTable(
  'alert_routes',
  {
    platform: text('platform').primaryKey(),
    channel: text('channel').notNull(),
    /** Optional daily digest time for this channel, `HH:MM` UTC. */
    digestAt: text('digest_at'),
    updatedBy: text('updated_by').notNull(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull(),
  },
  (t) => [check('alert_routes_platform_check', sql`${t.platform} in ('slack','discord')`)],
);

/**
 * Channel posts that belong to no single alert message: storm digests, maintenance announcements, scheduler and daily
 * digests. Delivered by the same worker, under the same per-channel pacing, as alert messages.
 */
export const alertNotices = pgTable(
  'alert_notices',
  {
    id: bigserial('id', { mode: 'number' }).primaryKey(),
    platform: text('platform').notNull(),
    channel: text('channel').notNull(),
    kind: text('kind').notNull(),
    /** The neutral Reply to post (title, text, fields, buttons). */
    payload: jsonb('payload').$type<Record<string, unknown>>().notNull(),
    /** Alerts summarised by a digest (their own messages are not posted while the storm lasts). */
    alertIds: uuid('alert_ids').array().notNull().default(sql`'{}'::uuid[]`),
    dueAt: timestamp('due_at', { withTimezone: true }).notNull(),
    claimedUntil: timestamp('claimed_until', { withTimezone: true }),
    attempts: integer('attempts').notNull().default(0),
    lastError: text('last_error'),
    messageId: text('message_id'),
    sentAt: timestamp('sent_at', { withTimezone: true }),
  },
  (t) => [index('alert_notices_due_idx').on(t.dueAt).where(sql`${t.sentAt} is null`)],
);
