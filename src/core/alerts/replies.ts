// Replies of the alert commands: the list of incidents with the maintenance windows and routes, and one incident's
// card with its evidence and thread. (The on-call channel messages are rendered by the delivery worker.)
import type { RecentCall } from '../health/ports.ts';
import { reply, type Reply, type ReplyButton, type Tone } from '../runtime/reply.ts';
import { timeToken } from '../runtime/time.ts';
import { KIND_LABELS } from './kinds.ts';
import type { AlertRecord, HistoryRow, MaintenanceWindow, Route } from './ports.ts';

const DASH = '—';
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`);
const TONE: Record<AlertRecord['severity'], Tone> = { critical: 'error', warning: 'warn', info: 'info' };

export function stateText(a: AlertRecord): string {
  if (a.state === 'acked') return `acked by ${a.ackedBy ?? '?'}`;
  if (a.state === 'snoozed') return a.snoozedUntil ? `snoozed until ${timeToken(a.snoozedUntil, 'full')}` : 'snoozed';
  if (a.state === 'resolved') return `resolved${a.resolvedBy ? ` by ${a.resolvedBy}` : ''}${a.resolvedAt ? ` ${timeToken(a.resolvedAt)}` : ''}`;
  return 'open';
}

export function windowLine(w: MaintenanceWindow, now: Date): string {
  const when = w.startsAt > now ? `planned ${timeToken(w.startsAt, 'full')} – ${timeToken(w.endsAt, 'full')}` : `until ${timeToken(w.endsAt, 'full')}`;
  return `🔧 ${w.carrierName}: maintenance ${when}${w.reason ? ` — ${w.reason}` : ''} (by ${w.createdBy})`;
}

export function routesLine(routes: Route[]): string {
  if (!routes.length) return 'No on-call channel is set, so alerts are only listed here: `alert route slack <channel>` or `alert route discord <channel>`.';
  return `Alerts go to ${routes.map((r) => `${r.platform === 'slack' ? 'Slack' : 'Discord'} ${r.channel}`).join(' and ')}.`;
}

export interface ListInput {
  alerts: AlertRecord[];
  windows: MaintenanceWindow[];
  routes: Route[];
  /** Check jobs whose last run failed. */
  failing: { job: string; error: string; at: Date | null }[];
  title: string;
  now: Date;
}

export function alertListReply(x: ListInput): Reply {
  const footer = [
    ...x.windows.map((w) => windowLine(w, x.now)),
    ...x.failing.map((f) => `⚠ ${f.job} failed${f.at ? ` ${timeToken(f.at)}` : ''}: ${clip(f.error, 200)}`),
    routesLine(x.routes),
  ];
  if (!x.alerts.length) return reply({ ephemeral: true, tone: 'ok', title: x.title, text: 'No alerts.', footer });
  return reply({
    ephemeral: true,
    title: x.title,
    table: {
      columns: ['Alert', 'Severity', 'Carrier', 'Kind', 'State', 'Opened', 'Flaps', 'Now'],
      rows: x.alerts.map((a) => [
        a.id.slice(0, 8),
        a.severity,
        a.carrierName ?? 'trunkops',
        KIND_LABELS[a.kind],
        stateText(a),
        timeToken(a.openedAt),
        String(a.flaps),
        clip(String(a.evidence.summary ?? a.title), 90),
      ]),
      mono: [0],
    },
    footer,
  });
}

/** Scalar evidence as fields ("consecutiveFailures" → "Consecutive failures"). */
function evidenceFields(e: Record<string, unknown>): { label: string; value: string; inline: boolean }[] {
  const skip = new Set(['summary', 'step', 'lastCalls', 'contradictions', 'codes', 'failed', 'failing']);
  return Object.entries(e)
    .filter(([k, v]) => !skip.has(k) && v !== null && typeof v !== 'object')
    .map(([k, v]) => ({ label: k.replace(/([A-Z0-9]+)/g, ' $1').replace(/^./, (c) => c.toUpperCase()).toLowerCase().replace(/^./, (c) => c.toUpperCase()), value: String(v), inline: true }));
}

export function alertCardReply(a: AlertRecord, history: HistoryRow[]): Reply {
  const e = a.evidence;
  const calls = Array.isArray(e.lastCalls) ? (e.lastCalls as RecentCall[]) : [];
  const codes = e.codes && typeof e.codes === 'object' ? Object.entries(e.codes as Record<string, number>) : [];
  const lists = [
    ...(codes.length ? [`Codes: ${codes.map(([c, n]) => `${c === '0' ? 'none' : c} ×${n}`).join(', ')}`] : []),
    ...(Array.isArray(e.contradictions) ? (e.contradictions as { number: string; connectedBy: string; callId: string }[]).map((c) => `404 on ${c.number} (call ${c.callId}), connected by ${c.connectedBy}`) : []),
    ...(Array.isArray(e.failed) ? (e.failed as { card: string; revision: number; error: string }[]).map((f) => `${f.card} #${f.revision}: ${f.error}`) : []),
    ...(Array.isArray(e.failing) ? (e.failing as { job: string; error: string }[]).map((f) => `${f.job} failed: ${f.error}`) : []),
  ];
  const ref = { alert: a.id };
  const buttons: ReplyButton[] =
    a.state === 'resolved'
      ? []
      : [
          ...(a.state !== 'acked' ? [{ label: 'Ack', style: 'primary' as const, action: { path: ['alert', 'ack'], args: ref } }] : []),
          { label: 'Snooze 1h', action: { path: ['alert', 'snooze'], args: { ...ref, duration: '1h' } } },
          { label: 'Resolve', action: { path: ['alert', 'resolve'], args: ref } },
        ];
  return reply({
    ephemeral: true,
    title: a.title,
    banner: { tone: a.state === 'resolved' ? 'ok' : TONE[a.severity], text: `${a.severity} · ${stateText(a)}${a.flaps ? ` · ${a.flaps} flap${a.flaps === 1 ? '' : 's'}` : ''}` },
    text: String(e.summary ?? ''),
    fields: [
      { label: 'Alert', value: a.id, inline: false },
      { label: 'Kind', value: KIND_LABELS[a.kind], inline: true },
      { label: 'Carrier', value: a.carrierName ?? 'trunkops', inline: true },
      { label: 'Opened', value: timeToken(a.openedAt, 'full'), inline: true },
      { label: 'Last seen firing', value: timeToken(a.lastTrueAt), inline: true },
      ...evidenceFields(e),
    ],
    table: calls.length ? { columns: ['Call id', 'Code', 'Number', 'Ended'], rows: calls.map((c) => [c.callId, String(c.code || 'none'), c.number ?? DASH, c.at.slice(0, 19).replace('T', ' ')]), mono: [0, 2] } : undefined,
    footer: [...lists, ...(history.length ? ['Thread:', ...history.map((h) => `${timeToken(h.at, 'full')} ${h.text}`)] : [])],
    buttons,
  });
}
