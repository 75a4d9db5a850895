// How a call's final SIP code counts for carrier health: connected, user behaviour (ignored) or a counted failure;
// and the outcome word stored with the event. Pure: shared by the ingest pipeline, the CDR import and the tests.
import type { CallEventInput } from '../store.ts';

export type CallOutcome = CallEventInput['outcome'];

/**
 * What a call does to the consecutive-failure run. `connect` resets it; `ignored` (user behaviour: busy, no answer,
 * declined, cancelled) neither counts nor resets; `failure` adds one.
 */
export type HealthClass = 'connect' | 'ignored' | 'failure';

/** Codes that say what the callee did, not how the carrier performed (connexcs-carrier-main.md, research §C4). */
export const DEFAULT_IGNORED_CODES: readonly number[] = [486, 480, 487, 600, 603];

/** Busy or declined by the callee. */
const REJECTED = new Set([486, 600, 603, 607, 608]);
/** Not answered, not reachable right now, or cancelled before the answer (LiveKit maps 408 and 480 the same way). */
const UNAVAILABLE = new Set([408, 480, 487]);

export const isConnected = (code: number): boolean => code >= 200 && code < 300;

/** The outcome word for a final SIP code; null means no final response at all (a timeout): a failure. */
export function outcomeOfCode(code: number | null): CallOutcome {
  if (code === null) return 'failed';
  if (isConnected(code)) return 'answered';
  if (REJECTED.has(code)) return 'rejected';
  if (UNAVAILABLE.has(code)) return 'unavailable';
  // A provisional code is not a final answer: the source did not know how the call ended.
  if (code < 200) return 'unknown';
  return 'failed';
}

/**
 * The class of a call for the counters. With a SIP code, the code decides (2xx connects, the carrier's ignored codes
 * are ignored, anything else fails). Without one (LiveKit webhooks carry only a disconnect reason, mapped to an
 * outcome) the outcome decides: answered connects, unavailable / rejected are user behaviour as far as LiveKit can
 * tell (it folds 404 and 486 into them, so they may not count against the carrier), failed and unknown count.
 */
export function healthClass(code: number | null, outcome: CallOutcome, ignored: ReadonlySet<number>): HealthClass {
  if (code !== null) {
    if (isConnected(code)) return 'connect';
    return ignored.has(code) ? 'ignored' : 'failure';
  }
  if (outcome === 'answered') return 'connect';
  if (outcome === 'unavailable' || outcome === 'rejected') return 'ignored';
  return 'failure';
}

/** The carrier's ignored codes: its own list when set (an empty list ignores nothing), else the default. */
export function ignoredCodes(list: readonly number[] | null | undefined): ReadonlySet<number> {
  return new Set(list ?? DEFAULT_IGNORED_CODES);
}
