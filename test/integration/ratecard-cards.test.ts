// Rate cards through the console: create with defaults from the carrier, edit, list with rule counts and
// warnings (stale, failed scheduled activation), show, and delete refused while a revision is live.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
const now = new Date('2026-11-21T12:00:00Z');
beforeAll(async () => {
  h = await createHarness({}, { now: () => now });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example currency=EUR', 'carrier add name=Beta sip_address=sip.beta.example']);
});
afterAll(async () => {
  await h?.close();
});

const cardId = async (name: string) => (await h.app.store.rateCards.findByName(name))!.id;
const addRevision = async (name: string, number: number, status: string, extra: { rows?: number; createdAt?: string; error?: string; dateLive?: string } = {}) =>
  h.db.query(
    `insert into rate_card_revisions (card_id, number, status, row_count, created_at, activation_error, date_live, source_name) values ($1, $2, $3, $4, $5::timestamptz, $6, $7::timestamptz, 'deck.csv')`,
    [await cardId(name), number, status, extra.rows ?? 0, extra.createdAt ?? now.toISOString(), extra.error ?? null, extra.dateLive ?? null],
  );

describe('ratecard create / edit / show', () => {
  it('creates a card with the carrier’s currency and the reference defaults', async () => {
    const { output } = await h.script(['ratecard create name="Acme A-Z" carrier=Acme']);
    expect(output).toContain('Rate card "Acme A-Z" created for Acme (EUR).');
    expect(await h.app.store.rateCards.findByName('acme a-z')).toMatchObject({ currency: 'EUR', direction: 'termination', presentation: 'single', precision: 4, rounding: 'up', cappedRate: null });
  });

  it('takes every setting, and refuses bad values naming the field and the rule, saving nothing', async () => {
    const ok = await h.script(['ratecard create name="Beta US" carrier=Beta direction=termination currency=usd presentation=inter_intra_indeterminate precision=6 rounding=half-up capped_rate=0.50 cps=10 channels=200 tech_prefix=4455# notes="NPANXX deck"']);
    expect(ok.output).toContain('Rate card "Beta US" created for Beta (USD).');
    expect(await h.app.store.rateCards.findByName('Beta US')).toMatchObject({ precision: 6, rounding: 'half-up', cappedRate: '0.50', cps: '10', channels: 200, techPrefix: '4455#', presentation: 'inter_intra_indeterminate' });
    const bad = await h.script(['ratecard create name=Bad carrier=Beta precision=9 rounding=sideways capped_rate=$1 currency=XYZ direction=outbound']);
    for (const rule of ['Billing precision: use a whole number from 0 to 8', 'Rounding method: choose one of up, down, half-up, half-down', 'Capped rate: use a number like 0.05', 'Currency: use a three-letter ISO 4217 code', 'Direction: choose one of termination, origination']) {
      expect(bad.output).toContain(rule);
    }
    expect(bad.output).toContain('Nothing was saved.');
    expect(await h.app.store.rateCards.findByName('Bad')).toBeNull();
    expect((await h.script(['ratecard create name="acme a-z" carrier=Beta'])).output).toContain('a rate card named "acme a-z" already exists');
    expect((await h.script(['ratecard create name=Ghost carrier=Nobody'])).output).toContain('No carrier named "Nobody"');
  });

  it('edits settings and says what changed; a blank optional field clears it', async () => {
    const { output } = await h.script(['ratecard edit "Beta US" precision=4 capped_rate= notes=']);
    expect(output).toContain('Rate card "Beta US" saved: precision, capped_rate, notes changed.');
    expect(await h.app.store.rateCards.findByName('Beta US')).toMatchObject({ precision: 4, cappedRate: null, notes: null });
    expect((await h.script(['ratecard edit "Beta US" precision=4'])).output).toContain('Nothing changed on "Beta US".');
  });

  it('shows the settings and the revisions', async () => {
    await addRevision('Acme A-Z', 1, 'active', { rows: 27523 });
    const { output } = await h.script(['ratecard show "Acme A-Z"']);
    expect(output).toContain('Active revision #1 active, 27523 rules');
    expect(output).toContain('EUR');
    expect(output).toContain('deck.csv');
  });

  it('refuses to relabel the currency of a card whose prices are live', async () => {
    const { output } = await h.script(['ratecard edit "Acme A-Z" currency=USD']);
    expect(output).toContain('Currency: the card has a live or scheduled revision priced in EUR');
  });
});

describe('ratecard list', () => {
  it('shows rule counts, the active revision and warnings: no revision, stale, failed activation', async () => {
    await h.script(['ratecard create name="Old deck" carrier=Beta', 'ratecard create name="Broken schedule" carrier=Beta']);
    await addRevision('Old deck', 1, 'active', { rows: 10, createdAt: '2026-07-01T00:00:00Z' });
    await addRevision('Broken schedule', 1, 'scheduled', { error: 'revision #1 has no rows', dateLive: '2026-11-20T00:00:00Z' });
    const { output } = await h.script(['ratecard list']);
    const line = (name: string) => output.split('\n').find((l) => l.startsWith(name)) ?? '';
    expect(line('Acme A-Z')).toMatch(/27523\s+#1 active/);
    expect(line('Beta US')).toContain('no revision yet: upload a deck');
    expect(line('Old deck')).toContain('stale: no new revision in 143 days');
    expect(line('Broken schedule')).toContain('scheduled activation of #1 failed: revision #1 has no rows');
    expect((await h.script(['ratecard list Acme'])).output).toContain('Rate cards for Acme (1)');
  });

  it('uses RATECARD_STALE_DAYS for the stale warning', async () => {
    const strict = await createHarness({ RATECARD_STALE_DAYS: '400' });
    try {
      expect(strict.app.deps.rateCardStaleDays).toBe(400);
    } finally {
      await strict.close();
    }
  });
});

describe('ratecard delete', () => {
  it('refuses while a revision is active, and deletes once it is archived', async () => {
    const refused = await h.script(['ratecard delete "Acme A-Z" confirm=yes']);
    expect(refused.output).toContain('has an active revision (#1); archive it first');
    expect(await h.app.store.rateCards.findByName('Acme A-Z')).not.toBeNull();
    await h.db.query(`update rate_card_revisions set status = 'archived' where card_id = $1`, [await cardId('Acme A-Z')]);
    const done = await h.script(['ratecard delete "Acme A-Z"', 'yes']);
    expect(done.output).toContain('Delete rate card Acme A-Z?');
    expect(done.output).toContain('Rate card "Acme A-Z" deleted.');
    expect(await h.db.query(`select count(*)::int as n from rate_card_revisions r left join rate_cards c on c.id = r.card_id where c.id is null`)).toEqual([{ n: 0 }]);
    const audit = await h.db.query(`select action from audit_log where entity_type = 'ratecard' order by id`);
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['ratecard.create', 'ratecard.edit', 'ratecard.delete']));
  });
});
