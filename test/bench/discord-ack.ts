// Discord ack latency: 50 interactions in flight (slash commands and button clicks pushed as INTERACTION_CREATE
// through the fake gateway) against the real Discord adapter (discord.js) and app, in their own process, so the
// load generator and the fake Discord do not share its event loop. On Discord the ack is the interaction's first
// response, the callback POST: measured from the push to the fake receiving it (the DESIGN.md §10 budget: p99 <
// 100 ms). The adapter answers in that callback unless the work takes longer than deferAfterMs (2 s); a deferred
// interaction is counted, and its answer timed to the edit of the placeholder. BENCH_DEFER_AFTER_MS=0 runs the
// adapter deferring every interaction at once instead, and only prints the figures.
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { APP_ID, DISCORD_TOKEN, FakeDiscord, GUILD_ID, type FakeMessage, type Json, type RecordedRequest } from '../fakes/discord.ts';
import { button, chatInput, member } from '../fakes/discord-payloads.ts';
import { machine, onEachBackend, percentile, writeSection } from './lib.ts';

const CONCURRENCY = 50;
const CARRIERS = 200;
/** Interactions of each kind before the measured ones: discord.js, the app and Postgres warm up (JIT, caches, plans). */
const WARMUP = 200;
const BUDGET_MS = 100;
const ADMIN_ID = '1400000000000000001';
const EPHEMERAL = 64;
const DEFER_AFTER_MS = process.env.BENCH_DEFER_AFTER_MS ? Number(process.env.BENCH_DEFER_AFTER_MS) : undefined;

interface Row {
  backend: string;
  name: string;
  ops: number;
  perSec: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
  insideP99: number;
  cpuPerOp: number;
  fakeCpuPerOp: number;
  answerP99: number;
  deferred: number;
}

/** What the app process measured since it was last asked. */
interface AppFigures {
  inside: number[];
  cpuMs: number;
  /** Requests discord.js held back for its rate limits (its own 50 requests/s global limit included). */
  rateLimited: number;
}

interface Timing {
  acked: number;
  answered: number;
  deferred: boolean;
}

/**
 * The fake Discord, also indexing what it records: the first callback POST of each interaction and the first
 * webhook PATCH/POST of each token (the answer to a deferred one). Each new request is looked at once, where 50
 * fake.waitFor calls would each rescan all of fake.requests on every request (thousands by the end of a run).
 */
class BenchFake extends FakeDiscord {
  private scanned = 0;
  private arrived = new Map<string, RecordedRequest>();
  private waiting = new Map<string, (r: RecordedRequest) => void>();

  /** The first request recorded under `key` (`callback:<interaction id>` or `answer:<token>`). */
  next(key: string, timeoutMs = 30_000): Promise<RecordedRequest> {
    const r = this.arrived.get(key);
    if (r) {
      this.arrived.delete(key);
      return Promise.resolve(r);
    }
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiting.delete(key);
        reject(new Error(`fake discord: nothing for ${key} in ${timeoutMs} ms; last requests: ${this.requests.slice(-5).map((x) => `${x.method} ${x.path} ${x.status}`).join(' | ')}`));
      }, timeoutMs);
      this.waiting.set(key, (got) => {
        clearTimeout(timer);
        resolve(got);
      });
    });
  }

  override notify(): void {
    for (; this.scanned < this.requests.length; this.scanned++) {
      const r = this.requests[this.scanned]!;
      const key = keyOf(r);
      if (!key) continue;
      const waiter = this.waiting.get(key);
      if (waiter) {
        this.waiting.delete(key);
        waiter(r);
      } else if (!this.arrived.has(key)) this.arrived.set(key, r);
    }
    super.notify();
  }
}

function keyOf(r: RecordedRequest): string | undefined {
  const callback = /^\/interactions\/(\d+)\/[^/]+\/callback$/.exec(r.path);
  if (callback && r.method === 'POST') return `callback:${callback[1]}`;
  const answer = /^\/webhooks\/\d+\/([^/]+)(?:\/messages\/@original)?$/.exec(r.path);
  if (answer && (r.method === 'PATCH' || r.method === 'POST')) return `answer:${answer[1]}`;
  return undefined;
}

async function main() {
  const rows = await onEachBackend(async (backend, server) => {
    // The app process opens its own connections; this one only created the database.
    await server?.handle.close();
    return measure(backend, server?.url);
  });
  const lines = [
    `Measured ${machine()}, ${CONCURRENCY} interactions in flight, ${CARRIERS} carriers, after ${WARMUP} warm-up interactions of each kind.`,
    '',
    '| backend | interaction | ops | ops/s | ack p50 ms | ack p95 ms | ack p99 ms | ack max ms | in-app ack p99 ms | app CPU ms/op | fake CPU ms/op | deferred (answer p99 ms) | ack p99 < 100 ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.backend} | ${r.name} | ${r.ops} | ${r.perSec.toFixed(0)} | ${r.p50} | ${r.p95} | ${r.p99} | ${r.max} | ${r.insideP99.toFixed(1)} | ${r.cpuPerOp.toFixed(2)} | ${r.fakeCpuPerOp.toFixed(2)} | ${r.deferred ? `${r.deferred} (${r.answerP99})` : 0} | ${r.p99 < BUDGET_MS ? 'yes' : '**no**'} |`,
    ),
  ];
  if (DEFER_AFTER_MS === undefined) writeSection('discord', lines);
  else console.log([`deferAfterMs ${DEFER_AFTER_MS} (not written to README.md):`, ...lines].join('\n'));
}

async function measure(backend: string, databaseUrl?: string): Promise<Row[]> {
  const fake = await new BenchFake({ guilds: [{ id: GUILD_ID }] }).start();
  const env = {
    TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'),
    LOG_LEVEL: 'warn',
    TRUNKOPS_ADMINS: `discord:${ADMIN_ID}`,
    DISCORD_TOKEN,
    DISCORD_APPLICATION_ID: APP_ID,
    DISCORD_API_URL: fake.apiUrl,
    DISCORD_GUILD_IDS: GUILD_ID,
  };
  const child = fork(fileURLToPath(new URL('./discord-app-process.ts', import.meta.url)), [JSON.stringify({ databaseUrl, env, carriers: CARRIERS, deferAfterMs: DEFER_AFTER_MS })], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [])] });
  await new Promise<void>((resolve, reject) => {
    child.once('message', () => resolve());
    child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
  });
  const admin = member(ADMIN_ID, [], { name: 'bench' });
  const registered = fake.commands.get(GUILD_ID) ?? [];
  const optionType = (path: string[], name: string): number => {
    let node: Json = registered.find((c: Json) => c.name === path[0]);
    for (const p of path.slice(1)) node = node?.options?.find((x: Json) => x.name === p);
    const type = node?.options?.find((x: Json) => x.name === name)?.type;
    if (type === undefined) throw new Error(`/${path.join(' ')} has no registered option ${name}`);
    return type;
  };
  const slash = (path: string[], options: Record<string, string>) =>
    chatInput(
      path,
      Object.entries(options).map(([name, value]) => ({ name, type: optionType(path, name), value })),
      admin,
    );

  /** Pushes the interaction and times its callback (and, if it was deferred, the answer that followed). */
  const send = async (payload: Json, expect: (callback: Json) => boolean): Promise<Timing> => {
    const callback = fake.next(`callback:${payload.id}`);
    const t = Date.now();
    fake.interaction(payload);
    const cb = await callback;
    if (cb.status >= 300) throw new Error(`callback refused: ${cb.status} ${JSON.stringify(cb.response)}`);
    const acked = cb.at - t;
    if (cb.body?.type === 5) return { acked, answered: (await fake.next(`answer:${payload.token}`)).at - t, deferred: true };
    if (!expect(cb.body)) throw new Error(`unexpected answer: ${JSON.stringify(cb.body).slice(0, 300)}`);
    return { acked, answered: acked, deferred: false };
  };

  // The carrier cards the bot sent (from the `carrier show` runs), for their Edit buttons.
  const cards = new Map<number, FakeMessage>();
  const show = async (i: number) => {
    const payload = slash(['carrier', 'show'], { carrier: `Carrier ${i % CARRIERS}` });
    const r = await send(payload, (cb) => cb.type === 4 && (cb.data.flags & EPHEMERAL) !== 0 && cb.data.embeds?.length > 0);
    const card = fake.original(payload.token);
    if (card) cards.set(i % CARRIERS, card);
    return r;
  };
  let added = 0;
  const add = () => {
    const n = added++;
    return send(slash(['carrier', 'add'], { name: `Bench ${n}`, sip_address: `b${n}.example:5060` }), (cb) => cb.type === 4 && (cb.data.flags & EPHEMERAL) === 0);
  };
  const edit = (i: number) => {
    const card = cards.get(i % CARRIERS);
    const id = (card?.components ?? []).flatMap((row: Json) => row.components ?? []).find((c: Json) => c.label === 'Edit')?.custom_id;
    if (!card || !id) throw new Error(`no Edit button on the card of Carrier ${i % CARRIERS}`);
    return send(button(id, card, admin), (cb) => cb.type === 9);
  };

  const inside = async (): Promise<AppFigures> => {
    const reply = new Promise<AppFigures>((r) => child.once('message', (m) => r(m as AppFigures)));
    child.send('inside');
    return reply;
  };
  const rows: Row[] = [];
  try {
    for (const [name, ops, op] of [
      ['/carrier show <name> → card (ephemeral)', 2000, show],
      ['/carrier add <name> <sip> → public reply', 1000, add],
      ['Edit button on the card → modal', 1000, edit],
    ] as const) {
      await run(WARMUP, op);
      await inside();
      const row = report(backend, name, ops, await run(ops, op));
      const app = await inside();
      if (app.rateLimited) console.log(`${backend.padEnd(8)} ${name.padEnd(42)} discord.js held ${app.rateLimited} requests back for its rate limits`);
      rows.push({ ...row, insideP99: percentile(app.inside.sort((a, b) => a - b), 99), cpuPerOp: app.cpuMs / ops });
    }
  } finally {
    const exited = new Promise((r) => child.once('exit', r));
    child.send('stop');
    await exited;
    await fake.close();
  }
  return rows;
}

/** Runs `ops` interactions, CONCURRENCY at a time (each client sends its next as soon as its last is answered). */
async function run(ops: number, op: (i: number) => Promise<Timing>): Promise<{ timings: Timing[]; ms: number; cpuMs: number }> {
  const timings: Timing[] = [];
  let next = 0;
  const t = performance.now();
  const cpu = process.cpuUsage();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) timings.push(await op(next++));
    }),
  );
  const used = process.cpuUsage(cpu);
  return { timings, ms: performance.now() - t, cpuMs: (used.user + used.system) / 1000 };
}

function report(backend: string, name: string, ops: number, { timings, ms, cpuMs }: { timings: Timing[]; ms: number; cpuMs: number }): Omit<Row, 'insideP99' | 'cpuPerOp'> {
  const acks = timings.map((t) => t.acked).sort((a, b) => a - b);
  const answers = timings.map((t) => t.answered).sort((a, b) => a - b);
  const row = {
    backend,
    name,
    ops,
    perSec: (ops / ms) * 1000,
    fakeCpuPerOp: cpuMs / ops,
    p50: percentile(acks, 50),
    p95: percentile(acks, 95),
    p99: percentile(acks, 99),
    max: acks[acks.length - 1]!,
    answerP99: percentile(answers, 99),
    deferred: timings.filter((t) => t.deferred).length,
  };
  console.log(`${backend.padEnd(8)} ${name.padEnd(42)} ${row.perSec.toFixed(0)}/s  fake CPU ${row.fakeCpuPerOp.toFixed(2)} ms/op  ack p50 ${row.p50} p95 ${row.p95} p99 ${row.p99} max ${row.max} ms  deferred ${row.deferred}  answer p99 ${row.answerP99} ms`);
  return row;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
