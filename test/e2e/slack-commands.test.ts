// Every command through Slack's slash commands, group grants, App Home, and a modal submission that takes
// longer than Slack's 3 s (the modal closes and the answer follows).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { listActions } from '../../src/core/runtime/command.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';
import { ADMIN, blockText, buttons, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';

let s: SlackHarness;
let livekit: FakeLiveKit;
beforeAll(async () => {
  livekit = await startFakeLiveKit();
  s = await createSlackHarness({ submitBudgetMs: 0, env: { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret } });
  s.fake.usergroups = [{ id: 'S0NOC', handle: 'noc', users: ['U0GROUPIE'] }];
});
afterAll(async () => {
  await s?.close();
  await livekit?.close();
});

async function run(text: string, user = ADMIN): Promise<{ type: unknown; text: string }> {
  const [command, ...rest] = text.split(' ');
  const r = await s.slash(user, `/${command}`, rest.join(' '));
  let a = await r.answer();
  // A long command first posts a progress line, then its answer.
  for (let n = 1; blockText(a.body.blocks).includes(':hourglass'); n++) a = await r.answer(n);
  return { type: a.body.response_type, text: blockText(a.body.blocks) };
}

describe('Slack: every command', () => {
  // Each action in the registry, run once through its slash command, with the answer it must give.
  const script: [string, string][] = [
    ['carrier add name=Acme sip_address=sip.acme.example:5060 cps=2', 'Carrier \\"Acme\\" created.'],
    ['carrier add name=Beta sip_address=sip.beta.example', 'Carrier \\"Beta\\" created.'],
    ['carrier list', 'Carriers (2)'],
    ['carrier show Acme', 'sip.acme.example:5060'],
    ['carrier edit Acme channels=40', 'channels changed'],
    ['carrier guide twilio', 'Twilio'],
    ['carrier dialplan Acme 0044 20 7946 0000', 'Sent to the carrier as'],
    ['carrier contacts add carrier=Acme name=Jo role=noc email=jo@acme.example', 'Jo'],
    ['carrier contacts list Acme', 'jo@acme.example'],
    ['carrier contacts remove carrier=Acme name=Jo', 'removed'],
    ['bot add name=Sales agent_name=sales-agent', 'Sales'],
    ['bot list', 'sales-agent'],
    ['did add carrier=Acme number=+14155550100 bot=Sales', '+14155550100 added to Acme.'],
    ['did edit +14155550100 label=Main', '+14155550100 saved.'],
    ['bot edit Sales agent_name=sales-v2', 'sales-v2'],
    ['carrier sync Acme', 'Acme synced to LiveKit'],
    ['carrier sync --all', 'LiveKit sync of 2 carriers'],
    ['carrier reconcile --dry-run', 'LiveKit reconcile (dry run: nothing changed)'],
    ['did move +14155550100 carrier=Beta', 'moved from Acme to Beta'],
    ['did move +14155550100 carrier=Acme', 'moved from Beta to Acme'],
    ['did list Acme', 'Main'],
    ['did import Acme file=numbers.csv', 'attach the file itself'],
    ['did remove +14155550100 confirm=yes', '+14155550100 removed from Acme.'],
    ['bot remove Sales confirm=yes', 'Sales'],
    ['ratecard create name=AcmeAZ carrier=Acme', 'Rate card \\"AcmeAZ\\" created for Acme (USD).'],
    ['ratecard edit AcmeAZ precision=6', 'precision changed'],
    ['ratecard list', 'AcmeAZ'],
    ['ratecard show AcmeAZ', 'No revisions yet'],
    ['ratecard upload AcmeAZ', 'file: attach the deck'],
    ['ratecard revisions AcmeAZ', 'AcmeAZ: no revisions'],
    ['ratecard diff AcmeAZ', 'AcmeAZ has no revisions yet'],
    ['ratecard download AcmeAZ', 'AcmeAZ has no revisions yet'],
    ['ratecard activate-due', 'No scheduled revision is due.'],
    ['ratecard activate AcmeAZ 1', 'AcmeAZ has no revision #1'],
    ['ratecard archive AcmeAZ 1', 'AcmeAZ has no revision #1'],
    ['price +442079460000 60 AcmeAZ', 'No card of \\"AcmeAZ\\" has a rate'],
    ['lcr +442079460000 60', 'No active carrier can terminate'],
    ['calls import file=cdr.csv', 'attach the file itself'],
    ['health Acme', 'No call data for Acme yet'],
    ['health digest', 'Daily carrier digest'],
    ['ratecard delete AcmeAZ confirm=yes', 'Rate card \\"AcmeAZ\\" deleted.'],
    ['carrier maintenance Acme 1h router swap', 'Maintenance on Acme until'],
    ['alert route slack <#C0ALERTS|noc-alerts> digest_at=08:30', 'Slack alerts go to C0ALERTS, with a daily digest at 08:30 UTC'],
    ['alert check consecutive-failures', 'Ran consecutive-failures'],
    ['alert list', 'Open alerts (0)'],
    ['alert show Acme cf', 'No open consecutive failures alert on Acme'],
    ['alert ack Acme cf', 'No open consecutive failures alert on Acme'],
    ['alert snooze Acme cf 1h', 'No open consecutive failures alert on Acme'],
    ['alert resolve Acme asr', 'No open low asr alert on Acme'],
    ['access grant principal=<@U0OPS|ops> role=operator', 'slack:U0OPS'],
    ['access list', 'slack:U0OPS'],
    ['audit Acme', 'carrier.edit'],
    ['access revoke principal=slack:U0OPS', 'slack:U0OPS'],
    ['help carrier add', 'sip_address'],
    ['carrier delete Acme confirm=yes', 'Carrier \\"Acme\\" deleted'],
  ];

  it('covers every action in the registry', () => {
    const covered = new Set(script.map(([line]) => listActions(commands).find((a) => line.startsWith(a.path.join(' ') + ' ') || line === a.path.join(' '))?.path.join(' ')));
    expect(listActions(commands).map((a) => a.path.join(' ')).filter((p) => !covered.has(p))).toEqual([]);
  });

  it.each(script)('/%s', async (line, expected) => {
    const answer = await run(line);
    expect(answer.text).toContain(expected);
  });

  it("the carrier card's Sync button syncs the carrier to LiveKit", async () => {
    await run('carrier add name=Gamma sip_address=sip.gamma.example');
    await run('did add carrier=Gamma number=+14155550177');
    const show = await s.slash(ADMIN, '/carrier', 'show Gamma');
    const b = buttons((await show.answer()).body.blocks);
    expect(Object.keys(b)).toEqual(['Edit', 'Sync', 'Add number', 'Delete']);
    const click = await s.click(ADMIN, b.Sync!);
    expect(blockText((await click.answer()).body.blocks)).toMatch(/Gamma synced to LiveKit|LiveKit already matched/);
    expect([...livekit.outbound.values()].map((t) => t.name)).toContain('Gamma (outbound)');
  });

  it('explains a command run bare or with help', async () => {
    expect((await run('carrier')).text).toContain('carrier add');
    expect((await run('did help')).text).toContain('did import');
    expect((await run('help')).text).toContain('trunkops commands');
  });

  it('decodes Slack text: smart quotes and HTML entities', async () => {
    const a = await run('carrier add name=\u201cBig & Co\u201d sip_address=sip.big.example');
    expect(a.text).toContain('Big &amp; Co');
    expect(await s.h.app.store.carriers.findByName('Big & Co')).toBeTruthy();
  });
});

describe('Slack: grants to user groups', () => {
  it('gives members of a granted user group its role', async () => {
    expect((await run('carrier list', 'U0GROUPIE')).text).toContain('no trunkops role yet');
    await run('access grant principal=slack-group:S0NOC role=viewer');
    // Membership is cached for a minute; a grant applies at once.
    expect((await run('carrier list', 'U0GROUPIE')).text).toContain('Carriers');
  });
});

describe('Slack: App Home', () => {
  it('publishes the carrier overview for a viewer', async () => {
    const published = s.fake.callsOf('views.publish').length;
    await s.event({ type: 'app_home_opened', user: ADMIN, channel: 'D0HOME', tab: 'home', event_ts: '1700000000.1' });
    const call = await s.fake.nextCall('views.publish', published);
    expect(call.body.user_id).toBe(ADMIN);
    const text = blockText((call.body.view as { blocks: unknown }).blocks);
    expect(text).toContain('trunkops — carriers');
    expect(text).toContain('Big &amp; Co');
    await s.event({ type: 'app_home_opened', user: 'U0NOBODY', channel: 'D0HOME2', tab: 'home', event_ts: '1700000000.2' });
    const stranger = await s.fake.nextCall('views.publish', published + 1);
    expect(blockText((stranger.body.view as { blocks: unknown }).blocks)).toContain('no trunkops role yet');
  });
});

describe('Slack: a slow modal submission', () => {
  it('closes the modal at once and posts the answer when it is ready', async () => {
    const r = await s.slash(ADMIN, '/carrier', 'add');
    const view = await r.view();
    const ack = await s.submit(ADMIN, view, { name: 'Slowpoke', sip_address: 'sip.slow.example' });
    expect(ack.text).toBe('');
    expect(blockText((await r.answer()).body.blocks)).toContain('Carrier \\"Slowpoke\\" created.');
  });
});
