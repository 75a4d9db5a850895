// RevisionRepo on both drivers: a revision's rows bulk-loaded with COPY in the caller's transaction (all or nothing,
// exact numerics, awkward names, nulls, booleans, dates), numbering, progress, paging, and the diff of two decks.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateRowInput, RevisionRepo, Store } from '../../src/core/store.ts';
import { createStore } from '../../src/db/store.ts';
import { createTestDb, type TestDb } from '../helpers/db.ts';

let db: TestDb;
let store: Store;
let carrierId: string;

beforeAll(async () => {
  db = await createTestDb();
  store = createStore(db.db);
  const [carrier] = await db.query(`insert into carriers (id, name, sip_address) values (gen_random_uuid(), 'Acme', 'sip.acme.example') returning id`);
  carrierId = carrier!.id as string;
});
afterAll(async () => {
  await db?.destroy();
});

const newCard = async (name: string) =>
  (await db.query(`insert into rate_cards (name, carrier_id, currency) values ($1, $2, 'USD') returning id`, [name, carrierId]))[0]!.id as string;
const count = async (text: string, params: unknown[] = []) => Number((await db.query(text, params))[0]!.n);
const ratesOf = (revisionId: string) => count('select count(*) as n from rates where revision_id = $1', [revisionId]);

const NAMES = ['Tab\there', 'New\nline', 'Back\\slash', 'Quote "double" and \'single\'', '\\N', 'Carriage\rreturn', 'Zürich ☎ 東京', '', null, 'Plain', '\\.', 'end\\'];
const PRICES = ['0.0123', '1.50000', '0', '12345.678901', '0.00001', null];

function generated(i: number): RateRowInput {
  return {
    prefix: String(1000 + i * 7),
    name: NAMES[i % NAMES.length]!,
    rate: PRICES[i % PRICES.length]!,
    inter: i % 3 === 0 ? `0.${String(i).padStart(6, '0')}` : null,
    intra: i % 4 === 0 ? '0.0100' : null,
    indeterminate: i % 5 === 0 ? '2.5' : null,
    mcd: [1, 6, 30, 60][i % 4]!,
    pulse: [1, 6, 60][i % 3]!,
    connect: i % 11 === 0 ? '0.005' : null,
    blocked: i % 13 === 0,
    effectiveAt: i % 2 === 0 ? new Date(Date.UTC(2026, 0, 1 + (i % 300), i % 24, i % 60, i % 60, i % 1000)) : null,
  };
}

function* deck(n: number, from = 0): Generator<RateRowInput> {
  for (let i = from; i < from + n; i++) yield generated(i);
}

const row = (prefix: string, rate: string | null, extra: Partial<RateRowInput> = {}): RateRowInput => ({
  prefix, name: `Name ${prefix}`, rate, inter: null, intra: null, indeterminate: null, mcd: 1, pulse: 1, connect: null, blocked: false, effectiveAt: null, ...extra,
});

const insert = (repo: RevisionRepo, cardId: string, rows: Iterable<RateRowInput>, progress?: (n: number) => void) =>
  repo.insert({ cardId, status: 'draft', dateLive: null, sourceName: 'deck.csv', uploadedBy: 'slack:U1', rows, progress });

async function readAll(repo: RevisionRepo, revisionId: string, pageSize?: number) {
  const pages: RateRowInput[][] = [];
  for await (const page of repo.rows(revisionId, pageSize)) pages.push(page);
  return pages;
}

describe('revisions.insert (COPY in the caller’s transaction)', () => {
  let cardId: string;
  beforeAll(async () => {
    cardId = await newCard('Generated');
  });

  it('loads 120,000 rows in a transaction and reads them back exactly, in prefix order, reporting progress', async () => {
    const progress: number[] = [];
    const summary = await store.transaction((s) => insert(s.revisions, cardId, deck(120_000), (n) => progress.push(n)));
    expect(summary).toMatchObject({ number: 1, status: 'draft', rowCount: 120_000, sourceName: 'deck.csv', uploadedBy: 'slack:U1', activatedAt: null });
    expect(progress).toEqual([50_000, 100_000]);
    expect(await ratesOf(summary.id)).toBe(120_000);

    const pages = await readAll(store.revisions, summary.id);
    expect(pages.map((p) => p.length)).toEqual([...Array(12).fill(10_000)]);
    const got = pages.flat();
    const want = [...deck(120_000)].sort((a, b) => (a.prefix < b.prefix ? -1 : a.prefix > b.prefix ? 1 : 0));
    expect(got.length).toBe(want.length);
    let mismatches = 0;
    for (let i = 0; i < want.length; i++) {
      const [g, w] = [got[i]!, want[i]!];
      const same =
        g.prefix === w.prefix && g.name === w.name && g.rate === w.rate && g.inter === w.inter && g.intra === w.intra && g.indeterminate === w.indeterminate &&
        g.mcd === w.mcd && g.pulse === w.pulse && g.connect === w.connect && g.blocked === w.blocked && (g.effectiveAt?.getTime() ?? null) === (w.effectiveAt?.getTime() ?? null);
      if (!same && mismatches++ === 0) expect(g).toEqual(w); // shows the first difference
    }
    expect(mismatches).toBe(0);
    // Spot checks of the awkward values, as stored.
    const [stored] = await db.query(`select name, rate::text as rate from rates where revision_id = $1 and prefix = $2`, [summary.id, generated(0).prefix]);
    expect(stored).toEqual({ name: 'Tab\there', rate: '0.0123' });
    const byName = await db.query(`select name, count(*)::int as n from rates where revision_id = $1 group by name order by name nulls first`, [summary.id]);
    expect(byName.find((r) => r.name === null)?.n).toBe(10_000);
    expect(byName.find((r) => r.name === '')?.n).toBe(10_000);
    expect(byName.find((r) => r.name === '\\N')?.n).toBe(10_000);
  });

  it('numbers revisions after the card’s newest, also when two uploads race', async () => {
    const card = await newCard('Numbered');
    const first = await insert(store.revisions, card, [row('1', '0.1')]);
    const second = await insert(store.revisions, card, [row('1', '0.2')]);
    expect([first.number, second.number]).toEqual([1, 2]);
    const raced = await Promise.all([insert(store.revisions, card, deck(2_000)), insert(store.revisions, card, deck(2_000, 5_000))]);
    expect(raced.map((r) => r.number).sort()).toEqual([3, 4]);
    expect(raced.map((r) => r.rowCount)).toEqual([2_000, 2_000]);
    expect(await store.rateCards.revisions(card)).toHaveLength(4);
  });

  it('is all or nothing: a transaction that throws after the insert leaves no revision and no rates', async () => {
    const card = await newCard('Rolled back');
    const ratesBefore = await count('select count(*) as n from rates');
    let inserted = '';
    await expect(
      store.transaction(async (s) => {
        inserted = (await insert(s.revisions, card, deck(60_000))).id;
        throw new Error('preview only');
      }),
    ).rejects.toThrow('preview only');
    expect(inserted).not.toBe('');
    expect(await count('select count(*) as n from rate_card_revisions where card_id = $1', [card])).toBe(0);
    expect(await count('select count(*) as n from rates')).toBe(ratesBefore);
    expect((await insert(store.revisions, card, [row('44', '0.01')])).number).toBe(1);
  });

  it('fails cleanly, leaving nothing, when the server refuses a row — even in the last rows of the deck', async () => {
    const card = await newCard('Refused');
    const ratesBefore = await count('select count(*) as n from rates');
    const duplicateAtEnd = [...deck(3_000), generated(2_999)];
    await expect(insert(store.revisions, card, duplicateAtEnd)).rejects.toThrow(/duplicate key|unique/i);
    const duplicateEarly = [generated(0), ...deck(80_000)];
    await expect(insert(store.revisions, card, duplicateEarly)).rejects.toThrow(/duplicate key|unique/i);
    await expect(insert(store.revisions, card, [row('1', 'not a number')])).rejects.toThrow(/numeric/i);
    expect(await count('select count(*) as n from rate_card_revisions where card_id = $1', [card])).toBe(0);
    expect(await count('select count(*) as n from rates')).toBe(ratesBefore);
    // The connections are still in step.
    expect((await insert(store.revisions, card, [row('1', '0.5')])).number).toBe(1);
  });

  it('aborts the load when the rows themselves fail part-way', async () => {
    const card = await newCard('Broken source');
    function* broken() {
      yield* deck(70_000);
      throw new Error('the upload was cut off');
    }
    await expect(insert(store.revisions, card, broken())).rejects.toThrow('the upload was cut off');
    expect(await count('select count(*) as n from rate_card_revisions where card_id = $1', [card])).toBe(0);
    expect((await insert(store.revisions, card, [row('1', '0.5')])).rowCount).toBe(1);
  });

  it('refuses a card that does not exist', async () => {
    await expect(insert(store.revisions, '00000000-0000-4000-8000-000000000000', [row('1', '0.5')])).rejects.toThrow('no longer exists');
  });
});

describe('revisions.rows, setStatus, delete', () => {
  it('pages by prefix with no gaps or repeats', async () => {
    const card = await newCard('Paged');
    const prefixes = ['1', '10', '100', '1000', '11', '2', '20', '201', '3', '44', '441', '4420', '447', '5', '9', '99', '999'];
    const rev = await insert(store.revisions, card, prefixes.map((p) => row(p, '0.01')).reverse());
    const pages = await readAll(store.revisions, rev.id, 5);
    expect(pages.map((p) => p.length)).toEqual([5, 5, 5, 2]);
    expect(pages.flat().map((r) => r.prefix)).toEqual([...prefixes].sort());
    expect(await readAll(store.revisions, rev.id, 17)).toHaveLength(1);
  });

  it('sets the status and its fields, and deletes a revision with its rows', async () => {
    const card = await newCard('Lifecycle');
    const rev = await insert(store.revisions, card, [row('1', '0.1'), row('2', '0.2')]);
    const at = new Date('2026-11-21T12:00:00Z');
    await store.revisions.setStatus(rev.id, 'scheduled', { dateLive: at, activationError: 'no rows' });
    expect((await store.rateCards.revisions(card))[0]).toMatchObject({ status: 'scheduled', dateLive: at, activationError: 'no rows', activatedAt: null });
    await store.revisions.setStatus(rev.id, 'active', { activatedAt: at, activationError: null });
    expect((await store.rateCards.revisions(card))[0]).toMatchObject({ status: 'active', dateLive: at, activationError: null, activatedAt: at });
    await store.revisions.delete(rev.id);
    expect(await store.rateCards.revisions(card)).toEqual([]);
    expect(await ratesOf(rev.id)).toBe(0);
  });
});

describe('revisions.diff', () => {
  it('counts added, removed, increased, decreased and unchanged on the main price, and lists the largest increases', async () => {
    const card = await newCard('Diffed');
    const before = await insert(store.revisions, card, [
      row('1', '0.0100'),
      row('2', '0.0100'),
      row('3', '0.0100'),
      row('4', '0.0200'),
      row('5', '0.0100'),
      row('8', null, { indeterminate: '0.0300' }),
      row('9', '0.1000'),
      row('10', '0.0100'),
      row('11', '0.0100', { blocked: true }),
      row('12', '0.0100', { blocked: true }),
      row('13', '0.0100'),
      row('14', '1.0000'),
    ]);
    const after = await insert(store.revisions, card, [
      row('1', '0.0100'), // unchanged
      row('2', '0.01'), // unchanged: same number, other text
      row('3', '0.0150'), // +0.005
      row('4', '0.0100'), // decreased
      row('6', '0.5'), // added
      row('7', '0.5'), // added
      row('8', '0.0500', { name: 'Eight' }), // +0.02 against the indeterminate it had
      row('9', '0.3000'), // +0.2
      row('10', '0.0100', { blocked: true }), // newly blocked: increased, but not a listed increase
      row('11', '0.0100'), // unblocked: decreased
      row('12', '0.0500', { blocked: true }), // blocked on both sides: unchanged
      row('13', '0.0200'), // +0.01
      row('14', '0.5'), // decreased
    ]);
    expect(await store.revisions.diff(after.id, before.id)).toEqual({
      added: 2,
      removed: 1,
      increased: 5,
      decreased: 3,
      unchanged: 3,
      largestIncreases: [
        { prefix: '9', name: 'Name 9', before: '0.1000', after: '0.3000' },
        { prefix: '8', name: 'Eight', before: '0.0300', after: '0.0500' },
        { prefix: '13', name: 'Name 13', before: '0.0100', after: '0.0200' },
        { prefix: '3', name: 'Name 3', before: '0.0100', after: '0.0150' },
      ],
    });
    expect(await store.revisions.diff(after.id, null)).toEqual({ added: 13, removed: 0, increased: 0, decreased: 0, unchanged: 0, largestIncreases: [] });
  });

  it('lists at most ten increases, biggest first', async () => {
    const card = await newCard('Many increases');
    const base = await insert(store.revisions, card, Array.from({ length: 12 }, (_, i) => row(String(100 + i), '1.00')));
    const raised = await insert(store.revisions, card, Array.from({ length: 12 }, (_, i) => row(String(100 + i), `1.${String(i + 1).padStart(2, '0')}`)));
    const diff = await store.revisions.diff(raised.id, base.id);
    expect(diff.increased).toBe(12);
    expect(diff.largestIncreases.map((r) => `${r.prefix} ${r.before}→${r.after}`)).toEqual(
      Array.from({ length: 10 }, (_, k) => 11 - k).map((i) => `${100 + i} 1.00→1.${String(i + 1).padStart(2, '0')}`),
    );
  });
});
