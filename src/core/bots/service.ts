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

/** Removes the bot; numbers routed to it keep the reference and show "Bot not found" until reassigned. */
export async function removeBot(ctx: CommandContext, bot: Bot): Promise<number> {
  const routed = await ctx.store.dids.list({ botId: bot.id });
  await ctx.store.bots.delete(bot.id);
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
