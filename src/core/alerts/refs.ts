// How people name an incident: its id (the first 8 characters are enough, as `alert list` shows them), or the
// carrier and the kind (`Acme consecutive_failures`, `Acme cf`); buttons always send the full id.
import { findCarrier } from '../carriers/service.ts';
import { NotFoundError, UserError } from '../runtime/errors.ts';
import { fail, ok, type Resolved } from '../runtime/resolved.ts';
import type { Store } from '../store.ts';
import { resolveDuration } from './duration.ts';
import { ALERT_KINDS, kindOf, KIND_LABELS, type AlertKind } from './kinds.ts';
import type { AlertRecord } from './ports.ts';

/** `partial`: a carrier name with no kind yet (the kind may follow in a spilled word; see joinSpill). */
export type AlertRef = { id: string } | { prefix: string } | { carrier: string | null; kind: AlertKind } | { partial: string };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const HINT = 'use the alert id (its first 8 characters are enough, see `alert list`) or the carrier and the kind, e.g. "Acme consecutive_failures"';

export function resolveAlertRef(raw: string): Resolved<AlertRef> {
  const v = raw.trim().replace(/\s+/g, ' ');
  if (!v) return fail(HINT);
  if (UUID.test(v)) return ok({ id: v.toLowerCase() });
  if (/^[0-9a-f]{8,36}$/i.test(v.replace(/-/g, '')) && /^[0-9a-f-]+$/i.test(v)) return ok({ prefix: v.toLowerCase() });
  const words = v.split(' ');
  const kind = kindOf(words[words.length - 1]!);
  if (kind === 'scheduler' && words.length === 1) return ok({ carrier: null, kind });
  if (kind && words.length >= 2) return ok({ carrier: words.slice(0, -1).join(' '), kind });
  if (v.length > 120) return fail(HINT);
  return ok({ partial: v });
}

/**
 * A duration after which stray words may come first: `alert snooze Acme cf 1h` reaches the action as alert="Acme"
 * and duration="cf 1h" (the last positional option takes the rest of the line), so the words before the duration
 * are handed back to be put after the alert reference.
 */
export function resolveTrailingDuration(maxMinutes: number) {
  const duration = resolveDuration(maxMinutes);
  return (raw: string): Resolved<{ ms: number; spill: string }> => {
    const words = raw.trim().split(/\s+/);
    const r = duration(words[words.length - 1] ?? '');
    return r.ok ? ok({ ms: r.value, spill: words.slice(0, -1).join(' ') }) : r;
  };
}

/** The incident a reference names; unresolved ones only for carrier + kind, any state by id. */
export async function findAlert(store: Store, ref: AlertRef): Promise<AlertRecord> {
  if ('partial' in ref) throw new UserError(`Alert: ${HINT}; kinds: ${ALERT_KINDS.join(', ')}.`);
  if ('id' in ref) {
    const a = await store.alerts.findById(ref.id);
    if (!a) throw new NotFoundError(`No alert ${ref.id.slice(0, 8)}. Run \`alert list\` to see the open ones.`);
    return a;
  }
  if ('prefix' in ref) {
    const found = await store.alerts.findByPrefix(ref.prefix);
    if (!found.length) throw new NotFoundError(`No alert id starts with ${ref.prefix}. Run \`alert list\` to see the open ones.`);
    if (found.length > 1) throw new UserError(`${found.length} alerts start with ${ref.prefix}; give more of the id.`);
    return found[0]!;
  }
  const carrier = ref.carrier === null ? null : await findCarrier(store, ref.carrier);
  const [a] = await store.alerts.list({ kinds: [ref.kind], carrierIds: carrier ? [carrier.id] : undefined, limit: 1 });
  if (!a || (carrier === null && a.carrierId !== null)) {
    throw new NotFoundError(`No open ${KIND_LABELS[ref.kind].toLowerCase()} alert${carrier ? ` on ${carrier.name}` : ''}. Run \`alert list\` to see the open ones.`);
  }
  return a;
}

/** A reference and the words a trailing duration spilled (see resolveTrailingDuration), as one reference. */
export function joinSpill(ref: AlertRef, spill: string): AlertRef {
  if (!spill) return ref;
  if (!('partial' in ref)) throw new UserError(`Did not expect "${spill}" between the alert and the duration.`);
  const joined = resolveAlertRef(`${ref.partial} ${spill}`);
  if (!joined.ok || 'partial' in joined.value) throw new UserError(`Alert: ${HINT}.`);
  return joined.value;
}
