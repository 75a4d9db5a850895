// The command specs as Discord application commands: one slash command per top-level command, subcommands and
// subcommand groups for actions, typed options (required first, as Discord demands), choices, autocomplete for
// entity options, attachment options for files, and a default permission for admin-only commands.
import {
  ApplicationCommandOptionType,
  ApplicationCommandType,
  ApplicationIntegrationType,
  InteractionContextType,
  PermissionFlagsBits,
  type APIApplicationCommandBasicOption,
  type APIApplicationCommandOption,
  type APIApplicationCommandSubcommandOption,
  type RESTPostAPIChatInputApplicationCommandsJSONBody,
} from 'discord.js';
import type { ActionSpec, CommandSpec } from '../core/runtime/command.ts';
import type { OptionDef } from '../core/runtime/options.ts';

export type DiscordCommand = RESTPostAPIChatInputApplicationCommandsJSONBody;

/** Discord's limits on a command (https://discord.com/developers/docs/interactions/application-commands). */
// totalChars: the combined name, description and value characters of a command, its options and choices (Discord refuses
// more with APPLICATION_COMMAND_TOO_LARGE; 4,000, as discord-api-types and Sapphire's ApplicationCommandLimits have it).
export const COMMAND_LIMITS = { description: 100, options: 25, choices: 25, totalChars: 4000 } as const;

const clip = (s: string, max: number) => (s.length <= max ? s : `${s.slice(0, max - 1)}…`);

export function toDiscordCommands(specs: CommandSpec[]): DiscordCommand[] {
  return specs.map((c) => {
    const actions = c.run ? [c.run] : [...(c.actions ?? []), ...(c.groups ?? []).flatMap((g) => g.actions)];
    const options: APIApplicationCommandOption[] = c.run
      ? actionOptions(c.run)
      : [
          ...(c.actions ?? []).map((a) => subcommand(a)),
          ...(c.groups ?? []).map((g) => ({
            type: ApplicationCommandOptionType.SubcommandGroup as const,
            name: g.name,
            description: clip(g.description, COMMAND_LIMITS.description),
            options: g.actions.map((a) => subcommand(a)),
          })),
        ];
    const cmd: DiscordCommand = {
      type: ApplicationCommandType.ChatInput,
      name: c.name,
      description: clip(c.description, COMMAND_LIMITS.description),
      // trunkops checks every caller's role itself; Discord's gate only hides admin-only commands by default
      // (server admins can widen it per role under Server Settings → Integrations).
      default_member_permissions: actions.every((a) => a.role === 'admin') ? PermissionFlagsBits.ManageGuild.toString() : null,
      contexts: [InteractionContextType.Guild],
      integration_types: [ApplicationIntegrationType.GuildInstall],
      options,
    };
    const size = commandChars(cmd);
    if (size > COMMAND_LIMITS.totalChars) throw new Error(`discord command /${c.name} has ${size} characters of names and descriptions; Discord allows ${COMMAND_LIMITS.totalChars}`);
    return cmd;
  });
}

function subcommand(a: ActionSpec): APIApplicationCommandSubcommandOption {
  return { type: ApplicationCommandOptionType.Subcommand, name: a.name, description: clip(a.description, COMMAND_LIMITS.description), options: actionOptions(a) };
}

/** The options a caller can type: hidden options (a form's version) and secrets (typed in the form only) are left out. */
export function registrableOptions(a: ActionSpec): [string, OptionDef][] {
  return Object.entries(a.options).filter(([, o]) => !o.hidden && !o.secret);
}

function actionOptions(a: ActionSpec): APIApplicationCommandBasicOption[] {
  // An action with a form asks for what is missing in the form (`/carrier add` alone opens it), so only its
  // target (a positional option: the carrier being edited) stays required for Discord.
  const opts = registrableOptions(a).map(([name, o]) => option(name, a.form && !o.positional ? { ...o, required: false } : o));
  if (opts.length > COMMAND_LIMITS.options) throw new Error(`action ${a.name} has ${opts.length} options; Discord allows ${COMMAND_LIMITS.options}`);
  // Discord rejects a required option after an optional one.
  return [...opts.filter((o) => o.required), ...opts.filter((o) => !o.required)];
}

function option(name: string, o: OptionDef): APIApplicationCommandBasicOption {
  const base = { name, description: clip(o.description || o.label, COMMAND_LIMITS.description), required: o.required };
  switch (o.kind) {
    case 'attachment':
      return { ...base, type: ApplicationCommandOptionType.Attachment };
    case 'boolean':
      return { ...base, type: ApplicationCommandOptionType.Boolean };
    case 'integer':
      return { ...base, type: ApplicationCommandOptionType.Integer, ...(o.range ? { min_value: o.range.min, max_value: o.range.max } : {}) };
    case 'number':
      // The range is checked by the option's own resolver, whose message names the rule.
      return { ...base, type: ApplicationCommandOptionType.Number };
    default: {
      if (o.choices?.length && o.choices.length <= COMMAND_LIMITS.choices) {
        return { ...base, type: ApplicationCommandOptionType.String, choices: o.choices.map((c) => ({ name: c.replace(/_/g, ' '), value: c })) };
      }
      return {
        ...base,
        type: ApplicationCommandOptionType.String,
        ...(o.entity ? { autocomplete: true } : {}),
        ...(o.maxLength ? { max_length: Math.min(o.maxLength, 6000) } : {}),
      };
    }
  }
}

/** What Discord counts against a command's 8,000 characters: names, descriptions and choice names and values. */
export function commandChars(c: { name: string; description: string; options?: unknown[] }): number {
  let n = c.name.length + c.description.length;
  for (const o of (c.options ?? []) as { name: string; description: string; options?: unknown[]; choices?: { name: string; value: unknown }[] }[]) {
    n += commandChars(o);
    for (const ch of o.choices ?? []) n += ch.name.length + String(ch.value).length;
  }
  return n;
}
