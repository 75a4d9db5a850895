// Bots: the LiveKit agents DIDs route inbound calls to.
import type { CommandContext } from '../runtime/command.ts';
import { NotFoundError, ValidationError } from '../runtime/errors.ts';
import type { Bot } from '../store.ts';

export async function addBot(ctx: CommandContext, input: { name: string; agentName: string }): Promise<Bot> {
  if (await ctx.store.bots.findByName(input.name)) {
    throw new ValidationError([{ field: 'name', label: 'Name', message: `a bot named "${input.name}" already exists; names are unique, ignoring case` }]);
  }
  const bot = await ctx.store.bots.insert(input);
  ctx.audit({ action: 'bot.add', entityType: 'bot', entityId: bot.id, entityName: bot.name, carrierId: null, before: null, after: { name: bot.name, agentName: bot.agentName } });
  return bot;
}

export async function findBotByName(ctx: CommandContext, name: string): Promise<Bot> {
  const bot = await ctx.store.bots.findByName(name);
  if (!bot) throw new NotFoundError(`No bot named "${name}". Run \`bot list\` to see the bots.`);
  return bot;
}

/** Renames a bot or points it at another LiveKit agent; every carrier with a number routed to it is re-synced. */
export async function editBot(ctx: CommandContext, bot: Bot, change: { name?: string; agentName?: string }): Promise<{ bot: Bot; carriers: number }> {
  const next = { name: change.name ?? bot.name, agentName: change.agentName ?? bot.agentName };
  if (next.name.toLowerCase() !== bot.name.toLowerCase() && (await ctx.store.bots.findByName(next.name))) {
    throw new ValidationError([{ field: 'new_name', label: 'New name', message: `a bot named "${next.name}" already exists; names are unique, ignoring case` }]);
  }
  const updated = await ctx.store.bots.update(bot.id, next);
  const carrierIds = [...new Set((await ctx.store.dids.list({ botId: bot.id })).map((d) => d.carrierId))];
  ctx.requestSync(carrierIds);
  ctx.audit({
    action: 'bot.edit',
    entityType: 'bot',
    entityId: bot.id,
    entityName: updated.name,
    carrierId: null,
    before: { name: bot.name, agentName: bot.agentName },
    after: { name: updated.name, agentName: updated.agentName },
  });
  return { bot: updated, carriers: carrierIds.length };
}

/** Removes the bot; numbers routed to it keep the reference and show "Bot not found" until reassigned. */
export async function removeBot(ctx: CommandContext, bot: Bot): Promise<number> {
  const routed = await ctx.store.dids.list({ botId: bot.id });
  await ctx.store.bots.delete(bot.id);
  // Their dispatch rules go: a number without a bot takes no calls.
  ctx.requestSync([...new Set(routed.map((d) => d.carrierId))]);
  ctx.audit({
    action: 'bot.remove',
    entityType: 'bot',
    entityId: bot.id,
    entityName: bot.name,
    carrierId: null,
    before: { name: bot.name, agentName: bot.agentName, numbers: routed.map((d) => d.number) },
    after: null,
  });
  return routed.length;
}
