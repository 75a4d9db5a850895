// The app under benchmark, in its own process as in production: database, dispatcher, and the Discord adapter
// (discord.js gateway client) connected to the fake Discord, which stays in the parent with the load generator.
import { Writable } from 'node:stream';
import { PGlite } from '@electric-sql/pglite';
import { Events } from 'discord.js';
import { commands } from '../../commands/index.ts';
import { createApp } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import { createDb } from '../../src/db/client.ts';
import { startDiscord } from '../../src/discord/adapter.ts';
import { createLogger } from '../../src/logger.ts';
import { seed } from './lib.ts';

const { databaseUrl, env, carriers, deferAfterMs } = JSON.parse(process.argv[2]!) as { databaseUrl?: string; env: Record<string, string>; carriers: number; deferAfterMs?: number };
const db = databaseUrl ? await createDb({ url: databaseUrl, poolSize: 10 }) : await createDb({ pglite: new PGlite() });
const config = loadConfig(env);
const logger = createLogger(config, new Writable({ write: (_c, _e, cb) => cb() }));
const app = await createApp(config, logger, { db });
await seed(app, carriers);
const discord = await startDiscord({ config: config.discord!, dispatcher: app.dispatcher, commands, store: app.store, secrets: app.deps.secrets, logger, uploadMaxBytes: config.uploadMaxBytes, deferAfterMs });
// Inside the app: from discord.js emitting the interaction (the gateway message read and parsed) to the response of
// its callback POST (excludes time the message waited in the socket before the event loop got to it); and the CPU
// time the process used, which on a small machine bounds how many interactions a second it can answer; and how
// often discord.js held a request back for its own rate limits.
const inside: number[] = [];
let cpu = process.cpuUsage();
let rateLimited = 0;
discord.client.rest.on('rateLimited', () => void rateLimited++);
const started = new Map<string, number>();
discord.client.prependListener(Events.InteractionCreate, (i) => void started.set(i.id, performance.now()));
discord.client.rest.on('response', (req) => {
  const id = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(req.path)?.[1];
  const t = id === undefined ? undefined : started.get(id);
  if (t === undefined) return;
  started.delete(id!);
  inside.push(performance.now() - t);
});
process.send!({ ready: true });
process.on('message', async (m) => {
  if (m === 'inside') {
    const used = process.cpuUsage(cpu);
    cpu = process.cpuUsage();
    process.send!({ inside: inside.splice(0), cpuMs: (used.user + used.system) / 1000, rateLimited });
    rateLimited = 0;
    return;
  }
  await discord.stop();
  await app.close();
  process.exit(0);
});
