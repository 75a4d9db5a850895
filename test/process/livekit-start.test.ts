// The real entry point with LiveKit configured: `npm start` in console mode syncs what the console adds to
// (fake) LiveKit, and shutting down at end of input waits for the sync in flight.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../helpers/process.ts';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'trunkops-livekit-'));
let fake: FakeLiveKit;
beforeAll(async () => {
  fake = await startFakeLiveKit();
});
afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function start(input: string) {
  return runMain(input, { DATA_DIR: dataDir, LIVEKIT_URL: fake.url, LIVEKIT_API_KEY: fake.apiKey, LIVEKIT_API_SECRET: fake.apiSecret });
}

it('npm start with LIVEKIT_* set: the console adds a carrier and a number, LiveKit gets the trunks', { timeout: 60_000 }, async () => {
  const r = await start(
    ['carrier add name=Acme sip_address=sip.acme.example username=acme password=Proc-Secret-77', 'bot add Desk agent_name=desk', 'did add carrier=Acme number=+15105550100 bot=Desk'].join('\n') + '\n',
  );
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect([...fake.outbound.values()].map((t) => [t.name, t.address, t.numbers])).toEqual([['Acme (outbound)', 'sip.acme.example', ['+15105550100']]]);
  expect([...fake.inbound.values()].map((t) => t.numbers)).toEqual([['+15105550100']]);
  expect([...fake.rules.values()].map((x) => x.roomConfig?.agents[0]?.agentName)).toEqual(['desk']);
  const again = await start('carrier show Acme\n');
  expect(again.stdout).toMatch(/LiveKit synced/);
  const log = readFileSync(join(dataDir, 'trunkops.log'), 'utf8');
  expect(log).toContain('livekit sync on');
  expect(log).not.toContain('Proc-Secret-77');
  expect(log).not.toContain(fake.apiSecret);
});
