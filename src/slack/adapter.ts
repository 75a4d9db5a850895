// The Slack adapter on Bolt: Socket Mode with an app token, or HTTP mode (/slack/events, signed requests)
// mounted on trunkops' own HTTP server. It only translates and acknowledges; the dispatcher does the rest.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { App, HTTPReceiver, LogLevel, type Logger as BoltLogger } from '@slack/bolt';
import { WebClient, type WebClientOptions } from '@slack/web-api';
import type { SlackConfig } from '../config.ts';
import type { CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import type { Store } from '../core/store.ts';
import type { Route } from '../http/server.ts';
import type { Logger } from '../logger.ts';
import { createDelivery } from './delivery.ts';
import { registerHandlers } from './handlers.ts';
import { createSlackIdentity } from './identity.ts';

export interface SlackAdapterOptions {
  config: SlackConfig;
  dispatcher: Dispatcher;
  commands: CommandSpec[];
  store: Store;
  logger: Logger;
  uploadMaxBytes: number;
  now?: () => Date;
  /** How long a modal submission may run before the modal is closed and the answer posted later (Slack allows 3 s). */
  submitBudgetMs?: number;
}

export interface SlackAdapter {
  mode: 'socket' | 'http';
  botUserId: string;
  /** HTTP mode: the route to mount on the HTTP server. */
  routes: Record<string, Route>;
  client: WebClient;
  stop(): Promise<void>;
}

/** Retries 5xx, network errors and 429s; a 429 first waits for Slack's Retry-After. */
export const RETRY = { retries: 4, factor: 2, minTimeout: 250, maxTimeout: 10_000, randomize: true };

export async function startSlack(opts: SlackAdapterOptions): Promise<SlackAdapter> {
  const { config } = opts;
  const logger = opts.logger.child({ component: 'slack' });
  // retryConfig is set explicitly: Socket Mode would otherwise write 100 retries into the shared options.
  const clientOptions: WebClientOptions = { slackApiUrl: config.apiUrl, retryConfig: { ...RETRY }, logger: boltLogger(logger) };
  const probe = new WebClient(config.botToken, clientOptions);
  let auth;
  try {
    auth = await probe.auth.test();
  } catch (err) {
    const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
    throw new Error(`Slack refused SLACK_BOT_TOKEN (${code}); copy the Bot User OAuth Token again`, { cause: err });
  }
  const identityIds = { botId: auth.bot_id as string, botUserId: auth.user_id as string };
  const socket = Boolean(config.appToken);
  const receiver = socket ? undefined : new HTTPReceiver({ signingSecret: config.signingSecret!, endpoints: '/slack/events', logger: boltLogger(logger) });
  const app = new App({
    token: config.botToken,
    ...identityIds,
    ...(socket ? { socketMode: true, appToken: config.appToken } : { receiver }),
    clientOptions,
    logger: boltLogger(logger),
    logLevel: LogLevel.INFO,
    // Bolt's in-memory conversation store is unused here and costs every request a lookup.
    convoStore: false,
  });
  app.error(async (err) => logger.error({ err }, 'slack listener failed'));
  registerHandlers(app, {
    ...opts,
    logger,
    botUserId: identityIds.botUserId,
    identity: createSlackIdentity(app.client, logger),
    delivery: createDelivery(app.client, logger, config.apiUrl),
  });
  if (socket) {
    try {
      await app.start();
    } catch (err) {
      const code = (err as { data?: { error?: string } }).data?.error ?? (err as Error).message;
      throw new Error(`Slack refused SLACK_APP_TOKEN (${code}); generate an app-level token with the connections:write scope`, { cause: err });
    }
  }
  logger.info({ mode: socket ? 'socket' : 'http', team: auth.team_id, botUser: identityIds.botUserId }, 'slack connected');
  return {
    mode: socket ? 'socket' : 'http',
    botUserId: identityIds.botUserId,
    client: app.client,
    routes: receiver
      ? { 'POST /slack/events': (req: IncomingMessage, res: ServerResponse) => receiver.requestListener(req, res) }
      : {},
    stop: async () => {
      if (socket) await app.stop();
    },
  };
}

/** Bolt and Web API logging through pino. */
export function boltLogger(logger: Logger): BoltLogger {
  const text = (msg: unknown[]) => msg.map((m) => (typeof m === 'string' ? m : m instanceof Error ? m.message : JSON.stringify(m))).join(' ');
  return {
    debug: (...m) => logger.debug(text(m)),
    info: (...m) => logger.info(text(m)),
    warn: (...m) => logger.warn(text(m)),
    error: (...m) => logger.error(text(m)),
    setLevel: () => {},
    getLevel: () => LogLevel.INFO,
    setName: () => {},
  };
}
