// Who is calling: the Discord user id and the ids of their roles in the server, namespaced for grants
// (`discord:…`, `discord-role:…`). Works whether or not discord.js has the server cached: an uncached member
// arrives as raw API data with role ids as strings. The server id stands for @everyone.
import type { Interaction } from 'discord.js';
import type { Invocation } from '../core/runtime/invocation.ts';

export function discordUser(i: Interaction): Invocation['user'] {
  const m = i.member;
  let roles: string[] = [];
  let nick: string | null | undefined;
  if (m) {
    if (Array.isArray(m.roles)) roles = m.roles;
    else roles = [...m.roles.cache.keys()];
    nick = 'displayName' in m && typeof m.displayName === 'string' ? m.displayName : (m as { nick?: string | null }).nick;
  }
  const groups = [...new Set([...roles, ...(i.guildId ? [i.guildId] : [])])].map((r) => `discord-role:${r}`);
  return { id: `discord:${i.user.id}`, name: nick ?? i.user.globalName ?? i.user.username, groups };
}
