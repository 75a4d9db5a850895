// `health` as text and a chart spec: one carrier's figures over a window (live 24 h, daily 30 days, monthly 12 months,
// UTC), its consecutive-failure run, code-consistency verdict, top failure codes, open alerts and maintenance; and the
// one-line-per-carrier overview, worst first. Pure: the command loads the rows and renders the chart.
import { KIND_LABELS } from '../core/alerts/kinds.ts';
import type { AlertRecord, MaintenanceWindow } from '../core/alerts/ports.ts';
import { stateText, windowLine } from '../core/alerts/replies.ts';
import type { CodeRow, ContradictionCount, HealthCounters, StatsRow } from '../core/health/view-ports.ts';
import { reply, type Reply, type ReplyField, type Tone } from '../core/runtime/reply.ts';
import type { CallsChartSpec } from '../charts/spec.ts';
import { describeSipCode } from './sip-codes.ts';
import {
  bucketLabel, codeConsistency, failureRun, figuresOf, formatAcd, formatPct, seriesOf, sumTotals, topFailureCodes, USER_CODES,
  type Level, type Totals, type Window,
} from './view-math.ts';

export type ViewAlert = Pick<AlertRecord, 'kind' | 'severity' | 'state' | 'title' | 'openedAt' | 'ackedBy' | 'snoozedUntil' | 'resolvedAt' | 'resolvedBy'>;

export interface CarrierViewInput {
  carrier: { id: string; name: string; status: string };
  window: Window;
  now: Date;
  stats: StatsRow[];
  codes: CodeRow[];
  counters?: HealthCounters;
  /** Contradictions within the last hour. */
  contradictions?: ContradictionCount;
  /** The carrier's consecutive-failure threshold (its own, else HEALTH_FAILURE_THRESHOLD). */
  threshold: number;
  settings: { no404Attempts: number; contradictionNumbers: number };
  alerts: ViewAlert[];
  windows: MaintenanceWindow[];
}

export const FORMULAS = `ASR = answered / attempts · ACD = billed seconds / answered · NER = (answered + calls ended ${USER_CODES.join(', ')}) / attempts · hourly rollups, UTC`;

const count = (n: number) => n.toLocaleString('en-US');
const BUCKET_NAME = { hour: 'hour', day: 'day', month: 'month' } as const;
const LEVEL_MARK: Record<Level, string> = { ok: '', warn: '⚠ ', bad: '🔴 ', unknown: '' };

/** The window's first and last bucket, as people read them: "2026-09-19 13:00 – 2026-09-20 12:59 UTC". */
export function rangeText(w: Window): string {
  const last = new Date(w.until.getTime() - 60_000).toISOString();
  const first = w.since.toISOString();
  if (w.bucket === 'hour') return `${first.slice(0, 16).replace('T', ' ')} – ${last.slice(0, 16).replace('T', ' ')} UTC`;
  if (w.bucket === 'day') return `${first.slice(0, 10)} – ${last.slice(0, 10)} UTC`;
  return `${first.slice(0, 7)} – ${last.slice(0, 7)} UTC`;
}

export function alertLine(a: ViewAlert): string {
  const icon = a.severity === 'critical' ? '🔴' : a.severity === 'warning' ? '🟠' : 'ℹ️';
  return `${icon} ${KIND_LABELS[a.kind] ?? a.kind} (${a.severity}, ${stateText(a as AlertRecord)}): ${a.title}`;
}

/** The chart of calls and ASR per bucket, or null when the window holds no attempts. */
export function carrierChart(name: string, w: Window, stats: readonly StatsRow[], totals: Totals): CallsChartSpec | null {
  if (!totals.attempts) return null;
  const s = seriesOf(w, stats);
  const f = figuresOf(totals);
  return {
    title: `${name}: calls and ASR, ${w.label} (UTC)`,
    subtitle: `${rangeText(w)} · ${count(totals.attempts)} attempts · ASR ${formatPct(f.asr)} · NER ${formatPct(f.ner)} · ACD ${formatAcd(f.acd)}`,
    xName: `${BUCKET_NAME[w.bucket]} (UTC)`,
    labels: s.keys.map((k) => bucketLabel(k, w.bucket)),
    attempts: s.attempts,
    answered: s.answered,
    asr: s.asr,
  };
}

/** One carrier's health: the reply (without the file) and the chart to attach, if there is anything to draw. */
export function carrierHealthView(x: CarrierViewInput): { reply: Reply; chart: CallsChartSpec | null } {
  const { carrier: c, window: w } = x;
  const totals = sumTotals(x.stats, x.codes);
  const f = figuresOf(totals);
  const cf = failureRun(x.counters, x.threshold);
  const cc = codeConsistency(x.counters, x.contradictions, x.settings);
  const title = `${c.name}: health, ${w.label} (UTC)`;
  const fields: ReplyField[] = [];
  if (totals.attempts) {
    fields.push(
      { label: 'Attempts', value: count(totals.attempts), inline: true },
      { label: 'ASR', value: `${formatPct(f.asr)} (${count(totals.answered)} answered)`, inline: true },
      { label: 'ACD', value: formatAcd(f.acd), inline: true },
      { label: 'NER', value: formatPct(f.ner), inline: true },
    );
  }
  if (x.counters) {
    fields.push({ label: 'Consecutive failures', value: `${LEVEL_MARK[cf.level]}${cf.text}`, inline: true });
    fields.push({ label: 'Code consistency (200 vs 404)', value: `${LEVEL_MARK[cc.level]}${cc.text}` });
  }
  const top = topFailureCodes(x.codes, totals.attempts);
  if (top.length) {
    fields.push({
      label: 'Top failure codes',
      value: top.map((t) => `${describeSipCode(t.code)}${t.user ? ' (user)' : ''}: ${count(t.calls)} (${formatPct(t.share)})`).join('\n'),
    });
  }
  fields.push({ label: `Open alerts (${x.alerts.length})`, value: x.alerts.length ? x.alerts.map(alertLine).join('\n') : 'none' });
  if (x.windows.length) fields.push({ label: 'Maintenance', value: x.windows.map((m) => windowLine(m, x.now)).join('\n') });

  const chart = carrierChart(c.name, w, x.stats, totals);
  const lines: string[] = [];
  if (!x.counters && !totals.attempts) {
    lines.push(`No call data for ${c.name} yet. Calls arrive through \`POST /v1/call-events\`, \`calls import\` or LiveKit webhooks.`);
  } else if (!totals.attempts) {
    lines.push(`No calls through ${c.name} in the ${w.label} (${rangeText(w)}): no chart.`);
  } else {
    lines.push(`${rangeText(w)}.`);
  }
  if (c.status === 'inactive') lines.push(`${c.name} is inactive: its checks do not run.`);
  const other = (['live', 'daily', 'monthly'] as const).filter((p) => p !== w.period).map((p) => `\`health "${c.name}" ${p}\``);
  const footer = [
    ...(chart ? [`Chart: ${chart.title}: attempts and answered calls per ${BUCKET_NAME[w.bucket]} (bars), ASR (line).`] : []),
    FORMULAS,
    `Other views: ${other.join(' · ')}.`,
  ];
  return { reply: reply({ title, banner: bannerOf(x, cf.level, cc.level), text: lines.join('\n'), fields, footer }), chart };
}

function bannerOf(x: CarrierViewInput, cf: Level, cc: Level): { tone: Tone; text: string } {
  const critical = x.alerts.filter((a) => a.severity === 'critical').length;
  const running = x.windows.find((m) => m.startsAt <= x.now);
  const parts: string[] = [];
  if (x.alerts.length) parts.push(`${x.alerts.length} open alert${x.alerts.length === 1 ? '' : 's'}${critical ? ` (${critical} critical)` : ''}`);
  if (running) parts.push('in maintenance');
  const tone: Tone = critical || cf === 'bad' || cc === 'bad' ? 'error' : x.alerts.length || cf === 'warn' || cc === 'warn' ? 'warn' : running ? 'info' : 'ok';
  if (!parts.length) parts.push(tone === 'ok' ? 'no open alerts' : 'no open alerts, but see below');
  return { tone, text: parts.join(' · ') };
}

export interface OverviewRow {
  carrier: { id: string; name: string; status: string };
  totals: Totals;
  counters?: HealthCounters;
  threshold: number;
  alerts: Pick<AlertRecord, 'severity'>[];
  inMaintenance: boolean;
}

/** Rank of a carrier's state, worst first. */
const STATES = ['critical', 'warning', 'maintenance', 'ok', 'no calls', 'inactive'] as const;
type State = (typeof STATES)[number];

export function overviewState(r: OverviewRow): State {
  if (r.carrier.status === 'inactive') return 'inactive';
  if (r.alerts.some((a) => a.severity === 'critical') || (r.counters?.consecutiveFailures ?? 0) >= r.threshold) return 'critical';
  if (r.alerts.length) return 'warning';
  if (r.inMaintenance) return 'maintenance';
  return r.totals.attempts ? 'ok' : 'no calls';
}

/** Worst first: critical, warning, maintenance, ok, no calls, inactive; then lowest NER, lowest ASR, name. */
export function rankOverview(rows: readonly OverviewRow[]): OverviewRow[] {
  const key = (r: OverviewRow) => {
    const f = figuresOf(r.totals);
    return { state: STATES.indexOf(overviewState(r)), ner: f.ner ?? 2, asr: f.asr ?? 2 };
  };
  return [...rows]
    .map((r) => ({ r, k: key(r) }))
    .sort((a, b) => a.k.state - b.k.state || a.k.ner - b.k.ner || a.k.asr - b.k.asr || a.r.carrier.name.localeCompare(b.r.carrier.name))
    .map((x) => x.r);
}

export function overviewReply(rows: readonly OverviewRow[], w: Window): Reply {
  const title = `Carrier health, ${w.label} (UTC)`;
  if (!rows.length) return reply({ title, text: 'No carriers yet. Add one with `carrier add`.' });
  const ranked = rankOverview(rows);
  const states = ranked.map(overviewState);
  const bad = states.filter((s) => s === 'critical').length;
  const warn = states.filter((s) => s === 'warning').length;
  return reply({
    title,
    banner: { tone: bad ? 'error' : warn ? 'warn' : 'ok', text: `${ranked.length} carrier${ranked.length === 1 ? '' : 's'}: ${bad} critical, ${warn} warning` },
    table: {
      columns: ['Carrier', 'State', 'Attempts', 'ASR', 'NER', 'ACD', 'Consec. fails', 'Alerts'],
      rows: ranked.map((r, i) => {
        const f = figuresOf(r.totals);
        return [
          r.carrier.name,
          states[i]!,
          count(r.totals.attempts),
          formatPct(f.asr),
          formatPct(f.ner),
          formatAcd(f.acd),
          r.counters ? `${count(r.counters.consecutiveFailures)} / ${r.threshold}` : '—',
          String(r.alerts.length),
        ];
      }),
      mono: [2, 3, 4, 5, 6, 7],
    },
    footer: [`${rangeText(w)}. Worst first: critical, warning, in maintenance, ok, no calls, inactive; then lowest NER, then lowest ASR.`, FORMULAS, '`health <carrier> [live|daily|monthly]` shows one carrier with its chart; `health digest` the daily digest.'],
  });
}
