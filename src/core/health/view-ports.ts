// The storage port behind `health`, the daily digest and the open-alerts gauge of /metrics (issue 7, part D): reads
// of the hourly rollups, the carrier_health counters and code contradictions, summed per UTC bucket in SQL.
// src/db/repositories/health-view.ts implements it; Store.healthView exposes it. It only reads, except addNoticeOnce.
import type { NoticeInput } from '../alerts/ports.ts';

/** A UTC bucket: the chart's points (an hour for live, a day for daily, a month for monthly). */
export type Bucket = 'hour' | 'day' | 'month';

/** Hourly rollups summed over one bucket (or over the whole range), per carrier. */
export interface StatsRow {
  carrierId: string;
  /** Start of the bucket (UTC); the range's start when summed over the whole range. */
  at: Date;
  attempts: number;
  answered: number;
  /** Counted failures (the carrier's health_ignored_codes left out). */
  failures: number;
  billedSeconds: number;
}

/** Calls that ended with one final SIP code (0: none) within one bucket (or the whole range), per carrier. */
export interface CodeRow {
  carrierId: string;
  at: Date;
  code: number;
  calls: number;
}

/** A carrier's carrier_health row: the consecutive-failure run and the lifetime 200 / 404 counts. */
export interface HealthCounters {
  carrierId: string;
  consecutiveFailures: number;
  /** Distinct numbers among the current run of failures (at most 20 kept). */
  failureNumbers: number;
  connectsSinceFailure: number;
  attempts: number;
  count200: number;
  count404: number;
  attemptsSince404: number;
  last404At: Date | null;
  lastEventAt: Date | null;
}

/** 404s on numbers another carrier connected (code_contradictions) since a time: distinct numbers and calls. */
export interface ContradictionCount {
  carrierId: string;
  numbers: number;
  calls: number;
}

/** A rate-card revision scheduled to go live. */
export interface UpcomingActivation {
  cardName: string;
  carrierName: string;
  revision: number;
  dateLive: Date;
}

export interface OpenAlertCount {
  severity: string;
  state: string;
  count: number;
}

export interface RangeQuery {
  /** Only these carriers; every carrier when left out. */
  carrierIds?: readonly string[];
  since: Date;
  /** Exclusive. */
  until: Date;
  /** Sum per UTC bucket, or null: one row per carrier for the whole range (at = since). */
  bucket: Bucket | null;
}

export interface HealthViewRepo {
  stats(q: RangeQuery): Promise<StatsRow[]>;
  codes(q: RangeQuery): Promise<CodeRow[]>;
  counters(carrierIds?: readonly string[]): Promise<HealthCounters[]>;
  contradictions(q: { carrierIds?: readonly string[]; since: Date }): Promise<ContradictionCount[]>;
  /** Scheduled revisions whose date live falls in [from, until), soonest first. */
  upcomingActivations(from: Date, until: Date): Promise<UpcomingActivation[]>;
  /** Unresolved incidents counted by severity and state (the open-alerts gauge). */
  openAlertCounts(): Promise<OpenAlertCount[]>;
  /**
   * Queues a notice unless one of the same kind already carries this key in its payload (`payload.key`); false when
   * it did. Serialised on the key (an advisory lock), so replicas, restarts and hand runs never queue it twice.
   */
  addNoticeOnce(notice: NoticeInput, key: string): Promise<boolean>;
  /** Whether a notice of this kind with this key was queued (a cheap look before building one). */
  hasNotice(kind: string, key: string): Promise<boolean>;
}
