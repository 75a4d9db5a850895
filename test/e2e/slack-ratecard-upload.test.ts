// A rate deck through Slack: shared with a mention, previewed privately with Slack's own confirm dialog on the
// Import button, imported when the button is pressed (the deck waits server-side; Slack does not send it again).
import { afterAll, beforeAll, expect, it } from 'vitest';
import { BOT_USER } from '../fakes/slack.ts';
import { ADMIN, blockText, buttons, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';

let s: SlackHarness;
beforeAll(async () => {
  s = await createSlackHarness();
  await s.h.script(['carrier add name=Acme sip_address=sip.acme.example', 'ratecard create name=AcmeAZ carrier=Acme']);
});
afterAll(async () => {
  await s?.close();
});

it('previews a shared deck privately and imports it when Import is pressed', async () => {
  const file = s.fake.addFile('deck.csv.gz', (await import('node:zlib')).gzipSync('Destination,Prefix,Rate,Billing\nUK,44,0.0100,30/6\nLondon,4420,0.0070,30/6\n'));
  const before = s.fake.calls.length;
  await s.event({ type: 'message', subtype: 'file_share', channel: 'C0NOC', channel_type: 'channel', user: ADMIN, ts: '1700000100.000100', text: `<@${BOT_USER}> ratecard upload AcmeAZ`, files: [file] });
  const preview = await s.fake.waitFor(() => s.fake.calls.slice(before).find((c) => c.method === 'chat.postEphemeral'));
  const text = blockText(preview.body.blocks);
  expect(text).toContain('Import 2 rates into AcmeAZ (live at once)?');
  expect(text).toContain('No active revision yet: every rate is new.');
  expect(await s.h.db.query('select count(*)::int as n from rates')).toEqual([{ n: 0 }]);
  const importButton = buttons(preview.body.blocks).Import!;
  expect(importButton.confirm).toBeTruthy();
  const click = await s.click(ADMIN, importButton);
  expect(blockText((await click.answer()).body.blocks)).toContain('Imported 2 rates from deck.csv into AcmeAZ as revision #1, live now.');
  expect(await s.h.db.query('select count(*)::int as n from rates')).toEqual([{ n: 2 }]);
});
