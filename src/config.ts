// The only reader of process.env: one zod schema over an injected env, every problem reported at once.
import { validate as validateCronExpression } from 'node-cron';
import { z } from 'zod';
import { ROLES, type Role } from './core/access/roles.ts';
import type { HealthSettings } from './core/alerts/settings.ts';
import { healthConfig, healthEnvShape, type HealthSchedules } from './config-health.ts';

/** Variables whose values must never reach a log line, a reply or an error message. */
export const SECRET_VARIABLES = ['TRUNKOPS_SECRET_KEY', 'DATABASE_URL', 'SLACK_BOT_TOKEN', 'SLACK_APP_TOKEN', 'SLACK_SIGNING_SECRET', 'DISCORD_TOKEN', 'LIVEKIT_API_SECRET', 'CALL_EVENTS_TOKEN', 'METRICS_TOKEN'] as const;

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

const principalPattern = /^(slack|slack-group|discord|discord-role|console):[A-Za-z0-9_.-]{1,64}$/;

const blankToUndefined = (v: unknown) => (typeof v === 'string' && v.trim() === '' ? undefined : v);

const envSchema = z.object({
  NODE_ENV: z.preprocess(blankToUndefined, z.enum(['development', 'production', 'test']).default('development')),
  LOG_LEVEL: z.preprocess(blankToUndefined, z.enum(LOG_LEVELS).default('info')),
  PORT: z.preprocess(
    blankToUndefined,
    z.coerce.number().int().min(0).max(65535).default(3000),
  ),
  DATA_DIR: z.preprocess(blankToUndefined, z.string().default('./data')),
  DATABASE_URL: z.preprocess(
    blankToUndefined,
    z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'use a postgres:// or postgresql:// connection URL')
      .optional(),
  ),
  TRUNKOPS_SECRET_KEY: z.preprocess(
    blankToUndefined,
    z
      .string()
      .refine((v) => decodeKey(v) !== undefined, 'use 32 random bytes as 64 hex characters or base64 (openssl rand -base64 32)')
      .optional(),
  ),
  TRUNKOPS_ADMINS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((v) =>
        v
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean),
      )
      .refine(
        (list) => list.every((p) => principalPattern.test(p)),
        'use a comma-separated list of platform:user-id, e.g. slack:U0123ABCD,discord:80351110224678912',
      ),
  ),
  TRUNKOPS_DEFAULT_ROLE: z.preprocess(blankToUndefined, z.enum([...ROLES, 'none']).default('none')),
  TRUNKOPS_CONSOLE_USER: z.preprocess(blankToUndefined, z.string().min(1).max(64).optional()),
  TRUNKOPS_DOWNLOAD_DIR: z.preprocess(blankToUndefined, z.string().default('.')),
  RATECARD_ACTIVATION_CRON: z.preprocess(
    blankToUndefined,
    z.string().refine((v) => validateCron(v), 'use a cron expression, e.g. "* * * * *" (every minute), or "off"').default('* * * * *'),
  ),
  RATECARD_STALE_DAYS: z.preprocess(blankToUndefined, z.coerce.number().int().min(1, 'use a whole number of days from 1 to 3650').max(3650, 'use a whole number of days from 1 to 3650').default(90)),
  UPLOAD_MAX_MB: z.preprocess(blankToUndefined, z.coerce.number().min(1).max(1024).default(50)),
  SLACK_BOT_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xoxb-[A-Za-z0-9-]+$/, 'use the Bot User OAuth Token (starts with xoxb-)').optional()),
  SLACK_APP_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^xapp-[A-Za-z0-9-]+$/, 'use an app-level token with connections:write (starts with xapp-)').optional()),
  SLACK_SIGNING_SECRET: z.preprocess(blankToUndefined, z.string().regex(/^[0-9a-f]{16,64}$/i, 'use the Signing Secret from Basic Information (hex)').optional()),
  SLACK_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'use an http(s) URL ending in /api/' }).optional()),
  SLACK_COMMAND_PREFIX: z.preprocess(blankToUndefined, z.string().regex(/^[a-z0-9_-]{0,16}$/, 'use up to 16 lower-case letters, digits, - or _').default('')),
  DISCORD_TOKEN: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]{2,}$/, 'use the bot token from the Developer Portal (Bot → Reset Token), without "Bot " in front').optional()),
  DISCORD_APPLICATION_ID: z.preprocess(blankToUndefined, z.string().regex(/^\d{17,20}$/, 'use the Application ID from General Information (17–20 digits)').optional()),
  DISCORD_GUILD_IDS: z.preprocess(
    blankToUndefined,
    z
      .string()
      .default('')
      .transform((v) => v.split(',').map((s) => s.trim()).filter(Boolean))
      .refine((list) => list.every((id) => /^\d{17,20}$/.test(id)), 'use a comma-separated list of server (guild) ids, 17–20 digits each (Developer Mode → right-click the server → Copy Server ID)'),
  ),
  DISCORD_API_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^https?$/, error: 'use an http(s) URL such as https://discord.com/api' }).optional()),
  DISCORD_DEFER_AFTER_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0, 'use 0 (defer every answer at once) to 2500').max(2500, 'use at most 2500: Discord wants a first response within 3 s').default(2000)),
  LIVEKIT_URL: z.preprocess(blankToUndefined, z.url({ protocol: /^(https?|wss?)$/, error: 'use the server URL, e.g. https://my-project.livekit.cloud or http://localhost:7880' }).optional()),
  LIVEKIT_API_KEY: z.preprocess(blankToUndefined, z.string().regex(/^[A-Za-z0-9_-]{3,64}$/, 'use the API key from the LiveKit project settings (letters, digits, - or _)').optional()),
  LIVEKIT_API_SECRET: z.preprocess(blankToUndefined, z.string().min(16, 'use the API secret that belongs to LIVEKIT_API_KEY (at least 16 characters)').optional()),
  CALL_EVENTS_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(16, 'use a random token of at least 16 characters (openssl rand -hex 32)')
      .regex(/^[\x21-\x7e]+$/, 'use printable ASCII without spaces (openssl rand -hex 32)')
      .optional(),
  ),
  METRICS_TOKEN: z.preprocess(
    blankToUndefined,
    z
      .string()
      .min(16, 'use a random token of at least 16 characters (openssl rand -hex 32), or leave it unset for an open /metrics')
      .regex(/^[\x21-\x7e]+$/, 'use printable ASCII without spaces (openssl rand -hex 32)')
      .optional(),
  ),
  ALERT_DIGEST_AT: z.preprocess(blankToUndefined, z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'use a UTC time as HH:MM, e.g. 08:30').optional()),
  LIVEKIT_REQUEST_TIMEOUT: z.preprocess(blankToUndefined, z.coerce.number().min(1).max(60).default(10)),
  LIVEKIT_RECONCILE_CRON: z.preprocess(
    blankToUndefined,
    z.string().refine((v) => validateCron(v), 'use a cron expression, e.g. "*/15 * * * *" (every 15 minutes), or "off"').default('*/15 * * * *'),
  ),
  ALERT_SLACK_CHANNEL: z.preprocess(blankToUndefined, z.string().regex(/^[CG][A-Z0-9]{6,20}$/, 'use the channel id (C…), not its name: in Slack open the channel → its name → the id at the bottom of About').optional()),
  ALERT_DISCORD_CHANNEL: z.preprocess(blankToUndefined, z.string().regex(/^\d{17,20}$/, 'use the channel id (Developer Mode → right-click the channel → Copy Channel ID)').optional()),
  ALERT_STORM_THRESHOLD: z.preprocess(blankToUndefined, z.coerce.number().int().min(1, 'use a whole number from 1 to 1000').max(1000, 'use a whole number from 1 to 1000').default(5)),
  ALERT_EDIT_DEBOUNCE_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(0, 'use 0 to 600000 milliseconds').max(600_000, 'use 0 to 600000 milliseconds').default(5000)),
  ALERT_DELIVERY_INTERVAL_MS: z.preprocess(blankToUndefined, z.coerce.number().int().min(100, 'use 100 to 60000 milliseconds').max(60_000, 'use 100 to 60000 milliseconds').default(2000)),
  // Health checks and the alert engine (issue 7): thresholds and job schedules.
  ...healthEnvShape,
});

export interface Config {
  nodeEnv: 'development' | 'production' | 'test';
  logLevel: (typeof LOG_LEVELS)[number];
  port: number;
  dataDir: string;
  /** Postgres server URL; undefined means the embedded PGlite database in dataDir. */
  databaseUrl?: string;
  /** 32-byte AES key, or undefined to use (or create) the key file in dataDir (embedded database only). */
  secretKey?: Buffer;
  admins: string[];
  defaultRole: Role | 'none';
  consoleUser: string;
  /** Where the console saves files a command hands over (rate-card downloads); relative to the working directory. */
  downloadDir: string;
  /** Largest file a chat upload may be; each command has its own, lower limit too. */
  uploadMaxBytes: number;
  /** A rate card without a new revision for this many days is flagged stale. */
  rateCardStaleDays: number;
  /** When scheduled rate-card revisions are checked (node-cron syntax), or null for never (by hand only). */
  rateCardActivationCron: string | null;
  /** Bearer token of the call-event API and the dialler read API; undefined turns both off (503). */
  callEventsToken?: string;
  /** Bearer token GET /metrics asks for; undefined leaves /metrics open (firewall it, or set one). */
  metricsToken?: string;
  /** Daily digest time (HH:MM UTC) for the channels that come from ALERT_*_CHANNEL; `alert route … digest_at=` sets its own. */
  digestAt: string | null;
  slack?: SlackConfig;
  discord?: DiscordConfig;
  livekit?: LiveKitConfig;
  alerts: AlertsConfig;
  /** Health-check thresholds, alert hysteresis / reminders, and the default on-call channels. */
  health: HealthSettings;
  /** When the check, heartbeat and alert-housekeeping jobs run (null: by hand only). */
  healthSchedules: HealthSchedules;
}

export interface AlertsConfig {
  /** Default on-call channels per platform (`alert route` overrides them). */
  slackChannel?: string;
  discordChannel?: string;
  /** More than this many incidents opened in one channel within a minute are summarised in one digest message. */
  stormThreshold: number;
  /** A burst of changes to an alert within this time becomes one edit of its message. */
  editDebounceMs: number;
  /** How often the delivery worker looks for messages to post, edit or thread. */
  deliveryIntervalMs: number;
}

export interface DiscordConfig {
  token: string;
  applicationId: string;
  /** Commands are registered in these servers (instantly); empty means global registration (up to an hour to show). */
  guildIds: string[];
  /** REST base URL without the version (`https://discord.com/api`); a proxy or tests. */
  apiUrl?: string;
  /** Milliseconds to wait for an answer before deferring it; 0 defers every answer at once. */
  deferAfterMs: number;
}

export interface LiveKitConfig {
  url: string;
  apiKey: string;
  apiSecret: string;
  /** Seconds before a LiveKit API call is abandoned (the SDK's requestTimeout). */
  requestTimeoutSec: number;
  /** When the full reconcile runs (node-cron syntax), or null for never (it can still be run by hand). */
  reconcileCron: string | null;
}

export interface SlackConfig {
  botToken: string;
  /** Socket Mode when set (no inbound port); otherwise HTTP mode on /slack/events with the signing secret. */
  appToken?: string;
  signingSecret?: string;
  /** Web API base URL, ending in /api/ (proxies, tests). */
  apiUrl?: string;
  /** Put before every slash command name (`trunk-carrier`) when the plain names clash with other apps. */
  commandPrefix: string;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`trunkops cannot start: ${problems.length} configuration problem(s)\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses the environment (process.env unless another is given); throws ConfigError listing every problem. */
export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const parsed = envSchema.safeParse(env);
  const problems: string[] = [];
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const name = String(issue.path[0] ?? 'environment');
      const secret = (SECRET_VARIABLES as readonly string[]).includes(name);
      // zod messages never include the value, so secrets stay out of the report.
      problems.push(`${name}: ${issue.message}${secret ? ' (value hidden)' : ''}`);
    }
    throw new ConfigError(problems);
  }
  const e = parsed.data;
  if (e.DATABASE_URL && !e.TRUNKOPS_SECRET_KEY) {
    problems.push(
      'TRUNKOPS_SECRET_KEY: required when DATABASE_URL is set, so every replica can read the encrypted SIP passwords (openssl rand -base64 32)',
    );
  }
  if (e.SLACK_BOT_TOKEN && !e.SLACK_APP_TOKEN && !e.SLACK_SIGNING_SECRET) {
    problems.push('SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required with SLACK_BOT_TOKEN (app token for Socket Mode, signing secret for HTTP mode)');
  }
  if (!e.SLACK_BOT_TOKEN && (e.SLACK_APP_TOKEN || e.SLACK_SIGNING_SECRET)) {
    problems.push('SLACK_BOT_TOKEN: required when SLACK_APP_TOKEN or SLACK_SIGNING_SECRET is set (OAuth & Permissions → Bot User OAuth Token)');
  }
  if (Boolean(e.DISCORD_TOKEN) !== Boolean(e.DISCORD_APPLICATION_ID)) {
    problems.push(
      e.DISCORD_TOKEN
        ? 'DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (Developer Portal → General Information → Application ID)'
        : 'DISCORD_TOKEN: required with DISCORD_APPLICATION_ID (Developer Portal → Bot → Reset Token)',
    );
  }
  if (!e.DISCORD_TOKEN && (e.DISCORD_GUILD_IDS.length || e.DISCORD_API_URL)) {
    problems.push('DISCORD_TOKEN and DISCORD_APPLICATION_ID: required when DISCORD_GUILD_IDS or DISCORD_API_URL is set');
  }
  const livekitVars = [e.LIVEKIT_URL, e.LIVEKIT_API_KEY, e.LIVEKIT_API_SECRET];
  if (livekitVars.some(Boolean) && !livekitVars.every(Boolean)) {
    const missing = (['LIVEKIT_URL', 'LIVEKIT_API_KEY', 'LIVEKIT_API_SECRET'] as const).filter((_, i) => !livekitVars[i]);
    problems.push(`${missing.join(', ')}: LiveKit sync needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together (leave all three unset to run without sync)`);
  }
  if (problems.length) throw new ConfigError(problems);
  return {
    nodeEnv: e.NODE_ENV,
    logLevel: e.LOG_LEVEL,
    port: e.PORT,
    dataDir: e.DATA_DIR,
    databaseUrl: e.DATABASE_URL,
    secretKey: e.TRUNKOPS_SECRET_KEY ? decodeKey(e.TRUNKOPS_SECRET_KEY) : undefined,
    admins: e.TRUNKOPS_ADMINS,
    defaultRole: e.TRUNKOPS_DEFAULT_ROLE,
    consoleUser: e.TRUNKOPS_CONSOLE_USER ?? 'local',
    downloadDir: e.TRUNKOPS_DOWNLOAD_DIR,
    uploadMaxBytes: Math.round(e.UPLOAD_MAX_MB * 1024 * 1024),
    rateCardStaleDays: e.RATECARD_STALE_DAYS,
    rateCardActivationCron: e.RATECARD_ACTIVATION_CRON === 'off' ? null : e.RATECARD_ACTIVATION_CRON,
    callEventsToken: e.CALL_EVENTS_TOKEN,
    metricsToken: e.METRICS_TOKEN,
    digestAt: e.ALERT_DIGEST_AT ?? null,
    slack: e.SLACK_BOT_TOKEN
      ? {
          botToken: e.SLACK_BOT_TOKEN,
          appToken: e.SLACK_APP_TOKEN,
          signingSecret: e.SLACK_SIGNING_SECRET,
          apiUrl: e.SLACK_API_URL ? e.SLACK_API_URL.replace(/\/?$/, '/') : undefined,
          commandPrefix: e.SLACK_COMMAND_PREFIX,
        }
      : undefined,
    discord:
      e.DISCORD_TOKEN && e.DISCORD_APPLICATION_ID
        ? { token: e.DISCORD_TOKEN, applicationId: e.DISCORD_APPLICATION_ID, guildIds: e.DISCORD_GUILD_IDS, apiUrl: e.DISCORD_API_URL?.replace(/\/+$/, ''), deferAfterMs: e.DISCORD_DEFER_AFTER_MS }
        : undefined,
    livekit:
      e.LIVEKIT_URL && e.LIVEKIT_API_KEY && e.LIVEKIT_API_SECRET
        ? {
            url: e.LIVEKIT_URL,
            apiKey: e.LIVEKIT_API_KEY,
            apiSecret: e.LIVEKIT_API_SECRET,
            requestTimeoutSec: e.LIVEKIT_REQUEST_TIMEOUT,
            reconcileCron: e.LIVEKIT_RECONCILE_CRON === 'off' ? null : e.LIVEKIT_RECONCILE_CRON,
          }
        : undefined,
    alerts: {
      slackChannel: e.ALERT_SLACK_CHANNEL,
      discordChannel: e.ALERT_DISCORD_CHANNEL,
      stormThreshold: e.ALERT_STORM_THRESHOLD,
      editDebounceMs: e.ALERT_EDIT_DEBOUNCE_MS,
      deliveryIntervalMs: e.ALERT_DELIVERY_INTERVAL_MS,
    },
    ...healthConfig(e),
  };
}

/** A copy of the config that is safe to log: secrets replaced by a marker. */
export function redactConfig(config: Config): Record<string, unknown> {
  return {
    ...config,
    databaseUrl: config.databaseUrl ? redactUrl(config.databaseUrl) : undefined,
    secretKey: config.secretKey ? '[redacted]' : undefined,
    callEventsToken: config.callEventsToken ? '[redacted]' : undefined,
    metricsToken: config.metricsToken ? '[redacted]' : undefined,
    slack: config.slack
      ? {
          ...config.slack,
          botToken: '[redacted]',
          appToken: config.slack.appToken ? '[redacted]' : undefined,
          signingSecret: config.slack.signingSecret ? '[redacted]' : undefined,
        }
      : undefined,
    discord: config.discord ? { ...config.discord, token: '[redacted]' } : undefined,
    livekit: config.livekit ? { ...config.livekit, apiSecret: '[redacted]' } : undefined,
  };
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = 'redacted';
    return u.toString();
  } catch {
    return '[redacted]';
  }
}

function decodeKey(raw: string): Buffer | undefined {
  const v = raw.trim();
  if (/^[0-9a-fA-F]{64}$/.test(v)) return Buffer.from(v, 'hex');
  if (/^[A-Za-z0-9+/_-]{43}=?$/.test(v)) {
    const b = Buffer.from(v.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
    if (b.length === 32) return b;
  }
  return undefined;
}

function validateCron(v: string): boolean {
  return v === 'off' || validateCronExpression(v);
}
