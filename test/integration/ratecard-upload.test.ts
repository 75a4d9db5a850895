// ratecard upload through the console: the preview comes first (detection, mapping, counts, problems, diff) and
// nothing is written until the `yes` line; bad decks are refused unless skip_bad_rows=yes; revisions replace each
// other under the reference's rules; a scheduled revision waits for its date; price reads what was imported.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ratecardActivationJob } from '../../src/jobs/ratecard-activation.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const fixtures = fileURLToPath(new URL('../fixtures/ratecards/', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'ratecard-upload-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
let h: Harness;
let now = new Date('2026-09-20T12:00:00Z');
beforeAll(async () => {
  h = await createHarness({}, { now: () => now });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'ratecard create name="Acme A-Z" carrier=Acme']);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (sql: string) => Number((await h.db.query(sql))[0]!.n);
const DECK1 = 'Destination,Prefix,Rate,Billing\nUnited Kingdom,44,0.0100,30/6\nUK London,4420,0.0070,30/6\nUK Mobile,447,0.0300,60/60\n';

describe('ratecard upload', () => {
  it('previews before writing anything, and imports on the yes line', async () => {
    const p = file('deck1.csv', DECK1);
    const preview = await h.script([`ratecard upload "Acme A-Z" file=${p}`, 'no']);
    expect(preview.output).toContain('Import 3 rates into Acme A-Z (live at once)?');
    expect(preview.output).toContain('deck1.csv: utf-8, comma-separated, header on line 1.');
    expect(preview.output).toMatch(/Columns: .*prefix ← "Prefix"/);
    expect(preview.output).toContain('No active revision yet: every rate is new.');
    expect(await count('select count(*) as n from rates')).toBe(0);
    expect(await count('select count(*) as n from rate_card_revisions')).toBe(0);

    const done = await h.script([`ratecard upload "Acme A-Z" file=${p}`, 'yes']);
    expect(done.output).toContain('Imported 3 rates from deck1.csv into Acme A-Z as revision #1, live now.');
    expect((await h.script(['price +442079460000 31 "Acme A-Z"'])).output).toContain('cost = 0.0042 USD');
    // The imported deck's staging is gone; the one previewed and declined waits for its 30 minutes to expire.
    expect(await count(`select count(*) as n from rate_uploads`)).toBe(1);
  });

  it('diffs a new deck against the active revision, and the old one becomes inactive', async () => {
    const p = file('deck2.csv.gz', gzipSync('Destination,Prefix,Rate,Billing\nUnited Kingdom,44,0.0100,30/6\nUK London,4420,0.0090,30/6\nUK Mobile,447,0.0250,60/60\nFrance,33,0.0080,1/1\n'));
    const { output } = await h.script([`ratecard upload "Acme A-Z" file=${p}`, 'yes']);
    expect(output).toContain('Against active revision #1: 1 new, 0 removed, 1 increased, 1 decreased, 1 unchanged.');
    expect(output).toMatch(/Largest increases:\n\s+4420 UK London: 0\.007 → 0\.009/);
    expect(output).toContain('as revision #2, live now (revision #1 is now inactive).');
    const revs = await h.db.query('select number, status from rate_card_revisions order by number');
    expect(revs).toEqual([{ number: 1, status: 'inactive' }, { number: 2, status: 'active' }]);
  });

  it('diffs revisions on demand: the active one against the one it replaced', async () => {
    const { output } = await h.script(['ratecard diff "Acme A-Z"']);
    expect(output).toContain('Acme A-Z: revision #2 against #1 (inactive)');
    expect(output).toContain('1 new, 0 removed, 1 increased, 1 decreased, 1 unchanged.');
    expect(output).toMatch(/4420\s+UK London\s+0\.007\s+0\.009/);
    expect((await h.script(['ratecard diff "Acme A-Z" 1'])).output).toContain('revision #1 against #2 (active)');
  });

  it('refuses a deck with bad rows, listing them, unless skip_bad_rows=yes', async () => {
    const deck = join(fixtures, 'scientific-prefix.csv');
    const refused = await h.script([`ratecard upload "Acme A-Z" file=${deck}`]);
    expect(refused.output).toContain('has 3 bad rows; nothing was imported');
    expect(refused.output).toContain('line 2: prefix: prefix "4.474E+11": Excel scientific notation');
    const before = await count('select count(*) as n from rate_card_revisions');
    const skipped = await h.script([`ratecard upload "Acme A-Z" file=${deck} skip_bad_rows=yes`, 'yes']);
    expect(skipped.output).toContain('3 bad rows skipped:');
    expect(await count('select count(*) as n from rate_card_revisions')).toBe(before + 1);
  });

  it('keeps the two most recent revisions active or inactive and archives older ones', async () => {
    const revs = await h.db.query('select number, status from rate_card_revisions order by number');
    expect(revs).toEqual([{ number: 1, status: 'archived' }, { number: 2, status: 'inactive' }, { number: 3, status: 'active' }]);
  });

  it('schedules a revision for its date live, and archive / activate move it by hand', async () => {
    const p = file('later.csv', DECK1);
    const { output } = await h.script([`ratecard upload "Acme A-Z" file=${p} date_live=2026-10-01`, 'yes']);
    expect(output).toContain('as revision #4, scheduled to go live 2026-10-01 00:00 UTC.');
    expect((await h.script(['ratecard revisions "Acme A-Z"'])).output).toMatch(/#4\s+scheduled\s+3/);
    expect((await h.script(['ratecard activate "Acme A-Z" 4'])).output).toContain('Revision #4 of Acme A-Z is live; #3 is now inactive.');
    expect((await h.script(['ratecard archive "Acme A-Z" 4'])).output).toContain('archived; the card has no live prices now');
    expect((await h.script(['ratecard delete "Acme A-Z" confirm=yes'])).output).toContain('Rate card "Acme A-Z" deleted.');
  });

  it('makes a scheduled revision live when its date comes (the job), and records a failed activation', async () => {
    await h.script(['ratecard create name=Sched carrier=Acme']);
    await h.script([`ratecard upload Sched file=${file('sched.csv', DECK1)} date_live=2026-09-21T06:00Z`, 'yes']);
    const job = ratecardActivationJob(h.app.dispatcher, null);
    expect(await job.run()).toBe('No scheduled revision is due.');
    const card = (await h.app.store.rateCards.findByName('Sched'))!;
    await h.db.query(`insert into rate_card_revisions (card_id, number, status, row_count, date_live) values ($1, 9, 'scheduled', 0, '2026-09-21T05:00:00Z')`, [card.id]);
    now = new Date('2026-09-21T06:00:30Z');
    expect(await job.run()).toBe('1 scheduled revision made live: Sched #1. Failed: Sched #9: Revision #9 of Sched has no rows; it cannot go live.');
    expect((await h.script(['ratecard list Acme'])).output).toContain('scheduled activation of #9 failed: Revision #9 of Sched has no rows');
    const audit = await h.db.query(`select actor_id from audit_log where action = 'ratecard.activate' order by id desc limit 1`);
    expect(audit[0]!.actor_id).toBe('console:scheduler');
    now = new Date('2026-09-20T12:00:00Z');
  });

  it('says what is wrong with a deck it cannot read at all', async () => {
    await h.script(['ratecard create name=B carrier=Acme']);
    expect((await h.script([`ratecard upload B file=${file('nohead.csv', 'a,b\n1,2\n')}`])).output).toContain('The header row was not found');
    expect((await h.script([`ratecard upload B file=${file('eur.csv', 'Code,Rate (EUR)\n44,0.01\n')}`])).output).toContain('The deck is priced in EUR (header) but B is a USD card');
    expect((await h.script([`ratecard upload B file=${file('map.csv', 'x,y\n44,0.01\n')} start_row=1 map=prefix:1,rate:2`, 'no'])).output).toContain('Import 1 rates into B');
  });
  it('takes out a prefix given twice with different prices after its first row was loaded (skip_bad_rows=yes)', async () => {
    await h.script(['ratecard create name=Dups carrier=Acme']);
    const deck = file('dups.csv', 'Prefix,Rate\n44,0.01\n33,0.02\n44,0.03\n49,0.04\n');
    const refused = await h.script([`ratecard upload Dups file=${deck}`]);
    expect(refused.output).toContain('line 4: prefix: prefix 44 is also on line 2 with a different rate (0.01 there, 0.03 here)');
    expect(await count(`select count(*) as n from rate_card_revisions r join rate_cards c on c.id = r.card_id where c.name = 'Dups'`)).toBe(0);
    const done = await h.script([`ratecard upload Dups file=${deck} skip_bad_rows=yes`, 'yes']);
    expect(done.output).toContain('Import 2 rates into Dups');
    expect(done.output).toContain('Imported 2 rates from dups.csv into Dups as revision #1');
    const rows = await h.db.query(`select r.prefix, v.row_count from rates r join rate_card_revisions v on v.id = r.revision_id join rate_cards c on c.id = v.card_id where c.name = 'Dups' order by r.prefix`);
    expect(rows).toEqual([{ prefix: '33', row_count: 2 }, { prefix: '49', row_count: 2 }]);
    await h.script(['ratecard archive Dups 1', 'ratecard delete Dups confirm=yes']);
  });

  it('streams a deck larger than one piece and one batch, dates read in a first pass', async () => {
    await h.script(['ratecard create name=Big carrier=Acme']);
    const lines = ['Prefix,Destination,Rate,Billing,Effective Date'];
    // Day-first dates: only the last rows tell dd/mm from mm/dd, so the format is known only after the whole column.
    for (let i = 0; i < 30_000; i++) lines.push(`${4_400_000 + i},"UK, range ${i}",0.0${(i % 90) + 10},60/60,01/02/2026`);
    lines.push('4450000,UK last,0.05,60/60,13/02/2026');
    const { output } = await h.script([`ratecard upload Big file=${file('big.csv', `${lines.join('\n')}\n`)}`, 'yes']);
    expect(output).toContain('dates dd/mm/yyyy');
    expect(output).toContain('Imported 30001 rates from big.csv into Big as revision #1, live now.');
    const [stored] = await h.db.query(`select count(*)::int as n, min(effective_at) as first, count(distinct r.name)::int as names from rates r join rate_card_revisions v on v.id = r.revision_id join rate_cards c on c.id = v.card_id where c.name = 'Big'`);
    expect(stored).toMatchObject({ n: 30_001, names: 30_001 });
    expect(new Date(stored!.first as string).toISOString()).toBe('2026-02-01T00:00:00.000Z');
  });

});
