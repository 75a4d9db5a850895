// did import through the console: every row checked against the rules and the database, all or nothing.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
const dir = mkdtempSync(join(tmpdir(), 'did-import-'));
const file = (name: string, content: string | Buffer) => {
  const p = join(dir, name);
  writeFileSync(p, content);
  return p;
};
beforeAll(async () => {
  h = await createHarness();
  await h.script(['carrier add name=Acme sip_address=sip.acme.example', 'carrier add name=Other sip_address=sip.other.example', 'did add carrier=Other number=+442079460000', 'bot add name=Sales agent_name=sales-agent']);
});
afterAll(async () => {
  await h?.close();
  rmSync(dir, { recursive: true, force: true });
});

const count = async (carrier: string) => (await h.app.store.dids.list({ carrierId: (await h.app.store.carriers.findByName(carrier))!.id })).length;

describe('did import', () => {
  it('refuses the whole file when any row is bad, listing each bad row by number', async () => {
    const p = file('bad.csv', 'Phone Number;Description;Direction;Agent\n+14155550100;Main;both;Sales\n+1415555x;;;\n+14155550101;;sideways;\n+14155550102;;outbound;Sales\n+14155550100;dup;;\n+44 20 7946 0000;;;\n;;;Ghost\n+14155550103;;inbound;Nobody\n');
    const { output } = await h.script([`did import Acme file=${p}`]);
    expect(output).toContain('7 problems');
    for (const line of ['row 3: number "+1415555x"', 'row 4: direction "sideways"', 'row 5: bot: outbound numbers take no bot', 'row 6: number +14155550100 is also on row 2', 'row 7: +442079460000 is already on carrier "Other"', 'row 8: number ""', 'row 9: bot "Nobody": no such bot']) {
      expect(output).toContain(line);
    }
    expect(output).toContain('Nothing was saved.');
    expect(await count('Acme')).toBe(0);
  });

  it('reads a header-less, tab-separated file with a BOM, and a dry run writes nothing', async () => {
    const p = file('plain.txt', Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('+14155550100\tMain\tboth\tSales\n+14155550101\t\toutbound\t\n\n')]));
    const dry = await h.script([`did import Acme file=${p} dry_run=yes`]);
    expect(dry.output).toContain('2 numbers would be added to Acme. Nothing was saved.');
    expect(await count('Acme')).toBe(0);
    const real = await h.script([`did import Acme file=${p}`]);
    expect(real.output).toContain('2 numbers from plain.txt added to Acme.');
    expect(await h.app.store.dids.findByNormalized('+14155550100')).toMatchObject({ label: 'Main', botName: 'Sales', direction: 'both' });
    const again = await h.script([`did import Acme file=${p}`]);
    expect(again.output).toContain('0 numbers from plain.txt added');
    expect(again.output).toContain('2 numbers are already on Acme');
  });

  it('audits each number it adds, in the transaction', async () => {
    const { output } = await h.script(['audit Acme']);
    expect(output.match(/did\.add/g)).toHaveLength(2);
  });

  it.each([
    ['empty.csv', 'number\n', 'the file has no rows'],
    ['page.csv', '<!DOCTYPE html><html>Sign in</html>', 'HTML page'],
    ['quote.csv', 'number\n"+14155550199\n', 'not a readable CSV'],
    ['numbers.xlsx', 'PK', 'is not a .csv / .txt / .zip / .gz file'],
  ])('rejects %s: %s', async (name, content, rule) => {
    const { output } = await h.script([`did import Acme file=${file(name, content)}`]);
    expect(output).toContain(rule);
  });

  it('takes the CSV zipped or gzipped (chat uploads are small), and names what is wrong with an archive', async () => {
    const csv = 'number,label\n+14155550300,Zipped\n';
    const zipped = file('numbers.zip', Buffer.from(zipSync({ '__MACOSX/._numbers.csv': strToU8('junk'), 'export/numbers.csv': strToU8(csv) })));
    expect((await h.script([`did import Acme file=${zipped}`])).output).toContain('1 number from numbers.csv added to Acme.');
    const gz = file('more.csv.gz', gzipSync('+14155550301,Gzipped\n'));
    expect((await h.script([`did import Acme file=${gz}`])).output).toContain('1 number from more.csv added to Acme.');
    const two = file('two.zip', Buffer.from(zipSync({ 'a.csv': strToU8(csv), 'b.csv': strToU8(csv) })));
    expect((await h.script([`did import Acme file=${two}`])).output).toContain('"two.zip" holds 2 files (a.csv, b.csv); zip exactly one .csv / .txt file');
    const sheet = file('sheet.zip', Buffer.from(zipSync({ 'numbers.xlsx': strToU8('PK') })));
    expect((await h.script([`did import Acme file=${sheet}`])).output).toContain('"sheet.zip" holds numbers.xlsx, which is not a .csv / .txt file');
    const broken = file('broken.zip', Buffer.from('PK\u0003\u0004 not really'));
    expect((await h.script([`did import Acme file=${broken}`])).output).toContain('"broken.zip" is not a valid zip file');
    const bomb = file('bomb.csv.gz', gzipSync(Buffer.alloc(3 * 1024 * 1024, 0x31)));
    expect((await h.script([`did import Acme file=${bomb}`])).output).toContain('"bomb.csv.gz" unpacks to more than 2.0 MB');
    expect(await h.app.store.dids.findByNormalized('+14155550300')).toMatchObject({ label: 'Zipped' });
  });

  it('rejects a file over its size limit before reading it, and a missing path', async () => {
    const big = file('big.csv', Buffer.alloc(2 * 1024 * 1024 + 1, 0x31));
    expect((await h.script([`did import Acme file=${big}`])).output).toContain('the limit is 2.0 MB');
    expect((await h.script([`did import Acme file=${join(dir, 'nope.csv')}`])).output).toContain('no such file');
  });

  it(`refuses more than 10,000 rows`, async () => {
    const rows = Array.from({ length: 10_001 }, (_, i) => `+1650${String(i).padStart(7, '0')}`).join('\n');
    expect((await h.script([`did import Acme file=${file('huge.csv', `number\n${rows}\n`)}`])).output).toContain('import at most 10000 at a time');
  });
});
