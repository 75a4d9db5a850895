// The daily-digest job on a real database: one alert_notices row (kind daily-digest) per channel per UTC day, once its
// time has passed — whether the job runs every minute, twice at once (two replicas) or again after a restart — for
// `alert route … digest_at=` routes and for the ALERT_*_CHANNEL defaults at ALERT_DIGEST_AT; and what it says.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dailyDigestJob, runDailyDigest, type DigestJobContext } from '../../src/jobs/daily-digest.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const DISCORD = '123456789012345678';
let clock = new Date('2026-09-20T08:00:00Z');
let h: Harness;
let ctx: DigestJobContext;

const idOf = async (name: string) => String((await h.db.query('select id from carriers where name = $1', [name]))[0]!.id);
const notices = () => h.db.query(`select platform, channel, payload, due_at from alert_notices where kind = 'daily-digest' order by id`);

async function hour(carrier: string, at: string, attempts: number, answered: number, user = 0): Promise<void> {
  const id = await idOf(carrier);
  await h.db.query('insert into carrier_stats_hourly (carrier_id, hour, attempts, answered, failures) values ($1, $2::timestamptz, $3, $4, $5)', [id, at, attempts, answered, attempts - answered - user]);
  if (user) await h.db.query('insert into carrier_codes_hourly (carrier_id, hour, code, calls) values ($1, $2::timestamptz, 486, $3)', [id, at, user]);
}

beforeAll(async () => {
  h = await createHarness({ ALERT_DISCORD_CHANNEL: DISCORD, ALERT_DIGEST_AT: '09:00' }, { now: () => clock });
  ctx = { store: h.app.store, settings: h.app.deps.health, now: () => clock, syncEnabled: true, defaultDigestAt: '09:00' };
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Beta sip_address=sip.beta.example', 'alert route slack C0NOCALERTS digest_at=08:30']);
  // Acme fell (ASR 60 % → 30 %, NER 80 % → 50 %); Beta held steady.
  await hour('Acme', '2026-09-19T02:00:00Z', 100, 60, 20);
  await hour('Acme', '2026-09-20T02:00:00Z', 100, 30, 20);
  await hour('Beta', '2026-09-19T02:00:00Z', 100, 50);
  await hour('Beta', '2026-09-20T02:00:00Z', 100, 50);
  await h.db.query(`update carriers set sync_status = 'synced' where name = 'Acme'`);
  await h.db.query(`update carriers set sync_status = 'error', sync_error = 'twirp error: address is invalid' where name = 'Beta'`);
  const card = (await h.db.query(`insert into rate_cards (name, carrier_id, currency) values ('Acme A-Z', $1, 'USD') returning id`, [await idOf('Acme')]))[0]!.id;
  await h.db.query(`insert into rate_card_revisions (card_id, number, status, row_count, date_live) values ($1, 2, 'scheduled', 10, '2026-09-23T00:00:00Z'), ($1, 3, 'scheduled', 10, '2026-10-20T00:00:00Z')`, [card]);
});
afterAll(async () => {
  await h?.close();
});

describe('daily digest job', () => {
  it('queues nothing before a channel’s time', async () => {
    expect(await runDailyDigest(ctx, clock)).toBe(0);
    expect(await notices()).toEqual([]);
  });

  it('queues one digest per channel once its time has passed, however often and concurrently it runs', async () => {
    clock = new Date('2026-09-20T08:31:00Z');
    expect(await runDailyDigest(ctx, clock)).toBe(1);
    clock = new Date('2026-09-20T08:45:00Z');
    // Two replicas at once (a tick and a hand run, or two processes): the notice key is taken once.
    const [a, b] = await Promise.all([runDailyDigest(ctx, clock), runDailyDigest(ctx, clock)]);
    expect(a + b).toBe(0);
    const list = await notices();
    expect(list.map((n) => [n.platform, n.channel])).toEqual([['slack', 'C0NOCALERTS']]);
    expect((list[0]!.payload as { key: string }).key).toBe('daily-digest:slack:C0NOCALERTS:2026-09-20');
  });

  it('uses ALERT_DIGEST_AT for the channel that comes from config, and a new day brings a new digest', async () => {
    clock = new Date('2026-09-20T09:00:00Z');
    const job = dailyDigestJob(ctx, null);
    expect(await job.run()).toBe('1 daily digest queued');
    expect(await job.run()).toBe('no digest due');
    clock = new Date('2026-09-20T23:59:00Z');
    expect(await runDailyDigest(ctx, clock)).toBe(0);

    clock = new Date('2026-09-21T08:29:00Z');
    expect(await runDailyDigest(ctx, clock)).toBe(0);
    clock = new Date('2026-09-21T10:00:00Z');
    const [a, b] = await Promise.all([runDailyDigest(ctx, clock), runDailyDigest(ctx, clock)]);
    expect(a + b).toBe(2);
    const keys = (await notices()).map((n) => (n.payload as { key: string }).key);
    expect([...keys].sort()).toEqual([
      `daily-digest:discord:${DISCORD}:2026-09-20`,
      `daily-digest:discord:${DISCORD}:2026-09-21`,
      'daily-digest:slack:C0NOCALERTS:2026-09-20',
      'daily-digest:slack:C0NOCALERTS:2026-09-21',
    ]);
  });

  it('posts a neutral reply: worst carriers, incidents, maintenance, sync and rate cards going live', async () => {
    const [first] = await notices();
    const p = first!.payload as { title: string; ephemeral: boolean; fields: { label: string; value: string }[]; banner: { text: string } };
    expect(p.title).toBe('Daily carrier digest, 2026-09-20');
    expect(p.ephemeral).toBe(false);
    const field = (label: string) => p.fields.find((f) => f.label.startsWith(label))!.value;
    expect(field('ASR / NER down (1)')).toBe('📉 Acme: NER 50.0 % (−30.0 pp), ASR 30.0 % (−30.0 pp), 100 calls (100 the day before)');
    expect(field('Open incidents (0)')).toBe('None.');
    expect(field('Out of sync with LiveKit (1)')).toBe('✖ Beta: sync error: twirp error: address is invalid');
    expect(field('Rate cards going live in 7 days (1)')).toMatch(/^📅 Acme A-Z \(Acme\) revision #2: live ⟦time:\d+:full⟧$/);
    expect(p.banner.text).toBe('0 open incidents · 1 carrier worse than the day before');
  });
});
