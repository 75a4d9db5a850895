// The Discord adapter on discord.js: a gateway client (no inbound port, like Slack's Socket Mode) with only the
// Guilds intent, the slash commands registered from the specs at start (idempotent), and every interaction
// handed to interactions.ts. zlib-sync is deliberately not installed: the gateway then runs uncompressed JSON.
import { Client, Events, GatewayIntentBits, type ClientOptions } from 'discord.js';
import type { DiscordConfig } from '../config.ts';
import type { CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import { createInteractionStates } from '../core/runtime/interaction-state.ts';
import type { Secrets } from '../core/secrets.ts';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { createInteractionHandler } from './interactions.ts';
import { inviteUrl } from './invite.ts';
import { createRest, registerCommands, type RegistrationResult } from './register.ts';
import { makeRequest } from './rest-request.ts';

export interface DiscordAdapterOptions {
  config: DiscordConfig;
  dispatcher: Dispatcher;
  commands: CommandSpec[];
  store: Store;
  secrets: Secrets;
  logger: Logger;
  uploadMaxBytes: number;
  now?: () => Date;
  /** Overrides DISCORD_DEFER_AFTER_MS (tests). */
  deferAfterMs?: number;
  /** How long to wait for the gateway to be ready. */
  readyTimeoutMs?: number;
}

export interface DiscordAdapter {
  client: Client;
  registration: RegistrationResult[];
  stop(): Promise<void>;
}

export async function startDiscord(opts: DiscordAdapterOptions): Promise<DiscordAdapter> {
  const { config } = opts;
  const logger = opts.logger.child({ component: 'discord' });
  const now = opts.now ?? (() => new Date());

  // Registering first also proves the token: a bad one fails here with a clear message.
  let registration: RegistrationResult[];
  try {
    registration = await registerCommands(createRest(config), config, opts.commands);
  } catch (err) {
    throw new Error(explain(err, config.applicationId), { cause: err });
  }
  for (const r of registration) logger.info({ scope: r.scope, changed: r.changed, differences: r.differences }, 'discord commands registered');

  const clientOptions: ClientOptions = {
    intents: [GatewayIntentBits.Guilds],
    rest: { makeRequest, ...(config.apiUrl ? { api: config.apiUrl } : {}) },
    allowedMentions: { parse: [] },
  };
  const client = new Client(clientOptions);
  const handle = createInteractionHandler({
    dispatcher: opts.dispatcher,
    commands: opts.commands,
    store: opts.store,
    states: createInteractionStates(opts.store, opts.secrets, now),
    logger,
    uploadMaxBytes: opts.uploadMaxBytes,
    guildIds: config.guildIds,
    apiUrl: config.apiUrl,
    deferAfterMs: opts.deferAfterMs ?? config.deferAfterMs,
    now,
  });
  client.on(Events.InteractionCreate, (i) => void handle(i));
  client.on(Events.Error, (err) => logger.error({ err }, 'discord client error'));
  client.on(Events.Warn, (msg) => logger.warn({ detail: msg }, 'discord client warning'));
  client.on(Events.ShardDisconnect, (ev, shard) => logger.warn({ shard, code: ev.code }, 'discord gateway disconnected'));
  client.on(Events.ShardResume, (shard) => logger.info({ shard }, 'discord gateway resumed'));
  // discord.js queues and retries rate-limited requests itself; these only make the waits visible.
  client.rest.on('rateLimited', (info) => logger.warn({ route: info.route, retryAfterMs: info.retryAfter, global: info.global }, 'discord rate limit; the request waits its turn'));
  client.rest.on('response', (req, res) => {
    if (res.status !== 429) return;
    logger.warn({ route: req.route, method: req.method, retryAfterSec: Number(res.headers.get('retry-after')) }, 'discord rate limit; the request waits its turn');
  });

  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('Discord gateway did not become ready in time')), opts.readyTimeoutMs ?? 30_000);
    client.once(Events.ClientReady, () => {
      clearTimeout(timer);
      resolve();
    });
  });
  try {
    await client.login(config.token);
    await ready;
  } catch (err) {
    await client.destroy().catch(() => {});
    throw new Error(explain(err, config.applicationId), { cause: err });
  }
  logger.info({ user: client.user?.tag, guilds: client.guilds.cache.size }, 'discord connected');
  return {
    client,
    registration,
    stop: () => client.destroy(),
  };
}

function explain(err: unknown, applicationId: string): string {
  const e = err as { status?: number; code?: number | string; message?: string };
  if (e.status === 401 || e.code === 'TokenInvalid' || e.code === 4004) return 'Discord refused DISCORD_TOKEN; reset the token under Bot in the Developer Portal and copy it again';
  if (e.code === 50001) return `the bot is not in a server listed in DISCORD_GUILD_IDS; invite it with ${inviteUrl(applicationId)}`;
  if (e.code === 'DisallowedIntents' || e.code === 4014) return 'Discord refused the gateway intents; trunkops only needs the (non-privileged) Guilds intent';
  return `Discord could not be reached: ${e.message ?? String(err)}`;
}
