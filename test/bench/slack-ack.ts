// Slack ack latency: 50 concurrent, correctly signed slash commands (and button clicks) against the real Bolt
// receiver mounted on trunkops' HTTP server (in its own process, so the load generator and the fake Slack do
// not share its event loop). Measures the HTTP ack as the sender sees it (the DESIGN.md §10 budget: p99 <
// 100 ms) and, separately, the time until the answer reaches the response_url (or the modal opens).
import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { encodeAction } from '../../src/slack/blocks.ts';
import { BOT_TOKEN, startFakeSlack } from '../fakes/slack.ts';
import { blockAction, interactiveBody, postSigned, SIGNING_SECRET, slashBody } from '../fakes/slack-requests.ts';
import { machine, onEachBackend, percentile, writeSection } from './lib.ts';

const CONCURRENCY = 50;
const CARRIERS = 200;

interface Row {
  backend: string;
  name: string;
  ops: number;
  ackP50: number;
  ackP99: number;
  insideP99: number;
  answerP50: number;
  answerP99: number;
}

async function main() {
  const rows = await onEachBackend(async (backend, server) => {
    // The app process opens its own connections; this one only created the database.
    await server?.handle.close();
    return measure(backend, server?.url);
  });
  writeSection('slack', [
    `Measured ${machine()}, ${CONCURRENCY} signed requests in flight, ${CARRIERS} carriers.`,
    '',
    '| backend | request | ops | ack p50 ms | ack p99 ms | in-app ack p99 ms | answer p50 ms | answer p99 ms |',
    '|---|---|---:|---:|---:|---:|---:|---:|',
    ...rows.map((r) => `| ${r.backend} | ${r.name} | ${r.ops} | ${r.ackP50.toFixed(1)} | ${r.ackP99.toFixed(1)} | ${r.insideP99.toFixed(1)} | ${r.answerP50.toFixed(1)} | ${r.answerP99.toFixed(1)} |`),
  ]);
}

async function measure(backend: string, databaseUrl?: string): Promise<Row[]> {
  const fake = await startFakeSlack();
  const env = { TRUNKOPS_SECRET_KEY: Buffer.alloc(32, 9).toString('base64'), LOG_LEVEL: 'warn', TRUNKOPS_ADMINS: 'slack:UBENCH', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_SIGNING_SECRET: SIGNING_SECRET, SLACK_API_URL: fake.apiUrl };
  const child = fork(fileURLToPath(new URL('./slack-app-process.ts', import.meta.url)), [JSON.stringify({ databaseUrl, env, carriers: CARRIERS })], { execArgv: ['--import', 'tsx', ...(process.env.BENCH_PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_PROF}`] : [])] });
  const { port } = await new Promise<{ port: number }>((resolve, reject) => {
    child.once('message', (m) => resolve(m as { port: number }));
    child.once('exit', (code) => reject(new Error(`app process exited with ${code}`)));
  });
  const url = `http://127.0.0.1:${port}/slack/events`;

  const slash = (text: string) => async () => {
    const responseUrl = fake.responseUrl();
    const t = performance.now();
    const ack = await postSigned(url, slashBody({ command: '/carrier', text, user: 'UBENCH', responseUrl, triggerId: fake.trigger() }));
    if (ack.status !== 200) throw new Error(`ack ${ack.status}`);
    const acked = performance.now() - t;
    await fake.answerTo(responseUrl, 0, 30_000);
    return { acked, answered: performance.now() - t };
  };
  const click = (carrier: string) => async () => {
    const before = fake.viewLog.length;
    const value = encodeAction({ path: ['carrier', 'edit'], args: { carrier } });
    const t = performance.now();
    const ack = await postSigned(url, interactiveBody(blockAction({ user: 'UBENCH', actionId: 'run:0', value, responseUrl: fake.responseUrl(), triggerId: fake.trigger() })));
    if (ack.status !== 200) throw new Error(`ack ${ack.status}`);
    const acked = performance.now() - t;
    await fake.waitFor(() => fake.viewLog.length > before, 30_000);
    return { acked, answered: performance.now() - t };
  };
  const inside = async (): Promise<number[]> => {
    const reply = new Promise<number[]>((r) => child.once('message', (m) => r((m as { inside: number[] }).inside)));
    child.send('inside');
    return reply;
  };
  const rows: Row[] = [];
  for (const [name, ops, op] of [
    ['/carrier show <name> → card', 1000, (i: number) => slash(`show "Carrier ${i % CARRIERS}"`)()],
    ['/carrier list <search> → table', 1000, (i: number) => slash(`list "carrier ${i % 20}"`)()],
    ['Edit button → views.open (modal)', 500, (i: number) => click(`Carrier ${i % CARRIERS}`)()],
  ] as const) {
    await inside();
    const row = await run(backend, name, ops, op);
    const ins = (await inside()).sort((a, b) => a - b);
    rows.push({ ...row, insideP99: percentile(ins, 99) });
  }
  const exited = new Promise((r) => child.once('exit', r));
  child.send('stop');
  await exited;
  await fake.close();
  return rows;
}

async function run(backend: string, name: string, ops: number, op: (i: number) => Promise<{ acked: number; answered: number }>): Promise<Omit<Row, 'insideP99'>> {
  const acks: number[] = [];
  const answers: number[] = [];
  let next = 0;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < ops) {
        const r = await op(next++);
        acks.push(r.acked);
        answers.push(r.answered);
      }
    }),
  );
  acks.sort((a, b) => a - b);
  answers.sort((a, b) => a - b);
  const row = { backend, name, ops, ackP50: percentile(acks, 50), ackP99: percentile(acks, 99), answerP50: percentile(answers, 50), answerP99: percentile(answers, 99) };
  console.log(`${backend.padEnd(8)} ${name.padEnd(36)} ack p50 ${row.ackP50.toFixed(1)} p99 ${row.ackP99.toFixed(1)} ms  answer p50 ${row.answerP50.toFixed(1)} p99 ${row.answerP99.toFixed(1)} ms`);
  return row;
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
