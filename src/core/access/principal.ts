// Principals: who a grant is for — a user or a group on a platform — written as namespaced ids.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

export const PRINCIPAL_KINDS = ['slack', 'slack-group', 'discord', 'discord-role', 'console'] as const;

const PATTERN = /^(slack|slack-group|discord|discord-role|console):([A-Za-z0-9_.-]{1,64})$/;

/**
 * Accepts `slack:U0123ABCD`, `slack-group:S0123`, `discord:8035…`, `discord-role:1234`, `console:local`,
 * and pasted mentions: Slack `<@U0123|name>` and `<!subteam^S0123>`, Discord `<@123>`, `<@!123>`, `<@&456>`.
 */
export function resolvePrincipal(raw: string): Resolved<string> {
  const v = raw.trim();
  let m = /^<@([UW][A-Z0-9]+)(\|[^>]*)?>$/.exec(v);
  if (m) return ok(`slack:${m[1]}`);
  m = /^<!subteam\^([A-Z0-9]+)(\|[^>]*)?>$/.exec(v);
  if (m) return ok(`slack-group:${m[1]}`);
  m = /^<@!?(\d{5,25})>$/.exec(v);
  if (m) return ok(`discord:${m[1]}`);
  m = /^<@&(\d{5,25})>$/.exec(v);
  if (m) return ok(`discord-role:${m[1]}`);
  if (PATTERN.test(v)) return ok(v);
  return fail(
    'use platform:id — slack:U0123ABCD, slack-group:S0123ABCD, discord:80351110224678912, discord-role:1234567890 — or paste a mention',
  );
}
