// ratecard download through the console: the revision's rates saved as a CSV in TRUNKOPS_DOWNLOAD_DIR (never over
// an existing file), formulas neutralised, the active revision by default, gzipped when large — and the file
// uploads again through our own importer as exactly the same rates (download → upload → everything unchanged).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RateRowInput } from '../../src/core/store.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'ratecard-download-'));
const downloads = join(dir, 'downloads');
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
let h: Harness;
const now = new Date('2026-09-20T12:00:00Z');
beforeAll(async () => {
  h = await createHarness({ TRUNKOPS_DOWNLOAD_DIR: downloads }, { now: () => now });
  await h.script([
    'carrier add name=Acme sip_address=sip.acme.example',
    'ratecard create name="Acme A-Z" carrier=Acme',
    'ratecard create name="Acme US" carrier=Acme presentation=inter_intra_indeterminate',
    'ratecard create name="Acme Bulk" carrier=Acme',
  ]);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Every row of a revision, in prefix order. */
async function rowsOf(card: string, number: number): Promise<RateRowInput[]> {
  const c = (await h.app.store.rateCards.findByName(card))!;
  const rev = (await h.app.store.rateCards.revisions(c.id)).find((r) => r.number === number)!;
  const out: RateRowInput[] = [];
  for await (const page of h.app.store.revisions.rows(rev.id, 1000)) out.push(...page);
  return out;
}

/** The path the console says it saved the file to. */
const savedPath = (output: string) => /📎 Saved (.+) \(/.exec(output)?.[1];

const DECK = [
  'Destination,Prefix,Rate (USD),Connect fee,Billing,Status,Effective date',
  'United Kingdom,44,0.0100,0.01,30/6,,2026-10-01',
  '"London, City",4420,0.0070,,30/6,,',
  '"=HYPERLINK(""http://evil.example"",""x"")",447,0.0300,,60/60,,',
  '"Côte d\'Ivoire ""Mobile""",22507,0.1500,,60/60,,',
  'Iran,98,,,60/60,Blocked,',
].join('\n');

describe('ratecard download', () => {
  it('saves the active revision as a CSV a spreadsheet opens safely', async () => {
    const up = await h.script([`ratecard upload "Acme A-Z" file=${file('deck.csv', DECK)}`, 'yes']);
    expect(up.output).toContain('Imported 5 rates from deck.csv into Acme A-Z as revision #1, live now.');

    const { output, result } = await h.script(['ratecard download "Acme A-Z"']);
    expect(result.failed).toBe(0);
    expect(output).toContain('Acme A-Z: revision #1 (active)');
    expect(output).toMatch(/✔ 5 rates in Acme-A-Z-rev1\.csv \(\d+ B\)\./);
    expect(output).toContain('Columns: Prefix, Destination, Rate (USD), Connect fee (USD), Billing, Status, Effective date.');
    expect(output).toContain("1 cell starting with = + - or @ is written with a leading ' so a spreadsheet shows it as text");
    const path = savedPath(output)!;
    expect(path).toBe(join(downloads, 'Acme-A-Z-rev1.csv'));
    const text = readFileSync(path, 'utf8');
    expect(text.split('\r\n')).toEqual([
      '\uFEFFPrefix,Destination,Rate (USD),Connect fee (USD),Billing,Status,Effective date',
      '22507,"Côte d\'Ivoire ""Mobile""",0.15,,60/60,open,',
      '44,United Kingdom,0.01,0.01,30/6,open,2026-10-01',
      '4420,"London, City",0.007,,30/6,open,',
      `447,"'=HYPERLINK(""http://evil.example"",""x"")",0.03,,60/60,open,`,
      '98,Iran,,,60/60,blocked,',
      '',
    ]);
  });

  it('uploads back as exactly the same rates: the diff shows every rate unchanged', async () => {
    const path = join(downloads, 'Acme-A-Z-rev1.csv');
    const preview = await h.script([`ratecard upload "Acme A-Z" file=${path}`, 'no']);
    expect(preview.output).toContain('Against active revision #1: 0 new, 0 removed, 0 increased, 0 decreased, 5 unchanged.');
    expect(preview.output).toMatch(/Columns: prefix ← "Prefix", name ← "Destination", rate ← "Rate \(USD\)", connect ← "Connect fee \(USD\)", billing ← "Billing", status ← "Status", effective ← "Effective date"/);
    expect(preview.output).toContain('0 errors, 0 warnings.');

    const done = await h.script([`ratecard upload "Acme A-Z" file=${path}`, 'yes']);
    expect(done.output).toContain('as revision #2, live now (revision #1 is now inactive).');
    expect((await h.script(['ratecard diff "Acme A-Z"'])).output).toContain('0 new, 0 removed, 0 increased, 0 decreased, 5 unchanged.');
    // Every stored field is the same; the importer keeps the neutralising quote as part of the name, so the
    // formula stays inert if the card is downloaded again.
    const [before, after] = [await rowsOf('Acme A-Z', 1), await rowsOf('Acme A-Z', 2)];
    expect(after).toEqual(before.map((r) => (r.prefix === '447' ? { ...r, name: `'${r.name}` } : r)));
  });

  it('never overwrites an earlier download, and takes a revision by number', async () => {
    const { output } = await h.script(['ratecard download "Acme A-Z" 1']);
    expect(output).toContain('Acme A-Z: revision #1 (inactive)');
    expect(savedPath(output)).toBe(join(downloads, 'Acme-A-Z-rev1-1.csv'));
    expect(readFileSync(join(downloads, 'Acme-A-Z-rev1-1.csv'))).toEqual(readFileSync(join(downloads, 'Acme-A-Z-rev1.csv')));
  });

  it('gives the active revision by default, else the newest', async () => {
    const scheduled = await h.script([`ratecard upload "Acme A-Z" file=${file('next.csv', DECK)} date_live=2026-12-01`, 'yes']);
    expect(scheduled.output).toContain('as revision #3, scheduled');
    expect((await h.script(['ratecard download "Acme A-Z"'])).output).toContain('Acme A-Z: revision #2 (active)');
    await h.script(['ratecard archive "Acme A-Z" 2']);
    expect((await h.script(['ratecard download "Acme A-Z"'])).output).toContain('Acme A-Z: revision #3 (scheduled)');
  });

  it('explains a card without revisions, an unknown revision and an unknown card', async () => {
    const { output, result } = await h.script(['ratecard download "Acme Bulk"', 'ratecard download "Acme A-Z" 9', 'ratecard download Nowhere']);
    expect(result.failed).toBe(3);
    expect(output).toContain('Acme Bulk has no revisions yet. Upload a deck with `ratecard upload "Acme Bulk" file=…`.');
    expect(output).toContain('Acme A-Z has no revision #9.');
    expect(output).toMatch(/Nowhere/);
  });

  it('round-trips a US card with interstate, intrastate and indeterminate rates', async () => {
    const deck = 'NPANXX,Interstate,Intrastate,Indeterminate,Billing\n201200,0.0050,0.0040,0.0045,6/6\n201201,0.0060,0.0070,0.0065,6/6\n';
    await h.script([`ratecard upload "Acme US" file=${file('us.csv', deck)}`, 'yes']);
    const { output } = await h.script(['ratecard download "Acme US"']);
    const path = savedPath(output)!;
    expect(readFileSync(path, 'utf8').split('\r\n').slice(0, 2)).toEqual([
      '\uFEFFPrefix,Destination,Interstate (USD),Intrastate (USD),Indeterminate (USD),Connect fee (USD),Billing,Status,Effective date',
      '1201200,,0.005,0.004,0.0045,,6/6,open,',
    ]);
    const up = await h.script([`ratecard upload "Acme US" file=${path}`, 'yes']);
    expect(up.output).toContain('Against active revision #1: 0 new, 0 removed, 0 increased, 0 decreased, 2 unchanged.');
    expect(await rowsOf('Acme US', 2)).toEqual(await rowsOf('Acme US', 1));
  });

  it('gzips a large revision so it fits chat upload limits, and the .csv.gz uploads back as it is', { timeout: 120_000 }, async () => {
    // Long names make a file past the 5 MB threshold out of few rows (an import takes a while on PGlite).
    const n = 40_000;
    const name = (i: number) => `United Kingdom Mobile – Network Operator Number Block ${i} – Premium Routes via London Docklands and Slough`;
    const lines = ['Prefix,Destination,Rate,Billing'];
    for (let i = 0; i < n; i++) lines.push(`44${String(i).padStart(8, '0')},${name(i)},0.0123,60/60`);
    await h.script([`ratecard upload "Acme Bulk" file=${file('bulk.csv', lines.join('\n'))}`, 'yes']);

    const { output } = await h.script(['ratecard download "Acme Bulk"']);
    expect(output).toMatch(/40,000 rates in Acme-Bulk-rev1\.csv\.gz \([\d.]+ (KB|MB)\)\. Gzipped from [\d.]+ MB so it fits chat upload limits/);
    const path = savedPath(output)!;
    expect(path).toBe(join(downloads, 'Acme-Bulk-rev1.csv.gz'));
    const packed = readFileSync(path);
    const text = gunzipSync(packed).toString('utf8');
    expect(packed.length).toBeLessThan(text.length / 4);
    expect(text.length).toBeGreaterThan(5 * 1024 * 1024);
    const records = text.split('\r\n');
    expect(records).toHaveLength(n + 2);
    expect(records[1]).toBe(`4400000000,${name(0)},0.0123,,60/60,open,`);

    const up = await h.script([`ratecard upload "Acme Bulk" file=${path}`, 'yes']);
    expect(up.output).toContain(`Against active revision #1: 0 new, 0 removed, 0 increased, 0 decreased, ${n} unchanged.`);
    expect(up.output).toContain(`Imported ${n} rates from Acme-Bulk-rev1.csv into Acme Bulk as revision #2`);
  });
});
