// /alert route and /alert check — where alerts go (per platform, overriding ALERT_SLACK_CHANNEL /
// ALERT_DISCORD_CHANNEL), and running the checks and alert jobs now, as their schedules would.
import { runTask, resolveTaskName, TASK_NAMES } from '../src/alerts/tasks.ts';
import { CHAT_PLATFORMS } from '../src/core/alerts/ports.ts';
import { effectiveRoutes, resolveChannelFor, resolveDigestAt, ROUTE_OFF } from '../src/core/alerts/routes.ts';
import { defineAction } from '../src/core/runtime/command.ts';
import { fieldError } from '../src/core/runtime/errors.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import type { CheckContext } from '../src/health/pass.ts';

export const routeAction = defineAction({
  name: 'route',
  description: 'Send alerts to this Slack or Discord channel (off stops them); digest_at=HH:MM adds a daily digest (UTC)',
  role: 'admin',
  mutates: true,
  options: {
    platform: opt.choice({ label: 'Platform', description: 'slack or discord', required: true, positional: true, choices: CHAT_PLATFORMS }),
    channel: opt.text({ label: 'Channel', description: 'Channel id or #channel mention, or off', required: true, positional: true, max: 100 }),
    digest_at: opt.custom({ label: 'Daily digest', description: 'UTC time HH:MM for a daily list of open alerts, or off', resolve: resolveDigestAt }),
  },
  handler: async (ctx, a) => {
    const channel = resolveChannelFor(a.platform, a.channel);
    if (!channel.ok) throw fieldError('channel', 'Channel', channel.message);
    const before = (await ctx.store.alerts.routes()).find((r) => r.platform === a.platform) ?? null;
    const digestAt = a.digest_at === undefined ? (before?.digestAt ?? null) : a.digest_at;
    const now = ctx.deps.now();
    await ctx.store.alerts.setRoute({ platform: a.platform, channel: channel.value, digestAt: channel.value === ROUTE_OFF ? null : digestAt, updatedBy: ctx.caller.principal, updatedAt: now });
    ctx.audit({
      action: 'alert.route',
      entityType: 'alert_route',
      entityId: a.platform,
      entityName: a.platform,
      carrierId: null,
      before: before ? { channel: before.channel, digestAt: before.digestAt } : null,
      after: { channel: channel.value, digestAt },
    });
    const name = a.platform === 'slack' ? 'Slack' : 'Discord';
    const text =
      channel.value === ROUTE_OFF
        ? `${name} alerts are off. Turn them on again with \`alert route ${a.platform} <channel>\`.`
        : `${name} alerts go to ${channel.value}${digestAt ? `, with a daily digest at ${digestAt} UTC` : ''}. New and changed alerts are posted there; existing messages stay where they are.`;
    const routes = await effectiveRoutes(ctx.store, ctx.deps.health);
    return reply({ tone: 'ok', text, footer: [`Routes now: ${routes.map((r) => `${r.platform} ${r.channel}${r.digestAt ? ` (digest ${r.digestAt})` : ''}`).join(', ') || 'none'}.`] });
  },
});

export const checkAction = defineAction({
  name: 'check',
  description: `Run the health checks and alert jobs now, or one: ${TASK_NAMES.join(', ')}`,
  role: 'operator',
  mutates: false,
  options: { name: opt.custom({ label: 'Check', description: `One of ${TASK_NAMES.join(', ')} (default: all)`, positional: true, resolve: resolveTaskName }) },
  handler: async (ctx, a) => {
    const c: CheckContext = { store: ctx.store, settings: ctx.deps.health, now: ctx.deps.now, syncEnabled: ctx.deps.syncEnabled };
    const tasks = a.name ? [a.name] : TASK_NAMES;
    const outcomes = [];
    for (const t of tasks) {
      if (tasks.length > 1) ctx.progress(`Running ${t}…`);
      outcomes.push(await runTask(c, t));
    }
    const opened = outcomes.reduce((n, o) => n + o.opened, 0);
    const resolved = outcomes.reduce((n, o) => n + o.resolved, 0);
    ctx.audit({ action: 'alert.check', entityType: 'alert', entityId: null, entityName: a.name ?? 'all checks', carrierId: null, before: null, after: { opened, resolved } });
    return reply({
      ephemeral: false,
      tone: opened ? 'warn' : 'ok',
      title: a.name ? `Ran ${a.name}` : `Ran ${outcomes.length} health checks and alert jobs`,
      text: `${opened} alert${opened === 1 ? '' : 's'} opened, ${resolved} resolved. See \`alert list\`.`,
      table: { columns: ['Job', 'Result'], rows: outcomes.map((o) => [o.task, o.text.replace(/^[\w-]+: /, '')]) },
    });
  },
});
