// carriers: one SIP trunk provider — connection, authentication, pacing, number translation and LiveKit sync state.
import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

export const carriers = pgTable(
  'carriers',
  {
    id: uuid('id').primaryKey(),
    name: text('name').notNull(),
    sipAddress: text('sip_address').notNull(),
    transport: text('transport').notNull().default('auto'),
    destinationCountry: text('destination_country'),
    status: text('status').notNull().default('active'),
    currency: text('currency').notNull().default('USD'),
    username: text('username'),
    /** AES-256-GCM envelope (see src/core/secrets.ts); never the clear password. */
    passwordEnc: text('password_enc'),
    inboundAuth: text('inbound_auth').notNull().default('digest'),
    allowedIps: text('allowed_ips').array().notNull().default(sql`'{}'::text[]`),
    cps: doublePrecision('cps').notNull().default(1),
    burst: integer('burst').notNull().default(1),
    channels: integer('channels').notNull().default(30),
    preRingTimeout: integer('pre_ring_timeout').notNull().default(30),
    postRingTimeout: integer('post_ring_timeout').notNull().default(30),
    techPrefix: text('tech_prefix'),
    stripDigits: integer('strip_digits').notNull().default(0),
    prefixDigits: text('prefix_digits'),
    notes: text('notes'),
    outboundTrunkId: text('outbound_trunk_id'),
    inboundTrunkId: text('inbound_trunk_id'),
    syncStatus: text('sync_status').notNull().default('pending'),
    syncError: text('sync_error'),
    lastSyncedAt: timestamp('last_synced_at', { withTimezone: true }),
    /** Why a carrier is pending without an error, e.g. it has no outbound-capable number yet. */
    syncNote: text('sync_note'),
    /** When the sync worker should next look at this carrier; null when nothing is queued. */
    syncDueAt: timestamp('sync_due_at', { withTimezone: true }),
    /** Bumped by every change that needs a sync; a sync that started before the latest bump leaves the carrier queued. */
    syncGeneration: integer('sync_generation').notNull().default(0),
    /** Failed attempts since the last success, for the retry backoff. */
    syncAttempts: integer('sync_attempts').notNull().default(0),
    /** A worker holds the carrier until then (claimed with FOR UPDATE SKIP LOCKED, then leased). */
    syncClaimedUntil: timestamp('sync_claimed_until', { withTimezone: true }),
    /** The last reconcile that found this carrier's LiveKit objects changed behind trunkops' back, and what it repaired. */
    driftAt: timestamp('drift_at', { withTimezone: true }),
    driftNote: text('drift_note'),
    /** Health checks, per carrier; null means the configured default (HEALTH_* variables). */
    healthFailureThreshold: integer('health_failure_threshold'),
    /** SIP codes that neither count as failures nor reset the run (default 486, 480, 487, 600, 603). */
    healthIgnoredCodes: integer('health_ignored_codes').array(),
    /** ASR floor in percent, and the attempts in the window below which ASR is not judged. */
    healthAsrFloor: integer('health_asr_floor'),
    healthAsrMinAttempts: integer('health_asr_min_attempts'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('carriers_name_lower_key').on(sql`lower(${t.name})`),
    index('carriers_sync_due_idx').on(t.syncDueAt),
    index('carriers_outbound_trunk_idx').on(t.outboundTrunkId),
    index('carriers_inbound_trunk_idx').on(t.inboundTrunkId),
    check('carriers_transport_check', sql`${t.transport} in ('auto','udp','tcp','tls')`),
    check('carriers_status_check', sql`${t.status} in ('active','inactive','pending')`),
    check('carriers_inbound_auth_check', sql`${t.inboundAuth} in ('digest','ip_allowlist')`),
    check('carriers_sync_status_check', sql`${t.syncStatus} in ('pending','synced','error')`),
    check('carriers_cps_check', sql`${t.cps} >= 0.1 and ${t.cps} <= 100`),
    check('carriers_burst_check', sql`${t.burst} between 1 and 1000`),
    check('carriers_channels_check', sql`${t.channels} between 1 and 500`),
  ],
);

export type CarrierRow = typeof carriers.$inferSelect;
export type NewCarrierRow = typeof carriers.$inferInsert;
