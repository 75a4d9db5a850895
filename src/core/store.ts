// The storage port the core talks to. src/db implements it with drizzle; the core never imports a database driver.
import type { Role } from './access/roles.ts';
import type { AlertRepo } from './alerts/ports.ts';
import type { DeliveryRepo } from './alerts/delivery-ports.ts';
import type { HealthRepo } from './health/ports.ts';
import type { HealthViewRepo } from './health/view-ports.ts';

export type Transport = 'auto' | 'udp' | 'tcp' | 'tls';
export type CarrierStatus = 'active' | 'inactive' | 'pending';
export type InboundAuth = 'digest' | 'ip_allowlist';
export type SyncStatus = 'pending' | 'synced' | 'error';
export type Direction = 'both' | 'inbound' | 'outbound';

/** Everything a person sets on a carrier (the form's fields), with the password already sealed. */
export interface CarrierSettings {
  name: string;
  sipAddress: string;
  transport: Transport;
  destinationCountry: string | null;
  status: CarrierStatus;
  currency: string;
  username: string | null;
  passwordEnc: string | null;
  inboundAuth: InboundAuth;
  allowedIps: string[];
  cps: number;
  burst: number;
  channels: number;
  preRingTimeout: number;
  postRingTimeout: number;
  techPrefix: string | null;
  stripDigits: number;
  prefixDigits: string | null;
  notes: string | null;
  /** Health-check overrides; null = the HEALTH_* default. */
  healthFailureThreshold: number | null;
  /** SIP codes that neither count as failures nor reset the run; null = the default list, [] = none. */
  healthIgnoredCodes: number[] | null;
  healthAsrFloor: number | null;
  healthAsrMinAttempts: number | null;
}

export interface Carrier extends CarrierSettings {
  id: string;
  outboundTrunkId: string | null;
  inboundTrunkId: string | null;
  syncStatus: SyncStatus;
  syncError: string | null;
  lastSyncedAt: Date | null;
  /** Why the carrier is pending without an error (e.g. no outbound-capable number yet). */
  syncNote: string | null;
  /** When the sync worker should next look at it; null when nothing is queued. */
  syncDueAt: Date | null;
  syncAttempts: number;
  syncGeneration: number;
  syncClaimedUntil: Date | null;
  /** The last drift a reconcile found and repaired. */
  driftAt: Date | null;
  driftNote: string | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface CarrierListItem extends Carrier {
  didCount: number;
}

export interface Contact {
  id: string;
  carrierId: string;
  name: string;
  role: string;
  email: string | null;
  phone: string | null;
  createdAt: Date;
}

export interface Bot {
  id: string;
  name: string;
  agentName: string;
  createdAt: Date;
}

export interface BotListItem extends Bot {
  didCount: number;
}

export interface Did {
  id: string;
  carrierId: string;
  number: string;
  numberNormalized: string;
  label: string | null;
  direction: Direction;
  botId: string | null;
  dispatchRuleId: string | null;
  createdAt: Date;
  updatedAt: Date;
}

/** A DID with the names people recognise; botMissing when its bot was deleted. */
export interface DidView extends Did {
  carrierName: string;
  botName: string | null;
  botMissing: boolean;
}

export interface Grant {
  principal: string;
  role: Role;
  grantedBy: string;
  createdAt: Date;
}

export interface AuditEntry {
  actorPlatform: string;
  actorId: string;
  actorName: string | null;
  channel: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  entityName: string | null;
  carrierId: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

export interface AuditRecord extends AuditEntry {
  id: number;
  at: Date;
}

export interface CarrierRepo {
  insert(id: string, settings: CarrierSettings): Promise<Carrier>;
  /** Applies the settings; with expectedVersion, only if nobody changed the carrier since. Null on a version clash. */
  update(id: string, settings: CarrierSettings, expectedVersion?: number): Promise<Carrier | null>;
  delete(id: string): Promise<void>;
  findById(id: string): Promise<Carrier | null>;
  /** Case-insensitive exact name match. */
  findByName(name: string): Promise<Carrier | null>;
  /** The carrier that owns a LiveKit trunk id (inbound or outbound). */
  findByTrunk(trunkId: string): Promise<Carrier | null>;
  list(search?: string): Promise<CarrierListItem[]>;
  /** Names matching the text (prefix matches first), for autocomplete. */
  suggest(text: string, limit: number): Promise<Suggestion[]>;
}

export interface ContactRepo {
  insert(contact: Omit<Contact, 'id' | 'createdAt'>): Promise<Contact>;
  delete(id: string): Promise<void>;
  list(carrierId: string): Promise<Contact[]>;
}

export interface BotRepo {
  insert(bot: { name: string; agentName: string }): Promise<Bot>;
  update(id: string, bot: { name: string; agentName: string }): Promise<Bot>;
  delete(id: string): Promise<void>;
  findByName(name: string): Promise<Bot | null>;
  findById(id: string): Promise<Bot | null>;
  list(): Promise<BotListItem[]>;
  suggest(text: string, limit: number): Promise<Suggestion[]>;
}

export interface DidFilter {
  carrierId?: string;
  direction?: Direction;
  botId?: string;
}

export interface DidRepo {
  insert(did: Omit<Did, 'id' | 'createdAt' | 'updatedAt' | 'dispatchRuleId'>): Promise<Did>;
  /** One statement for many numbers (an import); fails as a whole on a duplicate. */
  insertMany(rows: Omit<Did, 'id' | 'createdAt' | 'updatedAt' | 'dispatchRuleId'>[]): Promise<Did[]>;
  /** The numbers among these normalised forms that already exist. */
  findManyByNormalized(numbersNormalized: string[]): Promise<DidView[]>;
  update(id: string, patch: { label: string | null; direction: Direction; botId: string | null }): Promise<Did>;
  /** Moves a number to another carrier; its dispatch rule id is forgotten (the old rule goes with the old trunk). */
  move(id: string, carrierId: string): Promise<void>;
  delete(id: string): Promise<void>;
  findByNormalized(numberNormalized: string): Promise<DidView | null>;
  list(filter: DidFilter): Promise<DidView[]>;
  /** Numbers whose digits or label match the text, named with their carrier and label. */
  suggest(text: string, limit: number): Promise<Suggestion[]>;
}

export interface GrantRepo {
  upsert(principal: string, role: Role, grantedBy: string): Promise<Grant>;
  delete(principal: string): Promise<boolean>;
  list(): Promise<Grant[]>;
  find(principals: string[]): Promise<Grant[]>;
}

export interface AuditRepo {
  insert(entry: AuditEntry): Promise<void>;
  insertMany(entries: AuditEntry[]): Promise<void>;
  list(filter: { carrierId?: string; limit: number }): Promise<AuditRecord[]>;
  /** The id of the most recent carrier audited under this name (it may have been deleted since). */
  carrierIdByName(name: string): Promise<string | null>;
}

/** The outcome of one sync of a carrier, as the sync worker records it. */
export interface SyncRecord {
  status: SyncStatus;
  error: string | null;
  note: string | null;
  outboundTrunkId: string | null;
  inboundTrunkId: string | null;
  syncedAt: Date | null;
  /** When to try again (a transient failure), or null. */
  retryAt: Date | null;
  attempts: number;
  /** What a reconcile repaired behind trunkops' back, if anything. */
  drift?: string | null;
}

export interface CleanupTask {
  carrierId: string;
  carrierName: string;
  trunkIds: string[];
  ruleIds: string[];
  attempts: number;
  lastError: string | null;
}

export interface CallEventInput {
  callId: string;
  carrierId: string;
  number: string | null;
  direction: 'inbound' | 'outbound';
  sipCode: number | null;
  outcome: 'answered' | 'unavailable' | 'rejected' | 'failed' | 'unknown';
  disconnectReason: string | null;
  trunkId: string | null;
  source: 'api' | 'livekit' | 'import';
  startedAt: Date | null;
  answeredAt: Date | null;
  endedAt: Date;
}

/** The LiveKit sync queue: carriers are the work items, claimed with FOR UPDATE SKIP LOCKED and then leased. */
export interface SyncRepo {
  /** Queues carriers after a change: pending, due now, attempts reset. */
  request(carrierIds: string[], at: Date): Promise<void>;
  /** Queues every carrier (sync --all). */
  requestAll(at: Date): Promise<number>;
  /** Claims up to `limit` due carriers no other worker holds, until `leaseUntil`. */
  claimDue(at: Date, limit: number, leaseUntil: Date): Promise<Carrier[]>;
  /** Claims these carriers if no other worker holds them; returns the ones claimed. */
  claim(ids: string[], at: Date, leaseUntil: Date): Promise<Carrier[]>;
  /**
   * Records a sync and releases the claim; a change requested meanwhile (generation moved on) keeps the carrier
   * queued. With a claim token (the lease it holds), nothing is written when another worker has taken it over.
   */
  record(id: string, claimedGeneration: number, rec: SyncRecord, claim?: Date | null): Promise<boolean>;
  /** Extends a claim this worker still holds (token = its current lease); false when it was lost. */
  renew(id: string, claim: Date, until: Date): Promise<boolean>;
  /** Lets go of claimed carriers without recording anything (a reconcile found nothing to do). */
  release(ids: string[]): Promise<void>;
  /** Records the dispatch rule id of each number (null when it has none). */
  setRuleIds(ruleIds: Map<string, string | null>): Promise<void>;
  enqueueCleanup(task: Omit<CleanupTask, 'attempts' | 'lastError'>, at: Date): Promise<void>;
  claimCleanup(at: Date, limit: number, leaseUntil: Date, all?: boolean): Promise<CleanupTask[]>;
  finishCleanup(carrierId: string): Promise<void>;
  failCleanup(carrierId: string, error: string, retryAt: Date | null): Promise<void>;
}

/** Leases that let one replica run each scheduled tick. */
export interface LeaseRepo {
  /** Claims the tick `slot` of job `name` until `until`; false when another replica has it (or had it). */
  acquire(name: string, slot: string, holder: string, at: Date, until: Date): Promise<boolean>;
  /** Ends the holder's lease, recording the outcome. */
  finish(name: string, holder: string, at: Date, error: string | null): Promise<void>;
  /** The last run of every job. */
  list(): Promise<{ name: string; lastStartedAt: Date | null; lastFinishedAt: Date | null; lastError: string | null }[]>;
}

export type RateCardDirection = 'termination' | 'origination';
export type Presentation = 'single' | 'inter_intra' | 'inter_intra_indeterminate';
export type Rounding = 'up' | 'down' | 'half-up' | 'half-down';
export type RevisionStatus = 'draft' | 'scheduled' | 'active' | 'inactive' | 'archived';

/** What a person sets on a rate card. Money and rates are exact decimal strings, never floats. */
export interface RateCardSettings {
  name: string;
  carrierId: string;
  direction: RateCardDirection;
  currency: string;
  techPrefix: string | null;
  presentation: Presentation;
  precision: number;
  rounding: Rounding;
  cappedRate: string | null;
  cps: string | null;
  channels: number | null;
  notes: string | null;
}

export interface RateCard extends RateCardSettings {
  id: string;
  carrierName: string;
  version: number;
  createdAt: Date;
  updatedAt: Date;
}

export interface RevisionSummary {
  id: string;
  number: number;
  status: RevisionStatus;
  rowCount: number;
  dateLive: Date | null;
  activationError: string | null;
  sourceName: string | null;
  uploadedBy: string | null;
  createdAt: Date;
  activatedAt: Date | null;
}

export interface RateCardListItem extends RateCard {
  active: RevisionSummary | null;
  /** When the newest revision was uploaded (stale cards have none for a long time). */
  lastRevisionAt: Date | null;
  /** A scheduled activation that failed, if any. */
  failedActivation: RevisionSummary | null;
}

/** A row of a revision as stored (money as exact decimal strings, never floats). */
export interface RateRowInput {
  prefix: string;
  name: string | null;
  rate: string | null;
  inter: string | null;
  intra: string | null;
  indeterminate: string | null;
  mcd: number;
  pulse: number;
  connect: string | null;
  blocked: boolean;
  effectiveAt: Date | null;
}

/** How a revision's prices compare with another's (the active one), prefix by prefix. */
export interface DeckDiff {
  added: number;
  removed: number;
  increased: number;
  decreased: number;
  unchanged: number;
  /** The largest increases of the main price (rate, else indeterminate), biggest first, at most 10. */
  largestIncreases: { prefix: string; name: string | null; before: string; after: string }[];
}

export interface RevisionRepo {
  /**
   * Writes a new revision and all its rows (bulk COPY), numbered after the card's newest. Runs in the caller's
   * transaction, so a failure — or a preview rolled back on purpose — leaves nothing. `progress` is told how
   * many rows are loaded, every 50,000. `rows` is pulled as the COPY goes, so it may be a lazy reading of a file.
   */
  insert(input: {
    cardId: string;
    status: RevisionStatus;
    dateLive: Date | null;
    sourceName: string | null;
    uploadedBy: string | null;
    rows: Iterable<RateRowInput>;
    progress?: (loaded: number) => void;
  }): Promise<RevisionSummary>;
  /** Takes these prefixes out of a revision (rows found to conflict after they were loaded); its row count follows. */
  removePrefixes(revisionId: string, prefixes: readonly string[]): Promise<RevisionSummary>;
  /** The diff of a revision against another (null: against nothing, every row is added), computed in SQL. */
  diff(revisionId: string, againstId: string | null): Promise<DeckDiff>;
  setStatus(id: string, status: RevisionStatus, fields?: { activatedAt?: Date | null; dateLive?: Date | null; activationError?: string | null }): Promise<void>;
  delete(id: string): Promise<void>;
  /** A revision's rows in prefix order, a page at a time (for downloads). */
  rows(revisionId: string, pageSize?: number): AsyncIterable<RateRowInput[]>;
}

/** A rate row matched for a number, with the card it came from. Money as exact decimal strings. */
export interface RateMatch extends Omit<RateRowInput, 'effectiveAt'> {
  cardId: string;
  cardName: string;
  carrierName: string;
  currency: string;
  presentation: Presentation;
  precision: number;
  rounding: Rounding;
  cappedRate: string | null;
  revisionNumber: number;
}

export interface RateCardRepo {
  insert(settings: RateCardSettings): Promise<RateCard>;
  /** With expectedVersion, only if nobody changed the card since; null on a version clash. */
  update(id: string, settings: RateCardSettings, expectedVersion?: number): Promise<RateCard | null>;
  delete(id: string): Promise<void>;
  findById(id: string): Promise<RateCard | null>;
  /** Case-insensitive exact name match. */
  findByName(name: string): Promise<RateCard | null>;
  list(filter: { carrierId?: string }): Promise<RateCardListItem[]>;
  revisions(cardId: string): Promise<RevisionSummary[]>;
  suggest(text: string, limit: number): Promise<Suggestion[]>;
  /**
   * The longest prefix among `prefixes` in each card's active revision: for the given cards, or (cardIds
   * undefined) every active termination card of an active carrier. One row per card that has a match.
   */
  longestMatches(prefixes: string[], cardIds?: string[]): Promise<RateMatch[]>;
  /** Keeps a previewed deck until its uploader confirms (expired ones are purged on the way). */
  stageUpload(upload: { id: string; cardId: string; owner: string; name: string; data: Buffer; expiresAt: Date }, now: Date): Promise<void>;
  /** The staged deck if it is the owner's and has not expired. */
  stagedUpload(id: string, owner: string, now: Date): Promise<{ cardId: string; name: string; data: Buffer } | null>;
  dropUpload(id: string): Promise<void>;
  /** Scheduled revisions whose date live has come, oldest first, with their card ids. */
  dueRevisions(now: Date): Promise<{ cardId: string; revision: RevisionSummary }[]>;
}

/** A name to offer while someone types (autocomplete, pickers): what to show and what the command receives. */
export interface Suggestion {
  name: string;
  value: string;
}

export interface InteractionStateRecord {
  id: string;
  kind: 'form' | 'action';
  owner: string;
  /** Sealed JSON. */
  payload: string;
  expiresAt: Date;
}

export interface StateRepo {
  /** Inserts, or replaces the payload and expiry of the same id. */
  put(rec: InteractionStateRecord): Promise<void>;
  /** The record if it belongs to `owner` and has not expired by `now`. */
  get(id: string, owner: string, now: Date): Promise<InteractionStateRecord | null>;
  delete(id: string): Promise<void>;
  /** Deletes what expired before `now`; returns how many. */
  purge(now: Date): Promise<number>;
}

export interface Store {
  carriers: CarrierRepo;
  rateCards: RateCardRepo;
  revisions: RevisionRepo;
  state: StateRepo;
  leases: LeaseRepo;
  sync: SyncRepo;
  /** Call events and the carrier health counters they feed. */
  health: HealthRepo;
  contacts: ContactRepo;
  bots: BotRepo;
  dids: DidRepo;
  grants: GrantRepo;
  audit: AuditRepo;
  /** The alert delivery outbox: messages and notices for the on-call channels. */
  deliveries: DeliveryRepo;
  /** Incidents, maintenance windows, alert routes and notices, and what the health checks read. */
  alerts: AlertRepo;
  /** What `health`, the daily digest and /metrics read: rollups per UTC bucket, health counters, open alerts. */
  healthView: HealthViewRepo;
  /** Runs fn in one database transaction: everything it writes lands together or not at all. */
  transaction<T>(fn: (tx: Store) => Promise<T>): Promise<T>;
  /** A cheap round trip, for readiness checks. */
  ping(): Promise<void>;
}
