// The console saves a reply's files in its download directory, numbering names instead of overwriting.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { numberedName, saveFiles } from '../../src/shell/downloads.ts';

const dir = mkdtempSync(join(tmpdir(), 'console-downloads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string) => ({ name, mime: 'text/csv', data: Buffer.from(text) });

describe('numberedName', () => {
  it.each([
    ['rates.csv', 0, 'rates.csv'],
    ['rates.csv', 1, 'rates-1.csv'],
    ['Acme-A-Z-rev3.csv.gz', 2, 'Acme-A-Z-rev3-2.csv.gz'],
    ['Acme.Inc-rev1.csv', 1, 'Acme.Inc-rev1-1.csv'],
    ['README', 3, 'README-3'],
  ])('numbers %j (%i) as %j', (name, n, expected) => {
    expect(numberedName(name, n)).toBe(expected);
  });
});

describe('saveFiles', () => {
  it('saves into the directory, creating it, and never overwrites a file that is there', async () => {
    const target = join(dir, 'new', 'folder');
    const first = await saveFiles(target, [file('rates.csv', 'one')]);
    const second = await saveFiles(target, [file('rates.csv', 'two'), file('rates.csv', 'three')]);
    expect(first).toEqual({ failed: false, lines: [`📎 Saved ${join(target, 'rates.csv')} (3 B)`] });
    expect(second.lines).toEqual([`📎 Saved ${join(target, 'rates-1.csv')} (3 B)`, `📎 Saved ${join(target, 'rates-2.csv')} (5 B)`]);
    expect(['rates.csv', 'rates-1.csv', 'rates-2.csv'].map((n) => readFileSync(join(target, n), 'utf8'))).toEqual(['one', 'two', 'three']);
  });

  it('keeps a name with a path inside the directory', async () => {
    const { lines } = await saveFiles(dir, [file('../../escape.csv', 'x')]);
    expect(lines).toEqual([`📎 Saved ${join(dir, 'escape.csv')} (1 B)`]);
  });

  it('says why a file could not be saved', async () => {
    const blocker = join(dir, 'not-a-folder');
    writeFileSync(blocker, 'a file where the folder should be');
    const { lines, failed } = await saveFiles(blocker, [file('rates.csv', 'x')]);
    expect(failed).toBe(true);
    expect(lines[0]).toMatch(/^✖ rates\.csv could not be saved in .*not-a-folder: .*Set TRUNKOPS_DOWNLOAD_DIR/);
  });
});
