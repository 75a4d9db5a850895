// Discord forms end to end: a sectioned form as consecutive modals joined by Continue, nothing saved until the
// whole form validates, bad submissions answered with the fields and rules and a button reopening the page
// prefilled, secrets never sent back, and the carrier card's Edit and Add number buttons opening their forms.
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FakeMessage, Json } from '../fakes/discord.ts';
import { buttonLabels, createDiscordHarness, eventually, messageText, type DiscordHarness, type Sent } from '../helpers/discord.ts';

let d: DiscordHarness;
beforeAll(async () => {
  d = await createDiscordHarness();
  await d.h.script(['bot add name=Sales agent_name=sales-agent']);
});
afterAll(async () => {
  await d?.close();
});

const EPHEMERAL = 64;
const PASSWORD = 'S3cret-pass!word';

/** The modal's fields by custom id: the labelled component (with its prefilled value or options). */
function fields(modal: Json): Record<string, Json> {
  const out: Record<string, Json> = {};
  for (const c of modal.components) if (c.type === 18) out[c.component.custom_id] = { ...c.component, label: c.label, description: c.description };
  return out;
}

/** Where a form step's answer is: the updated message (type 7), else the new reply. */
function stepMessage(sent: Sent): FakeMessage {
  return d.answer(sent);
}

describe('Discord: the carrier form as consecutive modals', () => {
  let step: FakeMessage;
  let stale: FakeMessage;

  it('opens the first section as a modal when /carrier add has no options', async () => {
    const open = await d.slash(['carrier', 'add'], {});
    expect(open.callback.type).toBe(9);
    const modal = open.callback.data;
    expect(modal.title).toBe('Add carrier · Connection (1/6)');
    expect(Object.keys(fields(modal))).toEqual(['name', 'sip_address', 'transport', 'destination_country']);
    expect(fields(modal).transport).toMatchObject({ type: 3, options: expect.arrayContaining([expect.objectContaining({ value: 'auto', default: true })]) });
    expect(fields(modal).sip_address.description).toContain('optional :port');

    const bad = await d.submit(modal, { name: 'Globex', sip_address: 'sip:bad host' });
    expect(bad.callback.type).toBe(4);
    expect(bad.callback.data.flags).toBe(EPHEMERAL);
    expect(bad.callback.data.content).toContain('**SIP address**');
    expect(bad.callback.data.content).toContain('Nothing was saved');
    expect(buttonLabels(bad.callback.data)).toEqual(['Fix Connection', 'Cancel']);

    const reopen = await d.click(stepMessage(bad), 'Fix Connection');
    expect(reopen.callback.type).toBe(9);
    expect(fields(reopen.callback.data).name.value).toBe('Globex');
    expect(fields(reopen.callback.data).sip_address.value).toBe('sip:bad host');

    const good = await d.submit(reopen.callback.data, { sip_address: 'sip.globex.example' }, d.admin, stepMessage(bad));
    expect(good.callback.type).toBe(7);
    expect(good.callback.data.content).toContain('Connection done (1 of 6). Next: **Authentication**');
    expect(buttonLabels(good.callback.data)).toEqual(['Continue: Authentication', 'Create carrier', 'Cancel']);
    expect(await d.h.app.store.carriers.findByName('Globex')).toBeNull();
    step = stepMessage(bad);
  });

  it('keeps a typed password sealed between modals and never sends it back', async () => {
    const open = await d.click(step, 'Continue: Authentication');
    expect(open.callback.data.title).toBe('Add carrier · Authentication (2/6)');
    const sent = await d.submit(open.callback.data, { username: 'globex', password: PASSWORD, inbound_auth: 'ip_allowlist' }, d.admin, step);
    expect(sent.callback.data.content).toContain('Authentication done (2 of 6)');
    const stored = await d.h.db.query(`select payload from interaction_state where kind = 'form'`);
    expect(stored.length).toBeGreaterThan(0);
    expect(JSON.stringify(stored)).not.toContain(PASSWORD);
  });

  it('validates the whole form on save: a rule across fields reopens the page it concerns', async () => {
    const refused = await d.click(step, 'Create carrier');
    expect(refused.callback.type).toBe(7);
    expect(refused.callback.data.content).toContain('**Allowed IPs** (Authentication): add at least one IP or CIDR');
    expect(buttonLabels(refused.callback.data)).toEqual(['Fix Authentication', 'Cancel']);
    expect(await d.h.app.store.carriers.findByName('Globex')).toBeNull();

    const reopen = await d.click(step, 'Fix Authentication');
    const f = fields(reopen.callback.data);
    expect(f.username.value).toBe('globex');
    expect(f.password.value).toBeUndefined();
    expect(f.password.required).toBe(false);
    expect(f.password.description).toBe('Leave blank to keep what you typed before.');
    const fixed = await d.submit(reopen.callback.data, { allowed_ips: '203.0.113.10' }, d.admin, step);
    expect(fixed.callback.data.content).toContain('Next: **Pacing**');
  });

  it('saves once it validates: the result goes to the channel and the step message closes', async () => {
    stale = structuredClone(step);
    const saved = await d.click(step, 'Create carrier');
    expect(saved.callback.type).toBe(7);
    expect(saved.callback.data.content).toContain('Saved; the result is posted in the channel.');
    const posted = await eventually(() => (d.fake.followUps(saved.payload.token).length ? d.fake.followUps(saved.payload.token) : undefined));
    expect(posted).toHaveLength(1);
    expect(posted[0]!.flags & EPHEMERAL).toBe(0);
    expect(messageText(posted[0]!)).toContain('Carrier "Globex" created.');
    const c = (await d.h.app.store.carriers.findByName('Globex'))!;
    expect(c).toMatchObject({ username: 'globex', inboundAuth: 'ip_allowlist', allowedIps: ['203.0.113.10'], transport: 'auto', cps: 1 });
    expect(d.h.app.deps.secrets.open(c.passwordEnc!, c.id)).toBe(PASSWORD);
    expect(d.fake.requests.some((r) => JSON.stringify(r.body ?? '').includes(PASSWORD))).toBe(false);
    expect(await d.h.db.query(`select id from interaction_state where kind = 'form'`)).toHaveLength(0);
  });

  it('says the form has expired once it is finished or cancelled', async () => {
    const again = await d.click(stale, 'Create carrier');
    expect(again.callback.data.content).toContain('This form has expired');
  });
});

describe('Discord: card buttons open the forms', () => {
  let card: Sent;
  beforeAll(async () => {
    card = await d.slash(['carrier', 'show'], { carrier: 'Globex' });
  });

  it('Edit opens the carrier form prefilled; Save keeps the rest, password included', async () => {
    const open = await d.click(d.answer(card), 'Edit');
    expect(open.callback.type).toBe(9);
    expect(open.callback.data.title).toBe('Edit Globex · Connection (1/6)');
    expect(fields(open.callback.data).sip_address.value).toBe('sip.globex.example');
    const step = await d.submit(open.callback.data, { transport: 'tcp' });
    expect(buttonLabels(step.callback.data)).toEqual(['Continue: Authentication', 'Save', 'Cancel']);
    const saved = await d.click(d.answer(step), 'Save');
    const result = messageText(d.fake.followUps(saved.payload.token)[0] ?? saved.callback.data);
    expect(result).toContain('transport changed');
    const c = (await d.h.app.store.carriers.findByName('Globex'))!;
    expect(c.transport).toBe('tcp');
    expect(d.h.app.deps.secrets.open(c.passwordEnc!, c.id)).toBe(PASSWORD);
  });

  it('Add number opens the number form with the carrier chosen, and a bot to pick', async () => {
    const open = await d.click(d.answer(card), 'Add number');
    expect(open.callback.data.title).toBe('Add phone number');
    const f = fields(open.callback.data);
    expect(f.carrier.options.find((o: Json) => o.default)).toMatchObject({ value: 'Globex' });
    expect(f.bot.options.map((o: Json) => o.value)).toEqual(['Sales']);
    const added = await d.submit(open.callback.data, { number: '+1 415 555 0199', direction: 'inbound', bot: 'Sales' });
    expect(added.callback.type).toBe(4);
    expect(messageText(added.callback.data)).toContain('+1 415 555 0199 added to Globex.');
    expect(await d.h.app.store.dids.findByNormalized('+14155550199')).toMatchObject({ botName: 'Sales', direction: 'inbound' });
  });

  it('/did import with only the carrier opens a form with a file upload, and imports the zipped CSV sent there', async () => {
    const open = await d.slash(['did', 'import'], { carrier: 'Globex' });
    expect(open.callback.type).toBe(9);
    const f = fields(open.callback.data);
    expect(f.file).toMatchObject({ type: 19, min_values: 1, max_values: 1, required: true });
    const zip = d.fake.addAttachment('numbers.zip', Buffer.from(zipSync({ 'numbers.csv': strToU8('number,label\n+14155550177,Zipped\n') })), 'application/zip');
    const done = await d.submit(open.callback.data, { file: { attachment: zip } });
    expect(messageText(done.callback.data)).toContain('1 number from numbers.csv added to Globex.');
    const wrong = await d.slash(['did', 'import'], { carrier: 'Globex' });
    const xlsx = d.fake.addAttachment('numbers.xlsx', Buffer.from('PK'), 'application/vnd.ms-excel');
    const refused = await d.submit(wrong.callback.data, { file: { attachment: xlsx } });
    expect(refused.callback.data.content).toContain('**CSV file**: "numbers.xlsx" is not a .csv / .txt / .zip / .gz file');
    expect(buttonLabels(refused.callback.data)).toEqual(['Fix Import phone numbers', 'Cancel']);
  });

  it('Cancel drops the draft', async () => {
    const open = await d.slash(['carrier', 'add'], {});
    const first = await d.submit(open.callback.data, { name: 'Never', sip_address: 'sip.never.example' });
    const before = structuredClone(d.answer(first));
    const cancelled = await d.click(d.answer(first), 'Cancel');
    expect(cancelled.callback.data.content).toContain('Cancelled; nothing was changed.');
    // A second client still showing the old step message.
    const late = await d.click(before, 'Continue: Authentication');
    expect(late.callback.data.content).toContain('This form has expired');
    expect(await d.h.app.store.carriers.findByName('Never')).toBeNull();
  });

  it('does not let someone else continue a form', async () => {
    await d.h.script(['access grant principal=discord:1400000000000000003 role=admin']);
    const open = await d.slash(['carrier', 'add'], {});
    const first = await d.submit(open.callback.data, { name: 'Mine', sip_address: 'sip.mine.example' });
    const other = await d.click(d.answer(first), 'Create carrier', d.stranger);
    expect(other.callback.data.content).toContain('This form has expired');
    expect(await d.h.app.store.carriers.findByName('Mine')).toBeNull();
  });
});
