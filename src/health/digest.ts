// The daily carrier digest (research §3b item 8): the carriers whose ASR / NER fell most (the last 24 full hours against
// the 24 before, from the hourly rollups), open incidents, maintenance windows, carriers out of sync with LiveKit, and
// rate-card revisions going live in the next 7 days. `health digest` shows it; the daily-digest job posts it.
import { KIND_LABELS } from '../core/alerts/kinds.ts';
import type { AlertRecord, MaintenanceWindow } from '../core/alerts/ports.ts';
import { stateText, windowLine } from '../core/alerts/replies.ts';
import type { HealthSettings } from '../core/alerts/settings.ts';
import type { UpcomingActivation } from '../core/health/view-ports.ts';
import { reply, type Reply, type ReplyField } from '../core/runtime/reply.ts';
import { timeToken } from '../core/runtime/time.ts';
import type { Carrier, Store } from '../core/store.ts';
import { bucketStart, figuresOf, formatPct, formatPp, NO_TOTALS, totalsByCarrier, type Totals } from './view-math.ts';

/** Lines listed per section; the rest are counted. */
const LISTED = 8;
const DAY_MS = 86_400_000;
/** How far ahead rate-card activations are listed. */
export const ACTIVATIONS_AHEAD_MS = 7 * DAY_MS;

export interface Change {
  carrier: string;
  today: Totals;
  before: Totals;
  /** Change in percentage points as a 0–1 fraction (null when either day has no attempts). */
  asr: number | null;
  ner: number | null;
}

export interface DigestInput {
  now: Date;
  /** Start of the last full hour's end: the "today" window is [end − 24 h, end), the day before the 24 h before it. */
  end: Date;
  carriers: Pick<Carrier, 'id' | 'name' | 'status' | 'syncStatus' | 'syncError' | 'syncNote' | 'driftAt' | 'driftNote'>[];
  today: Map<string, Totals>;
  before: Map<string, Totals>;
  /** Attempts each day needs before a change is judged (HEALTH_ASR_MIN_ATTEMPTS). */
  minAttempts: number;
  alerts: AlertRecord[];
  windows: MaintenanceWindow[];
  activations: UpcomingActivation[];
  /** False when LiveKit sync is not configured: every carrier is "pending", so the section says so instead. */
  syncEnabled: boolean;
}

/** Carriers whose NER or ASR fell, biggest NER fall first; carriers gone silent (calls the day before, none now) too. */
export function worstChanges(x: Pick<DigestInput, 'carriers' | 'today' | 'before' | 'minAttempts'>, n = 5): Change[] {
  const out: Change[] = [];
  for (const c of x.carriers) {
    if (c.status === 'inactive') continue;
    const today = x.today.get(c.id) ?? NO_TOTALS;
    const before = x.before.get(c.id) ?? NO_TOTALS;
    if (before.attempts < x.minAttempts) continue;
    if (today.attempts === 0) {
      out.push({ carrier: c.name, today, before, asr: null, ner: null });
      continue;
    }
    if (today.attempts < x.minAttempts) continue;
    const [t, b] = [figuresOf(today), figuresOf(before)];
    const asr = t.asr! - b.asr!;
    const ner = t.ner! - b.ner!;
    if (asr < 0 || ner < 0) out.push({ carrier: c.name, today, before, asr, ner });
  }
  // Silent carriers first (they fell the furthest), then by NER fall, then ASR fall.
  const key = (c: Change) => [c.ner ?? -2, c.asr ?? -2] as const;
  return out.sort((a, b) => key(a)[0] - key(b)[0] || key(a)[1] - key(b)[1] || a.carrier.localeCompare(b.carrier)).slice(0, n);
}

export function changeLine(c: Change): string {
  const calls = `${c.today.attempts.toLocaleString('en-US')} calls (${c.before.attempts.toLocaleString('en-US')} the day before)`;
  if (c.ner === null) return `📉 ${c.carrier}: no calls in the last 24 h (${c.before.attempts.toLocaleString('en-US')} the day before)`;
  const t = figuresOf(c.today);
  return `📉 ${c.carrier}: NER ${formatPct(t.ner)} (${formatPp(c.ner)}), ASR ${formatPct(t.asr)} (${formatPp(c.asr!)}), ${calls}`;
}

/** Carriers not in sync with LiveKit: an error, pending, or drift repaired in the last 24 h. */
export function outOfSync(carriers: DigestInput['carriers'], now: Date): string[] {
  const since = now.getTime() - DAY_MS;
  return carriers
    .filter((c) => c.status !== 'inactive' && (c.syncStatus !== 'synced' || (c.driftAt && c.driftAt.getTime() >= since)))
    .map((c) =>
      c.syncStatus === 'error'
        ? `✖ ${c.name}: sync error: ${clip(c.syncError ?? 'unknown', 120)}`
        : c.syncStatus === 'pending'
          ? `⏳ ${c.name}: pending${c.syncNote ? ` (${clip(c.syncNote, 120)})` : ''}`
          : `↺ ${c.name}: drift repaired ${timeToken(c.driftAt!)}${c.driftNote ? `: ${clip(c.driftNote, 120)}` : ''}`,
    );
}

const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);

function section(label: string, lines: string[], empty: string): ReplyField {
  const shown = lines.slice(0, LISTED);
  if (lines.length > LISTED) shown.push(`… and ${lines.length - LISTED} more`);
  return { label: `${label} (${lines.length})`, value: shown.length ? clip(shown.join('\n'), 1000) : empty };
}

export function digestReply(x: DigestInput): Reply {
  const changes = worstChanges(x);
  const sync = x.syncEnabled ? outOfSync(x.carriers, x.now) : [];
  const incidents = x.alerts.map((a) => `${a.severity === 'critical' ? '🔴' : a.severity === 'warning' ? '🟠' : 'ℹ️'} ${a.carrierName ?? 'trunkops'}: ${KIND_LABELS[a.kind] ?? a.kind} (${stateText(a)}, opened ${timeToken(a.openedAt)})`);
  const activations = x.activations.map((r) => `📅 ${r.cardName} (${r.carrierName}) revision #${r.revision}: live ${timeToken(r.dateLive, 'full')}`);
  const critical = x.alerts.filter((a) => a.severity === 'critical').length;
  const from = new Date(x.end.getTime() - DAY_MS).toISOString().slice(0, 16).replace('T', ' ');
  const to = x.end.toISOString().slice(0, 16).replace('T', ' ');
  return reply({
    title: `Daily carrier digest, ${x.now.toISOString().slice(0, 10)}`,
    banner: {
      tone: critical ? 'error' : x.alerts.length || changes.length || sync.length ? 'warn' : 'ok',
      text: `${x.alerts.length} open incident${x.alerts.length === 1 ? '' : 's'}${critical ? ` (${critical} critical)` : ''} · ${changes.length} carrier${changes.length === 1 ? '' : 's'} worse than the day before`,
    },
    fields: [
      section('ASR / NER down', changes.map(changeLine), `No carrier's ASR or NER fell (carriers with at least ${x.minAttempts} attempts both days).`),
      section('Open incidents', incidents, 'None.'),
      section('Maintenance', x.windows.map((w) => windowLine(w, x.now)), 'None running or planned.'),
      x.syncEnabled ? section('Out of sync with LiveKit', sync, 'Every carrier is in sync.') : { label: 'Out of sync with LiveKit', value: 'LiveKit sync is not configured.' },
      section('Rate cards going live in 7 days', activations, 'None scheduled.'),
    ],
    footer: [`Changes: ${from} – ${to} UTC against the 24 h before.`, '`health` lists every carrier, worst first; `health <carrier>` shows one with its chart; `alert list` the incidents.'],
  });
}

/** Everything the digest shows, read at `now`. */
export async function loadDigest(store: Store, s: Pick<HealthSettings, 'asrMinAttempts'>, now: Date, syncEnabled: boolean): Promise<DigestInput> {
  const end = bucketStart(now, 'hour');
  const mid = new Date(end.getTime() - DAY_MS);
  const start = new Date(end.getTime() - 2 * DAY_MS);
  const range = (since: Date, until: Date) => ({ since, until, bucket: null });
  const [carriers, todayStats, todayCodes, beforeStats, beforeCodes, alerts, windows, activations] = await Promise.all([
    store.carriers.list(),
    store.healthView.stats(range(mid, end)),
    store.healthView.codes(range(mid, end)),
    store.healthView.stats(range(start, mid)),
    store.healthView.codes(range(start, mid)),
    store.alerts.list({}),
    store.alerts.windows({ at: now }),
    store.healthView.upcomingActivations(now, new Date(now.getTime() + ACTIVATIONS_AHEAD_MS)),
  ]);
  return {
    now,
    end,
    carriers,
    today: totalsByCarrier(todayStats, todayCodes),
    before: totalsByCarrier(beforeStats, beforeCodes),
    minAttempts: s.asrMinAttempts,
    alerts,
    windows,
    activations,
    syncEnabled,
  };
}
