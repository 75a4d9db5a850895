// Files through Slack: a CSV from a modal file_input or shared in a channel with a mention is downloaded with
// the bot token (type and size checked) and handed to the command; 429s are retried after Retry-After;
// progress of a long import is debounced into one message edited in place.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BOT_TOKEN, BOT_USER } from '../fakes/slack.ts';
import { ADMIN, blockText, createSlackHarness, inputBlocks, type SlackHarness } from '../helpers/slack.ts';

let s: SlackHarness;
beforeAll(async () => {
  s = await createSlackHarness();
  await s.h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Other sip_address=sip.other.example', 'did add carrier=Other number=+14155550999']);
});
afterAll(async () => {
  await s?.close();
});

const csv = 'number,label,direction\n+14155550100,Sales,both\n+14155550101,,outbound\n';

describe('Slack: file_input in a modal', () => {
  it('downloads the file with the bot token and imports it', async () => {
    const run = await s.slash(ADMIN, '/did', 'import Acme');
    const view = await run.view();
    expect(inputBlocks(view).file!.element).toMatchObject({ type: 'file_input', filetypes: ['csv', 'txt', 'zip', 'gz'], max_files: 1 });
    const file = s.fake.addFile('numbers.csv', csv);
    const ok = await s.submit(ADMIN, view, { file: [file] });
    expect(ok.text).toBe('');
    expect(s.fake.downloads.at(-1)).toEqual({ path: `/files-pri/T0TEAM-${file.id}/download/numbers.csv`, auth: `Bearer ${BOT_TOKEN}` });
    expect(blockText((await run.answer()).body.blocks)).toContain('2 numbers from numbers.csv added to Acme.');
    expect((await s.h.app.store.dids.list({ carrierId: (await s.h.app.store.carriers.findByName('Acme'))!.id })).map((d) => d.numberNormalized)).toEqual(['+14155550100', '+14155550101']);
  });

  it('keeps the modal open with the bad rows on the file field, and refuses other file types', async () => {
    const run = await s.slash(ADMIN, '/did', 'import Acme');
    const view = await run.view();
    const bad = s.fake.addFile('bad.csv', 'number\n+1415x\n+14155550999\n');
    const res = JSON.parse((await s.submit(ADMIN, view, { file: [bad] })).text) as { response_action: string; errors: Record<string, string> };
    expect(res.response_action).toBe('errors');
    expect(res.errors.file).toContain('row 2: number "+1415x"');
    expect(res.errors.file).toContain('row 3: +14155550999 is already on carrier "Other"');
    const xlsx = s.fake.addFile('numbers.xlsx', 'PK\u0003\u0004', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet');
    const wrong = JSON.parse((await s.submit(ADMIN, view, { file: [xlsx] })).text) as { errors: Record<string, string> };
    expect(wrong.errors.file).toContain('"numbers.xlsx" is not a .csv / .txt / .zip / .gz file');
    expect(s.fake.downloads.some((d) => d.path.includes(xlsx.id))).toBe(false);
  });
});

describe('Slack: a CSV shared in a channel', () => {
  it('runs the command in the mention with the file, answering in the thread', async () => {
    const file = s.fake.addFile('more.csv', 'number\n+14155550102\n');
    const posted = s.fake.callsOf('chat.postMessage').length;
    const res = await s.event({ type: 'message', subtype: 'file_share', channel: 'C0NOC', channel_type: 'channel', user: ADMIN, ts: '1700000100.000100', text: `<@${BOT_USER}> did import Acme`, files: [file] });
    expect(res.status).toBe(200);
    const call = await s.fake.nextCall('chat.postMessage', posted);
    expect(call.body).toMatchObject({ channel: 'C0NOC', thread_ts: '1700000100.000100' });
    expect(blockText(call.body.blocks)).toContain('1 number from more.csv added to Acme.');
  });

  it('does not download for a caller without the role, and ignores messages that do not mention the bot', async () => {
    const file = s.fake.addFile('sneaky.csv', 'number\n+14155550103\n');
    const before = s.fake.calls.length;
    await s.event({ type: 'message', subtype: 'file_share', channel: 'C0NOC', channel_type: 'channel', user: 'U0NOBODY', ts: '1700000200.000100', text: 'just sharing', files: [file] });
    await s.event({ type: 'message', subtype: 'file_share', channel: 'C0NOC', channel_type: 'channel', user: 'U0NOBODY', ts: '1700000300.000100', text: `<@${BOT_USER}> did import Acme`, files: [file] });
    const refusal = await s.fake.waitFor(() => s.fake.calls.slice(before).find((c) => c.method === 'chat.postEphemeral'));
    expect(refusal.body).toMatchObject({ channel: 'C0NOC', user: 'U0NOBODY' });
    expect(blockText(refusal.body.blocks)).toContain('needs the admin role');
    expect(s.fake.downloads.some((d) => d.path.includes(file.id))).toBe(false);
    expect(s.fake.calls.slice(before).filter((c) => c.method.startsWith('chat.'))).toHaveLength(1);
  });

  it('retries a 429 from the Web API after Retry-After', async () => {
    const posted = s.fake.callsOf('chat.postMessage').length;
    s.fake.rateLimit('chat.postMessage', 1);
    await s.event({ type: 'message', channel: 'C0NOC', channel_type: 'channel', user: ADMIN, ts: '1700000400.000100', text: `<@${BOT_USER}> carrier list` });
    const second = await s.fake.nextCall('chat.postMessage', posted + 1);
    const first = s.fake.callsOf('chat.postMessage')[posted]!;
    expect(second.at - first.at).toBeGreaterThanOrEqual(1000);
    expect(blockText(second.body.blocks)).toContain('Carriers (2)');
  });

  it('reports progress of a large import in one message, edited in place, then the result', async () => {
    const rows = Array.from({ length: 2500 }, (_, i) => `+1628555${String(i).padStart(4, '0')}`);
    const file = s.fake.addFile('big.csv', `number\n${rows.join('\n')}\n`);
    const posted = s.fake.callsOf('chat.postMessage').length;
    const updated = s.fake.callsOf('chat.update').length;
    await s.event({ type: 'message', subtype: 'file_share', channel: 'C0NOC', channel_type: 'channel', user: ADMIN, ts: '1700000500.000100', text: `<@${BOT_USER}> did import Other`, files: [file] });
    const progress = await s.fake.nextCall('chat.postMessage', posted);
    expect(progress.body.text).toMatch(/^Imported \d+ of 2500 numbers…$/);
    const final = await s.fake.waitFor(() => s.fake.callsOf('chat.update').slice(updated).find((c) => String(c.body.text).includes('2500 numbers')), 20_000);
    expect(final.body.ts).toBeDefined();
    expect(s.fake.callsOf('chat.postMessage').length).toBe(posted + 1);
    expect(await s.h.app.store.dids.list({ carrierId: (await s.h.app.store.carriers.findByName('Other'))!.id })).toHaveLength(2501);
  });
});
