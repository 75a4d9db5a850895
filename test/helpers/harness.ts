// Builds the real application on a test database and drives it: through the dispatcher (as any adapter does)
// or through the console adapter with scripted or interactive input. Logs are captured for inspection.
import { PassThrough, Readable, Writable } from 'node:stream';
import { commands } from '../../commands/index.ts';
import { createApp, type App } from '../../src/app.ts';
import { loadConfig } from '../../src/config.ts';
import type { Invocation } from '../../src/core/runtime/invocation.ts';
import type { Outcome, Reply } from '../../src/core/runtime/reply.ts';
import { createLogger, type Logger } from '../../src/logger.ts';
import { runConsole, type ConsoleResult } from '../../src/shell/console.ts';
import { createTestDb, type TestDb } from './db.ts';

export const TEST_KEY = Buffer.alloc(32, 7).toString('base64');

export interface Harness {
  app: App;
  db: TestDb;
  logs: string[];
  logger: Logger;
  /** Runs console lines (script mode) and returns everything printed. */
  script(lines: string[], user?: string): Promise<{ output: string; result: ConsoleResult }>;
  /** Dispatches as a given principal, as a chat adapter would. */
  as(userId: string, path: string[], args?: Record<string, string>, extra?: Partial<Invocation>): Promise<Outcome>;
  close(): Promise<void>;
}

export async function createHarness(env: Record<string, string> = {}, opts: { now?: () => Date } = {}): Promise<Harness> {
  const db = await createTestDb();
  const logs: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, cb) {
      logs.push(String(chunk));
      cb();
    },
  });
  const config = loadConfig({ TRUNKOPS_SECRET_KEY: TEST_KEY, LOG_LEVEL: 'debug', ...env });
  const logger = createLogger(config, sink);
  const app = await createApp(config, logger, { db, now: opts.now });
  return {
    app,
    db,
    logs,
    logger,
    async script(lines, user = 'local') {
      let output = '';
      const out = new Writable({
        write(chunk, _enc, cb) {
          output += String(chunk);
          cb();
        },
      });
      const result = await runConsole({ dispatcher: app.dispatcher, commands, input: Readable.from([lines.join('\n') + '\n']), output: out, interactive: false, user, downloadDir: config.downloadDir });
      return { output, result };
    },
    as(userId, path, args = {}, extra = {}) {
      return app.dispatcher.dispatch({ platform: 'slack', user: { id: userId, groups: [] }, path, args, positionals: [], interactive: false, ...extra });
    },
    async close() {
      await app.sync?.stop();
      await db.destroy();
    },
  };
}

/** Drives the console in terminal mode: answers are fed one at a time as the prompts appear. */
export async function interactiveConsole(app: App, answers: string[]): Promise<string> {
  const input = new PassThrough();
  let output = '';
  let pendingPrompts = 0;
  const out = new Writable({
    write(chunk, _enc, cb) {
      const s = String(chunk);
      output += s;
      pendingPrompts += (s.match(/: $|> $/g) ?? []).length;
      cb();
    },
  });
  const done = runConsole({ dispatcher: app.dispatcher, commands, input, output: out, interactive: true, user: 'local' });
  for (const answer of answers) {
    await waitFor(() => pendingPrompts > 0);
    pendingPrompts--;
    input.write(`${answer}\n`);
  }
  await waitFor(() => pendingPrompts > 0);
  input.end();
  await done;
  // Strip terminal control sequences readline writes in terminal mode.
  // eslint-disable-next-line no-control-regex
  return output.replace(/\u001b\[[0-9;]*[A-Za-z]/g, '');
}

async function waitFor(cond: () => boolean, ms = 10_000): Promise<void> {
  const start = Date.now();
  while (!cond()) {
    if (Date.now() - start > ms) throw new Error('timed out waiting for a console prompt');
    await new Promise((r) => setTimeout(r, 5));
  }
}

export function asReply(o: Outcome): Reply {
  if (o.type !== 'reply') throw new Error(`expected a reply, got ${o.type}`);
  return o;
}
