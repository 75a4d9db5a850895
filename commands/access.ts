// /access — grant, revoke and list trunkops roles for users and platform groups (Slack user groups, Discord roles).
import { resolvePrincipal } from '../src/core/access/principal.ts';
import { ROLES } from '../src/core/access/roles.ts';
import { defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { UserError } from '../src/core/runtime/errors.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';

const principal = opt.custom({
  label: 'Principal',
  description: 'slack:U…, slack-group:S…, discord:…, discord-role:… or a pasted mention',
  required: true,
  positional: true,
  resolve: resolvePrincipal,
});

const grant = defineAction({
  name: 'grant',
  description: 'Give a user or group a role: admin (everything), operator (day-to-day actions), viewer (read only)',
  role: 'admin',
  mutates: true,
  options: { principal, role: opt.choice({ label: 'Role', description: ROLES.join(', '), choices: ROLES, required: true }) },
  handler: async (ctx, a) => {
    const before = (await ctx.store.grants.find([a.principal]))[0] ?? null;
    await ctx.store.grants.upsert(a.principal, a.role, ctx.caller.principal);
    ctx.audit({ action: 'access.grant', entityType: 'access_grant', entityId: a.principal, entityName: a.principal, carrierId: null, before: before ? { role: before.role } : null, after: { role: a.role } });
    return reply({ tone: 'ok', text: `${a.principal} is now ${a.role}${before ? ` (was ${before.role})` : ''}.` });
  },
});

const revoke = defineAction({
  name: 'revoke',
  description: "Remove a user's or group's role",
  role: 'admin',
  mutates: true,
  options: { principal },
  handler: async (ctx, a) => {
    if (ctx.deps.configAdmins.includes(a.principal)) {
      throw new UserError(`${a.principal} is an admin through TRUNKOPS_ADMINS in the configuration; remove it there and restart.`);
    }
    const before = (await ctx.store.grants.find([a.principal]))[0];
    if (!before || !(await ctx.store.grants.delete(a.principal))) throw new UserError(`${a.principal} has no grant to revoke. Run \`access list\`.`);
    ctx.audit({ action: 'access.revoke', entityType: 'access_grant', entityId: a.principal, entityName: a.principal, carrierId: null, before: { role: before.role }, after: null });
    return reply({ tone: 'ok', text: `${a.principal} no longer has the ${before.role} role.` });
  },
});

const list = defineAction({
  name: 'list',
  description: 'List who has which role',
  role: 'admin',
  mutates: false,
  options: {},
  handler: async (ctx) => {
    const grants = await ctx.store.grants.list();
    const rows = [
      ...ctx.deps.configAdmins.map((p) => [p, 'admin', 'configuration (TRUNKOPS_ADMINS)', '—']),
      ...grants.map((g) => [g.principal, g.role, g.grantedBy, timeToken(g.createdAt)]),
    ];
    if (!rows.length) return reply({ ephemeral: true, title: 'No grants', text: 'Only the local console is admin. Grant a role with `access grant slack:U0123ABCD role=admin`.' });
    return reply({ ephemeral: true, title: `Access (${rows.length})`, table: { columns: ['Principal', 'Role', 'Granted by', 'Since'], rows, mono: [0] } });
  },
});

export const accessCommand = defineCommand({ name: 'access', description: 'Who may do what: grant, revoke, list roles', actions: [grant, revoke, list] });
