// Alerts delivered to Discord end to end: the real delivery worker on the real discord.js client's REST against the
// fake Discord, on our database — one embed per incident edited in place, its history in a thread started from it,
// the buttons dispatched as the presser, a storm in one digest, a 429 waited out, a channel without access reported.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commands } from '../../commands/index.ts';
import type { DeliveryWorker } from '../../src/alerts/deliver.ts';
import { renderOptions } from '../../src/alerts/delivery-service.ts';
import { findAction } from '../../src/core/runtime/command.ts';
import { CHANNEL_ID, GUILD_ID, type FakeMessage } from '../fakes/discord.ts';
import { textChannel } from '../fakes/discord-objects.ts';
import { alertRow, changeAlert, openAlert, outboxRow, startDelivery, until, type Route } from '../helpers/alerts.ts';
import { buttonLabels, createDiscordHarness, messageText, SUPPORT_ROLE, type DiscordHarness } from '../helpers/discord.ts';

const STORM_CHANNEL = '1300000000000000021';
const LIMIT_CHANNEL = '1300000000000000022';
const HIDDEN_CHANNEL = '1300000000000000023';
const hasAlertCommands = 'match' in findAction(commands, ['alert', 'ack']);
const { snoozeForm } = renderOptions(commands);

let d: DiscordHarness;
let worker: DeliveryWorker;
let acme: string;
beforeAll(async () => {
  d = await createDiscordHarness({ env: { ALERT_DISCORD_CHANNEL: CHANNEL_ID } });
  for (const [id, name] of [[STORM_CHANNEL, 'storm'], [LIMIT_CHANNEL, 'limited'], [HIDDEN_CHANNEL, 'hidden']] as const) d.fake.channels.set(id, textChannel(id, GUILD_ID, name));
  d.fake.noAccess.add(HIDDEN_CHANNEL);
  await d.h.as('discord:1400000000000000001', ['carrier', 'add'], { name: 'Acme', sip_address: 'sip.acme.example' });
  await d.h.as('discord:1400000000000000001', ['access', 'grant'], { principal: `discord-role:${SUPPORT_ROLE}`, role: 'operator' });
  acme = String((await d.h.db.query(`select id from carriers where name = 'Acme'`))[0]!.id);
  worker = startDelivery(d.h, { discord: { rest: d.adapter.client.rest } });
});
afterAll(async () => {
  await worker?.stop();
  await d?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const posts = (channel: string) => d.fake.requests.filter((r) => r.method === 'POST' && r.path === `/channels/${channel}/messages`);

describe('Discord: an incident in the on-call channel', () => {
  const route: Route = { platform: 'discord', channel: CHANNEL_ID };
  let id: string;
  let message: FakeMessage;
  const thread = () => d.fake.channelMessages(message.id);

  it('is posted once as an embed with its evidence and buttons, its history in a thread started from it', async () => {
    id = await openAlert(d.h.db, { routes: [route], carrierId: acme });
    message = await until(() => d.fake.channelMessages(CHANNEL_ID).find((m) => messageText(m).includes('consecutive failures')), 10_000, 'the alert message');
    const text = messageText(message);
    for (const part of ['Acme: consecutive failures', '7 consecutive failures to 3 numbers', 'Open since', '503 × 5 · 408 × 2', 'call-0007@sbc', `Alert ${id}`]) expect(text).toContain(part);
    expect(message.embeds[0].color).toBe(0xe74c3c);
    expect(buttonLabels(message)).toEqual(['Ack', 'Snooze 30m', 'Snooze 1h', 'Snooze 4h', 'Snooze 24h', ...(snoozeForm ? ['Snooze…'] : []), 'Show carrier']);
    await until(() => thread().length === 1, 10_000, 'the thread');
    expect(d.fake.channels.get(message.id)).toMatchObject({ type: 11, parent_id: CHANNEL_ID, name: 'Acme: consecutive failures' });
    expect(thread()[0]!.content).toContain('Opened: 7 consecutive failures');
    const row = await until(async () => {
      const r = await outboxRow(d.h.db, id, route);
      return r.dirty === 0 ? r : undefined;
    });
    expect(row).toMatchObject({ message_id: message.id, thread_id: message.id, last_error: null });
  });

  it('is edited in place when it changes, and the change goes to the thread', async () => {
    await changeAlert(d.h.db, id, [route], { set: { severity: 'warning' }, history: 'Severity critical → warning' });
    await until(() => message.edits >= 1 && thread().length === 2, 10_000, 'the edit and the thread line');
    expect(message.embeds[0].color).toBe(0xf1c40f);
    expect(thread()[1]!.content).toContain('Severity critical → warning');
    expect(d.fake.channelMessages(CHANNEL_ID).filter((m) => messageText(m).includes('consecutive failures'))).toHaveLength(1);
  });

  it.runIf(hasAlertCommands)('Snooze 1h and Ack run as the presser (role checked) and the message follows', async () => {
    const refused = await d.click(message, 'Ack', d.stranger);
    expect(messageText(refused.callback.data)).toMatch(/needs the \w+ role/);
    await d.click(message, 'Snooze 1h', d.support);
    await until(async () => (await alertRow(d.h.db, id)).state === 'snoozed');
    await until(() => messageText(message).includes('Snoozed'), 10_000, 'the snoozed edit');
    await d.click(message, 'Ack', d.support);
    await until(async () => (await alertRow(d.h.db, id)).state === 'acked');
    // Recorded as the presser (their Discord name, as the command saw them).
    expect((await alertRow(d.h.db, id)).acked_by).toMatch(/sam|1400000000000000002/);
    const audit = await d.h.db.query(`select actor_id from audit_log where action like 'alert.%'`);
    expect(audit).toContainEqual({ actor_id: 'discord:1400000000000000002' });
    await until(() => messageText(message).includes('Acknowledged'), 10_000, 'the acked edit');
    expect(buttonLabels(message)).toEqual(['Show carrier']);
  });

  it('is edited to resolved (green, only Show carrier) and the thread says so', async () => {
    await changeAlert(d.h.db, id, [route], { set: { state: 'resolved', resolved_at: new Date(), resolved_by: 'trunkops' }, history: 'Resolved: clear for 5 min' });
    await until(() => message.embeds[0].title.startsWith('✅'), 10_000, 'the resolved edit');
    expect(message.embeds[0].color).toBe(0x2ecc71);
    expect(buttonLabels(message)).toEqual(['Show carrier']);
    await until(() => thread().some((m) => m.content.includes('Resolved: clear for 5 min')));
  });

  it('Show carrier on the message answers with the carrier card, privately', async () => {
    const sent = await d.click(message, 'Show carrier', d.support);
    expect(sent.callback.data.flags).toBe(64);
    expect(messageText(sent.callback.data)).toContain('sip.acme.example');
  });
});

describe('Discord: delivery under load', () => {
  it('a storm of threshold + 3 incidents opened within a minute is one digest message', async () => {
    const route: Route = { platform: 'discord', channel: STORM_CHANNEL };
    for (let i = 0; i < 8; i++) await openAlert(d.h.db, { routes: [route], key: `storm-${i}`, title: `Carrier ${i}: consecutive failures`, delayMs: 1500 });
    const digest = await until(() => d.fake.channelMessages(STORM_CHANNEL)[0], 10_000, 'the digest');
    expect(messageText(digest)).toContain('Alert storm: 8 incidents opened within a minute');
    await until(() => d.fake.channelMessages(digest.id).map((m) => m.content).join('\n').split('Opened').length === 9, 10_000, 'the opened lines in its thread');
    await sleep(1000);
    expect(d.fake.channelMessages(STORM_CHANNEL)).toHaveLength(1);
  });

  it("waits out Discord's 429 (discord.js honours Retry-After) and posts", async () => {
    const route: Route = { platform: 'discord', channel: LIMIT_CHANNEL };
    d.fake.rateLimitNext((method, path) => method === 'POST' && path === `/channels/${LIMIT_CHANNEL}/messages`, 0.5);
    await openAlert(d.h.db, { routes: [route], key: 'limited', title: 'Beta: consecutive failures' });
    await until(() => d.fake.channelMessages(LIMIT_CHANNEL)[0], 10_000, 'the post after the 429');
    const [first, second] = posts(LIMIT_CHANNEL);
    expect([first!.status, second!.status]).toEqual([429, 200]);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(450);
    expect(d.h.logs.join('')).toContain('discord rate limit');
  });

  it('a channel the bot cannot see: Missing Access kept on the row, retried rarely, logged once', async () => {
    const route: Route = { platform: 'discord', channel: HIDDEN_CHANNEL };
    const id = await openAlert(d.h.db, { routes: [route], key: 'hidden', title: 'Gamma: consecutive failures' });
    const row = await until(async () => {
      const r = await outboxRow(d.h.db, id, route);
      return r.last_error ? r : undefined;
    });
    expect(row.last_error).toContain('Missing Access');
    expect(new Date(String(row.due_at)).getTime()).toBeGreaterThan(Date.now() + 50_000);
    await sleep(600);
    expect(posts(HIDDEN_CHANNEL)).toHaveLength(1);
    expect(d.h.logs.join('').split('alert channel cannot be used').length - 1).toBe(1);
  });
});
