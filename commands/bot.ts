// /bot — the bots (LiveKit agents) that answer inbound numbers: add, list, remove.
import { addBot, editBot, findBotByName, removeBot } from '../src/core/bots/service.ts';
import { UserError } from '../src/core/runtime/errors.ts';
import { defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { resolveAgentName, resolveName } from '../src/core/validation/fields.ts';
import { botRef } from './shared-options.ts';

const add = defineAction({
  name: 'add',
  description: 'Add a bot: a name people recognise and the LiveKit agent name that answers',
  role: 'admin',
  mutates: true,
  options: {
    name: opt.custom({ label: 'Name', description: 'Bot name, e.g. "Sales assistant"', required: true, positional: true, resolve: resolveName(80) }),
    agent_name: opt.custom({ label: 'Agent name', description: 'The agent_name the LiveKit agent registers with', required: true, resolve: resolveAgentName }),
  },
  handler: async (ctx, a) => {
    const bot = await addBot(ctx, { name: a.name, agentName: a.agent_name });
    return reply({ tone: 'ok', text: `Bot "${bot.name}" added (LiveKit agent \`${bot.agentName}\`). Route a number to it with \`did edit <number> bot="${bot.name}"\`.` });
  },
});

const list = defineAction({
  name: 'list',
  description: 'List bots with the number of phone numbers routed to each',
  role: 'viewer',
  mutates: false,
  options: {},
  handler: async (ctx) => {
    const bots = await ctx.store.bots.list();
    if (!bots.length) return reply({ ephemeral: true, title: 'No bots yet', text: 'Add one with `bot add "Sales assistant" agent_name=sales-agent`.' });
    return reply({
      ephemeral: true,
      title: `Bots (${bots.length})`,
      table: { columns: ['Name', 'LiveKit agent', 'Numbers'], rows: bots.map((b) => [b.name, b.agentName, String(b.didCount)]), mono: [1] },
    });
  },
});

const edit = defineAction({
  name: 'edit',
  description: 'Rename a bot or point it at another LiveKit agent (its numbers are re-synced)',
  role: 'admin',
  mutates: true,
  options: {
    name: { ...botRef(true, 'Bot to edit'), positional: true },
    new_name: opt.custom({ label: 'New name', description: 'A new name for the bot', resolve: resolveName(80) }),
    agent_name: opt.custom({ label: 'Agent name', description: 'The agent_name the LiveKit agent registers with', resolve: resolveAgentName }),
  },
  handler: async (ctx, a) => {
    const bot = await findBotByName(ctx, a.name);
    if (!a.new_name && !a.agent_name) throw new UserError('Give new_name=… or agent_name=… (or both).');
    const { bot: updated, carriers } = await editBot(ctx, bot, { name: a.new_name ?? undefined, agentName: a.agent_name ?? undefined });
    const synced = carriers ? ` ${carriers} carrier${carriers === 1 ? '' : 's'} with numbers routed to it will be re-synced to LiveKit.` : '';
    return reply({ tone: 'ok', text: `Bot "${updated.name}" saved (LiveKit agent \`${updated.agentName}\`).${synced}` });
  },
});

const remove = defineAction({
  name: 'remove',
  description: 'Remove a bot (numbers routed to it show "Bot not found" until reassigned)',
  role: 'admin',
  mutates: true,
  options: { name: { ...botRef(true, 'Bot to remove'), positional: true } },
  confirm: async (ctx, a) => {
    const bot = await findBotByName(ctx, a.name);
    const routed = await ctx.store.dids.list({ botId: bot.id });
    return {
      title: `Remove bot ${bot.name}?`,
      text: routed.length
        ? `${routed.length} number${routed.length === 1 ? '' : 's'} (${routed.slice(0, 10).map((d) => d.number).join(', ')}) route inbound calls to it and will show "Bot not found" until you assign another bot.`
        : 'No numbers route to it.',
      confirmLabel: 'Remove bot',
    };
  },
  handler: async (ctx, a) => {
    const bot = await findBotByName(ctx, a.name);
    const routed = await removeBot(ctx, bot);
    return reply({ tone: 'ok', text: `Bot "${bot.name}" removed.${routed ? ` ${routed} number${routed === 1 ? '' : 's'} now show "Bot not found".` : ''}` });
  },
});

export const botCommand = defineCommand({ name: 'bot', description: 'Bots that answer inbound numbers: add, edit, list, remove', actions: [add, edit, list, remove] });
