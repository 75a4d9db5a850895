// ratecard download in chat. Slack: the reply is private and Slack cannot attach a file to a private message, so
// the file goes to the caller's DM with the app through the upload flow (upload URL, bytes, completion), and the
// reply says so; a public reply's files are shared in its channel (or by DM where the bot is not a member).
// Discord: the file is attached to the private answer itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebClient } from '@slack/web-api';
import { shareFiles } from '../../src/slack/uploads.ts';
import { BOT_TOKEN } from '../fakes/slack.ts';
import { ADMIN, blockText, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';
import { createDiscordHarness, eventually, messageText, type DiscordHarness } from '../helpers/discord.ts';

const DECK = 'Destination,Prefix,Rate,Billing\nUK,44,0.0100,30/6\n=London,4420,0.0070,30/6\n';
const CSV = '\uFEFFPrefix,Destination,Rate (USD),Connect fee (USD),Billing,Status,Effective date\r\n44,UK,0.01,,30/6,open,\r\n4420,\'=London,0.007,,30/6,open,\r\n';

describe('Slack', () => {
  let s: SlackHarness;
  beforeAll(async () => {
    s = await createSlackHarness();
    await s.h.script(['carrier add name=Acme sip_address=sip.acme.example', 'ratecard create name="Acme A-Z" carrier=Acme']);
    const file = s.fake.addFile('deck.csv', DECK);
    await s.h.as(`slack:${ADMIN}`, ['ratecard', 'upload'], { card: 'Acme A-Z', confirm: 'yes' }, { attachments: { file: { name: file.name, data: Buffer.from(DECK) } } });
  });
  afterAll(async () => {
    await s?.close();
  });

  it('sends the file to the caller by direct message and says so in the private reply', async () => {
    const r = await s.slash(ADMIN, '/ratecard', 'download "Acme A-Z"');
    const answer = await r.answer();
    expect(answer.body.response_type).toBe('ephemeral');
    const text = blockText(answer.body.blocks);
    expect(text).toContain('Acme A-Z: revision #1 (active)');
    expect(text).toContain('2 rates in Acme-A-Z-rev1.csv');
    expect(text).toContain('Acme-A-Z-rev1.csv: sent to you in a direct message from the app');

    const open = s.fake.callsOf('conversations.open').at(-1)!;
    expect(open.body).toMatchObject({ users: ADMIN });
    const [shared] = s.fake.sharedFiles();
    expect(shared!.filename).toBe('Acme-A-Z-rev1.csv');
    expect(shared!.length).toBe(Buffer.byteLength(CSV));
    expect(shared!.data.toString('utf8')).toBe(CSV);
    expect(shared!.completed).toMatchObject({ channel: s.fake.dmOf(ADMIN), title: 'Acme A-Z revision #1 (2 rates)' });
    expect(shared!.completed.initialComment).toContain('Acme A-Z: revision #1 (active)');
    // The upload flow in Slack's order: an upload URL for the declared size, then the completion.
    const methods = s.fake.calls.map((c) => c.method).filter((m) => m.startsWith('files.'));
    expect(methods.slice(-2)).toEqual(['files.getUploadURLExternal', 'files.completeUploadExternal']);
    expect(s.fake.callsOf('files.getUploadURLExternal').at(-1)!.body).toMatchObject({ filename: 'Acme-A-Z-rev1.csv', length: String(Buffer.byteLength(CSV)) });
  });

  it('explains a refused upload (the app lacks files:write) and still answers', async () => {
    s.fake.missingScopes.add('files:write');
    try {
      const r = await s.slash(ADMIN, '/ratecard', 'download "Acme A-Z" 1');
      const text = blockText((await r.answer()).body.blocks);
      expect(text).toContain('2 rates in Acme-A-Z-rev1.csv');
      expect(text).toContain('Acme-A-Z-rev1.csv could not be sent: Slack answered missing_scope. The app needs the files:write and im:write scopes');
    } finally {
      s.fake.missingScopes.clear();
    }
  });

  it('shares a public reply’s files in its channel and thread, else by DM', async () => {
    const client = new WebClient(BOT_TOKEN, { slackApiUrl: s.fake.apiUrl });
    const png = { name: 'chart.png', mime: 'image/png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47]), title: 'ASR, last 24 h' };
    const inChannel = await shareFiles(client, s.h.logger, { channel: 'C0NOC', user: ADMIN, threadTs: '1700000000.000100' }, [png], { private: false });
    expect(inChannel).toEqual({ where: 'channel' });
    expect(s.fake.sharedFiles().at(-1)).toMatchObject({ filename: 'chart.png', data: png.data, completed: { channel: 'C0NOC', threadTs: '1700000000.000100', title: 'ASR, last 24 h' } });

    const elsewhere = await shareFiles(client, s.h.logger, { channel: 'C0ELSEWHERE', user: ADMIN }, [png], { private: false });
    expect(elsewhere.where).toBe('dm');
    expect(elsewhere.note).toContain('I am not in this channel');
    expect(s.fake.sharedFiles().at(-1)!.completed.channel).toBe(s.fake.dmOf(ADMIN));
  });
});

describe('Discord', () => {
  let d: DiscordHarness;
  beforeAll(async () => {
    d = await createDiscordHarness();
    await d.h.script(['carrier add name=Acme sip_address=sip.acme.example', 'ratecard create name="Acme A-Z" carrier=Acme']);
    const deck = d.fake.addAttachment('deck.csv', Buffer.from(DECK), 'text/csv');
    const preview = await d.slash(['ratecard', 'upload'], { card: 'Acme A-Z', file: { attachment: deck } });
    const m = await eventually(() => d.fake.original(preview.payload.token)?.components.length ? d.fake.original(preview.payload.token) : undefined);
    const click = await d.click(m, 'Import');
    await eventually(() => messageText(d.fake.original(click.payload.token) ?? {}).includes('Imported 2 rates') || undefined, 15_000);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('attaches the file to the private answer', async () => {
    const sent = await d.slash(['ratecard', 'download'], { card: 'Acme A-Z' });
    const answer = await eventually(() => {
      const m = d.fake.original(sent.payload.token);
      return m && !m.deferred && m.attachments?.length ? m : undefined;
    }, 15_000);
    expect(answer.flags & 64).toBe(64);
    expect(messageText(answer)).toContain('2 rates in Acme-A-Z-rev1.csv');
    const [att] = answer.attachments!;
    expect(att).toMatchObject({ filename: 'Acme-A-Z-rev1.csv', size: Buffer.byteLength(CSV) });
    const res = await fetch(att!.url);
    expect(Buffer.from(await res.arrayBuffer()).toString('utf8')).toBe(CSV);
    // discord.js sent it as multipart: the JSON payload plus the file.
    const upload = d.fake.requests.find((r) => r.files?.some((f) => f.name === 'Acme-A-Z-rev1.csv'));
    expect(upload?.files).toEqual([{ name: 'Acme-A-Z-rev1.csv', type: expect.any(String), size: Buffer.byteLength(CSV) }]);
  });
});
