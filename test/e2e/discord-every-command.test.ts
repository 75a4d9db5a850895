// Every command through Discord's slash commands (options typed as registered), confirmations through their
// Danger button, and the carrier card's Sync button against a fake LiveKit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import { listActions } from '../../src/core/runtime/command.ts';
import type { Json } from '../fakes/discord.ts';
import type { OptionValue } from '../fakes/discord-payloads.ts';
import { startFakeLiveKit, type FakeLiveKit } from '../fakes/livekit.ts';
import { buttonLabels, createDiscordHarness, eventually, messageText, type DiscordHarness, type Sent } from '../helpers/discord.ts';

let d: DiscordHarness;
let livekit: FakeLiveKit;
beforeAll(async () => {
  livekit = await startFakeLiveKit();
  d = await createDiscordHarness({ env: { LIVEKIT_URL: livekit.url, LIVEKIT_API_KEY: livekit.apiKey, LIVEKIT_API_SECRET: livekit.apiSecret } });
});
afterAll(async () => {
  await d?.close();
  await livekit?.close();
});

/** The text of an interaction's answer: the reply itself, or the deferred placeholder once edited. */
async function answerText(sent: Sent): Promise<{ text: string; message: Json }> {
  if (sent.callback.type !== 5) return { text: messageText(sent.callback.data), message: d.answer(sent) };
  // Edited in place, or (a public answer to a private placeholder) replaced by a follow-up.
  const m = await eventually(() => d.fake.followUps(sent.payload.token)[0] ?? (d.fake.original(sent.payload.token)?.embeds.length ? d.fake.original(sent.payload.token) : undefined), 15_000);
  return { text: messageText(m), message: m };
}

type Step = [path: string, options: Record<string, OptionValue>, expected: string, confirm?: string];

describe('Discord: every command', () => {
  const att = () => ({ attachment: d.fake.addAttachment('numbers.csv', Buffer.from('number,label\n+14155550150,Imported\n'), 'text/csv') });
  const deck = () => ({ attachment: d.fake.addAttachment('deck.csv', Buffer.from('Destination,Prefix,Rate,Billing\nUK,44,0.0100,30/6\nLondon,4420,0.0070,30/6\n'), 'text/csv') });
  const cdr = () => ({
    attachment: d.fake.addAttachment(
      'cdr.csv',
      Buffer.from('call_id,carrier,number,sip_code,start,answer,end\nd1,Acme,+14155550123,200,2026-01-01T10:00:00Z,2026-01-01T10:00:05Z,2026-01-01T10:01:00Z\nd2,Acme,+14155550124,503,2026-01-01T10:02:00Z,,2026-01-01T10:02:09Z\n'),
      'text/csv',
    ),
  });
  const script: Step[] = [
    ['carrier add', { name: 'Acme', sip_address: 'sip.acme.example:5060', cps: 2 }, 'Carrier "Acme" created.'],
    ['carrier add', { name: 'Beta', sip_address: 'sip.beta.example' }, 'Carrier "Beta" created.'],
    ['carrier list', {}, 'Carriers (2)'],
    ['carrier show', { carrier: 'Acme' }, 'sip.acme.example:5060'],
    ['carrier edit', { carrier: 'Acme', channels: 40 }, 'channels changed'],
    ['carrier guide', { provider: 'twilio' }, 'Twilio'],
    ['carrier dialplan', { carrier: 'Acme', number: '0044 20 7946 0000' }, 'Sent to the carrier as'],
    ['carrier contacts add', { carrier: 'Acme', name: 'Jo', role: 'noc', email: 'jo@acme.example' }, 'Jo'],
    ['carrier contacts list', { carrier: 'Acme' }, 'jo@acme.example'],
    ['carrier contacts remove', { carrier: 'Acme', name: 'Jo' }, 'removed'],
    ['bot add', { name: 'Sales', agent_name: 'sales-agent' }, 'Sales'],
    ['bot list', {}, 'sales-agent'],
    ['did add', { carrier: 'Acme', number: '+14155550100', bot: 'Sales' }, '+14155550100 added to Acme.'],
    ['did edit', { number: '+14155550100', label: 'Main' }, '+14155550100 saved.'],
    ['bot edit', { name: 'Sales', agent_name: 'sales-v2' }, 'sales-v2'],
    ['carrier sync', { carrier: 'Acme' }, 'Acme synced to LiveKit'],
    ['carrier sync', { all: true }, 'LiveKit sync of 2 carriers'],
    ['carrier reconcile', { dry_run: true }, 'LiveKit reconcile (dry run: nothing changed)'],
    ['did move', { number: '+14155550100', carrier: 'Beta' }, 'moved from Acme to Beta'],
    ['did move', { number: '+14155550100', carrier: 'Acme' }, 'moved from Beta to Acme'],
    ['did list', { carrier: 'Acme' }, 'Main'],
    ['did import', { carrier: 'Acme', file: 'attachment' }, '1 number from numbers.csv added to Acme.'],
    ['did remove', { number: '+14155550100' }, '+14155550100 removed from Acme.', 'Remove number'],
    ['bot remove', { name: 'Sales' }, 'Sales', 'Remove bot'],
    ['ratecard create', { name: 'Acme A-Z', carrier: 'Acme', precision: 6, rounding: 'half-up' }, 'Rate card "Acme A-Z" created for Acme (USD).'],
    ['ratecard edit', { card: 'Acme A-Z', capped_rate: '0.50' }, 'capped_rate changed'],
    ['ratecard list', {}, 'Acme A-Z'],
    ['ratecard show', { card: 'Acme A-Z' }, 'No revisions yet'],
    ['ratecard upload', { card: 'Acme A-Z', file: 'deck' }, 'Imported 2 rates from deck.csv into Acme A-Z as revision #1, live now.', 'Import'],
    ['ratecard revisions', { card: 'Acme A-Z' }, '#1'],
    ['ratecard diff', { card: 'Acme A-Z' }, '2 new, 0 removed'],
    ['ratecard download', { card: 'Acme A-Z' }, '2 rates in Acme-A-Z-rev1.csv'],
    ['ratecard activate-due', {}, 'No scheduled revision is due.'],
    ['price', { number: '+442079460000', duration: 31, card: 'Acme A-Z' }, 'cost = 0.004200 USD'],
    ['lcr', { number: '+442079460000' }, 'Acme A-Z'],
    ['calls import', { file: 'cdr' }, '2 calls imported from cdr.csv'],
    ['health', { carrier: 'Acme' }, 'Acme: health, last 24 h (UTC)'],
    ['health', { view: 'digest' }, 'Daily carrier digest'],
    ['ratecard activate', { card: 'Acme A-Z', revision: 1 }, 'is already active'],
    ['ratecard archive', { card: 'Acme A-Z', revision: 1 }, 'Revision #1 of Acme A-Z archived'],
    ['ratecard delete', { card: 'Acme A-Z' }, 'Rate card "Acme A-Z" deleted.', 'Delete rate card'],
    ['carrier maintenance', { carrier: 'Acme', duration: '1h', reason: 'router swap' }, 'Maintenance on Acme until'],
    ['alert route', { platform: 'discord', channel: '<#123456789012345678>' }, 'Discord alerts go to 123456789012345678'],
    ['alert check', { name: 'asr' }, 'Ran asr'],
    ['alert list', {}, 'Open alerts (0)'],
    ['alert show', { alert: 'Acme cf' }, 'No open consecutive failures alert on Acme'],
    ['alert ack', { alert: 'Acme cf' }, 'No open consecutive failures alert on Acme'],
    ['alert snooze', { alert: 'Acme cf', duration: '1h' }, 'No open consecutive failures alert on Acme'],
    ['alert resolve', { alert: 'Acme asr' }, 'No open low asr alert on Acme'],
    ['access grant', { principal: '<@&1500000000000000009>', role: 'operator' }, 'discord-role:1500000000000000009'],
    ['access list', {}, 'discord-role:1500000000000000009'],
    ['audit', { carrier: 'Acme' }, 'carrier.edit'],
    ['access revoke', { principal: 'discord-role:1500000000000000009' }, 'discord-role:1500000000000000009'],
    ['help', { topic: 'carrier add' }, 'sip_address'],
    ['carrier delete', { carrier: 'Acme' }, 'Carrier "Acme" deleted', 'Delete carrier'],
  ];

  it('covers every action in the registry', () => {
    const covered = new Set(script.map(([path]) => path));
    expect(listActions(commands).map((a) => a.path.join(' ')).filter((p) => !covered.has(p))).toEqual([]);
  });

  it.each(script)('/%s %j', async (path, options, expected, confirm) => {
    const opts = Object.fromEntries(Object.entries(options).map(([k, v]) => [k, v === 'attachment' ? att() : v === 'deck' ? deck() : v === 'cdr' ? cdr() : v]));
    const sent = await d.slash(path.split(' '), opts);
    const first = await answerText(sent);
    let text = first.text;
    if (confirm) {
      expect(buttonLabels(first.message)).toEqual([confirm, 'Cancel']);
      text = (await answerText(await d.click(first.message, confirm))).text;
    }
    expect(text).toContain(expected);
  });

  it("the carrier card's Sync button syncs the carrier to LiveKit", async () => {
    await d.slash(['carrier', 'add'], { name: 'Gamma', sip_address: 'sip.gamma.example' });
    await d.slash(['did', 'add'], { carrier: 'Gamma', number: '+14155550177' });
    const card = await d.slash(['carrier', 'show'], { carrier: 'Gamma' });
    expect(buttonLabels(card.callback.data)).toEqual(['Edit', 'Sync', 'Add number', 'Delete']);
    const click = await d.click(d.answer(card), 'Sync');
    expect((await answerText(click)).text).toMatch(/Gamma synced to LiveKit|LiveKit already matched/);
    expect([...livekit.outbound.values()].map((t) => t.name)).toContain('Gamma (outbound)');
  });
});
