// `health <carrier>` in chat: the figures as the channel's answer and the chart as a PNG file. Slack: the public answer
// is posted, then the chart uploaded into the same channel (files upload v2). Discord: the chart is attached to the
// public answer itself.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Harness } from '../helpers/harness.ts';
import { ADMIN, blockText, createSlackHarness, type SlackHarness } from '../helpers/slack.ts';
import { createDiscordHarness, eventually, messageText, type DiscordHarness } from '../helpers/discord.ts';

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
const hourAgo = (n: number) => new Date(Math.floor(Date.now() / 3_600_000) * 3_600_000 - n * 3_600_000).toISOString();

/** Acme with two hours of calls: 150 attempts, 65 answered. */
async function seed(h: Harness): Promise<void> {
  await h.script(['carrier add name=Acme sip_address=sip.acme.example']);
  const id = String((await h.db.query(`select id from carriers where name = 'Acme'`))[0]!.id);
  for (const [hour, attempts, answered] of [[hourAgo(0), 100, 40], [hourAgo(1), 50, 25]] as const) {
    await h.db.query('insert into carrier_stats_hourly (carrier_id, hour, attempts, answered, failures, billed_seconds) values ($1, $2::timestamptz, $3, $4, $5, $6)', [id, hour, attempts, answered, attempts - answered, answered * 100]);
    await h.db.query('insert into carrier_codes_hourly (carrier_id, hour, code, calls) values ($1, $2::timestamptz, 200, $3), ($1, $2::timestamptz, 503, $4)', [id, hour, answered, attempts - answered]);
  }
}

describe('Slack', () => {
  let s: SlackHarness;
  beforeAll(async () => {
    s = await createSlackHarness();
    await seed(s.h);
  });
  afterAll(async () => {
    await s?.close();
  });

  it('answers in the channel and uploads the chart there', async () => {
    const r = await s.slash(ADMIN, '/health', 'Acme');
    const answer = await r.answer();
    expect(answer.body.response_type).toBe('in_channel');
    const text = blockText(answer.body.blocks);
    expect(text).toContain('Acme: health, last 24 h (UTC)');
    expect(text).toContain('43.3 % (65 answered)');
    expect(text).toContain('503 Service Unavailable: 85 (56.7 %)');

    const shared = await eventually(() => s.fake.sharedFiles().find((f) => f.filename.endsWith('.png')), 15_000);
    expect(shared.filename).toMatch(/^health-Acme-live-\d{4}-\d{2}-\d{2}T\d{2}\.png$/);
    expect(shared.data.subarray(0, 8).equals(PNG)).toBe(true);
    expect(shared.completed).toMatchObject({ channel: 'C0NOC', title: 'Acme: calls and ASR, last 24 h (UTC)' });
  });
});

describe('Discord', () => {
  let d: DiscordHarness;
  beforeAll(async () => {
    d = await createDiscordHarness();
    await seed(d.h);
  });
  afterAll(async () => {
    await d?.close();
  });

  it('attaches the chart to the public answer', async () => {
    const sent = await d.slash(['health'], { carrier: 'Acme', view: 'daily' });
    const answer = await eventually(() => {
      const m = d.fake.original(sent.payload.token);
      return m && !m.deferred && m.attachments?.length ? m : undefined;
    }, 15_000);
    expect(answer.flags & 64).toBe(0);
    expect(messageText(answer)).toContain('Acme: health, last 30 days (UTC)');
    const [att] = answer.attachments!;
    expect(att!.filename).toMatch(/^health-Acme-daily-\d{4}-\d{2}-\d{2}\.png$/);
    const png = Buffer.from(await (await fetch(att!.url)).arrayBuffer());
    expect(png.subarray(0, 8).equals(PNG)).toBe(true);
    expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([960, 440]);
  });
});
