// LiveKit sync end to end: commands change the database, the worker syncs through the real SDK to the fake
// LiveKit, and the test asserts on what the fake holds afterwards.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createLiveKitHarness, held, SIP_PASSWORD, type LiveKitHarness } from '../helpers/livekit.ts';

let t: LiveKitHarness;
beforeAll(async () => {
  t = await createLiveKitHarness();
});
afterAll(() => t.close());
beforeEach(async () => {
  await t.fake.up();
  t.fake.reset();
  await t.h.db.query('delete from carriers');
  await t.h.db.query('delete from bots');
  await t.h.db.query('delete from livekit_cleanup');
});

async function acme(extra: Record<string, string> = {}) {
  await t.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example:5061', transport: 'tls', username: 'acme', password: SIP_PASSWORD, destination_country: 'United States', ...extra });
}

describe('create', () => {
  it('a carrier without numbers is pending with a note, and LiveKit gets nothing', async () => {
    await acme();
    await t.drain();
    const c = await t.carrier('Acme');
    expect(c.sync_status).toBe('pending');
    expect(c.sync_note).toMatch(/needs an outbound-capable number/);
    expect(c.sync_due_at).toBeNull();
    expect(t.fake.outbound.size + t.fake.inbound.size + t.fake.rules.size).toBe(0);
    expect(await t.run('carrier show Acme')).toMatch(/Sync pending: needs an outbound-capable number/);
  });

  it('a number with a bot gives one outbound trunk, one inbound trunk and its dispatch rule', async () => {
    await acme();
    await t.run('bot add Sales', { agent_name: 'sales-agent' });
    await t.run('did add', { carrier: 'Acme', number: '+1 510 555 0100', bot: 'Sales' });
    await t.run('did add', { carrier: 'Acme', number: '+15105550101', direction: 'outbound' });
    await t.drain();

    const { outbound, inbound, rules } = held(t.fake);
    expect(outbound).toHaveLength(1);
    expect(outbound[0]).toMatchObject({
      name: 'Acme (outbound)',
      address: 'sip.acme.example:5061',
      transport: 'SIP_TRANSPORT_TLS',
      numbers: ['+15105550100', '+15105550101'],
      authUsername: 'acme',
      authPassword: SIP_PASSWORD,
      destinationCountry: 'US',
    });
    expect(inbound).toHaveLength(1);
    expect(inbound[0]).toMatchObject({ name: 'Acme (inbound)', numbers: ['+15105550100'], authUsername: 'acme', authPassword: SIP_PASSWORD });
    expect(rules).toHaveLength(1);
    expect(rules[0]).toMatchObject({
      trunkIds: [inbound[0]!.sipTrunkId],
      numbers: ['+15105550100'],
      roomConfig: { agents: [{ agentName: 'sales-agent' }] },
      rule: { dispatchRuleIndividual: { roomPrefix: 'call-15105550100' } },
    });
    const c = await t.carrier('Acme');
    expect(JSON.parse(String(outbound[0]!.metadata))).toMatchObject({ managedBy: 'trunkops', carrierId: c.id, kind: 'outbound', cps: 1, burst: 1, channels: 30 });
    expect(c).toMatchObject({ sync_status: 'synced', sync_error: null, outbound_trunk_id: outbound[0]!.sipTrunkId, inbound_trunk_id: inbound[0]!.sipTrunkId });
    expect(c.last_synced_at).toEqual(t.clock.now());
    const [did] = await t.h.db.query("select dispatch_rule_id from dids where number_normalized = '+15105550100'");
    expect(did!.dispatch_rule_id).toBe(rules[0]!.sipDispatchRuleId);

    const shown = await t.run('carrier show Acme');
    expect(shown).toMatch(/LiveKit synced/);
  });

  it('a carrier with neither a password nor an IP allowlist gets no inbound trunk (anyone could call it), and says so', async () => {
    await t.run('carrier add', { name: 'Open', sip_address: 'sip.open.example' });
    await t.run('did add', { carrier: 'Open', number: '+15105550300' });
    await t.drain();
    const { outbound, inbound } = held(t.fake);
    expect(outbound.map((o) => o.name)).toEqual(['Open (outbound)']);
    expect(inbound).toEqual([]);
    expect((await t.carrier('Open')).sync_status).toBe('synced');
    expect(await t.run('carrier show Open')).toMatch(/no inbound trunk until the carrier has a password/);
  });

  it('an ip-allowlist carrier gets allowed addresses and no inbound credentials', async () => {
    await acme({ inbound_auth: 'ip_allowlist', allowed_ips: '203.0.113.0/24, 198.51.100.7' });
    await t.run('did add', { carrier: 'Acme', number: '+15105550100', direction: 'inbound' });
    await t.drain();
    const { outbound, inbound } = held(t.fake);
    expect(outbound).toHaveLength(0);
    expect(inbound[0]).toMatchObject({ allowedAddresses: ['198.51.100.7', '203.0.113.0/24'], numbers: ['+15105550100'] });
    expect(inbound[0]!.authPassword).toBeUndefined();
    const c = await t.carrier('Acme');
    expect(c.sync_status).toBe('synced');
    expect(c.sync_note).toMatch(/needs an outbound-capable number/);
  });
});

describe('edit, move, bot change, delete', () => {
  beforeEach(async () => {
    await acme();
    await t.run('carrier add', { name: 'Beta', sip_address: 'sip.beta.example', inbound_auth: 'ip_allowlist', allowed_ips: '192.0.2.10' });
    await t.run('bot add Sales', { agent_name: 'sales-agent' });
    await t.run('bot add Support', { agent_name: 'support-agent' });
    await t.run('did add', { carrier: 'Acme', number: '+15105550100', bot: 'Sales' });
    await t.run('did add', { carrier: 'Acme', number: '+15105550102', bot: 'Support' });
    await t.run('did add', { carrier: 'Beta', number: '+15105550200', bot: 'Support' });
    await t.drain();
  });

  it('editing a carrier replaces its trunk in place', async () => {
    const before = held(t.fake).outbound.find((o) => o.name === 'Acme (outbound)')!;
    const creates = t.fake.count('CreateSIPOutboundTrunk');
    await t.run('carrier edit Acme', { sip_address: 'sip2.acme.example', transport: 'udp', password: 'n3w-Secret-99' });
    expect((await t.carrier('Acme')).sync_status).toBe('pending');
    await t.drain();
    const after = held(t.fake).outbound.find((o) => o.name === 'Acme (outbound)')!;
    expect(after.sipTrunkId).toBe(before.sipTrunkId);
    expect(after).toMatchObject({ address: 'sip2.acme.example', transport: 'SIP_TRANSPORT_UDP', authPassword: 'n3w-Secret-99' });
    expect(held(t.fake).inbound.find((i) => i.name === 'Acme (inbound)')!.authPassword).toBe('n3w-Secret-99');
    expect(t.fake.count('CreateSIPOutboundTrunk')).toBe(creates);
  });

  it('making a number outbound-only removes its rule; making it the last inbound one removes the inbound trunk', async () => {
    await t.run('did edit +15105550102', { direction: 'outbound' });
    await t.drain();
    let s = held(t.fake);
    expect(s.rules.map((r) => r.numbers)).toEqual(expect.arrayContaining([['+15105550100'], ['+15105550200']]));
    expect(s.rules).toHaveLength(2);
    expect(s.inbound.find((i) => i.name === 'Acme (inbound)')!.numbers).toEqual(['+15105550100']);

    await t.run('did edit +15105550100', { direction: 'outbound' });
    await t.drain();
    s = held(t.fake);
    expect(s.inbound.map((i) => i.name)).toEqual(['Beta (inbound)']);
    expect(s.rules.map((r) => r.numbers)).toEqual([['+15105550200']]);
    expect((await t.carrier('Acme')).inbound_trunk_id).toBeNull();
  });

  it('moving a number never leaves two inbound trunks claiming it, whichever carrier syncs first', async () => {
    await t.run('did move +15105550100', { carrier: 'Beta' });
    // Sync the receiving carrier first: it must take the number off Acme's trunk before it claims it.
    const beta = await t.carrier('Beta');
    const [r] = await t.h.app.sync!.syncNow([String(beta.id)]);
    expect(r!.error).toBeNull();
    expect(r!.changes.join('\n')).toMatch(/took \+15105550100 from inbound trunk .* of another carrier/);
    await t.drain();
    const s = held(t.fake);
    const acmeIn = s.inbound.find((i) => i.name === 'Acme (inbound)')!;
    const betaIn = s.inbound.find((i) => i.name === 'Beta (inbound)')!;
    expect(acmeIn.numbers).toEqual(['+15105550102']);
    expect(betaIn.numbers).toEqual(['+15105550100', '+15105550200']);
    const ruleFor = (n: string) => s.rules.filter((x) => (x.numbers as string[]).includes(n));
    expect(ruleFor('+15105550100')).toHaveLength(1);
    expect(ruleFor('+15105550100')[0]!.trunkIds).toEqual([betaIn.sipTrunkId]);
    expect(s.outbound.find((o) => o.name === 'Acme (outbound)')!.numbers).toEqual(['+15105550102']);
    expect((await t.carrier('Acme')).sync_status).toBe('synced');
    expect((await t.carrier('Beta')).sync_status).toBe('synced');
  });

  it('moving the only inbound number deletes the old trunk instead of leaving it a wildcard', async () => {
    await t.run('did move +15105550200', { carrier: 'Acme' });
    await t.drain();
    const s = held(t.fake);
    expect(s.inbound.map((i) => i.name)).toEqual(['Acme (inbound)']);
    expect(s.inbound[0]!.numbers).toEqual(['+15105550100', '+15105550102', '+15105550200']);
    expect(s.outbound.map((o) => o.name)).toEqual(['Acme (outbound)']);
    expect((await t.carrier('Beta')).sync_note).toMatch(/needs a|needs an outbound/);
  });

  it('pointing a bot at another agent updates the rules of every number routed to it', async () => {
    const creates = t.fake.count('CreateSIPDispatchRule');
    await t.run('bot edit Support', { agent_name: 'support-v2' });
    await t.drain();
    const agents = held(t.fake).rules.map((r) => [(r.numbers as string[])[0], (r.roomConfig as { agents: { agentName: string }[] }).agents[0]!.agentName]);
    expect(Object.fromEntries(agents)).toEqual({ '+15105550100': 'sales-agent', '+15105550102': 'support-v2', '+15105550200': 'support-v2' });
    expect(t.fake.count('CreateSIPDispatchRule')).toBe(creates);
  });

  it('removing a bot removes its rules; removing a number removes it from the trunks', async () => {
    await t.run('bot remove Support', { confirm: 'yes' });
    await t.run('did remove +15105550100', { confirm: 'yes' });
    await t.drain();
    const s = held(t.fake);
    expect(s.rules).toHaveLength(0);
    expect(s.inbound.find((i) => i.name === 'Acme (inbound)')!.numbers).toEqual(['+15105550102']);
  });

  it('deleting a carrier deletes its rules and trunks; a 404 on delete counts as done', async () => {
    const acmeIn = held(t.fake).inbound.find((i) => i.name === 'Acme (inbound)')!;
    t.fake.inbound.delete(String(acmeIn.sipTrunkId)); // already gone on LiveKit
    const ruleIds = held(t.fake).rules.filter((r) => (r.trunkIds as string[])[0] === acmeIn.sipTrunkId).map((r) => r.sipDispatchRuleId);
    t.fake.rules.delete(String(ruleIds[0])); // one rule already gone: DeleteSIPDispatchRule answers 404
    await t.run('carrier delete Acme', { confirm: 'yes' });
    await t.drain();
    const s = held(t.fake);
    expect(s.outbound.map((o) => o.name)).toEqual(['Beta (outbound)']);
    expect(s.inbound.map((i) => i.name)).toEqual(['Beta (inbound)']);
    expect(s.rules.map((r) => r.numbers)).toEqual([['+15105550200']]);
    expect(t.fake.requests.filter((r) => r.method === 'DeleteSIPDispatchRule').map((r) => r.status)).toContain(404);
    expect(await t.h.db.query('select * from livekit_cleanup')).toEqual([]);
  });

  it('a delete while LiveKit is down is retried until it lands', async () => {
    await t.fake.down();
    await t.run('carrier delete Beta', { confirm: 'yes' });
    await t.drain();
    const [task] = await t.h.db.query('select * from livekit_cleanup');
    expect(task!.last_error).toBe('LiveKit unreachable (connection refused)');
    expect(task!.attempts).toBe(1);
    await t.fake.up();
    await t.drain();
    expect(held(t.fake).inbound.map((i) => i.name)).toEqual(['Acme (inbound)', 'Beta (inbound)']); // not due yet
    t.clock.advance(5_000);
    await t.drain();
    expect(held(t.fake).inbound.map((i) => i.name)).toEqual(['Acme (inbound)']);
    expect(held(t.fake).outbound.map((i) => i.name)).toEqual(['Acme (outbound)']);
    expect(held(t.fake).rules).toHaveLength(2);
    expect(await t.h.db.query('select * from livekit_cleanup')).toEqual([]);
  });
});
