// The storage port for incidents, their delivery marks, maintenance windows, routes, notices, and the counters the
// checks read (issue 7, part B). src/db/repositories/alerts*.ts implement it; Store.alerts exposes it.
import type { RecentCall } from '../health/ports.ts';
import type { AlertKind, AlertState, Severity } from './kinds.ts';

export type ChatPlatform = 'slack' | 'discord';
export const CHAT_PLATFORMS: readonly ChatPlatform[] = ['slack', 'discord'];

export interface AlertRecord {
  id: string;
  key: string;
  kind: AlertKind;
  carrierId: string | null;
  carrierName: string | null;
  severity: Severity;
  state: AlertState;
  title: string;
  evidence: Record<string, unknown>;
  openedAt: Date;
  updatedAt: Date;
  lastTrueAt: Date;
  resolvedAt: Date | null;
  resolvedBy: string | null;
  ackedAt: Date | null;
  ackedBy: string | null;
  snoozedUntil: Date | null;
  snoozedBy: string | null;
  lastRemindedAt: Date | null;
  flaps: number;
  version: number;
}

export interface NewAlert {
  id: string;
  key: string;
  kind: AlertKind;
  carrierId: string | null;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
}

/** A pass's change to an open incident. `touch` bumps updated_at and version (the message must be edited). */
export interface AlertChange {
  id: string;
  severity: Severity;
  title: string;
  evidence: Record<string, unknown>;
  lastTrueAt: Date;
  flaps: number;
  touch: boolean;
}

/** A person's change to an incident (ack, snooze, manual resolve); refused once it is resolved. */
export interface AlertPatch {
  state: AlertState;
  ackedAt?: Date | null;
  ackedBy?: string | null;
  snoozedUntil?: Date | null;
  snoozedBy?: string | null;
  resolvedAt?: Date | null;
  resolvedBy?: string | null;
}

export interface HistoryRow {
  alertId: string;
  at: Date;
  text: string;
  actor: string | null;
}

export interface Route {
  platform: ChatPlatform;
  channel: string;
}

export interface RouteRecord extends Route {
  digestAt: string | null;
  updatedBy: string;
  updatedAt: Date;
}

export interface MaintenanceWindow {
  id: string;
  carrierId: string;
  carrierName: string;
  startsAt: Date;
  endsAt: Date;
  reason: string | null;
  createdBy: string;
  announcedStart: Date | null;
  announcedEnding: Date | null;
  announcedEnd: Date | null;
  cancelledAt: Date | null;
}

export interface NoticeInput extends Route {
  kind: string;
  /** A neutral Reply (src/core/runtime/reply.ts), as JSON. */
  payload: Record<string, unknown>;
  dueAt: Date;
}

export interface AlertFilter {
  kinds?: readonly AlertKind[];
  carrierIds?: readonly string[];
  /** Default: every state but resolved. */
  states?: readonly AlertState[];
  limit?: number;
}

// ---- what the checks read (carrier_health, hourly rollups, contradictions, carriers, rate-card revisions) ----

export interface CheckSubject {
  carrierId: string;
  carrierName: string;
  /** false for an inactive carrier: nothing is judged, an open incident clears. */
  active: boolean;
}

/** Which carriers a loader returns: those that may fire, plus those with an unresolved incident of its kind(s). */
export interface InputScope {
  /** Only these carriers (a manual resolve re-checks one). */
  carrierIds?: readonly string[];
}

export interface FailureInput extends CheckSubject {
  threshold: number | null;
  consecutiveFailures: number;
  failureNumbers: string[];
  connectsSinceFailure: number;
  recentCalls: RecentCall[];
}

export interface ContradictionSample {
  number: string;
  connectedBy: string;
  callId: string;
  at: Date;
}

export interface CodeInput extends CheckSubject {
  attempts: number;
  count200: number;
  count404: number;
  attemptsSince404: number;
  last404At: Date | null;
  recentCalls: RecentCall[];
  /** 404s within the window on numbers another carrier connected: distinct numbers, calls, the newest few. */
  contradictions: { numbers: number; calls: number; sample: ContradictionSample[] };
}

export interface AsrInput extends CheckSubject {
  floor: number | null;
  minAttempts: number | null;
  attempts: number;
  answered: number;
  failures: number;
  /** Calls per final SIP code in the window (0: no final response). */
  codes: Record<string, number>;
}

export interface SyncInput extends CheckSubject {
  syncStatus: 'pending' | 'synced' | 'error';
  syncError: string | null;
  syncNote: string | null;
  syncDueAt: Date | null;
  syncAttempts: number;
  lastSyncedAt: Date | null;
  driftAt: Date | null;
  driftNote: string | null;
}

export interface RatecardInput extends CheckSubject {
  failed: { card: string; revision: number; error: string; dateLive: Date | null }[];
}

export interface AlertRepo {
  list(filter: AlertFilter): Promise<AlertRecord[]>;
  findById(id: string): Promise<AlertRecord | null>;
  /** Incidents whose id starts with these hex digits (at least 8), newest first. */
  findByPrefix(prefix: string): Promise<AlertRecord[]>;
  /** Inserts incidents, skipping keys that already have an unresolved one (ON CONFLICT on the partial unique index). */
  insert(rows: NewAlert[], at: Date): Promise<Set<string>>;
  applyChanges(changes: AlertChange[], at: Date): Promise<void>;
  /** Records that these incidents' conditions were seen true (or not known clear) at `at`; nothing else changes. */
  markTrue(ids: string[], at: Date): Promise<void>;
  /** Resolves these incidents unless they were seen true after `clearSince` (a concurrent pass); returns those resolved. */
  resolve(ids: string[], at: Date, by: string, clearSince: Date): Promise<Set<string>>;
  /** A person's change; null when the incident is already resolved. */
  update(id: string, patch: AlertPatch, at: Date): Promise<AlertRecord | null>;
  history(alertId: string, limit: number): Promise<HistoryRow[]>;
  addHistory(rows: HistoryRow[]): Promise<void>;
  /** Marks each alert's message in each channel to be posted or edited (alert_messages), not before `dueAt`. */
  markDirty(alertIds: string[], routes: Route[], dueAt: Date): Promise<void>;
  /** Marks the messages these alerts already have as needing an edit (a muted incident that resolved meanwhile). */
  touchMessages(alertIds: string[], dueAt: Date): Promise<void>;
  /** Snoozes that ran out: back to acked (if acked before) or open; returns them. */
  wakeSnoozed(at: Date): Promise<AlertRecord[]>;
  /** Open (not acked, not snoozed) incidents last reminded (or opened) before `before`; stamps them reminded at `at`. */
  takeReminders(before: Date, at: Date, exceptCarriers: string[]): Promise<AlertRecord[]>;

  /** Carriers with a maintenance window running at `at`. */
  mutedCarriers(at: Date): Promise<Set<string>>;
  /** Windows not yet over (or over but not yet announced as ended). */
  windows(filter: { carrierId?: string; at: Date; unannounced?: boolean }): Promise<MaintenanceWindow[]>;
  addWindow(w: Omit<MaintenanceWindow, 'carrierName' | 'announcedStart' | 'announcedEnding' | 'announcedEnd' | 'cancelledAt'>): Promise<void>;
  updateWindow(id: string, patch: Partial<Pick<MaintenanceWindow, 'endsAt' | 'reason' | 'announcedStart' | 'announcedEnding' | 'announcedEnd' | 'cancelledAt'>>): Promise<void>;

  routes(): Promise<RouteRecord[]>;
  setRoute(r: RouteRecord): Promise<void>;
  addNotices(rows: NoticeInput[]): Promise<void>;

  failureInputs(o: InputScope & { defaultThreshold: number }): Promise<FailureInput[]>;
  codeInputs(o: InputScope & { no404Attempts: number; since: Date }): Promise<CodeInput[]>;
  asrInputs(o: InputScope & { since: Date; defaultFloor: number; defaultMinAttempts: number }): Promise<AsrInput[]>;
  syncInputs(o: InputScope & { pendingBefore: Date; driftSince: Date }): Promise<SyncInput[]>;
  ratecardInputs(o: InputScope): Promise<RatecardInput[]>;
}
