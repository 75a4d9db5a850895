// Discord delivery end to end: deferring when an answer takes time (then editing, or replacing a placeholder of the
// wrong kind), progress of a long import, CSV attachments (zipped too) with type and size checks, interactions
// Discord has already forgotten, answers past the 15-minute token, and rate limits left to discord.js's queue.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNEL_ID, snowflake, type Json } from '../fakes/discord.ts';
import { chatInput } from '../fakes/discord-payloads.ts';
import { createDiscordHarness, eventually, messageText, type DiscordHarness } from '../helpers/discord.ts';

const EPHEMERAL = 64;

describe('Discord: slow answers are deferred, then edited', () => {
  let d: DiscordHarness;
  beforeAll(async () => {
    // Defer at once, as if every command were slow.
    d = await createDiscordHarness({ deferAfterMs: 0 });
    await d.h.script(['carrier add name=Acme sip_address=sip.acme.example']);
  });
  afterAll(async () => {
    await d?.close();
  });

  const edited = (token: string) => eventually(() => (d.fake.original(token)?.embeds.length ? d.fake.original(token) : undefined));

  it('defers a read privately and edits the answer in', async () => {
    const sent = await d.slash(['did', 'list'], { carrier: 'Acme' });
    expect(sent.callback).toEqual({ type: 5, data: { flags: EPHEMERAL } });
    const m = await edited(sent.payload.token);
    expect(m.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(messageText(m)).toContain('No phone numbers on Acme');
  });

  it('defers a change publicly and edits the result in', async () => {
    const sent = await d.slash(['carrier', 'add'], { name: 'Globex', sip_address: 'sip.globex.example' });
    expect(sent.callback.type).toBe(5);
    expect(sent.callback.data?.flags ?? 0).toBe(0);
    expect(messageText(await edited(sent.payload.token))).toContain('Carrier "Globex" created.');
  });

  it('replaces a public placeholder with a private follow-up when the answer is an error', async () => {
    const sent = await d.slash(['carrier', 'add'], { name: 'Bad', sip_address: 'sip:nope' });
    const follow = await eventually(() => d.fake.followUps(sent.payload.token)[0]);
    expect(follow.flags & EPHEMERAL).toBe(EPHEMERAL);
    expect(messageText(follow)).toContain('SIP address');
    expect(d.fake.original(sent.payload.token)?.deleted).toBe(true);
  });

  it('offers a button for a form it could no longer open as the first response', async () => {
    const sent = await d.slash(['carrier', 'add'], {});
    const follow = await eventually(() => d.fake.followUps(sent.payload.token)[0]);
    expect(follow.content).toContain('Add carrier** is ready');
    const open = await d.click(follow, 'Open Add carrier');
    expect(open.callback.type).toBe(9);
    expect(open.callback.data.title).toBe('Add carrier · Connection (1/6)');
  });

  it('shows the progress of a long import in the placeholder, then the result', async () => {
    const rows = Array.from({ length: 3000 }, (_, i) => `+1650${String(i).padStart(7, '0')}`).join('\n');
    const att = d.fake.addAttachment('many.csv', Buffer.from(`number\n${rows}\n`), 'text/csv');
    const sent = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: att } });
    const result = await edited(sent.payload.token);
    expect(messageText(result)).toContain('3000 numbers from many.csv added to Acme.');
    const edits = d.fake.requests.filter((r) => r.method === 'PATCH' && r.path.includes(sent.payload.token));
    expect(edits.some((r) => String(r.body.content).startsWith('⏳ Imported 1000 of 3000 numbers'))).toBe(true);
  });
});

describe('Discord: attachments, expiry and rate limits', () => {
  let d: DiscordHarness;
  beforeAll(async () => {
    d = await createDiscordHarness();
    await d.h.script(['carrier add name=Acme sip_address=sip.acme.example']);
  });
  afterAll(async () => {
    await d?.close();
  });

  const downloads = () => d.fake.requests.filter((r) => r.method === 'GET' && r.path.startsWith('/attachments/')).length;

  it('downloads a CSV attachment and hands it to the command; a gzipped one too', async () => {
    const att = d.fake.addAttachment('numbers.csv', Buffer.from('number,label\n+14155550100,Main\n+14155550101,Spare\n'), 'text/csv');
    const sent = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: att } });
    expect(messageText(sent.callback.data)).toContain('2 numbers from numbers.csv added to Acme.');
    const gz = d.fake.addAttachment('more.csv.gz', gzipSync('+14155550102,Gz\n'), 'application/gzip');
    const sent2 = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: gz } });
    expect(messageText(sent2.callback.data)).toContain('1 number from more.csv added to Acme.');
  });

  it('refuses a wrong type or an oversized file before downloading it', async () => {
    const before = downloads();
    const xlsx = d.fake.addAttachment('numbers.xlsx', Buffer.from('PK'), 'application/vnd.ms-excel');
    const wrong = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: xlsx } });
    expect(wrong.callback.data.flags).toBe(EPHEMERAL);
    expect(messageText(wrong.callback.data)).toContain('"numbers.xlsx" is not a .csv / .txt / .zip / .gz file');
    const big = d.fake.addAttachment('big.csv', Buffer.from('number\n'), 'text/csv');
    big.size = 3 * 1024 * 1024;
    const huge = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: big } });
    expect(messageText(huge.callback.data)).toContain('the limit is 2.0 MB');
    expect(downloads()).toBe(before);
  });

  it('downloads nothing for a member without the role', async () => {
    const before = downloads();
    const att = d.fake.addAttachment('sneaky.csv', Buffer.from('+14155550199\n'), 'text/csv');
    const sent = await d.slash(['did', 'import'], { carrier: 'Acme', file: { attachment: att } }, d.stranger);
    expect(messageText(sent.callback.data)).toContain('needs the admin role');
    expect(downloads()).toBe(before);
  });

  it('logs an interaction Discord has forgotten (answered too late) and carries on', async () => {
    const opts = d.fake.opts as { interactionDeadlineMs: number };
    opts.interactionDeadlineMs = -1;
    const payload = chatInput(['carrier', 'list'], [], d.admin);
    d.fake.interaction(payload);
    await eventually(() => d.h.logs.find((l) => l.includes('discord interaction expired before it was answered') && l.includes(payload.id)));
    opts.interactionDeadlineMs = 3000;
    const next = await d.slash(['carrier', 'list'], {});
    expect(messageText(next.callback.data)).toContain('Acme');
    expect(d.h.logs.some((l) => l.includes('discord interaction failed'))).toBe(false);
  });

  it('answers in the channel, or by direct message, once the 15-minute token has run out', async () => {
    const old = (path: string[], options: Json[] = []) => {
      const p = chatInput(path, options, d.admin);
      p.id = snowflake(Date.now() - 16 * 60_000);
      p.token = `itoken-${p.id}`;
      return p;
    };
    const publicOne = old(['carrier', 'add'], [{ name: 'name', type: 3, value: 'Late' }, { name: 'sip_address', type: 3, value: 'sip.late.example' }]);
    d.fake.interaction(publicOne);
    const posted = await eventually(() => d.fake.channelMessages(CHANNEL_ID).find((m) => messageText(m).includes('Carrier "Late" created.')));
    expect(posted.interaction_token).toBeUndefined();
    const privateOne = old(['carrier', 'show'], [{ name: 'carrier', type: 3, value: 'Late' }]);
    d.fake.interaction(privateOne);
    const dm = await eventually(() => [...d.fake.messages.values()].find((m) => m.channel_id !== CHANNEL_ID && messageText(m).includes('Late')));
    expect(d.fake.channels.get(dm.channel_id)?.type).toBe(1);
  });

  it('waits out a rate limit in discord.js’s queue instead of retrying by hand', async () => {
    d.fake.rateLimitNext((method, path) => method === 'POST' && path.startsWith('/interactions/'), 0.3);
    const sent = await d.slash(['carrier', 'list'], {});
    expect(messageText(sent.callback.data)).toContain('Acme');
    const tries = d.fake.requests.filter((r) => r.path.startsWith(`/interactions/${sent.payload.id}/`));
    expect(tries.map((r) => r.status)).toEqual([429, 204]);
    expect(d.h.logs.some((l) => l.includes('discord rate limit'))).toBe(true);
  });
});
