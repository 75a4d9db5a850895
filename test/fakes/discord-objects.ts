// The objects the fake Discord hands out, shaped like Discord API v10 sends them: ids (real snowflakes, so
// discord.js' createdTimestamp works), the bot user, guilds with roles and a text channel (GUILD_CREATE), thread
// channels, members and messages. Constants are re-exported by ./discord.ts, which is what tests import.

export const DISCORD_TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token';
export const APP_ID = '1100000000000000001';
export const GUILD_ID = '1200000000000000001';
export const OTHER_GUILD_ID = '1200000000000000009';
export const CHANNEL_ID = '1300000000000000001';
/** The channel the payload builders use for interactions from a guild other than GUILD_ID. */
export const OTHER_CHANNEL_ID = '1300000000000000009';
export const BOT_USER_ID = '1100000000000000001';

/** Raw Discord JSON: tests index into it freely, as into a parsed response. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- see above
export type Json = any;

const EPOCH = 1420070400000n;
let last = 0n;

/** A fresh snowflake: the time (now unless given) in the high bits; ids made for now strictly increase. */
export function snowflake(at?: number): string {
  let id = (BigInt(at ?? Date.now()) - EPOCH) << 22n;
  if (at !== undefined) return (id + BigInt(Math.floor(Math.random() * 4096))).toString();
  if (id <= last) id = last + 1n;
  last = id;
  return id.toString();
}

export function snowflakeTime(id: string): number {
  return Number((BigInt(id) >> 22n) + EPOCH);
}

export interface FakeMessage {
  id: string;
  channel_id: string;
  content: string;
  embeds: Json[];
  components: Json[];
  flags: number;
  interaction_token?: string;
  webhook_id?: string;
  deleted?: boolean;
  edits: number;
  /** Files uploaded with the message (multipart), as API attachments served by the fake's CDN. */
  attachments?: Json[];
  /** Message type: 20 for the reply to a slash command, 0 otherwise. */
  type?: number;
  /** True while an @original created by a deferred reply (callback type 5) still shows "thinking…". */
  deferred?: boolean;
  edited_at?: number;
  interaction_metadata?: Json;
}

export function botUser(): Json {
  return { id: BOT_USER_ID, username: 'trunkops', discriminator: '0', bot: true, global_name: null, avatar: null, public_flags: 0, flags: 0 };
}

/** The API message object for a stored message (what REST answers and what a component interaction carries). */
export function toApiMessage(m: FakeMessage): Json {
  return {
    id: m.id,
    channel_id: m.channel_id,
    type: m.type ?? 0,
    content: m.content,
    embeds: m.embeds,
    components: m.components,
    attachments: m.attachments ?? [],
    flags: m.flags | (m.deferred ? 128 : 0),
    author: botUser(),
    timestamp: new Date(snowflakeTime(m.id)).toISOString(),
    edited_timestamp: m.edited_at ? new Date(m.edited_at).toISOString() : null,
    tts: false,
    mention_everyone: false,
    mentions: [],
    mention_roles: [],
    pinned: false,
    ...(m.webhook_id ? { webhook_id: m.webhook_id, application_id: APP_ID } : {}),
    ...(m.interaction_metadata ? { interaction_metadata: m.interaction_metadata } : {}),
  };
}

export function textChannel(id: string, guildId: string, name = 'noc'): Json {
  return {
    id,
    type: 0,
    guild_id: guildId,
    name,
    position: 0,
    permission_overwrites: [],
    topic: null,
    nsfw: false,
    last_message_id: null,
    rate_limit_per_user: 0,
    parent_id: null,
    flags: 0,
  };
}

export function threadChannel(id: string, parent: { id: string; guild_id?: string }, name: string, autoArchive = 1440): Json {
  const now = new Date().toISOString();
  return {
    id,
    type: 11,
    guild_id: parent.guild_id,
    parent_id: parent.id,
    owner_id: BOT_USER_ID,
    name,
    last_message_id: null,
    rate_limit_per_user: 0,
    flags: 0,
    message_count: 0,
    member_count: 1,
    total_message_sent: 0,
    thread_metadata: { archived: false, auto_archive_duration: autoArchive, archive_timestamp: now, locked: false, create_timestamp: now },
    member: { id, user_id: BOT_USER_ID, join_timestamp: now, flags: 0 },
  };
}

export function apiRole(guildId: string, r: { id: string; name: string }, position: number): Json {
  return {
    id: r.id,
    name: r.name,
    permissions: r.id === guildId ? '2248473465835073' : '0',
    position,
    color: 0,
    colors: { primary_color: 0, secondary_color: null, tertiary_color: null },
    hoist: false,
    icon: null,
    unicode_emoji: null,
    managed: false,
    mentionable: false,
    flags: 0,
  };
}

export interface GuildSpec {
  id: string;
  roles?: { id: string; name: string }[];
}

/** Every role of a guild, starting with @everyone (whose id is the guild id). */
export function guildRoles(g: GuildSpec): Json[] {
  const roles = [{ id: g.id, name: '@everyone' }, ...(g.roles ?? []).filter((r) => r.id !== g.id)];
  return roles.map((r, i) => apiRole(g.id, r, i));
}

/** The GUILD_CREATE dispatch payload: the guild with its roles, one text channel and no members. */
export function guildCreate(g: GuildSpec, channelId: string): Json {
  return {
    id: g.id,
    name: `guild-${g.id.slice(-4)}`,
    icon: null,
    splash: null,
    discovery_splash: null,
    banner: null,
    description: null,
    owner_id: '1000000000000000001',
    application_id: null,
    afk_channel_id: null,
    afk_timeout: 300,
    verification_level: 0,
    default_message_notifications: 0,
    explicit_content_filter: 0,
    mfa_level: 0,
    nsfw_level: 0,
    premium_tier: 0,
    premium_subscription_count: 0,
    premium_progress_bar_enabled: false,
    preferred_locale: 'en-US',
    system_channel_id: null,
    system_channel_flags: 0,
    rules_channel_id: null,
    public_updates_channel_id: null,
    safety_alerts_channel_id: null,
    vanity_url_code: null,
    max_members: 500000,
    max_video_channel_users: 25,
    max_stage_video_channel_users: 50,
    features: [],
    incidents_data: null,
    roles: guildRoles(g),
    emojis: [],
    stickers: [],
    joined_at: new Date().toISOString(),
    large: false,
    unavailable: false,
    member_count: 2,
    voice_states: [],
    members: [],
    channels: [textChannel(channelId, g.id)],
    threads: [],
    presences: [],
    stage_instances: [],
    guild_scheduled_events: [],
    soundboard_sounds: [],
    lazy: true,
  };
}

/** A guild member as GET /guilds/{id}/members/{user} returns it. */
export function apiMember(userId: string, roles: string[] = [], name = `user${userId.slice(-4)}`): Json {
  return {
    user: { id: userId, username: name, global_name: name, discriminator: '0', avatar: null, public_flags: 0 },
    roles,
    nick: null,
    avatar: null,
    banner: null,
    joined_at: '2024-01-01T00:00:00.000Z',
    premium_since: null,
    deaf: false,
    mute: false,
    flags: 0,
    pending: false,
    communication_disabled_until: null,
  };
}
