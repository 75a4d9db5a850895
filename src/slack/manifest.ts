// The Slack app manifest, generated from the command specs: one slash command per top-level command, the
// scopes and events the adapter uses, interactivity, and Socket Mode or the HTTP request URLs.
import type { CommandSpec } from '../core/runtime/command.ts';

export interface ManifestOptions {
  /** Public base URL of the bot for HTTP mode (https://bot.example.com); without it the manifest is for Socket Mode. */
  url?: string;
  /** Before every slash command name, when the plain names clash with other apps (SLACK_COMMAND_PREFIX). */
  prefix?: string;
  name?: string;
}

/** Bot scopes and why each is needed. */
export const BOT_SCOPES: Record<string, string> = {
  commands: 'slash commands',
  'chat:write': 'answers, alerts and progress messages',
  'files:read': 'download CSV files shared with the bot (rate decks, number lists)',
  'files:write': 'send the files a command produces (rate-card downloads, charts)',
  'im:write': 'open a direct message to hand a private file to the person who asked for it',
  'usergroups:read': 'grants to Slack user groups',
  'channels:history': 'commands in messages that mention the bot, with files, in public channels',
  'groups:history': 'the same in private channels the bot is in',
  'im:history': 'commands sent to the bot by direct message',
};

export const BOT_EVENTS = ['app_home_opened', 'message.channels', 'message.groups', 'message.im'];

export function buildManifest(commands: CommandSpec[], opts: ManifestOptions = {}): Record<string, unknown> {
  const name = opts.name ?? 'trunkops';
  const endpoint = opts.url ? `${opts.url.replace(/\/+$/, '')}/slack/events` : undefined;
  return {
    _metadata: { major_version: 1, minor_version: 1 },
    display_information: {
      name,
      description: 'SIP carriers, phone numbers and rate cards, synced to LiveKit',
      background_color: '#1d3557',
    },
    features: {
      app_home: { home_tab_enabled: true, messages_tab_enabled: true, messages_tab_read_only_enabled: false },
      bot_user: { display_name: name, always_online: true },
      slash_commands: commands.map((c) => ({
        command: `/${opts.prefix ?? ''}${c.name}`,
        description: c.description.slice(0, 100),
        usage_hint: usage(c).slice(0, 1000),
        // Mentions arrive as <@U…|name>, so `access grant principal=@someone` gets the user id.
        should_escape: true,
        ...(endpoint ? { url: endpoint } : {}),
      })),
    },
    oauth_config: { scopes: { bot: Object.keys(BOT_SCOPES) } },
    settings: {
      event_subscriptions: { ...(endpoint ? { request_url: endpoint } : {}), bot_events: BOT_EVENTS },
      interactivity: { is_enabled: true, ...(endpoint ? { request_url: endpoint, message_menu_options_url: endpoint } : {}) },
      org_deploy_enabled: false,
      socket_mode_enabled: !endpoint,
      token_rotation_enabled: false,
    },
  };
}

function usage(c: CommandSpec): string {
  if (c.run) {
    const positional = Object.entries(c.run.options).filter(([, o]) => o.positional && !o.hidden).map(([n]) => `[${n}]`);
    return positional.join(' ');
  }
  const subs = [...(c.actions ?? []).map((a) => a.name), ...(c.groups ?? []).map((g) => `${g.name} ${g.actions.map((a) => a.name).join('|')}`)];
  return `${subs.join(' | ')} — or help`;
}
