// Each check pass over stored counters: the set-based loaders read what the ingestion leaves (carrier_health, hourly
// rollups, contradictions, sync columns, failed activations, job leases) and the right incidents open and resolve.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runTask } from '../../src/alerts/tasks.ts';
import { runCheck } from '../../src/health/pass.ts';
import { addContradiction, carrierId, checkCtx, failures, setHealth, setStats } from '../helpers/health-state.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
let now = new Date('2026-05-01T12:30:00Z');
const clock = () => now;
const at = (min: number) => (now = new Date(Date.parse('2026-05-01T12:30:00Z') + min * 60_000));

beforeAll(async () => {
  h = await createHarness({ ALERT_SLACK_CHANNEL: 'C0ALERTS' }, { now: clock });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Beta sip_address=sip.beta.example', 'carrier add name=Gamma sip_address=sip.gamma.example health_asr_floor=30 health_asr_min_attempts=10']);
});
afterAll(async () => h?.close());

interface OpenAlert {
  name: string | null;
  severity: string;
  title: string;
  evidence: Record<string, unknown>;
}
const open = async (kind: string) =>
  (await h.db.query(`select c.name, a.severity, a.title, a.evidence from alerts a left join carriers c on c.id = a.carrier_id where a.kind = $1 and a.state <> 'resolved' order by c.name`, [kind])) as unknown as OpenAlert[];

describe('consecutive failures', () => {
  it("uses the carrier's own threshold and the two-number rule", async () => {
    await h.script(['carrier edit Beta health_failure_threshold=50']);
    await setHealth(h, 'Acme', failures(12, ['+15550001']));
    await setHealth(h, 'Beta', failures(40));
    await setHealth(h, 'Gamma', failures(10));
    await runCheck(checkCtx(h, clock), 'consecutive-failures');
    expect((await open('consecutive_failures')).map((a) => a.name)).toEqual(['Gamma']);
    const [g] = await open('consecutive_failures');
    expect(g!.evidence).toMatchObject({ consecutiveFailures: 10, threshold: 10, distinctNumbers: 2, codes: { '503': 7, '408': 3 } });
    expect((g!.evidence.lastCalls as unknown[]).length).toBe(10);
  });
});

describe('code consistency', () => {
  it('is insufficient data until a first 404, flags a carrier that never 404s over 500 attempts', async () => {
    await setHealth(h, 'Acme', { attempts: 499, count_200: 200, attempts_since_404: 499 });
    await setHealth(h, 'Beta', { attempts: 5000, count_200: 2500, count_404: 30, attempts_since_404: 20 });
    await setHealth(h, 'Gamma', { attempts: 800, count_200: 400, attempts_since_404: 800 });
    const r = await runCheck(checkCtx(h, clock), 'code-consistency');
    expect(r.result).toMatchObject({ opened: 1 });
    expect((await open('code_consistency')).map((a) => [a.name, a.severity, a.title])).toEqual([['Gamma', 'warning', 'Gamma: never answers 404']]);
  });

  it('flags 404s on three numbers another carrier connected within the hour, naming that carrier', async () => {
    await addContradiction(h, 'Beta', '+15557001', 'Acme', 'k1', new Date(now.getTime() - 5 * 60_000));
    await addContradiction(h, 'Beta', '+15557002', 'Acme', 'k2', new Date(now.getTime() - 10 * 60_000));
    await addContradiction(h, 'Beta', '+15557003', 'Gamma', 'k3', new Date(now.getTime() - 65 * 60_000)); // outside the hour
    await runCheck(checkCtx(h, clock), 'code-consistency');
    expect((await open('code_consistency')).map((a) => a.name)).toEqual(['Gamma']);
    await addContradiction(h, 'Beta', '+15557003', 'Gamma', 'k4', new Date(now.getTime() - 1 * 60_000));
    await runCheck(checkCtx(h, clock), 'code-consistency');
    const beta = (await open('code_consistency')).find((a) => a.name === 'Beta')!;
    expect(beta).toMatchObject({ severity: 'critical', title: 'Beta: 404s numbers other carriers connect' });
    expect(beta.evidence).toMatchObject({ contradictionNumbers: 3, contradictionCalls: 3 });
    expect((beta.evidence.contradictions as { number: string; connectedBy: string; callId: string }[]).map((c) => [c.number, c.connectedBy, c.callId])).toEqual([
      ['+15557003', 'Gamma', 'k4'],
      ['+15557001', 'Acme', 'k1'],
      ['+15557002', 'Acme', 'k2'],
    ]);
  });
});

describe('ASR', () => {
  it('judges the current and previous hour, with a minimum volume and per-carrier floors', async () => {
    const hour = new Date('2026-05-01T12:00:00Z');
    const prev = new Date('2026-05-01T11:00:00Z');
    const old = new Date('2026-05-01T09:00:00Z');
    await setStats(h, 'Acme', hour, 30, 1, { 503: 25, 200: 1 });
    await setStats(h, 'Acme', prev, 30, 2, { 503: 20, 408: 8, 200: 2 });
    await setStats(h, 'Acme', old, 1000, 900); // outside the window
    await setStats(h, 'Beta', hour, 40, 0); // 40 attempts < 50: insufficient
    await setStats(h, 'Gamma', hour, 20, 5); // 25 % < its 30 % floor, 20 ≥ its minimum of 10
    await runCheck(checkCtx(h, clock), 'asr');
    const list = await open('asr');
    expect(list.map((a) => [a.name, a.title])).toEqual([['Acme', 'Acme: ASR below 10 %'], ['Gamma', 'Gamma: ASR below 30 %']]);
    expect(list[0]!.evidence).toMatchObject({ asr: 5, attempts: 60, answered: 3, codes: { '200': 3, '408': 8, '503': 45 } });
    expect(String(list[0]!.evidence.summary)).toBe('ASR 5 % over 60 attempts (3 answered), floor 10 %; 503 ×45, 408 ×8');
  });
});

describe('sync', () => {
  it('is skipped without LiveKit, and with it raises errors, stuck queues and drift', async () => {
    expect((await runTask(checkCtx(h, clock), 'sync')).text).toBe('sync: skipped (LiveKit sync is not configured)');
    const ago = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    await h.db.query(`update carriers set sync_status = 'error', sync_error = 'Conflicting inbound SIP Trunks', sync_due_at = null, sync_attempts = 1 where name = 'Acme'`);
    await h.db.query(`update carriers set sync_status = 'pending', sync_due_at = $1 where name = 'Beta'`, [ago(12)]);
    await h.db.query(`update carriers set sync_status = 'synced', drift_at = $1, drift_note = 'recreated inbound trunk' where name = 'Gamma'`, [ago(3)]);
    await runCheck(checkCtx(h, clock, true), 'sync');
    expect((await open('sync')).map((a) => [a.name, a.severity, a.title])).toEqual([
      ['Acme', 'critical', 'Acme: LiveKit sync error'],
      ['Beta', 'warning', 'Beta: LiveKit sync stuck'],
    ]);
    expect((await open('drift')).map((a) => [a.name, a.severity])).toEqual([['Gamma', 'info']]);
  });
});

describe('rate cards', () => {
  it('raises a failed scheduled activation on the carrier, and resolves once it is dealt with', async () => {
    await h.script(['ratecard create name="Acme A-Z" carrier=Acme']);
    const [card] = await h.db.query(`select id from rate_cards where name = 'Acme A-Z'`);
    await h.db.query(`insert into rate_card_revisions (card_id, number, status, row_count, date_live, activation_error) values ($1, 9, 'scheduled', 0, $2, 'Revision #9 of Acme A-Z has no rows; it cannot go live.')`, [card!.id, now.toISOString()]);
    await runCheck(checkCtx(h, clock), 'ratecards');
    const [a] = await open('ratecard_activation');
    expect(a).toMatchObject({ name: 'Acme', title: 'Acme: scheduled rate-card activation failed' });
    expect(a!.evidence.failed).toEqual([{ card: 'Acme A-Z', revision: 9, error: 'Revision #9 of Acme A-Z has no rows; it cannot go live.', dateLive: now.toISOString() }]);
    await h.db.query(`update rate_card_revisions set status = 'archived' where number = 9`);
    await runCheck(checkCtx(h, clock), 'ratecards');
    at(6);
    await runCheck(checkCtx(h, clock), 'ratecards');
    expect(await open('ratecard_activation')).toEqual([]);
  });
});

describe('the scheduler heartbeat', () => {
  it('opens when no check job finished for 10 minutes, and a running check clears it', async () => {
    const finished = (m: number) => new Date(now.getTime() - m * 60_000).toISOString();
    await h.db.query(`insert into job_leases (name, last_finished_at) values ('check-asr', $1), ('check-consecutive-failures', $2), ('check-heartbeat', $3)`, [finished(11), finished(12), finished(1)]);
    const ctx = { ...checkCtx(h, clock), startedAt: new Date(now.getTime() - 60 * 60_000) };
    await runTask(ctx, 'heartbeat');
    const [a] = await open('scheduler');
    expect(a).toMatchObject({ name: null, severity: 'critical', title: 'trunkops: health checks are not running' });
    // A scheduled check job re-evaluates the heartbeat after its own pass: it is running, so checks run.
    await runTask(ctx, 'asr', { running: 'check-asr' });
    at(12);
    const r = await runTask(ctx, 'asr', { running: 'check-asr' });
    expect(r.text).toContain('scheduler alert resolved');
    expect(await open('scheduler')).toEqual([]);
    expect(await carrierId(h, 'Acme')).toBeTruthy();
  });
});
