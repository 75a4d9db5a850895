// price and lcr through the console on revisions written straight into the database (the importer that fills them
// is tested on its own): longest prefix, the 30/6 billing example, one exact rounding, blocked rows, capped rates,
// inactive carriers, US interstate / intrastate / indeterminate by area code → state, and ranking cheapest first.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;

async function revision(card: string, rows: [prefix: string, name: string, rate: string, billing?: string, extra?: Record<string, unknown>][]) {
  const c = (await h.app.store.rateCards.findByName(card))!;
  const [rev] = await h.db.query(`insert into rate_card_revisions (card_id, number, status, row_count, activated_at) values ($1, 1, 'active', $2, now()) returning id`, [c.id, rows.length]);
  for (const [prefix, name, rate, billing = '1/1', extra = {}] of rows) {
    const [mcd, pulse] = billing.split('/').map(Number);
    await h.db.query(
      `insert into rates (revision_id, prefix, name, rate, inter, intra, indeterminate, mcd, pulse, connect, blocked) values ($1, $2, $3, $4::numeric, $5::numeric, $6::numeric, $7::numeric, $8, $9, $10::numeric, $11)`,
      [rev!.id, prefix, name, rate === '' ? null : rate, extra.inter ?? null, extra.intra ?? null, extra.indeterminate ?? null, mcd, pulse, extra.connect ?? null, extra.blocked ?? false],
    );
  }
}

beforeAll(async () => {
  h = await createHarness();
  await h.script([
    'carrier add name=Acme sip_address=sip.acme.example',
    'carrier add name=Beta sip_address=sip.beta.example',
    'carrier add name=Gamma sip_address=sip.gamma.example status=inactive',
    'carrier add name=Delta sip_address=sip.delta.example currency=EUR',
    'ratecard create name="Acme A-Z" carrier=Acme',
    'ratecard create name="Beta A-Z" carrier=Beta precision=6 rounding=half-up capped_rate=1.00',
    'ratecard create name="Gamma A-Z" carrier=Gamma',
    'ratecard create name="Delta EU" carrier=Delta',
    'ratecard create name="Acme US" carrier=Acme presentation=inter_intra_indeterminate',
  ]);
  await revision('Acme A-Z', [['44', 'United Kingdom', '0.0100', '30/6'], ['4420', 'UK London', '0.0070', '30/6'], ['447', 'UK Mobile', '0.0300', '60/60'], ['4479', 'UK Mobile premium', '', '1/1', { blocked: true }]]);
  await revision('Beta A-Z', [['44', 'UK', '0.0090', '1/1'], ['447', 'UK Mobile', '1.5000', '1/1'], ['4420', 'London', '0.0065', '6/6', { connect: '0.0100' }]]);
  await revision('Gamma A-Z', [['44', 'UK', '0.0001', '1/1']]);
  await revision('Delta EU', [['44', 'UK', '0.0050', '1/1']]);
  await revision('Acme US', [['1415', 'California SF', '', '6/6', { inter: '0.0100', intra: '0.0080', indeterminate: '0.0120' }]]);
});
afterAll(async () => {
  await h?.close();
});

describe('price', () => {
  it.each([
    [1, '30 s', '0.0035'],
    [20, '30 s', '0.0035'],
    [30, '30 s', '0.0035'],
    [31, '36 s', '0.0042'],
    [35, '36 s', '0.0042'],
    [36, '36 s', '0.0042'],
    [37, '42 s', '0.0049'],
  ])('bills a %i s London call as the 30/6 example: %s, cost %s', async (seconds, billed, cost) => {
    const { output } = await h.script([`price "+44 20 7946 0000" ${seconds} "Acme A-Z"`]);
    expect(output).toContain(`Prefix 4420 (UK London) on Acme A-Z: ${billed} billed at 30/6, cost = ${cost} USD.`);
  });

  it('takes the longest prefix, prices a 0 s call at 0, and names a carrier instead of a card', async () => {
    expect((await h.script(['price +447700900123 90 "Acme A-Z"'])).output).toContain('Prefix 447 (UK Mobile) on Acme A-Z: 120 s billed at 60/60, cost = 0.0600 USD.');
    expect((await h.script(['price +441632960000 0 "Acme A-Z"'])).output).toContain('cost = 0.0000 USD.');
    expect((await h.script(['price +442079460000 60 Beta'])).output).toContain('Prefix 4420 (London) on Beta A-Z: 60 s billed at 6/6, cost = 0.016500 USD.');
  });

  it('says when the longest match is blocked, a rate is over the cap, or nothing matches', async () => {
    expect((await h.script(['price +447912345678 60 "Acme A-Z"'])).output).toContain('Prefix 4479 is blocked on Acme A-Z.');
    expect((await h.script(['price +447700900123 60 "Beta A-Z"'])).output).toContain('refused, above the card’s capped rate');
    expect((await h.script(['price +33123456789 60 "Acme A-Z"'])).output).toContain('No card of "Acme A-Z" has a rate for +33123456789');
    expect((await h.script(['price +442079460000 60 Nobody'])).output).toContain('No rate card or carrier named "Nobody"');
  });

  it('picks the US rate from the caller: same state intrastate, other state interstate, otherwise indeterminate with the reason', async () => {
    const intra = (await h.script(['price +14155550100 60 "Acme US" from=+14155559999'])).output;
    expect(intra).toMatch(/0\.008 \(intra\)\s+6\/6\s+60 s\s+0\.0080 USD/);
    const sameState = (await h.script(['price +14155550100 60 "Acme US" from=+13105550100'])).output;
    expect(sameState).toContain('0.008 (intra)');
    expect(sameState).toContain('US rate: intra, because caller 310 (CA) and callee 415 (CA) are in the same state.');
    const inter = (await h.script(['price +14155550100 60 "Acme US" from=+12125550100'])).output;
    expect(inter).toMatch(/0\.01 \(inter\)\s+6\/6\s+60 s\s+0\.0100 USD/);
    expect(inter).toContain('US rate: inter, because caller 212 (NY) and callee 415 (CA) are in different states.');
    const canada = (await h.script(['price +14155550100 60 "Acme US" from=+14165550100'])).output;
    expect(canada).toContain('0.012 (indeterminate)');
    expect(canada).toContain('because caller 416 is in Canada (ON); interstate and intrastate rates apply only between two US numbers.');
    expect((await h.script(['price +14155550100 60 "Acme US" from=+18005550100'])).output).toContain('because caller area code 800 is toll-free.');
    expect((await h.script(['price +14155550100 60 "Acme US"'])).output).toContain('because no caller number given');
  });
});

describe('lcr', () => {
  it('ranks the active carriers’ cards cheapest first, skipping blocked, capped and inactive ones', async () => {
    const { output } = await h.script(['lcr +442079460000 60']);
    const lines = output.split('\n').filter((l) => /^\d+\s/.test(l));
    expect(lines.map((l) => l.split(/\s{2,}/)[1])).toEqual(['Acme', 'Beta', 'Delta']);
    expect(lines[0]).toContain('0.0070 USD');
    expect(lines[1]).toContain('0.016500 USD');
    // Another currency cannot be compared without an exchange rate: listed after.
    expect(lines[2]).toContain('0.0050 EUR');
    expect(output).not.toContain('Gamma');
    const mobile = await h.script(['lcr +447700900123 60']);
    expect(mobile.output).toContain('Skipped: Beta A-Z (refused: above the capped rate)');
    const premium = (await h.script(['lcr +447912345678 60'])).output;
    expect(premium).toMatch(/1\s+Delta\s+Delta EU\s+44\s/);
    expect(premium).toContain('Skipped: Acme A-Z (destination blocked), Beta A-Z (refused: above the capped rate).');
  });
});
