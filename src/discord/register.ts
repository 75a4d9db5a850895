// Registers the slash commands with Discord: in each configured server (shown at once) or globally (may take up
// to an hour). Idempotent: what Discord holds is read first and compared field by field, and the bulk overwrite
// is only sent when something differs — so a deploy step or every start can run it freely.
import { REST, Routes } from 'discord.js';
import type { DiscordConfig } from '../config.ts';
import type { CommandSpec } from '../core/runtime/command.ts';
import { toDiscordCommands, type DiscordCommand } from './commands.ts';

export interface RegistrationResult {
  /** 'global' or the server id. */
  scope: string;
  changed: boolean;
  /** Commands added, changed or removed (empty when unchanged). */
  differences: string[];
  count: number;
}

export function createRest(config: Pick<DiscordConfig, 'token' | 'apiUrl'>): REST {
  return new REST({ version: '10', ...(config.apiUrl ? { api: config.apiUrl } : {}) }).setToken(config.token);
}

export async function registerCommands(rest: REST, config: Pick<DiscordConfig, 'applicationId' | 'guildIds'>, specs: CommandSpec[]): Promise<RegistrationResult[]> {
  const desired = toDiscordCommands(specs);
  const scopes = config.guildIds.length ? config.guildIds : ['global'];
  const results: RegistrationResult[] = [];
  for (const scope of scopes) {
    const route = scope === 'global' ? Routes.applicationCommands(config.applicationId) : Routes.applicationGuildCommands(config.applicationId, scope);
    const current = (await rest.get(route)) as DiscordCommand[];
    const differences = diffCommands(current, desired);
    if (differences.length) await rest.put(route, { body: desired });
    results.push({ scope, changed: differences.length > 0, differences, count: desired.length });
  }
  return results;
}

/** Names of the commands that differ (added, removed or changed) between what Discord holds and what we want. */
export function diffCommands(current: DiscordCommand[], desired: DiscordCommand[]): string[] {
  const have = new Map(current.map((c) => [c.name, canonical(c)]));
  const want = new Map(desired.map((c) => [c.name, canonical(c)]));
  const out: string[] = [];
  for (const [name, c] of want) if (have.get(name) !== c) out.push(have.has(name) ? `changed /${name}` : `added /${name}`);
  for (const name of have.keys()) if (!want.has(name)) out.push(`removed /${name}`);
  return out;
}

const FIELDS = ['type', 'name', 'description', 'required', 'choices', 'autocomplete', 'min_value', 'max_value', 'min_length', 'max_length', 'options', 'default_member_permissions', 'contexts', 'integration_types', 'nsfw'] as const;
/** Values Discord fills in (or leaves out) when they are the default. */
const DEFAULTS: Record<string, unknown> = { required: false, autocomplete: false, nsfw: false, default_member_permissions: null, type: 1 };

/** A stable JSON form of a command or option with Discord's defaults dropped, so equal commands compare equal. */
function canonical(node: unknown): string {
  return JSON.stringify(normalise(node, true));
}

function normalise(node: unknown, top: boolean): unknown {
  if (Array.isArray(node)) return node.map((n) => normalise(n, false));
  if (node === null || typeof node !== 'object') return node;
  const o = node as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  for (const k of FIELDS) {
    let v = o[k];
    if (v === undefined) continue;
    // type 1 is the default only for a command; for an option it means SUB_COMMAND.
    if (k === 'type' && !top) {
      out[k] = v;
      continue;
    }
    if (k in DEFAULTS && JSON.stringify(v) === JSON.stringify(DEFAULTS[k])) continue;
    if ((k === 'options' || k === 'choices') && Array.isArray(v) && v.length === 0) continue;
    if (k === 'options' || k === 'choices') v = normalise(v, false);
    out[k] = v;
  }
  return out;
}
