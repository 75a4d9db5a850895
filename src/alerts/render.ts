// An alert as a neutral Reply — severity and state, carrier, kind, counts, the SIP code histogram, the last calls
// with their codes, who acked or snoozed it — with the buttons people act on; a storm digest; history lines for
// the thread. Pure: the Slack and Discord renderers turn these into Block Kit and embeds.
import type { AlertSnapshot, HistoryEntry } from '../core/alerts/delivery-ports.ts';
import { KIND_LABELS, type AlertState } from '../core/alerts/kinds.ts';
import type { ActionRef, Reply, ReplyButton, ReplyField, Tone } from '../core/runtime/reply.ts';
import { timeToken } from '../core/runtime/time.ts';

/** The commands alert buttons run (commands/alert.ts): the alert id is the positional `alert` option. */
export const ALERT_ACTIONS = {
  ack: (id: string): ActionRef => ({ path: ['alert', 'ack'], args: { alert: id } }),
  snooze: (id: string, duration?: string): ActionRef => ({ path: ['alert', 'snooze'], args: duration ? { alert: id, duration } : { alert: id } }),
  show: (id: string): ActionRef => ({ path: ['alert', 'show'], args: { alert: id } }),
};
export const SNOOZE_CHOICES = ['30m', '1h', '4h', '24h'] as const;

export interface RenderOptions {
  /** `alert show` exists: the digest's buttons show the alert itself rather than its carrier. */
  alertShow: boolean;
  /** `alert snooze` opens a form when the duration is missing: a "Snooze…" button asks for any duration. */
  snoozeForm: boolean;
}

const SEVERITY_ICON = { critical: '🔴', warning: '🟠', info: '🔵' } as const;
const STATE_LABEL: Record<AlertState, string> = { open: 'open', acked: 'acknowledged', snoozed: 'snoozed', resolved: 'resolved' };
const MAX_CALLS = 10;
const MAX_EVIDENCE_FIELDS = 9;
const MAX_DIGEST_BUTTONS = 20;

export function renderAlert(a: AlertSnapshot, opts: Partial<RenderOptions> = {}): Reply {
  const ev = readEvidence(a.evidence);
  const fields: ReplyField[] = [
    { label: 'Carrier', value: a.carrierName ?? (a.carrierId ? 'deleted carrier' : 'trunkops'), inline: true },
    { label: 'Check', value: kindLabel(a.kind), inline: true },
    { label: 'Severity', value: a.severity, inline: true },
    { label: 'Opened', value: timeToken(a.openedAt, 'full'), inline: true },
    ...(a.flaps > 0 ? [{ label: 'Flaps', value: `${a.flaps}× cleared and came back`, inline: true }] : []),
    ...ev.scalars.slice(0, MAX_EVIDENCE_FIELDS).map(([label, value]) => ({ label, value, inline: true })),
  ];
  if (ev.codes.length) fields.push({ label: 'SIP codes', value: ev.codes.map(([code, n]) => `${code === '0' ? 'no answer' : code} × ${n}`).join(' · '), inline: false });
  const calls = ev.calls.slice(0, MAX_CALLS);
  const withNumber = calls.some((c) => c.number);
  const withTime = calls.some((c) => c.at);
  return {
    type: 'reply',
    ephemeral: false,
    tone: alertTone(a),
    title: `${a.state === 'resolved' ? '✅' : SEVERITY_ICON[a.severity]} ${a.title}`,
    banner: stateBanner(a, ev.clearingSince),
    ...(ev.summary ? { text: ev.summary } : {}),
    fields,
    table: calls.length
      ? {
          columns: ['Last calls', 'Code', ...(withNumber ? ['Number'] : []), ...(withTime ? ['When'] : [])],
          rows: calls.map((c) => [c.callId, c.code, ...(withNumber ? [c.number ?? ''] : []), ...(withTime ? [c.at ? timeToken(c.at) : ''] : [])]),
          mono: [0, 1, 2],
        }
      : undefined,
    footer: [`Alert ${a.id} · history in the thread`],
    buttons: alertButtons(a, opts.snoozeForm ?? false),
  };
}

function alertTone(a: AlertSnapshot): Tone {
  if (a.state === 'resolved') return 'ok';
  if (a.state !== 'open') return 'info';
  return a.severity === 'critical' ? 'error' : a.severity === 'warning' ? 'warn' : 'info';
}

function stateBanner(a: AlertSnapshot, clearingSince?: Date): { tone: Tone; text: string } {
  const clearing = clearingSince && a.state !== 'resolved' ? `; clear since ${timeToken(clearingSince)}, resolving if it stays so` : '';
  switch (a.state) {
    case 'acked':
      return { tone: 'info', text: `Acknowledged${by(a.ackedBy)}${a.ackedAt ? ` ${timeToken(a.ackedAt)}` : ''}${clearing}` };
    case 'snoozed':
      return { tone: 'info', text: `Snoozed${by(a.snoozedBy)}${a.snoozedUntil ? ` until ${timeToken(a.snoozedUntil, 'full')}` : ''}${clearing}` };
    case 'resolved':
      return { tone: 'ok', text: `Resolved${a.resolvedAt ? ` ${timeToken(a.resolvedAt)}` : ''}${by(a.resolvedBy)}${a.resolvedAt ? ` after ${duration(a.resolvedAt.getTime() - a.openedAt.getTime())}` : ''}` };
    default:
      return { tone: alertTone(a), text: `Open since ${timeToken(a.openedAt)}, not acknowledged${clearing}` };
  }
}

/** Open: Ack and every snooze. Snoozed: Ack and snooze again. Acked: no Ack. Resolved: only Show carrier. */
function alertButtons(a: AlertSnapshot, snoozeForm: boolean): ReplyButton[] {
  const out: ReplyButton[] = [];
  if (a.state === 'open' || a.state === 'snoozed') out.push({ label: 'Ack', style: 'primary', action: ALERT_ACTIONS.ack(a.id) });
  if (a.state === 'open' || a.state === 'snoozed') {
    for (const d of SNOOZE_CHOICES) out.push({ label: `Snooze ${d}`, action: ALERT_ACTIONS.snooze(a.id, d) });
    // No duration: the command's form asks for one (a modal in Slack and Discord). Without a form, people type it.
    if (snoozeForm) out.push({ label: 'Snooze…', action: ALERT_ACTIONS.snooze(a.id) });
  }
  if (a.carrierId && a.state !== 'resolved' && isSyncKind(a.kind)) out.push({ label: 'Sync now', action: { path: ['carrier', 'sync'], args: { carrier: a.carrierId } } });
  if (a.carrierId && a.carrierName) out.push({ label: 'Show carrier', action: { path: ['carrier', 'show'], args: { carrier: a.carrierId } } });
  return out;
}

/** Alerts about the LiveKit sync (errors, pending too long, drift) get a Sync now button. */
export function isSyncKind(kind: string): boolean {
  return /sync|drift/i.test(kind);
}

/** One message standing for many alerts opened together; each line is kept up to date. */
export function renderStormDigest(list: AlertSnapshot[], opts: RenderOptions): Reply {
  const order: AlertState[] = ['open', 'snoozed', 'acked', 'resolved'];
  const sevOrder = ['critical', 'warning', 'info'];
  const sorted = [...list].sort((x, y) => order.indexOf(x.state) - order.indexOf(y.state) || sevOrder.indexOf(x.severity) - sevOrder.indexOf(y.severity) || x.openedAt.getTime() - y.openedAt.getTime());
  const counts = order.map((s) => [s, list.filter((a) => a.state === s).length] as const).filter(([, n]) => n > 0);
  const live = list.filter((a) => a.state !== 'resolved');
  const buttons: ReplyButton[] = [];
  for (const a of sorted.filter((x) => x.state !== 'resolved')) {
    if (buttons.length >= MAX_DIGEST_BUTTONS) break;
    const name = a.carrierName ?? a.title;
    if (opts.alertShow) buttons.push({ label: `Show ${name}`.slice(0, 60), action: ALERT_ACTIONS.show(a.id) });
    else if (a.carrierId && a.carrierName) buttons.push({ label: `Show ${name}`.slice(0, 60), action: { path: ['carrier', 'show'], args: { carrier: a.carrierId } } });
  }
  const worst = live.some((a) => a.severity === 'critical') ? 'error' : live.length ? 'warn' : 'ok';
  return {
    type: 'reply',
    ephemeral: false,
    tone: worst,
    title: `🌩️ Alert storm: ${list.length} incidents opened within a minute`,
    banner: { tone: worst, text: counts.map(([s, n]) => `${n} ${STATE_LABEL[s]}`).join(' · ') },
    text: 'They are summarised here instead of one message each. This message is kept up to date, and their history goes to its thread.',
    table: {
      columns: ['State', 'Severity', 'Carrier', 'Check', 'Alert'],
      rows: sorted.map((a) => [STATE_LABEL[a.state], a.severity, a.carrierName ?? '—', kindLabel(a.kind), a.title.length > 60 ? `${a.title.slice(0, 59)}…` : a.title]),
    },
    footer: live.length > buttons.length && buttons.length ? [`${live.length - buttons.length} more without a button: see \`alert list\`.`] : undefined,
    buttons,
  };
}

/** A history entry as a thread line: the text, who did it, and when if it is being posted late. */
export function historyLine(e: HistoryEntry, now: Date, alertTitle?: string): string {
  const late = now.getTime() - e.at.getTime() > 60_000 ? ` (${timeToken(e.at)})` : '';
  return `${alertTitle ? `${alertTitle}: ` : ''}${e.text}${e.actor ? ` — ${e.actor}` : ''}${late}`;
}

/** Discord thread names are 1–100 characters. */
export function threadName(title: string): string {
  const t = title.replace(/\s+/g, ' ').trim() || 'Alert';
  return t.length > 100 ? `${t.slice(0, 99)}…` : t;
}

interface Evidence {
  /** The check's one line about what is happening now. */
  summary?: string;
  clearingSince?: Date;
  codes: [string, number][];
  calls: { callId: string; code: string; number?: string; at?: Date }[];
  scalars: [string, string][];
}

const CODE_KEYS = ['codes', 'histogram', 'codeHistogram', 'code_histogram', 'codeCounts', 'code_counts'];
const CALL_KEYS = ['lastCalls', 'last_calls', 'calls', 'recentCalls', 'recent_calls'];
/** Engine bookkeeping shown elsewhere (summary as the text, clearingSince in the banner) or not at all (step). */
const OWN_KEYS = ['summary', 'step', 'clearingSince'];

/** Reads what a check recorded, tolerating the shapes checks use (maps or lists); anything else scalar becomes a field. */
export function readEvidence(ev: Record<string, unknown>): Evidence {
  const codesRaw = CODE_KEYS.map((k) => ev[k]).find((v) => v && typeof v === 'object');
  const codes: [string, number][] = Array.isArray(codesRaw)
    ? codesRaw.map((c) => [String((c as Record<string, unknown>).code ?? '?'), Number((c as Record<string, unknown>).count ?? 0)] as [string, number])
    : Object.entries((codesRaw ?? {}) as Record<string, unknown>).map(([k, v]) => [k, Number(v)] as [string, number]);
  codes.sort((x, y) => y[1] - x[1]);
  const callsRaw = CALL_KEYS.map((k) => ev[k]).find(Array.isArray) ?? [];
  const calls = (callsRaw as Record<string, unknown>[]).filter((c) => c && typeof c === 'object').map((c) => {
    const at = pick(c, ['at', 'endedAt', 'ended_at', 'startedAt', 'started_at', 'time']);
    const when = typeof at === 'string' || typeof at === 'number' ? new Date(at) : undefined;
    const number = pick(c, ['number', 'to', 'dialed', 'dialledNumber', 'dialed_number']);
    return {
      callId: String(pick(c, ['callId', 'call_id', 'id']) ?? '?'),
      code: String(pick(c, ['code', 'sipCode', 'sip_code', 'status']) ?? '?'),
      ...(number !== undefined ? { number: String(number) } : {}),
      ...(when && !Number.isNaN(when.getTime()) ? { at: when } : {}),
    };
  });
  const scalars: [string, string][] = [];
  for (const [k, v] of Object.entries(ev)) {
    if (CODE_KEYS.includes(k) || CALL_KEYS.includes(k) || OWN_KEYS.includes(k) || v === null || typeof v === 'object') continue;
    const iso = typeof v === 'string' && /^\d{4}-\d\d-\d\dT/.test(v) ? new Date(v) : undefined;
    scalars.push([humanize(k), iso && !Number.isNaN(iso.getTime()) ? timeToken(iso) : typeof v === 'boolean' ? (v ? 'yes' : 'no') : String(v)]);
  }
  const clearing = typeof ev.clearingSince === 'string' ? new Date(ev.clearingSince) : undefined;
  return {
    ...(typeof ev.summary === 'string' && ev.summary ? { summary: ev.summary } : {}),
    ...(clearing && !Number.isNaN(clearing.getTime()) ? { clearingSince: clearing } : {}),
    codes,
    calls,
    scalars,
  };
}

function kindLabel(kind: string): string {
  return (KIND_LABELS as Record<string, string>)[kind] ?? kind;
}

function pick(o: Record<string, unknown>, keys: string[]): unknown {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
}

/** `consecutiveFailures` / `consecutive_failures` → "Consecutive failures". */
function humanize(key: string): string {
  const words = key.replace(/([a-z0-9])([A-Z])/g, '$1 $2').replace(/[_-]+/g, ' ').trim().toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

function by(who: string | null): string {
  return who ? ` by ${who}` : '';
}

function duration(ms: number): string {
  const min = Math.max(0, Math.round(ms / 60_000));
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  return h < 48 ? `${h} h ${min % 60} min` : `${Math.floor(h / 24)} d ${h % 24} h`;
}
