// Reconcile: changes made behind trunkops' back on LiveKit are found and repaired; a dry run only reports;
// objects trunkops does not own are never touched.
import { SipClient } from 'livekit-server-sdk';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveKitHarness, held, SIP_PASSWORD, type LiveKitHarness } from '../helpers/livekit.ts';

let t: LiveKitHarness;
let other: SipClient;
beforeAll(async () => {
  t = await createLiveKitHarness();
  other = new SipClient(t.fake.url, t.fake.apiKey, t.fake.apiSecret);
});
afterAll(() => t.close());
beforeEach(async () => {
  t.fake.reset();
  await t.h.db.query('delete from carriers');
  await t.h.db.query('delete from bots');
  await t.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example', username: 'acme', password: SIP_PASSWORD });
  await t.run('bot add Sales', { agent_name: 'sales-agent' });
  await t.run('did add', { carrier: 'Acme', number: '+15105550100', bot: 'Sales' });
  await t.run('did add', { carrier: 'Acme', number: '+15105550101', bot: 'Sales' });
  await t.drain();
});

function snapshot() {
  return JSON.stringify(held(t.fake));
}

describe('reconcile', () => {
  it('finds nothing to do when LiveKit matches, and says so', async () => {
    const writes = () => t.fake.requests.filter((r) => /^(Create|Update|Delete)/.test(r.method)).length;
    const before = writes();
    const text = await t.run('carrier reconcile');
    expect(text).toContain('LiveKit matches every carrier: nothing to repair.');
    expect(text).toContain('1 outbound · 1 inbound · 2 rules');
    expect(writes()).toBe(before);
  });

  it('repairs a changed trunk, a deleted rule, a deleted trunk and an orphan; leaves foreign objects alone', async () => {
    const s = held(t.fake);
    const out = t.fake.outbound.get(String(s.outbound[0]!.sipTrunkId))!;
    out.address = 'hijacked.example';
    out.authPassword = 'changed-behind-our-back';
    const ruleId = String(s.rules.find((r) => (r.numbers as string[])[0] === '+15105550101')!.sipDispatchRuleId);
    t.fake.rules.delete(ruleId);
    const orphan = await other.createSipOutboundTrunk('old', 'sip.old.example', ['+15105559999'], {
      transport: 0,
      metadata: JSON.stringify({ managedBy: 'trunkops', carrierId: '00000000-0000-4000-8000-000000000000', kind: 'outbound' }),
    });
    const foreign = await other.createSipOutboundTrunk('not ours', 'sip.foreign.example', ['+15105558888'], { transport: 0, metadata: '{"team":"voice"}' });
    const foreignRule = await other.createSipDispatchRule({ type: 'individual', roomPrefix: 'x-' }, { name: 'not ours either' });

    const before = snapshot();
    const dry = await t.run('carrier reconcile --dry-run');
    expect(snapshot()).toBe(before);
    expect(dry).toContain('LiveKit reconcile (dry run: nothing changed)');
    expect(dry).toMatch(/3 objects would change, 3 of them drift/);

    const outcome = await t.h.app.sync!.reconcile({ dryRun: false });
    expect(outcome.foreign).toBe(2);
    expect(outcome.changes.map((c) => c.change)).toEqual(
      expect.arrayContaining([
        `deleted orphaned trunk ${orphan.sipTrunkId}`,
        expect.stringMatching(/^updated outbound trunk ST_\w+ \(address, auth password\)$/),
        'created dispatch rule +15105550101 → sales-agent',
      ]),
    );
    expect(outcome.changes.every((c) => c.drift)).toBe(true);
    const after = held(t.fake);
    expect(after.outbound.map((o) => [o.name, o.address, o.authPassword])).toEqual(
      expect.arrayContaining([
        ['Acme (outbound)', 'sip.acme.example', SIP_PASSWORD],
        ['not ours', 'sip.foreign.example', undefined],
      ]),
    );
    expect(after.outbound).toHaveLength(2);
    expect(t.fake.rules.has(foreignRule.sipDispatchRuleId)).toBe(true);
    expect(after.rules.filter((r) => String(r.metadata).includes('trunkops'))).toHaveLength(2);
    expect(t.fake.outbound.get(foreign.sipTrunkId)!.address).toBe('sip.foreign.example');

    const c = await t.carrier('Acme');
    expect(c.drift_note).toMatch(/updated outbound trunk .*address, auth password.*created dispatch rule \+15105550101/);
    expect(await t.run('carrier show Acme')).toMatch(/Reconcile repaired drift on LiveKit/);
    const [did] = await t.h.db.query("select dispatch_rule_id from dids where number_normalized = '+15105550101'");
    expect(did!.dispatch_rule_id).toBe(after.rules.find((r) => (r.numbers as string[] | undefined)?.[0] === '+15105550101')!.sipDispatchRuleId);

    // A second pass finds nothing left to do.
    expect((await t.h.app.sync!.reconcile({ dryRun: false })).changes).toEqual([]);
  });

  it('recreates a trunk deleted behind its back, with its rules, and reports it through the command', async () => {
    const inboundId = String(held(t.fake).inbound[0]!.sipTrunkId);
    await other.deleteSipTrunk(inboundId); // the rules stay behind, pointing at a trunk that no longer exists
    const text = await t.run('carrier reconcile');
    expect(text).toMatch(/objects changed/);
    const s = held(t.fake);
    expect(s.inbound).toHaveLength(1);
    expect(s.inbound[0]!.sipTrunkId).not.toBe(inboundId);
    expect(s.rules.map((r) => r.trunkIds)).toEqual([[s.inbound[0]!.sipTrunkId], [s.inbound[0]!.sipTrunkId]]);
    expect((await t.carrier('Acme')).inbound_trunk_id).toBe(s.inbound[0]!.sipTrunkId);
  });

  it('a carrier changed but not yet synced is synced by the reconcile, not reported as drift', async () => {
    await t.run('carrier edit Acme', { sip_address: 'sip9.acme.example' });
    const r = await t.h.app.sync!.reconcile({ dryRun: false });
    expect(r.changes).toEqual([{ carrier: 'Acme', change: expect.stringMatching(/updated outbound trunk .*\(name|address/), drift: false }]);
    expect((await t.carrier('Acme')).drift_note).toBeNull();
  });

  it('runs as a scheduled job once per tick across replicas', async () => {
    const { startScheduler } = await import('../../src/jobs/scheduler.ts');
    const { livekitReconcileJob } = await import('../../src/jobs/livekit-reconcile.ts');
    const job = livekitReconcileJob(t.h.app.sync!, null);
    const a = startScheduler([job], { store: t.h.app.store, logger: t.h.logger });
    const b = startScheduler([job], { store: t.h.app.store, logger: t.h.logger });
    const at = new Date();
    const slot = `livekit-reconcile:${at.toISOString()}`;
    const until = new Date(at.getTime() + 60_000);
    const wins = await Promise.all([t.h.app.store.leases.acquire('livekit-reconcile', slot, 'a', at, until), t.h.app.store.leases.acquire('livekit-reconcile', slot, 'b', at, until)]);
    expect(wins.filter(Boolean)).toHaveLength(1);
    await t.h.app.store.leases.finish('livekit-reconcile', wins[0] ? 'a' : 'b', at, null);
    expect(await t.h.app.store.leases.acquire('livekit-reconcile', slot, 'a', at, until)).toBe(false); // same tick: never twice
    expect(await a.runNow('livekit-reconcile')).toMatch(/^1 carriers, 0 changes \(0 drift\), 0 errors$/);
    const [lease] = await t.h.app.store.leases.list();
    expect(lease).toMatchObject({ name: 'livekit-reconcile', lastError: null });
    await a.stop();
    await b.stop();
  });
});
