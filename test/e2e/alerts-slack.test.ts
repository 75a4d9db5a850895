// Alerts delivered to Slack end to end: the real delivery worker and the real Bolt app against the fake Slack, on
// our database — one message per incident edited in place, history in its thread, the buttons run as the presser,
// a storm summarised in one digest, 429 Retry-After waited out for the channel, one write per second per channel.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findAction } from '../../src/core/runtime/command.ts';
import { commands } from '../../commands/index.ts';
import type { DeliveryWorker } from '../../src/alerts/deliver.ts';
import { renderOptions } from '../../src/alerts/delivery-service.ts';
import { BOT_TOKEN } from '../fakes/slack.ts';
import { alertRow, changeAlert, EVIDENCE, openAlert, outboxRow, startDelivery, until, type Route } from '../helpers/alerts.ts';
import { ADMIN, blockText, buttons, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';

const OPERATOR = 'U0OPER';
const STRANGER = 'U0NOBODY';
const hasAlertCommands = 'match' in findAction(commands, ['alert', 'ack']);
const { snoozeForm } = renderOptions(commands);
const OPEN_BUTTONS = ['Ack', 'Snooze 30m', 'Snooze 1h', 'Snooze 4h', 'Snooze 24h', ...(snoozeForm ? ['Snooze…'] : []), 'Show carrier'];

let s: SlackHarness;
let worker: DeliveryWorker;
let acme: string;
beforeAll(async () => {
  s = await createSlackHarness({ env: { ALERT_SLACK_CHANNEL: 'C0ALERTS' } });
  for (const c of ['C0ALERTS', 'C0STORM', 'C0PACE', 'C0LIMIT']) s.fake.memberOf.add(c);
  await s.h.as(`slack:${ADMIN}`, ['carrier', 'add'], { name: 'Acme', sip_address: 'sip.acme.example' });
  await s.h.as(`slack:${ADMIN}`, ['access', 'grant'], { principal: `slack:${OPERATOR}`, role: 'operator' });
  acme = String((await s.h.db.query(`select id from carriers where name = 'Acme'`))[0]!.id);
  worker = startDelivery(s.h, { slack: { botToken: BOT_TOKEN, apiUrl: s.fake.apiUrl } });
});
afterAll(async () => {
  await worker?.stop();
  await s?.close();
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const writesTo = (channel: string) => s.fake.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.body.channel === channel);

describe('Slack: an incident in the on-call channel', () => {
  const route: Route = { platform: 'slack', channel: 'C0ALERTS' };
  let id: string;
  let ts: string;
  const current = () => s.fake.message('C0ALERTS', ts)!;
  const click = (user: string, label: string) => {
    const b = buttons(current().blocks)[label];
    if (!b) throw new Error(`no ${label} button; buttons: ${Object.keys(buttons(current().blocks)).join(', ')}`);
    return s.click(user, b, { message: { channel: 'C0ALERTS', ts } });
  };

  it('is posted once, with its evidence and buttons, and its history in the thread', async () => {
    id = await openAlert(s.h.db, { routes: [route], carrierId: acme });
    const m = await until(() => s.fake.channelMessages('C0ALERTS')[0], 10_000, 'the alert message');
    ts = m.ts;
    const text = blockText(m.blocks);
    expect(m.text).toContain('Acme: consecutive failures');
    for (const part of ['7 consecutive failures to 3 numbers', 'Open since', 'Consecutive failures', '503 × 5 · 408 × 2', 'call-0007@sbc', '+14155550107', `Alert ${id}`]) expect(text).toContain(part);
    expect(Object.keys(buttons(m.blocks))).toEqual(OPEN_BUTTONS);
    const replies = await until(() => {
      const r = s.fake.threadReplies('C0ALERTS', ts);
      return r.length ? r : undefined;
    });
    expect(replies.map((r) => r.text)).toEqual([expect.stringContaining('Opened: 7 consecutive failures')]);
    // Slack's thread is the message's ts; done until the next change.
    const row = await until(async () => {
      const r = await outboxRow(s.h.db, id, route);
      return r.dirty === 0 ? r : undefined;
    });
    expect(row).toMatchObject({ message_id: ts, thread_id: ts, last_error: null, attempts: 0 });
  });

  it('is edited in place when it changes (a burst of changes is one edit) and the changes go to its thread', async () => {
    const evidence = { ...EVIDENCE, consecutiveFailures: 12, summary: '12 consecutive failures to 5 numbers (threshold 5): 503 ×12' };
    for (const [i, line] of ['Severity warning → critical', 'Step up: 10 failures', '12 consecutive failures to 5 numbers'].entries()) {
      await changeAlert(s.h.db, id, [route], { set: { evidence: { ...evidence, step: i + 1 } }, history: line, delayMs: 1000 });
    }
    await until(() => current().edits >= 1 && s.fake.threadReplies('C0ALERTS', ts).length === 4, 10_000, 'the edit and 3 thread replies');
    await sleep(800);
    expect(current().edits).toBe(1);
    expect(blockText(current().blocks)).toContain('12 consecutive failures to 5 numbers');
    expect(s.fake.channelMessages('C0ALERTS')).toHaveLength(1);
    expect(s.fake.threadReplies('C0ALERTS', ts).map((r) => r.text)).toEqual([
      expect.stringContaining('Opened'),
      expect.stringContaining('Severity warning → critical'),
      expect.stringContaining('Step up'),
      expect.stringContaining('12 consecutive failures'),
    ]);
  });

  it.runIf(hasAlertCommands)('Snooze 1h snoozes it as the presser and the message says until when', async () => {
    const answer = await (await click(OPERATOR, 'Snooze 1h')).answer();
    expect(JSON.stringify(answer.body)).not.toContain('needs the');
    // Recorded as the presser (their Slack name, as the command saw them).
    expect(await alertRow(s.h.db, id)).toMatchObject({ state: 'snoozed', snoozed_by: expect.stringMatching(new RegExp(OPERATOR, 'i')) });
    await until(() => blockText(current().blocks).includes('Snoozed'), 10_000, 'the snoozed edit');
    expect(Object.keys(buttons(current().blocks))).toContain('Ack');
  });

  it.runIf(snoozeForm)('Snooze… opens a form asking for the duration', async () => {
    const view = await (await click(OPERATOR, 'Snooze…')).view();
    expect(JSON.stringify(view.blocks)).toContain('duration');
  });

  it.runIf(hasAlertCommands)('Ack runs as the presser: refused without a role, then acked, audited and edited', async () => {
    const refused = await (await click(STRANGER, 'Ack')).answer();
    expect(JSON.stringify(refused.body)).toMatch(/needs the \w+ role/);
    expect((await alertRow(s.h.db, id)).state).not.toBe('acked');
    await (await click(OPERATOR, 'Ack')).answer();
    expect(await alertRow(s.h.db, id)).toMatchObject({ state: 'acked', acked_by: expect.stringMatching(new RegExp(OPERATOR, 'i')) });
    const audit = await s.h.db.query(`select action, actor_id from audit_log where action like 'alert.%' order by id`);
    expect(audit).toContainEqual(expect.objectContaining({ actor_id: `slack:${OPERATOR}` }));
    await until(() => blockText(current().blocks).includes('Acknowledged'), 10_000, 'the acked edit');
    expect(Object.keys(buttons(current().blocks))).toEqual(['Show carrier']);
    expect(s.fake.channelMessages('C0ALERTS')).toHaveLength(1);
  });

  it('is edited to resolved, with only Show carrier left, and the thread says so', async () => {
    await changeAlert(s.h.db, id, [route], { set: { state: 'resolved', resolved_at: new Date(), resolved_by: 'trunkops' }, history: 'Resolved: clear for 5 min' });
    await until(() => current().text.startsWith('✅'), 10_000, 'the resolved edit');
    expect(blockText(current().blocks)).toContain('Resolved');
    expect(Object.keys(buttons(current().blocks))).toEqual(['Show carrier']);
    await until(() => s.fake.threadReplies('C0ALERTS', ts).some((r) => r.text.includes('Resolved: clear for 5 min')));
    expect(s.fake.channelMessages('C0ALERTS')).toHaveLength(1);
  });
});

describe('Slack: delivery under load', () => {
  it('a storm of threshold + 3 incidents opened within a minute is one digest message, kept up to date', async () => {
    const route: Route = { platform: 'slack', channel: 'C0STORM' };
    const ids: string[] = [];
    for (let i = 0; i < 8; i++) ids.push(await openAlert(s.h.db, { routes: [route], key: `storm-${i}`, title: `Carrier ${i}: consecutive failures`, delayMs: 1500 }));
    const digest = await until(() => s.fake.channelMessages('C0STORM')[0], 10_000, 'the digest');
    expect(digest.text).toContain('Alert storm: 8 incidents opened within a minute');
    for (let i = 0; i < 8; i++) expect(blockText(digest.blocks)).toContain(`Carrier ${i}: consecutive failures`);
    // Their history goes to the digest's thread, several lines to a reply.
    await until(() => s.fake.threadReplies('C0STORM', digest.ts).map((r) => r.text).join('\n').split('Opened').length === 9, 10_000, 'the opened lines');
    const notice = await s.h.db.query(`select kind, alert_ids, message_id from alert_notices where channel = 'C0STORM'`);
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatchObject({ kind: 'alert_storm', message_id: digest.ts });
    // One of them resolves: the digest is edited, nothing new is posted.
    await changeAlert(s.h.db, ids[0]!, [route], { set: { state: 'resolved', resolved_at: new Date(), resolved_by: 'trunkops' }, history: 'Resolved' });
    await until(() => blockText(s.fake.message('C0STORM', digest.ts)!.blocks).includes('1 resolved'), 10_000, 'the digest edit');
    await sleep(1200);
    expect(s.fake.channelMessages('C0STORM')).toHaveLength(1);
  });

  it('waits out a 429 with Retry-After before writing to the channel again', async () => {
    const route: Route = { platform: 'slack', channel: 'C0LIMIT' };
    s.fake.rateLimitChannel('C0LIMIT', 1, 1);
    await openAlert(s.h.db, { routes: [route], key: 'limited', title: 'Beta: consecutive failures' });
    await until(() => s.fake.channelMessages('C0LIMIT')[0], 10_000, 'the post after the 429');
    const [first, second] = writesTo('C0LIMIT');
    expect(first!.status).toBe(429);
    expect(second!.status).toBe(200);
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(1000);
    expect(s.h.logs.join('')).toContain('alert delivery rate-limited');
  });

  it('writes to one channel at most once a second (posts and thread replies alike)', async () => {
    const route: Route = { platform: 'slack', channel: 'C0PACE' };
    s.fake.enforceChannelPace(1000);
    try {
      for (let i = 0; i < 3; i++) await openAlert(s.h.db, { routes: [route], key: `pace-${i}`, title: `Pace ${i}: consecutive failures` });
      await until(() => s.fake.channelMessages('C0PACE').length === 3 && s.fake.channelMessages('C0PACE').every((m) => s.fake.threadReplies('C0PACE', m.ts).length === 1), 20_000, '3 messages and their threads');
      const writes = writesTo('C0PACE');
      expect(writes.map((w) => w.status)).toEqual(Array(6).fill(200));
      for (let i = 1; i < writes.length; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    } finally {
      s.fake.enforceChannelPace(0);
    }
  });

  it('two replicas deliver each message once, one of them writing to the channel at a time', async () => {
    const route: Route = { platform: 'slack', channel: 'C0TWO' };
    s.fake.memberOf.add('C0TWO');
    const second = startDelivery(s.h, { slack: { botToken: BOT_TOKEN, apiUrl: s.fake.apiUrl } });
    try {
      for (let i = 0; i < 4; i++) await openAlert(s.h.db, { routes: [route], key: `two-${i}`, title: `Replica ${i}: consecutive failures` });
      await until(() => s.fake.channelMessages('C0TWO').length === 4 && s.fake.channelMessages('C0TWO').every((m) => s.fake.threadReplies('C0TWO', m.ts).length === 1), 20_000, 'four messages and their threads');
      await sleep(500);
      expect(s.fake.channelMessages('C0TWO').map((m) => m.text).sort()).toEqual([0, 1, 2, 3].map((i) => expect.stringContaining(`Replica ${i}:`)));
      const writes = writesTo('C0TWO');
      expect(writes).toHaveLength(8);
      for (let i = 1; i < writes.length; i++) expect(writes[i]!.at - writes[i - 1]!.at).toBeGreaterThanOrEqual(1000);
    } finally {
      await second.stop();
    }
  });

  it('a message deleted in the channel is posted again, with its history in the new thread', async () => {
    const route: Route = { platform: 'slack', channel: 'C0GONE' };
    s.fake.memberOf.add('C0GONE');
    const id = await openAlert(s.h.db, { routes: [route], key: 'gone', title: 'Epsilon: consecutive failures' });
    const first = await until(() => s.fake.channelMessages('C0GONE')[0]);
    await until(() => s.fake.threadReplies('C0GONE', first.ts).length === 1);
    s.fake.posted.delete(`C0GONE/${first.ts}`);
    await changeAlert(s.h.db, id, [route], { set: { severity: 'warning' }, history: 'Severity critical → warning' });
    const again = await until(() => s.fake.channelMessages('C0GONE')[0], 10_000, 'the message posted again');
    expect(again.ts).not.toBe(first.ts);
    await until(() => s.fake.threadReplies('C0GONE', again.ts).length === 2, 10_000, 'the history in the new thread');
    expect((await outboxRow(s.h.db, id, route)).message_id).toBe(again.ts);
  });

  it('a notice (a maintenance announcement) is posted once as it is', async () => {
    await s.h.db.query(
      `insert into alert_notices (platform, channel, kind, payload, due_at) values ('slack', 'C0ALERTS', 'maintenance_start', $1::jsonb, now())`,
      [JSON.stringify({ tone: 'info', title: 'Maintenance started: Acme', text: 'Alerts for Acme are muted until 22:00 UTC (router swap).' })],
    );
    const m = await until(() => s.fake.channelMessages('C0ALERTS').find((x) => x.text.includes('Maintenance started: Acme')), 10_000, 'the notice');
    expect(blockText(m.blocks)).toContain('router swap');
    const row = await until(async () => (await s.h.db.query(`select message_id, sent_at from alert_notices where kind = 'maintenance_start' and sent_at is not null`))[0]);
    expect(row.message_id).toBe(m.ts);
    await sleep(500);
    expect(s.fake.channelMessages('C0ALERTS').filter((x) => x.text.includes('Maintenance started'))).toHaveLength(1);
  });

  it('a channel the bot is not in: the reason kept on the row, retried rarely, logged once, never in a loop', async () => {
    const route: Route = { platform: 'slack', channel: 'C0NOTIN' };
    const id = await openAlert(s.h.db, { routes: [route], key: 'not-in', title: 'Gamma: consecutive failures' });
    const row = await until(async () => {
      const r = await outboxRow(s.h.db, id, route);
      return r.last_error ? r : undefined;
    });
    expect(row.last_error).toContain('/invite @trunkops');
    expect(row.attempts).toBe(1);
    expect(new Date(String(row.due_at)).getTime()).toBeGreaterThan(Date.now() + 50_000);
    await sleep(600);
    expect(writesTo('C0NOTIN')).toHaveLength(1);
    expect(s.h.logs.join('').split('alert channel cannot be used').length - 1).toBe(1);
  });

  it('rows for a platform that is not configured wait, saying why', async () => {
    const route: Route = { platform: 'discord', channel: '1300000000000000001' };
    const id = await openAlert(s.h.db, { routes: [route], key: 'no-discord', title: 'Delta: consecutive failures' });
    const row = await until(async () => {
      const r = await outboxRow(s.h.db, id, route);
      return r.last_error ? r : undefined;
    });
    expect(row).toMatchObject({ last_error: expect.stringContaining('Discord is not configured'), message_id: null, dirty: 1 });
  });
});
