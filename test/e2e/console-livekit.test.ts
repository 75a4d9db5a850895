// The "done when", through the console: adding a carrier, a bot and a number produces the right trunks and
// dispatch rule on LiveKit; `carrier sync` and `carrier reconcile --dry-run` answer in the console.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createLiveKitHarness, held, SIP_PASSWORD, type LiveKitHarness } from '../helpers/livekit.ts';

let t: LiveKitHarness;
beforeAll(async () => {
  t = await createLiveKitHarness();
});
afterAll(() => t.close());

it('console: add a carrier and a number, and LiveKit has the trunks and the rule', async () => {
  const { output, result } = await t.h.script([
    `carrier add name="Acme Voice" sip_address=sip.acme.example:5060 transport=udp username=acme password=${SIP_PASSWORD}`,
    'bot add "Front desk" agent_name=front-desk',
    'did add carrier="Acme Voice" number=+442079460000 bot="Front desk"',
  ]);
  expect(result.failed).toBe(0);
  expect(output).not.toContain(SIP_PASSWORD);
  await t.drain();
  const s = held(t.fake);
  expect(s.outbound.map((o) => [o.address, o.transport, o.numbers])).toEqual([['sip.acme.example:5060', 'SIP_TRANSPORT_UDP', ['+442079460000']]]);
  expect(s.inbound.map((i) => i.numbers)).toEqual([['+442079460000']]);
  expect(s.rules.map((r) => [r.numbers, (r.roomConfig as { agents: { agentName: string }[] }).agents[0]!.agentName])).toEqual([[['+442079460000'], 'front-desk']]);

  const shown = await t.h.script(['carrier show "Acme Voice"', 'carrier sync "Acme Voice"', 'carrier reconcile --dry-run', 'carrier sync']);
  expect(shown.output).toMatch(/LiveKit synced/);
  expect(shown.output).toContain(String(s.outbound[0]!.sipTrunkId));
  expect(shown.output).toContain(String(s.rules[0]!.sipDispatchRuleId));
  expect(shown.output).toMatch(/Acme Voice synced to LiveKit: LiveKit already matched, nothing to change\./);
  expect(shown.output).toMatch(/LiveKit matches every carrier: nothing to repair\./);
  expect(shown.output).toMatch(/Name the carrier to sync/);
});

it('console: sync --all reports every carrier', async () => {
  const { output } = await t.h.script(['carrier add name=Beta sip_address=sip.beta.example', 'carrier sync --all']);
  expect(output).toMatch(/LiveKit sync of 2 carriers/);
  expect(output).toMatch(/2 synced \(0 with changes\), 0 failed or busy\./);
});

it('without LiveKit configured, carriers say sync disabled and carrier sync explains how to turn it on', async () => {
  const { createHarness } = await import('../helpers/harness.ts');
  const h = await createHarness();
  try {
    const { output } = await h.script(['carrier add name=Solo sip_address=sip.solo.example', 'carrier show Solo', 'carrier sync Solo']);
    expect(output).toMatch(/LiveKit sync disabled/);
    expect(output).toMatch(/LiveKit sync is disabled: set LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET/);
  } finally {
    await h.close();
  }
});
