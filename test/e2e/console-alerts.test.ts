// The alert commands and carrier maintenance end to end through the console (and the dispatcher, as a button would
// call them): list, show, ack, snooze, resolve (refused while firing), route, check; maintenance windows; the
// carrier's health fields; roles and audit entries.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReply, createHarness, type Harness } from '../helpers/harness.ts';
import { connects, failures, setHealth } from '../helpers/health-state.ts';

let h: Harness;
let now = new Date('2026-05-01T12:00:00Z');
const at = (min: number) => (now = new Date(Date.parse('2026-05-01T12:00:00Z') + min * 60_000));
const run = async (...lines: string[]) => (await h.script(lines)).output;

beforeAll(async () => {
  h = await createHarness({ TRUNKOPS_ADMINS: 'slack:UADMIN', TRUNKOPS_DEFAULT_ROLE: 'viewer' }, { now: () => now });
  await run('carrier add name="Acme Voice" sip_address=sip.acme.example', 'carrier add name=Beta sip_address=sip.beta.example');
});
afterAll(async () => h?.close());

const alertId = async (carrier: string, kind = 'consecutive_failures') =>
  String((await h.db.query(`select a.id from alerts a join carriers c on c.id = a.carrier_id where c.name = $1 and a.kind = $2 order by a.opened_at desc limit 1`, [carrier, kind]))[0]!.id);

describe('carrier health settings', () => {
  it('edits, shows and validates the four health fields', async () => {
    const out = await run('carrier edit Beta health_failure_threshold=25 health_ignored_codes="486, 603" health_asr_floor=15% health_asr_min_attempts=200', 'carrier show Beta');
    expect(out).toContain('health_failure_threshold, health_ignored_codes, health_asr_floor, health_asr_min_attempts changed');
    expect(out).toMatch(/Failure threshold\s+25/);
    expect(out).toMatch(/Ignored SIP codes\s+486, 603/);
    expect(out).toMatch(/ASR floor \(%\)\s+15/);
    expect(await run('carrier show "Acme Voice"')).toMatch(/Failure threshold\s+default \(10\)[\s\S]*Ignored SIP codes\s+default \(486, 480, 487, 600, 603\)/);
    const bad = await run('carrier edit Beta health_failure_threshold=0 health_ignored_codes=48 health_asr_floor=101 health_asr_min_attempts=x');
    expect(bad).toContain('4 fields need fixing');
    expect(bad).toContain('Failure threshold: use a whole number from 1 to 100000 (got 0)');
    expect(bad).toContain('Ignored SIP codes: use 3-digit SIP codes from 100 to 699');
    expect(bad).toContain('ASR floor (%): use a whole number from 0 to 100 percent');
    expect(bad).toContain('Nothing was saved.');
    expect(await run('carrier edit Beta health_failure_threshold= health_ignored_codes=none', 'carrier show Beta')).toMatch(/Failure threshold\s+default \(10\)[\s\S]*Ignored SIP codes\s+none/);
  });
});

describe('alert commands', () => {
  it('lists nothing, then what `alert check` opened', async () => {
    expect(await run('alert list')).toContain('No alerts.');
    await setHealth(h, 'Acme Voice', failures(14));
    const check = await run('alert check consecutive-failures');
    expect(check).toContain('1 alert opened, 0 resolved');
    const list = await run('alert list');
    expect(list).toMatch(/Open alerts \(1\)[\s\S]*critical\s+Acme Voice\s+Consecutive failures\s+open/);
    expect(list).toContain('14 consecutive failures to 2 numbers');
    expect(list).toContain('No on-call channel is set');
  });

  it('shows the evidence and thread of an alert by its short id', async () => {
    const id = await alertId('Acme Voice');
    const out = await run(`alert show ${id.slice(0, 8)}`);
    expect(out).toContain('Acme Voice: consecutive failures');
    expect(out).toMatch(/Consecutive failures\s+14/);
    expect(out).toMatch(/call-14-0\s+408\s+\+15550001/);
    expect(out).toContain('Opened: 14 consecutive failures');
    expect(out).toContain(`Ack → alert ack alert=${id}`);
  });

  it('refuses a resolve while the check still fires, and from a viewer refuses the ack', async () => {
    expect(await run('alert resolve "Acme Voice" cf')).toMatch(/is still firing: 14 consecutive failures[\s\S]*alert snooze [0-9a-f]{8} 1h/);
    const viewer = asReply(await h.as('slack:UVIEW', ['alert', 'ack'], { alert: await alertId('Acme Voice') }));
    expect(viewer.text).toContain('`alert ack` needs the operator role; you are viewer');
  });

  it('acks and snoozes by carrier + kind or by the id a button sends, each once, with an audit entry', async () => {
    const id = await alertId('Acme Voice');
    expect(asReply(await h.as('slack:UADMIN', ['alert', 'ack'], { alert: id })).text).toBe(`Alert ${id.slice(0, 8)} (consecutive failures on Acme Voice) acknowledged by slack:UADMIN.`);
    expect(await run('alert ack "Acme Voice" consecutive-failures')).toContain('was already acknowledged by slack:UADMIN');
    expect(await run('alert snooze Acme Voice cf 2h30m')).toContain('snoozed for 2h 30m, until 2026-05-01 14:30 UTC');
    expect(await run('alert snooze "Acme Voice" cf forever')).toContain('Duration: use 30m, 1h, 4h, 24h or a custom length');
    const audit = await h.db.query(`select action, actor_id, entity_name from audit_log where entity_type = 'alert' order by id`);
    expect(audit).toEqual([
      { action: 'alert.check', actor_id: 'console:local', entity_name: 'consecutive-failures' },
      { action: 'alert.ack', actor_id: 'slack:UADMIN', entity_name: 'consecutive_failures Acme Voice' },
      { action: 'alert.snooze', actor_id: 'console:local', entity_name: 'consecutive_failures Acme Voice' },
    ]);
  });

  it('resolves by hand once the check no longer fires, and then refuses to touch it again', async () => {
    await setHealth(h, 'Acme Voice', connects(1));
    expect(await run('alert resolve "Acme Voice" cf')).toContain('resolved by local.');
    expect(await run('alert list resolved')).toMatch(/Resolved alerts \(1\)[\s\S]*resolved by local/);
    const id = await alertId('Acme Voice');
    expect(await run(`alert ack ${id}`)).toContain('is already resolved (by local)');
    expect(await run('alert ack "Acme Voice" cf')).toContain('No open consecutive failures alert on Acme Voice');
  });

  it('routes alerts per platform, refusing channel names, and shows the routes in the list', async () => {
    expect(await run('alert route slack noc-alerts')).toContain('Channel: use the channel id (C0123ABCD');
    expect(await run('alert route slack C0ALERTS digest_at=08:30')).toContain('Slack alerts go to C0ALERTS, with a daily digest at 08:30 UTC');
    expect(await run('alert route discord <#123456789012345678>')).toContain('Discord alerts go to 123456789012345678');
    expect(await run('alert list')).toContain('Alerts go to Slack C0ALERTS and Discord 123456789012345678.');
    expect(await run('alert route discord off')).toContain('Discord alerts are off');
    expect(asReply(await h.as('slack:UVIEW', ['alert', 'route'], { platform: 'slack', channel: 'C0OTHER' })).text).toContain('needs the admin role');
  });

  it('runs every check and alert job by hand', async () => {
    const out = await run('alert check');
    expect(out).toContain('Ran 8 health checks and alert jobs');
    expect(out).toMatch(/sync\s+skipped \(LiveKit sync is not configured\)/);
    expect(out).toMatch(/maintenance\s+0 started, 0 ending soon, 0 ended/);
    expect(await run('alert check nonsense')).toContain('Check: choose one of consecutive-failures');
  });
});

describe('carrier maintenance', () => {
  it('starts a window, tells the channel, lists it, extends it and ends it early', async () => {
    at(0);
    const start = await run('carrier maintenance Beta 2h "router swap, ticket 4411"');
    expect(start).toContain('Maintenance on Beta until 2026-05-01 14:00 UTC (2h): its alerts are muted. The on-call channel was told.');
    expect(await run('alert list')).toContain('🔧 Beta: maintenance until 2026-05-01 14:00 UTC — router swap, ticket 4411 (by local)');
    at(30);
    expect(await run('carrier maintenance Beta 3h')).toContain('Maintenance extended on Beta until 2026-05-01 15:30 UTC');
    at(40);
    expect(await run('carrier maintenance Beta end')).toContain('Maintenance on Beta ended; its alerts are live again.');
    expect(await run('carrier maintenance Beta end')).toContain('Beta has no maintenance window running or planned.');
    const notices = await h.db.query(`select kind, payload->>'title' as title from alert_notices where kind like 'maintenance%' order by id`);
    expect(notices).toEqual([
      { kind: 'maintenance_start', title: '🔧 Maintenance on Beta' },
      { kind: 'maintenance_start', title: '🔧 Maintenance on Beta extended' },
      { kind: 'maintenance_end', title: '🔧 Maintenance on Beta ended' },
    ]);
    const audit = await h.db.query(`select action from audit_log where action like 'carrier.maintenance%' order by id`);
    expect(audit.map((a) => a.action)).toEqual(['carrier.maintenance', 'carrier.maintenance', 'carrier.maintenance_end']);
  });

  it('plans a window for later and cancels it', async () => {
    at(60);
    const out = await run('carrier maintenance Beta 1h start=2026-05-02T22:00Z');
    expect(out).toContain('Maintenance on Beta from 2026-05-02 22:00 UTC until 2026-05-02 23:00 UTC (1h): its alerts are muted. The on-call channels are told when it starts.');
    expect(await run('alert list')).toContain('🔧 Beta: maintenance planned 2026-05-02 22:00 UTC – 2026-05-02 23:00 UTC');
    expect(await run('carrier maintenance Beta cancel')).toContain('Planned maintenance on Beta (2026-05-02 22:00 UTC) cancelled.');
    expect(await run('carrier maintenance Beta 45d')).toContain('Duration: use at most 30d');
  });
});
