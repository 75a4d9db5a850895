// The real app on a test database, synced to a fake LiveKit SIP server through the real SDK, with a clock the
// test moves (retries come due when the test says so) and the worker drained explicitly.
import { commands } from '../../commands/index.ts';
import { lineTarget, parseLine } from '../../src/core/runtime/commandline.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';
import { asReply, createHarness, type Harness } from './harness.ts';

export const SIP_PASSWORD = 'Tr0ub4dor-and-3';

export interface LiveKitHarness {
  h: Harness;
  fake: FakeLiveKit;
  clock: { now(): Date; advance(ms: number): void };
  /** Runs every sync that is due now, until the queue is empty. */
  drain(): Promise<void>;
  /** Runs a command line (as the console parses it) as an admin; returns the reply text, throws on an error reply. */
  run(line: string, args?: Record<string, string>): Promise<string>;
  carrier(name: string): Promise<Record<string, unknown>>;
  close(): Promise<void>;
}

export async function createLiveKitHarness(env: Record<string, string> = {}): Promise<LiveKitHarness> {
  const fake = await startFakeLiveKit();
  let t = Date.parse('2026-11-21T12:00:00Z');
  const clock = { now: () => new Date(t), advance: (ms: number) => void (t += ms) };
  const h = await createHarness(
    { LIVEKIT_URL: fake.url, LIVEKIT_API_KEY: fake.apiKey, LIVEKIT_API_SECRET: fake.apiSecret, LIVEKIT_REQUEST_TIMEOUT: '1', TRUNKOPS_ADMINS: 'slack:UADMIN', ...env },
    { now: clock.now },
  );
  // Deterministic by default: nothing syncs until the test drains (a test may start() the real worker).
  await h.app.sync!.stop();
  return {
    h,
    fake,
    clock,
    drain: () => h.app.sync!.drain(),
    async run(line, args = {}) {
      const target = lineTarget(commands, parseLine(line));
      const r = asReply(await h.as('slack:UADMIN', target.path, { ...target.args, ...args }, { positionals: target.positionals }));
      if (r.tone === 'error') throw new Error(`${line} failed: ${r.text}`);
      return [
        r.title,
        r.text,
        r.banner?.text,
        ...(r.fields ?? []).map((f) => `${f.label}: ${f.value}`),
        ...(r.table?.rows ?? []).map((row) => row.join(' | ')),
        ...(r.footer ?? []),
      ]
        .filter(Boolean)
        .join('\n');
    },
    async carrier(name) {
      const [row] = await h.db.query('select * from carriers where lower(name) = lower($1)', [name]);
      if (!row) throw new Error(`no carrier ${name}`);
      return row;
    },
    async close() {
      await h.close();
      await fake.close();
    },
  };
}

/** The fake's objects as plain JSON (camelCase), for readable assertions. */
export function held(fake: FakeLiveKit) {
  return {
    outbound: [...fake.outbound.values()].map((t) => t.toJson() as Record<string, unknown>),
    inbound: [...fake.inbound.values()].map((t) => t.toJson() as Record<string, unknown>),
    rules: [...fake.rules.values()].map((r) => r.toJson() as Record<string, unknown>),
  };
}
