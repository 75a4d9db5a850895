// /alert — the incidents the health checks raise: list, show, ack, snooze, resolve; where they go (route) and
// running the checks now (check). The on-call messages' Ack / Snooze / Resolve buttons run these with the alert id.
import { ackAlert, resolveAlert, snoozeAlert, alertLabel } from '../src/core/alerts/actions.ts';
import { formatDuration, SNOOZE_MAX_MINUTES } from '../src/core/alerts/duration.ts';
import { ALERT_STATES, CHECK_NAMES, CHECKS, type AlertState } from '../src/core/alerts/kinds.ts';
import type { AlertRecord } from '../src/core/alerts/ports.ts';
import { findAlert, joinSpill, resolveAlertRef, resolveTrailingDuration } from '../src/core/alerts/refs.ts';
import { alertCardReply, alertListReply } from '../src/core/alerts/replies.ts';
import { effectiveRoutes } from '../src/core/alerts/routes.ts';
import type { Verdict } from '../src/core/alerts/verdict.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, defineCommand, type CommandContext } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import { jobNameOf, TASK_NAMES } from '../src/alerts/tasks.ts';
import { judge, type CheckContext } from '../src/health/pass.ts';
import { checkAction, routeAction } from './alert-admin.ts';
import { carrierFilter } from './shared-options.ts';

const alertRef = () =>
  opt.custom({ label: 'Alert', description: 'Alert id (8 characters are enough) or carrier and kind, e.g. "Acme consecutive_failures"', required: true, positional: true, resolve: resolveAlertRef });

export const checkContext = (ctx: CommandContext): CheckContext => ({ store: ctx.store, settings: ctx.deps.health, now: ctx.deps.now, syncEnabled: ctx.deps.syncEnabled });

const LIST_STATES = [...ALERT_STATES, 'all'] as const;

const list = defineAction({
  name: 'list',
  description: 'Open alerts (or by state), maintenance windows and where alerts go',
  role: 'viewer',
  mutates: false,
  options: {
    carrier: carrierFilter('Only this carrier'),
    state: opt.choice({ label: 'State', description: `${LIST_STATES.join(', ')} (default: all but resolved)`, choices: LIST_STATES, positional: true }),
    limit: opt.integer({ label: 'Limit', description: 'At most this many, newest first (default 50)', min: 1, max: 500 }),
  },
  handler: async (ctx, a) => {
    let carrierName: string | undefined = a.carrier ?? undefined;
    let state: (typeof LIST_STATES)[number] | undefined = a.state ?? undefined;
    // `alert list resolved`: a state typed where the carrier goes.
    const typed = carrierName?.toLowerCase();
    if (typed && !state && (LIST_STATES as readonly string[]).includes(typed)) {
      state = typed as (typeof LIST_STATES)[number];
      carrierName = undefined;
    }
    const carrier = carrierName ? await findCarrier(ctx.store, carrierName) : null;
    const now = ctx.deps.now();
    const states = state === 'all' ? [...ALERT_STATES] : state ? [state as AlertState] : undefined;
    const [alerts, windows, routes, leases] = await Promise.all([
      ctx.store.alerts.list({ carrierIds: carrier ? [carrier.id] : undefined, states, limit: a.limit ?? 50 }),
      ctx.store.alerts.windows({ carrierId: carrier?.id, at: now }),
      effectiveRoutes(ctx.store, ctx.deps.health),
      ctx.store.leases.list(),
    ]);
    const jobs = new Set(TASK_NAMES.map(jobNameOf));
    const failing = leases.filter((l) => jobs.has(l.name) && l.lastError).map((l) => ({ job: l.name, error: l.lastError!, at: l.lastFinishedAt }));
    const what = state === 'all' ? 'Alerts' : state ? `${state[0]!.toUpperCase()}${state.slice(1)} alerts` : 'Open alerts';
    return alertListReply({ alerts, windows, routes, failing, title: `${what}${carrier ? ` on ${carrier.name}` : ''} (${alerts.length})`, now });
  },
});

const show = defineAction({
  name: 'show',
  description: 'One alert: evidence (counts, codes, last calls) and its history',
  role: 'viewer',
  mutates: false,
  options: { alert: alertRef() },
  handler: async (ctx, a) => {
    const alert = await findAlert(ctx.store, a.alert);
    return alertCardReply(alert, await ctx.store.alerts.history(alert.id, 20));
  },
});

const ack = defineAction({
  name: 'ack',
  description: 'Acknowledge an alert: you are on it (no more reminders)',
  role: 'operator',
  mutates: true,
  options: { alert: alertRef() },
  handler: async (ctx, a) => {
    const alert = await ackAlert(ctx, await findAlert(ctx.store, a.alert));
    return reply({ tone: 'ok', text: `Alert ${alertLabel(alert)} acknowledged by ${alert.ackedBy}.` });
  },
});

const snooze = defineAction({
  name: 'snooze',
  description: 'Snooze an alert: no reminders for 30m, 1h, 4h, 24h or e.g. 90m, 2h30m, 2d',
  role: 'operator',
  mutates: true,
  options: {
    alert: alertRef(),
    duration: opt.custom({ label: 'Duration', description: '30m, 1h, 4h, 24h, or a custom length like 90m, 2h30m, 2d (at most 7d)', required: true, positional: true, resolve: resolveTrailingDuration(SNOOZE_MAX_MINUTES) }),
  },
  handler: async (ctx, a) => {
    const alert = await snoozeAlert(ctx, await findAlert(ctx.store, joinSpill(a.alert, a.duration.spill)), a.duration.ms);
    return reply({ tone: 'ok', text: `Alert ${alertLabel(alert)} snoozed for ${formatDuration(a.duration.ms)}, until ${timeToken(alert.snoozedUntil!, 'full')}.` });
  },
});

/** The check's verdict for this incident's subject now, or null when it cannot be judged (e.g. sync not configured). */
async function verdictNow(ctx: CommandContext, alert: AlertRecord): Promise<Verdict | null> {
  const check = CHECK_NAMES.find((c) => (CHECKS[c] as readonly string[]).includes(alert.kind))!;
  const verdicts = await judge(checkContext(ctx), check, ctx.deps.now(), alert.carrierId ? { carrierIds: [alert.carrierId] } : {});
  return typeof verdicts === 'string' ? null : (verdicts.find((v) => v.kind === alert.kind && v.carrierId === alert.carrierId) ?? null);
}

const resolve = defineAction({
  name: 'resolve',
  description: 'Resolve an alert by hand (refused while its check still fires: snooze it instead)',
  role: 'operator',
  mutates: true,
  options: { alert: alertRef() },
  handler: async (ctx, a) => {
    const found = await findAlert(ctx.store, a.alert);
    const alert = await resolveAlert(ctx, found, found.state === 'resolved' ? null : await verdictNow(ctx, found));
    return reply({ tone: 'ok', text: `Alert ${alertLabel(alert)} resolved by ${alert.resolvedBy}.` });
  },
});

export const alertCommand = defineCommand({
  name: 'alert',
  description: 'Carrier health alerts: list, show, ack, snooze, resolve; on-call routes; run the checks now',
  actions: [list, show, ack, snooze, resolve, routeAction, checkAction],
});
