// The storage port for call events and carrier health counters (issue 7, part A). src/db/repositories/health.ts
// implements it; src/health/ingest.ts drives it inside one transaction per batch.
//
// What the stored counters mean (the contract with the checks that read carrier_health and the hourly tables):
// - Only outbound calls count: health measures the carrier terminating our calls. Inbound calls are stored in
//   call_events but their outcome is decided on our side (the bot answers or not).
// - consecutive_failures: counted failures since the last connected call. 2xx connects (resets the run, and adds one
//   to connects_since_failure); a code in the carrier's health_ignored_codes (null: 486, 480, 487, 600, 603) neither
//   counts nor resets; any other code, and no final response at all, is a failure (adds one, its number joins
//   failure_numbers, connects_since_failure drops to 0). Calls of one batch apply in end-time order, batches in
//   the order they commit.
// - attempts / count_200 / count_404 / attempts_since_404: calls with a known SIP code only (LiveKit webhooks carry
//   none); count_200 is every 2xx, count_404 exactly 404.
// - carrier_stats_hourly: per UTC hour of the call's end, attempts (every outbound call), answered (connected),
//   failures (counted failures, as above) and billed seconds (answer to end, rounded up, connected calls only).
//   ASR = answered / attempts, ACD = billed / answered, NER = (attempts − failures) / attempts (see kpis.ts).
// - carrier_codes_hourly: calls per final code per hour, code 0 when there was none.
// - code_contradictions: a 404 from one carrier within an hour (either side) of another carrier connecting the
//   same number; one row per 404 call, looked up right after each batch commits (see storeCallEvents).
import type { CallEventInput } from '../store.ts';

/** One of the last calls kept as evidence: call id, final SIP code (0: none), dialled number, end time (ISO). */
export interface RecentCall {
  callId: string;
  code: number;
  number: string | null;
  at: string;
}

/** A carrier's row of carrier_health. */
export interface HealthState {
  consecutiveFailures: number;
  failureNumbers: string[];
  connectsSinceFailure: number;
  /** Newest first, at most 20. */
  recentCalls: RecentCall[];
  attempts: number;
  count200: number;
  count404: number;
  attemptsSince404: number;
  last404At: Date | null;
  lastEventAt: Date | null;
}

/** What a batch adds to one carrier's hour. */
export interface HourlyDelta {
  carrierId: string;
  hour: Date;
  attempts: number;
  answered: number;
  failures: number;
  billedSeconds: number;
}

/** What a batch adds to one carrier's count of a code in an hour. */
export interface CodeDelta {
  carrierId: string;
  hour: Date;
  code: number;
  calls: number;
}

/** A carrier a call event may name: by id, by name (ignoring case) or by one of its LiveKit trunk ids. */
export interface CarrierMatch {
  id: string;
  name: string;
  outboundTrunkId: string | null;
  inboundTrunkId: string | null;
}

/** A new outbound call that may contradict another carrier: a 404, or a connected call. */
export interface ContradictionProbe {
  callId: string;
  carrierId: string;
  number: string;
  endedAt: Date;
  kind: 'not_found' | 'connected';
}

/** A carrier's health row, locked for this transaction, with the codes it ignores (null: the default list). */
export interface LockedHealth {
  state: HealthState;
  ignoredCodes: number[] | null;
}

export interface HealthRepo {
  /** The carriers these references name (ids, names ignoring case, LiveKit trunk ids), in one query. */
  findCarriers(refs: string[]): Promise<CarrierMatch[]>;
  /** Stores the events, each call id once (a call id already stored is skipped); returns the call ids that were new. */
  insertEvents(events: CallEventInput[]): Promise<Set<string>>;
  /**
   * Locks these carriers' health rows until the transaction ends (creating missing rows), always in id order so
   * concurrent batches cannot deadlock, and returns them. Must run inside a transaction.
   */
  lockHealth(carrierIds: string[]): Promise<Map<string, LockedHealth>>;
  /** Writes the new state of rows locked by lockHealth. */
  writeHealth(states: Map<string, HealthState>): Promise<void>;
  /** Adds to the hourly stats and per-code rows (one statement each). */
  addRollups(hourly: HourlyDelta[], codes: CodeDelta[]): Promise<void>;
  /**
   * Records code contradictions for these new calls: a 404 with a call another carrier connected on the same number,
   * or a connected call with another carrier's 404s on it, within `windowMs` either side. Returns the rows added.
   */
  recordContradictions(probes: ContradictionProbe[], windowMs: number): Promise<number>;
}
