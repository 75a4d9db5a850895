// The app under benchmark, in its own process as in production: database, dispatcher, Slack adapter in HTTP
// mode on the HTTP server. The load generator and the fake Slack stay in the parent process.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { commands } from '../../commands/index.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { healthRoutes, startHttp } from '../../src/http/server.ts';
import { createLogger } from '../../src/logger.ts';
import { startSlack } from '../../src/slack/adapter.ts';
import { seed } from './lib.ts';

const { databaseUrl, env, carriers } = JSON.parse(process.argv[2]!) as { databaseUrl?: string; env: Record<string, string>; carriers: number };
const db = databaseUrl ? await createDb({ url: databaseUrl, poolSize: 10 }) : await createDb({ pglite: new PGlite() });
const config = loadConfig(env);
const logger = createLogger(config, new Writable({ write: (_c, _e, cb) => cb() }));
const app = await createApp(config, logger, { db });
await seed(app, carriers);
const slack = await startSlack({ config: config.slack!, dispatcher: app.dispatcher, commands, store: app.store, logger, uploadMaxBytes: config.uploadMaxBytes });
// Inside the app: from the request reaching the HTTP route to Bolt's ack leaving (excludes time queued before the route).
const inside: number[] = [];
const timed = Object.fromEntries(
  Object.entries(slack.routes).map(([key, route]) => [
    key,
    (req: IncomingMessage, res: ServerResponse) => {
      const t = performance.now();
      res.once('finish', () => inside.push(performance.now() - t));
      return route(req, res);
    },
  ]),
);
const http = await startHttp(0, { ...healthRoutes(() => app.store.ping()), ...timed }, logger);
process.send!({ port: http.port });
process.on('message', async (m) => {
  if (m === 'inside') {
    process.send!({ inside: inside.splice(0) });
    return;
  }
  await slack.stop();
  await http.close();
  await app.close();
  process.exit(0);
});
