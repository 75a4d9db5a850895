// The alert engine over real check passes: one incident per (kind, carrier), a quiet thread, hysteresis before
// resolving, flapping kept as one incident, delivery marks per route, muting during maintenance, reminders, snoozes,
// and two passes at once never opening two incidents.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTask } from '../../src/alerts/tasks.ts';
import { runCheck } from '../../src/health/pass.ts';
import { checkCtx, connects, failures, setHealth } from '../helpers/health-state.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
let now = new Date('2026-05-01T12:00:00Z');
const clock = () => now;
const at = (min: number) => (now = new Date(Date.parse('2026-05-01T12:00:00Z') + min * 60_000));
const pass = () => runCheck(checkCtx(h, clock), 'consecutive-failures');

beforeAll(async () => {
  h = await createHarness({ ALERT_SLACK_CHANNEL: 'C0ALERTS', ALERT_DISCORD_CHANNEL: '123456789012345678' }, { now: clock });
});
afterAll(async () => h?.close());

async function incidents(carrier: string) {
  return h.db.query(
    `select a.id, a.state, a.flaps, a.version, a.last_true_at, a.evidence->>'summary' as summary from alerts a join carriers c on c.id = a.carrier_id
     where c.name = $1 and a.kind = 'consecutive_failures' order by a.opened_at`,
    [carrier],
  );
}
const thread = async (id: unknown) => (await h.db.query('select text from alert_history where alert_id = $1 order by id', [id])).map((r) => String(r.text));
const messages = async (id: unknown) => h.db.query('select platform, channel, dirty, due_at from alert_messages where alert_id = $1 order by platform', [id]);

describe('opening, updating and resolving', () => {
  it('opens one incident, threads "Opened" once and marks a message for each on-call channel', async () => {
    at(0);
    await h.script(['carrier add name=Acme sip_address=sip.acme.example']);
    await setHealth(h, 'Acme', failures(12));
    const r = await pass();
    expect(r.result).toMatchObject({ opened: 1, firing: 1 });
    const [a] = await incidents('Acme');
    expect(a).toMatchObject({ state: 'open', flaps: 0, summary: expect.stringContaining('12 consecutive failures to 2 numbers (threshold 10)') });
    expect(await thread(a!.id)).toEqual([expect.stringMatching(/^Opened: 12 consecutive failures/)]);
    const msgs = await messages(a!.id);
    expect(msgs.map((m) => [m.platform, m.channel, m.dirty])).toEqual([['discord', '123456789012345678', 1], ['slack', 'C0ALERTS', 1]]);
    expect(new Date(msgs[0]!.due_at as string).getTime() - now.getTime()).toBe(5_000);
  });

  it('stays quiet while the count moves within its step, and says so when it doubles', async () => {
    const [before] = await incidents('Acme');
    await h.db.query('update alert_messages set dirty = 0');
    at(1);
    await setHealth(h, 'Acme', failures(15));
    await pass();
    let [a] = await incidents('Acme');
    expect(a!.version).toBe(before!.version);
    expect(new Date(a!.last_true_at as string)).toEqual(now);
    expect(a!.summary).toContain('15 consecutive failures');
    expect(await thread(a!.id)).toHaveLength(1);
    expect((await messages(a!.id)).map((m) => m.dirty)).toEqual([0, 0]);
    at(2);
    await setHealth(h, 'Acme', failures(21));
    expect((await pass()).result).toMatchObject({ opened: 0, updated: 1 });
    [a] = await incidents('Acme');
    expect(a!.version).toBe(Number(before!.version) + 1);
    expect((await thread(a!.id)).at(-1)).toMatch(/^21 consecutive failures/);
    expect((await messages(a!.id)).map((m) => m.dirty)).toEqual([1, 1]);
  });

  it('resolves only after three connected calls have stayed clear for the hysteresis period (5 min)', async () => {
    at(3);
    await setHealth(h, 'Acme', connects(2));
    await pass();
    at(4);
    await setHealth(h, 'Acme', connects(3));
    expect((await pass()).result?.resolved).toBe(0);
    at(8);
    expect((await pass()).result?.resolved).toBe(0);
    const [open] = await incidents('Acme');
    expect(open!.state).toBe('open');
    at(9);
    expect((await pass()).result?.resolved).toBe(1);
    const [a] = await incidents('Acme');
    expect(a!.state).toBe('resolved');
    expect((await thread(a!.id)).at(-1)).toBe('Resolved: clear for 5 min — 3 connected calls since the last failure');
  });

  it('opens a new incident when it fails again after resolving', async () => {
    at(20);
    await setHealth(h, 'Acme', failures(10));
    expect((await pass()).result?.opened).toBe(1);
    expect((await incidents('Acme')).map((a) => a.state)).toEqual(['resolved', 'open']);
  });
});

describe('flapping and hysteresis', () => {
  it('keeps one incident for a flapping carrier and counts its flaps', async () => {
    at(0);
    await h.script(['carrier add name=Flappy sip_address=sip.flappy.example']);
    const states = [failures(11), connects(3), failures(10), connects(4), failures(12), connects(3), failures(10)];
    for (const [i, s] of states.entries()) {
      at(i * 2);
      await setHealth(h, 'Flappy', s);
      await pass();
    }
    const list = await incidents('Flappy');
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ state: 'open', flaps: 3 });
    expect((await thread(list[0]!.id)).filter((t) => t.startsWith('Came back after clearing'))).toEqual([
      expect.stringContaining('(flap 1)'),
      expect.stringContaining('(flap 2)'),
      expect.stringContaining('(flap 3)'),
    ]);
  });

  it('needs a flapping incident to stay clear longer: 5 min × (1 + flaps)', async () => {
    at(20);
    await setHealth(h, 'Flappy', connects(3));
    await pass();
    at(20 + 15);
    await pass();
    expect((await incidents('Flappy'))[0]!.state).toBe('open');
    at(20 + 20);
    await pass();
    expect((await incidents('Flappy'))[0]!.state).toBe('resolved');
  });

  it('starts the clear time again when the condition is no longer known to be clear (hold)', async () => {
    at(0);
    await h.script(['carrier add name=Holdy sip_address=sip.holdy.example']);
    await setHealth(h, 'Holdy', failures(10));
    await pass();
    at(1);
    await setHealth(h, 'Holdy', connects(3));
    await pass();
    at(3);
    await setHealth(h, 'Holdy', { ...failures(1), consecutive_failures: 1 }); // a failure: not clear, not firing
    await pass();
    at(4);
    await setHealth(h, 'Holdy', connects(3));
    await pass();
    at(8);
    await pass();
    expect((await incidents('Holdy'))[0]).toMatchObject({ state: 'open', flaps: 0 });
    at(9);
    await pass();
    expect((await incidents('Holdy'))[0]!.state).toBe('resolved');
  });
});

describe('two passes at once', () => {
  it('never opens two incidents for one key', async () => {
    at(0);
    await h.script(['carrier add name=Racy sip_address=sip.racy.example']);
    await setHealth(h, 'Racy', failures(30));
    const runs = await Promise.all([pass(), pass(), pass()]);
    expect(runs.reduce((n, r) => n + (r.result?.opened ?? 0), 0)).toBe(1);
    const list = await incidents('Racy');
    expect(list).toHaveLength(1);
    expect((await thread(list[0]!.id)).filter((t) => t.startsWith('Opened'))).toHaveLength(1);
  });
});

describe('maintenance, reminders and snoozes', () => {
  it('records incidents of a carrier in maintenance without delivering them, and delivers them when it ends', async () => {
    at(0);
    await h.script(['carrier add name=Quiet sip_address=sip.quiet.example', 'carrier maintenance Quiet 30m "firmware"']);
    const notices = await h.db.query(`select kind, platform, payload->>'title' as title from alert_notices where kind like 'maintenance%' order by id`);
    expect(notices).toEqual([
      { kind: 'maintenance_start', platform: 'slack', title: '🔧 Maintenance on Quiet' },
      { kind: 'maintenance_start', platform: 'discord', title: '🔧 Maintenance on Quiet' },
    ]);
    await setHealth(h, 'Quiet', failures(40));
    expect((await pass()).result?.opened).toBe(1);
    const [a] = await incidents('Quiet');
    expect(await thread(a!.id)).toHaveLength(1);
    expect(await messages(a!.id)).toEqual([]);
    at(16);
    const ending = await runTask(checkCtx(h, clock), 'maintenance');
    expect(ending.text).toBe('maintenance: 0 started, 1 ending soon, 0 ended');
    at(31);
    expect((await runTask(checkCtx(h, clock), 'maintenance')).text).toBe('maintenance: 0 started, 0 ending soon, 1 ended');
    const end = await h.db.query(`select payload from alert_notices where kind = 'maintenance_end' and platform = 'slack'`);
    expect(JSON.stringify(end[0]!.payload)).toContain('1 incident is open and will be posted');
    expect((await messages(a!.id)).map((m) => m.dirty)).toEqual([1, 1]);
    // Said once.
    expect((await runTask(checkCtx(h, clock), 'maintenance')).text).toBe('maintenance: 0 started, 0 ending soon, 0 ended');
  });

  it('reminds about open, unacknowledged incidents every 30 min, not acked or snoozed ones', async () => {
    at(100);
    await h.db.query(`update alerts set state = 'resolved' where state <> 'resolved'`);
    await h.db.query('update carrier_health set consecutive_failures = 0, connects_since_failure = 3');
    await h.script(['carrier add name=Loud sip_address=sip.loud.example', 'carrier add name=Acked sip_address=sip.acked.example', 'carrier add name=Sleepy sip_address=sip.sleepy.example']);
    for (const c of ['Loud', 'Acked', 'Sleepy']) await setHealth(h, c, failures(10));
    await pass();
    await h.script(['alert ack Acked cf', 'alert snooze Sleepy cf 1h']);
    at(129);
    expect((await runTask(checkCtx(h, clock), 'reminders')).text).toBe('reminders: 0 reminded, 0 snoozes ended');
    at(130);
    expect((await runTask(checkCtx(h, clock), 'reminders')).text).toBe('reminders: 1 reminded, 0 snoozes ended');
    const [loud] = await incidents('Loud');
    expect((await thread(loud!.id)).at(-1)).toBe('Still open, not acknowledged (open for 30m)');
    at(145);
    expect((await runTask(checkCtx(h, clock), 'reminders')).text).toBe('reminders: 0 reminded, 0 snoozes ended');
    at(160);
    const r = await runTask(checkCtx(h, clock), 'reminders');
    expect(r.text).toBe('reminders: 2 reminded, 1 snoozes ended');
    const [sleepy] = await incidents('Sleepy');
    expect(sleepy!.state).toBe('open');
    expect(await thread(sleepy!.id)).toEqual([expect.stringMatching(/^Opened/), expect.stringMatching(/^Snoozed for 1h by local/), 'Snooze ended; the alert is open again', 'Still open, not acknowledged (open for 1h)']);
  });
});
