// LiveKit down, slow, 500, 429 and 400: the carrier is always saved, the status and message are right, only
// transient failures are retried (with backoff, when they come due), and a later success clears the error.
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
});

/** A timestamp column as epoch ms (drivers return Date objects). */
const at = (v: unknown) => (v instanceof Date ? v.getTime() : Date.parse(String(v)));

async function addAcme() {
  const text = await t.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example', username: 'acme', password: SIP_PASSWORD });
  await t.run('did add', { carrier: 'Acme', number: '+15105550100' });
  return text;
}

async function expectRetriedThenSynced(message: string) {
  let c = await t.carrier('Acme');
  expect(c).toMatchObject({ sync_status: 'error', sync_error: message, sync_attempts: 1 });
  const due = at(c.sync_due_at) - t.clock.now().getTime();
  expect(due).toBeGreaterThanOrEqual(1600);
  expect(due).toBeLessThanOrEqual(2400);
  expect(await t.run('carrier show Acme')).toContain(`Sync failed: ${message}. Retrying`);
  // Not due yet: nothing is sent.
  const sent = t.fake.requests.length;
  await t.drain();
  expect(t.fake.requests.length).toBe(sent);
  t.clock.advance(2500);
  await t.drain();
  c = await t.carrier('Acme');
  expect(c).toMatchObject({ sync_status: 'synced', sync_error: null, sync_attempts: 0, sync_due_at: null });
  expect(held(t.fake).outbound).toHaveLength(1);
  expect(held(t.fake).inbound).toHaveLength(1);
}

describe('transient failures are retried with backoff', () => {
  it('LiveKit down: saved at once, error names the cause, retried when due, then synced', async () => {
    await t.fake.down();
    expect(await addAcme()).toContain('Carrier "Acme" created.');
    await t.drain();
    await t.fake.up();
    await expectRetriedThenSynced('LiveKit unreachable (connection refused)');
  });

  it('LiveKit slow past the request timeout', async () => {
    await addAcme();
    t.fake.delay('*', 1500, 1);
    await t.drain();
    await expectRetriedThenSynced('LiveKit did not answer within 1 s');
  });

  it('LiveKit 500', async () => {
    await addAcme();
    t.fake.fail('CreateSIPInboundTrunk', { status: 500, code: 'internal', msg: 'redis: connection pool exhausted' });
    await t.drain();
    await expectRetriedThenSynced('LiveKit error 500: redis: connection pool exhausted');
  });

  it('LiveKit 429', async () => {
    await addAcme();
    t.fake.fail('*', { status: 429, code: 'resource_exhausted', msg: 'too many requests' });
    await t.drain();
    await expectRetriedThenSynced('LiveKit is rate limiting (429): too many requests');
  });

  it('keeps backing off while LiveKit stays down, doubling the delay', async () => {
    await t.fake.down();
    await addAcme();
    const delays: number[] = [];
    for (let i = 0; i < 4; i++) {
      await t.drain();
      const c = await t.carrier('Acme');
      expect(c.sync_attempts).toBe(i + 1);
      const wait = at(c.sync_due_at) - t.clock.now().getTime();
      delays.push(wait);
      t.clock.advance(wait);
    }
    expect(delays[1]! / delays[0]!).toBeGreaterThan(1.3);
    expect(delays[3]!).toBeGreaterThanOrEqual(0.8 * 16_000);
    await t.fake.up();
    await t.drain();
    expect((await t.carrier('Acme')).sync_status).toBe('synced');
  });
});

describe('configuration errors are shown, not retried', () => {
  it('LiveKit 400: the message is shown, nothing is retried, and fixing the carrier clears it', async () => {
    await addAcme();
    t.fake.fail('CreateSIPOutboundTrunk', { status: 400, code: 'invalid_argument', msg: 'trunk address should be a hostname or IP, not SIP URI' }, 1);
    await t.drain();
    const c = await t.carrier('Acme');
    expect(c).toMatchObject({ sync_status: 'error', sync_due_at: null, sync_error: 'LiveKit rejected the configuration: trunk address should be a hostname or IP, not SIP URI' });
    expect(await t.run('carrier show Acme')).toMatch(/Not retried: fix the carrier and save it, or run `carrier sync Acme`/);
    const sent = t.fake.requests.length;
    t.clock.advance(3_600_000);
    await t.drain();
    expect(t.fake.requests.length).toBe(sent);
    await t.run('carrier edit Acme', { sip_address: 'sip2.acme.example' });
    await t.drain();
    expect(await t.carrier('Acme')).toMatchObject({ sync_status: 'synced', sync_error: null });
    expect(held(t.fake).outbound[0]!.address).toBe('sip2.acme.example');
  });

  it("LiveKit's own conflict with a trunk trunkops does not own is reported, and that trunk is left alone", async () => {
    const { SipClient } = await import('livekit-server-sdk');
    const other = new SipClient(t.fake.url, t.fake.apiKey, t.fake.apiSecret);
    const foreign = await other.createSipInboundTrunk('someone else', ['+15105550100'], { metadata: '{"team":"voice"}' });
    await addAcme();
    await t.drain();
    const c = await t.carrier('Acme');
    expect(c.sync_status).toBe('error');
    expect(c.sync_error).toMatch(/^LiveKit rejected the configuration: Conflicting inbound SIP Trunks: ".*" and "ST_\w+", using the same number\(s\)/);
    expect(c.sync_due_at).toBeNull();
    expect(t.fake.inbound.get(foreign.sipTrunkId)!.numbers).toEqual(['+15105550100']);
    // The outbound trunk was created before the inbound one failed, and its id is kept for the next attempt.
    expect(c.outbound_trunk_id).toBe(held(t.fake).outbound[0]!.sipTrunkId);
    // Once the other trunk is gone, `carrier sync` succeeds without creating a second outbound trunk.
    await other.deleteSipTrunk(foreign.sipTrunkId);
    expect(await t.run('carrier sync Acme')).toMatch(/Acme synced to LiveKit: created inbound trunk/);
    expect(held(t.fake).outbound).toHaveLength(1);
  });

  it('wrong API secret: a clear message naming the variables', async () => {
    const bad = await createLiveKitHarness({ LIVEKIT_API_SECRET: 'not-the-right-secret-at-all' });
    try {
      await bad.run('carrier add', { name: 'Acme', sip_address: 'sip.acme.example' });
      await bad.run('did add', { carrier: 'Acme', number: '+15105550100' });
      await bad.drain();
      const c = await bad.carrier('Acme');
      expect(c.sync_status).toBe('error');
      expect(c.sync_error).toMatch(/^LiveKit refused the API credentials \(401: invalid authorization token.*check LIVEKIT_API_KEY and LIVEKIT_API_SECRET$/);
      expect(c.sync_due_at).toBeNull();
    } finally {
      await bad.close();
    }
  });
});

describe('the worker and the secrets', () => {
  it('syncs on its own right after a save, with no drain', async () => {
    t.h.app.sync!.start();
    try {
      await addAcme();
      const deadline = Date.now() + 10_000;
      while ((await t.carrier('Acme')).sync_status !== 'synced' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect((await t.carrier('Acme')).sync_status).toBe('synced');
    } finally {
      await t.h.app.sync!.stop();
    }
  });

  it('two workers on one database never sync the same carrier twice', async () => {
    for (let i = 0; i < 12; i++) {
      await t.run('carrier add', { name: `C${i}`, sip_address: `sip${i}.example`, inbound_auth: 'ip_allowlist', allowed_ips: `192.0.2.${i + 1}` });
      await t.run('did add', { carrier: `C${i}`, number: `+1510555${String(1000 + i)}` });
    }
    const { createSyncService } = await import('../../src/livekit/service.ts');
    const { createLiveKitClient } = await import('../../src/livekit/client.ts');
    const second = createSyncService({
      store: t.h.app.store,
      port: createLiveKitClient({ url: t.fake.url, apiKey: t.fake.apiKey, apiSecret: t.fake.apiSecret, requestTimeoutSec: 5 }),
      secrets: t.h.app.deps.secrets,
      logger: t.h.logger,
      now: t.clock.now,
      timeoutSec: 5,
    });
    await Promise.all([t.drain(), second.drain()]);
    expect(t.fake.count('CreateSIPOutboundTrunk')).toBe(12);
    expect(t.fake.count('CreateSIPInboundTrunk')).toBe(12);
    expect(held(t.fake).outbound).toHaveLength(12);
    const states = await t.h.db.query('select sync_status, sync_claimed_until from carriers');
    expect(states.every((s) => s.sync_status === 'synced' && s.sync_claimed_until === null)).toBe(true);
  });

  it('a claim is a fenced lease: a worker whose lease lapsed can neither renew it nor record over the new holder', async () => {
    await addAcme();
    const id = String((await t.carrier('Acme')).id);
    const store = t.h.app.store.sync;
    const first = new Date(t.clock.now().getTime() + 60_000);
    const [mine] = await store.claim([id], t.clock.now(), first);
    expect(mine!.syncClaimedUntil!.getTime()).toBe(first.getTime());
    expect(await store.claim([id], t.clock.now(), first)).toEqual([]); // held
    t.clock.advance(61_000); // the first worker stalled past its lease
    const second = new Date(t.clock.now().getTime() + 60_000);
    const [theirs] = await store.claim([id], t.clock.now(), second);
    expect(theirs).toBeDefined();
    const rec = { status: 'synced' as const, error: null, note: null, outboundTrunkId: 'ST_stale', inboundTrunkId: null, syncedAt: t.clock.now(), retryAt: null, attempts: 0 };
    expect(await store.renew(id, first, new Date(t.clock.now().getTime() + 90_000))).toBe(false);
    expect(await store.record(id, mine!.syncGeneration, rec, first)).toBe(false);
    expect((await t.carrier('Acme')).outbound_trunk_id).toBeNull();
    expect(await store.record(id, theirs!.syncGeneration, { ...rec, outboundTrunkId: 'ST_fresh' }, second)).toBe(true);
    expect(await t.carrier('Acme')).toMatchObject({ outbound_trunk_id: 'ST_fresh', sync_claimed_until: null });
  });

  it('no log line and no reply carries the SIP password, though LiveKit echoes it back', async () => {
    await addAcme();
    await t.drain();
    t.fake.fail('UpdateSIPOutboundTrunk', { status: 400, code: 'invalid_argument', msg: `bad auth_password "${SIP_PASSWORD}"` });
    await t.run('carrier edit Acme', { transport: 'tcp' });
    await t.drain();
    const c = await t.carrier('Acme');
    expect(c.sync_error).toBe('LiveKit rejected the configuration: bad auth_password "••••••••"');
    const replies = [await t.run('carrier show Acme'), await t.run('carrier reconcile'), await t.run('carrier sync Acme')];
    expect(held(t.fake).outbound[0]!.authPassword).toBe(SIP_PASSWORD);
    for (const text of [...replies, ...t.h.logs]) expect(text).not.toContain(SIP_PASSWORD);
    const audit = await t.h.db.query('select before, after from audit_log');
    expect(JSON.stringify(audit)).not.toContain(SIP_PASSWORD);
  });
});
