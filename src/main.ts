// Entry point: config → logger → database (migrated) → HTTP health → adapters; graceful shutdown on SIGINT/SIGTERM.
import { join } from 'node:path';
import { pino } from 'pino';
import { commands } from '../commands/index.ts';
import { createAlertDelivery } from './alerts/delivery-service.ts';
import { createApp } from './app.ts';
import { ConfigError, loadConfig, redactConfig, type Config } from './config.ts';
import { healthRoutes, startHttp, type HttpServer } from './http/server.ts';
import { callEventRoutes } from './http/call-events.ts';
import { readApiRoutes } from './http/read-api.ts';
import { metricsRoutes } from './http/metrics.ts';
import { metrics } from './metrics.ts';
import { createLogger, type Logger } from './logger.ts';
import { runConsole } from './shell/console.ts';
import { startScheduler, type Scheduler } from './jobs/scheduler.ts';
import { alertJobs } from './jobs/alert-jobs.ts';
import { dailyDigestJob } from './jobs/daily-digest.ts';
import { livekitReconcileJob } from './jobs/livekit-reconcile.ts';
import { ratecardActivationJob } from './jobs/ratecard-activation.ts';
import { livekitWebhookRoute } from './livekit/webhook.ts';
import { startSlack, type SlackAdapter } from './slack/adapter.ts';
import { startDiscord, type DiscordAdapter } from './discord/adapter.ts';

async function main(): Promise<number> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`${err.message}\nSee .env.example for every variable.\n`);
      return 2;
    }
    throw err;
  }
  // With no chat platform configured this process serves the local console; its logs then go to a file
  // so they do not interleave with the console's output.
  const consoleMode = !config.slack && !config.discord;
  const logFile = join(config.dataDir, 'trunkops.log');
  const logger = consoleMode
    ? createLogger(config, pino.destination({ dest: logFile, mkdir: true, sync: true }))
    : createLogger(config);
  logger.info({ config: redactConfig(config) }, 'starting');

  const app = await createApp(config, logger);
  const jobs = [ratecardActivationJob(app.dispatcher, config.rateCardActivationCron)];
  if (app.sync && config.livekit) {
    app.sync.start();
    jobs.push(livekitReconcileJob(app.sync, config.livekit.reconcileCron));
    logger.info({ url: config.livekit.url, reconcile: config.livekit.reconcileCron ?? 'off' }, 'livekit sync on');
  }
  // Health checks, the scheduler heartbeat, reminders, maintenance announcements and digests (issue 7).
  jobs.push(...alertJobs({ store: app.store, settings: config.health, now: app.deps.now, syncEnabled: app.deps.syncEnabled }, config.healthSchedules));
  jobs.push(dailyDigestJob({ store: app.store, settings: config.health, now: app.deps.now, syncEnabled: app.deps.syncEnabled, defaultDigestAt: config.digestAt }, config.healthSchedules.alerts));
  const scheduler: Scheduler = startScheduler(jobs, { store: app.store, logger });
  const webhook = config.livekit ? livekitWebhookRoute({ ...config.livekit, store: app.store, logger }) : {};
  // Always routed: without CALL_EVENTS_TOKEN they answer 503 and say how to turn them on.
  const api = {
    ...callEventRoutes({ token: config.callEventsToken, store: app.store, logger, now: app.deps.now }),
    ...readApiRoutes({ token: config.callEventsToken, store: app.store }),
  };
  // Prometheus: open, or behind METRICS_TOKEN.
  const metricsRoute = metricsRoutes({ token: config.metricsToken, metrics, openAlerts: () => app.store.healthView.openAlertCounts() });
  let slack: SlackAdapter | undefined;
  if (config.slack) {
    slack = await startSlack({ config: config.slack, dispatcher: app.dispatcher, commands, store: app.store, logger, uploadMaxBytes: config.uploadMaxBytes });
  }
  let discord: DiscordAdapter | undefined;
  if (config.discord) {
    discord = await startDiscord({
      config: config.discord,
      dispatcher: app.dispatcher,
      commands,
      store: app.store,
      secrets: app.deps.secrets,
      logger,
      uploadMaxBytes: config.uploadMaxBytes,
    });
  }
  // Alerts to the on-call channels of the platforms that run (posts, edits in place, threads, storm digests).
  const alertDelivery = createAlertDelivery({
    config: config.alerts,
    store: app.store,
    logger,
    commands,
    secrets: app.deps.secrets,
    slack: config.slack,
    discord: discord ? { rest: discord.client.rest } : undefined,
    now: app.deps.now,
  });
  alertDelivery?.start();
  let http: HttpServer | undefined;
  try {
    http = await startHttp(config.port, { ...healthRoutes(() => app.store.ping()), ...metricsRoute, ...slack?.routes, ...webhook, ...api }, logger);
    logger.info({ port: http.port }, 'http listening');
  } catch (err) {
    if (!consoleMode) throw err;
    logger.warn({ err, port: config.port }, 'http port unavailable; console continues without /healthz');
  }

  let stopping: Promise<void> | undefined;
  const shutdown = (reason: string) =>
    (stopping ??= (async () => {
      logger.info({ reason }, 'shutting down');
      await alertDelivery?.stop();
      await slack?.stop();
      await discord?.stop();
      await scheduler.stop();
      await http?.close();
      await app.close();
      logger.info({}, 'stopped');
      logger.flush();
    })());
  for (const sig of ['SIGINT', 'SIGTERM'] as const) {
    process.once(sig, () => void shutdown(sig).then(() => process.exit(0)));
  }

  if (!consoleMode) {
    // Serve chat until SIGINT / SIGTERM.
    await new Promise<never>(() => {});
  }
  const interactive = Boolean(process.stdin.isTTY);
  if (interactive) process.stderr.write(`Embedded database in ${config.dataDir}; logs in ${logFile}\n`);
  const result = await runConsole({
    dispatcher: app.dispatcher,
    commands,
    input: process.stdin,
    output: process.stdout,
    interactive,
    user: config.consoleUser,
    downloadDir: config.downloadDir,
  });
  await shutdown('console closed');
  return !interactive && result.failed > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    const logger: Logger = createLogger({ logLevel: 'error' }, pino.destination(2));
    logger.fatal({ err }, 'trunkops failed to start');
    logger.flush();
    process.exit(1);
  },
);
