// /health — carrier health as the NOC reads it: `health <carrier> [live|daily|monthly]` shows attempts, ASR, ACD,
// NER, the consecutive-failure run, the 200-vs-404 verdict, top failure codes, open alerts and maintenance, with a
// chart of calls and ASR per hour / day / month (UTC) as a PNG; `health` alone lists every carrier, worst first;
// `health digest` shows the daily digest.
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, defineCommand, type CommandContext } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import type { Reply } from '../src/core/runtime/reply.ts';
import type { Carrier } from '../src/core/store.ts';
import { NO_FONT_NOTE } from '../src/charts/fonts.ts';
import { digestReply, loadDigest } from '../src/health/digest.ts';
import { periodWindow, totalsByCarrier, NO_TOTALS, type Period, type Window } from '../src/health/view-math.ts';
import { carrierHealthView, overviewReply, type OverviewRow } from '../src/health/view.ts';
import { carrierFilter } from './shared-options.ts';

const VIEWS = ['live', 'daily', 'monthly', 'digest'] as const;
type View = (typeof VIEWS)[number];

/** Contradictions count within this long (as the code-consistency check judges them). */
const CONTRADICTION_WINDOW_MS = 3_600_000;

/** A file name for the chart: `health-Acme-live-2026-09-20T12.png`. */
export function chartFileName(carrier: string, w: Window): string {
  const base = carrier
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .slice(0, 60)
    .replace(/^[-.]+|[-.]+$/g, '');
  const last = new Date(w.until.getTime() - 1).toISOString();
  const stamp = w.bucket === 'hour' ? last.slice(0, 13) : w.bucket === 'day' ? last.slice(0, 10) : last.slice(0, 7);
  return `health-${base || 'carrier'}-${w.period}-${stamp}.png`;
}

async function carrierView(ctx: CommandContext, c: Carrier, period: Period): Promise<Reply> {
  const now = ctx.deps.now();
  const w = periodWindow(period, now);
  const range = { carrierIds: [c.id], since: w.since, until: w.until, bucket: w.bucket };
  const v = ctx.store.healthView;
  const [stats, codes, counters, contradictions, alerts, windows] = await Promise.all([
    v.stats(range),
    v.codes(range),
    v.counters([c.id]),
    v.contradictions({ carrierIds: [c.id], since: new Date(now.getTime() - CONTRADICTION_WINDOW_MS) }),
    ctx.store.alerts.list({ carrierIds: [c.id] }),
    ctx.store.alerts.windows({ carrierId: c.id, at: now }),
  ]);
  const s = ctx.deps.health;
  const view = carrierHealthView({
    carrier: c,
    window: w,
    now,
    stats,
    codes,
    counters: counters[0],
    contradictions: contradictions[0],
    threshold: c.healthFailureThreshold ?? s.failureThreshold,
    settings: s,
    alerts,
    windows,
  });
  if (!view.chart) return view.reply;
  // ECharts takes a while to load (hundreds of ms): loaded on the first chart, not with every process.
  const { renderCallsChart } = await import('../src/charts/render.ts');
  const chart = await renderCallsChart(view.chart);
  const name = chartFileName(c.name, w);
  return {
    ...view.reply,
    footer: [...(view.reply.footer ?? []), ...(chart.labelled ? [] : [NO_FONT_NOTE])],
    files: [{ name, mime: 'image/png', data: chart.png, title: view.chart.title }],
  };
}

async function overview(ctx: CommandContext, period: Period): Promise<Reply> {
  const now = ctx.deps.now();
  const w = periodWindow(period, now);
  const range = { since: w.since, until: w.until, bucket: null };
  const v = ctx.store.healthView;
  const [carriers, stats, codes, counters, alerts, muted] = await Promise.all([
    ctx.store.carriers.list(),
    v.stats(range),
    v.codes(range),
    v.counters(),
    ctx.store.alerts.list({}),
    ctx.store.alerts.mutedCarriers(now),
  ]);
  const totals = totalsByCarrier(stats, codes);
  const health = new Map(counters.map((h) => [h.carrierId, h]));
  const rows: OverviewRow[] = carriers.map((c) => ({
    carrier: c,
    totals: totals.get(c.id) ?? NO_TOTALS,
    counters: health.get(c.id),
    threshold: c.healthFailureThreshold ?? ctx.deps.health.failureThreshold,
    alerts: alerts.filter((a) => a.carrierId === c.id),
    inMaintenance: muted.has(c.id),
  }));
  return overviewReply(rows, w);
}

const run = defineAction({
  name: 'health',
  description: "A carrier's ASR, ACD, NER, failures, 200 vs 404, codes, alerts, chart; no carrier: all, worst first",
  role: 'viewer',
  mutates: false,
  options: {
    carrier: carrierFilter('A carrier (leave out for every carrier, worst first)'),
    view: opt.choice({ label: 'View', description: 'live: 24 h by hour (default); daily: 30 days; monthly: 12 months; digest: the daily digest', choices: VIEWS, positional: true }),
  },
  handler: async (ctx, a) => {
    let name = a.carrier ?? undefined;
    let view: View | undefined = a.view ?? undefined;
    // `health digest`, `health daily`: a view typed where the carrier goes (unless a carrier has that name).
    const typed = name?.toLowerCase() as View | undefined;
    if (typed && !view && VIEWS.includes(typed) && !(await ctx.store.carriers.findByName(name!))) {
      view = typed;
      name = undefined;
    }
    if (view === 'digest') return digestReply(await loadDigest(ctx.store, ctx.deps.health, ctx.deps.now(), ctx.deps.syncEnabled));
    const period: Period = view ?? 'live';
    return name ? carrierView(ctx, await findCarrier(ctx.store, name), period) : overview(ctx, period);
  },
});

export const healthCommand = defineCommand({ name: 'health', description: 'Carrier health: figures and charts, every carrier worst first, the daily digest', run });
