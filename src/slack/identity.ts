// Who is calling: the Slack user id, plus the user groups they belong to (for group grants). Group membership
// comes from usergroups.list (scope usergroups:read), cached for a minute and shared by concurrent requests.
import type { WebClient } from '@slack/web-api';
import type { Invocation } from '../core/runtime/invocation.ts';
import type { Logger } from '../logger.ts';

export interface SlackIdentity {
  user(id: string, name?: string): Promise<Invocation['user']>;
}

export function createSlackIdentity(client: WebClient, logger: Logger, ttlMs = 60_000): SlackIdentity {
  let cache: { at: number; groups: Map<string, string[]> } | undefined;
  let loading: Promise<Map<string, string[]>> | undefined;

  async function load(): Promise<Map<string, string[]>> {
    const byUser = new Map<string, string[]>();
    try {
      const res = await client.usergroups.list({ include_users: true });
      for (const g of res.usergroups ?? []) {
        for (const u of g.users ?? []) byUser.set(u, [...(byUser.get(u) ?? []), `slack-group:${g.id}`]);
      }
    } catch (err) {
      // Without usergroups:read, group grants do not apply; user grants still do.
      logger.warn({ err: (err as { data?: { error?: string } }).data?.error ?? String(err) }, 'slack user groups unavailable; group grants ignored');
    }
    cache = { at: Date.now(), groups: byUser };
    return byUser;
  }

  return {
    async user(id, name) {
      const fresh = cache && Date.now() - cache.at < ttlMs ? cache.groups : undefined;
      const groups = fresh ?? (await (loading ??= load().finally(() => (loading = undefined))));
      return { id: `slack:${id}`, name, groups: groups.get(id) ?? [] };
    },
  };
}
