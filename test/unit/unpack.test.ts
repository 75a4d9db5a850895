// Zipped and gzipped uploads: the one data file inside, junk ignored, every broken rule named; and the file
// option's resolver checking type and size of the upload and of what it unpacks to.
import { randomBytes } from 'node:crypto';
import { gzipSync } from 'node:zlib';
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { Attachment } from '../../src/core/runtime/invocation.ts';
import { opt } from '../../src/core/runtime/options.ts';
import { unpackAttachment } from '../../src/core/runtime/unpack.ts';

const CSV = 'number,label\n+14155551234,Sales\n';
const ACCEPT = ['csv', 'txt'] as const;
const MAX = 2048;

const zip = (name: string, files: Record<string, string | Uint8Array>): Attachment => ({
  name,
  data: Buffer.from(zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, typeof v === 'string' ? strToU8(v) : v])))),
});
const gz = (name: string, text: string): Attachment => ({ name, data: gzipSync(Buffer.from(text)) });
const unpack = (a: Attachment, max = MAX) => unpackAttachment(a, ACCEPT, max);

describe('unpackAttachment', () => {
  it('returns the one csv in a zip, ignoring folders, __MACOSX and dotfiles', () => {
    const a = zip('numbers.zip', {
      'export/': new Uint8Array(0),
      'export/numbers.csv': CSV,
      '__MACOSX/export/._numbers.csv': 'resource fork',
      'export/.DS_Store': 'junk',
    });
    const inner = unpack(a);
    expect(inner.name).toBe('numbers.csv');
    expect(inner.contentType).toBeUndefined();
    expect(inner.data.toString('utf8')).toBe(CSV);
  });

  it('refuses a zip with two csv files, naming both', () => {
    expect(() => unpack(zip('two.zip', { 'a.csv': CSV, 'b/c.csv': CSV }))).toThrow('"two.zip" holds 2 files (a.csv, b/c.csv); zip exactly one .csv / .txt file');
  });

  it('lists at most five of many files', () => {
    const files = Object.fromEntries(Array.from({ length: 7 }, (_, i) => [`f${i}.csv`, CSV]));
    expect(() => unpack(zip('many.zip', files))).toThrow('"many.zip" holds 7 files (f0.csv, f1.csv, f2.csv, f3.csv, f4.csv, …); zip exactly one .csv / .txt file');
  });

  it('refuses a zip holding a file of another type', () => {
    expect(() => unpack(zip('rates.zip', { 'rates.xlsx': 'PK' }))).toThrow('"rates.zip" holds rates.xlsx, which is not a .csv / .txt file');
  });

  it('refuses an empty zip, and one holding only junk', () => {
    expect(() => unpack(zip('empty.zip', {}))).toThrow('"empty.zip" holds no files; zip one .csv / .txt file');
    expect(() => unpack(zip('junk.zip', { '.hidden.csv': CSV, '__MACOSX/._a.csv': 'x' }))).toThrow('"junk.zip" holds no files');
  });

  it('refuses a corrupt zip', () => {
    const a = zip('bad.zip', { 'a.csv': CSV });
    expect(() => unpack({ ...a, data: a.data.subarray(0, 20) })).toThrow(/^"bad\.zip" is not a valid zip file \(/);
    expect(() => unpack({ name: 'text.zip', data: Buffer.from('not a zip at all') })).toThrow(/"text\.zip" is not a valid zip file/);
  });

  it('refuses a zipped file larger than the limit without inflating it', () => {
    expect(() => unpack(zip('big.zip', { 'big.csv': 'x'.repeat(5000) }))).toThrow('big.csv in "big.zip" is 4.9 KB unpacked; the limit is 2.0 KB');
  });

  it('unpacks a .csv.gz to the csv, named without .gz', () => {
    const inner = unpack(gz('Numbers.CSV.gz', CSV));
    expect(inner.name).toBe('Numbers.CSV');
    expect(inner.data.toString('utf8')).toBe(CSV);
  });

  it('refuses a gz without the data file extension inside its name, naming the rule', () => {
    expect(() => unpack(gz('rates.gz', CSV))).toThrow('"rates.gz" must be a gzipped .csv / .txt file, named like rates.csv.gz');
  });

  it('refuses a gz that inflates beyond the limit', () => {
    const bomb = gz('rates.csv.gz', 'x'.repeat(100_000));
    expect(bomb.data.length).toBeLessThan(MAX);
    expect(() => unpack(bomb)).toThrow('"rates.csv.gz" unpacks to more than 2.0 KB; the limit is 2.0 KB');
  });

  it('accepts a gz that inflates to exactly the limit', () => {
    expect(unpack(gz('rates.csv.gz', 'x'.repeat(MAX))).data.length).toBe(MAX);
  });

  it('refuses a corrupt gz', () => {
    expect(() => unpack({ name: 'rates.csv.gz', data: Buffer.from('plain text') })).toThrow(/^"rates\.csv\.gz" is not a valid gzip file/);
  });

  it('passes an uncompressed file through untouched', () => {
    const a: Attachment = { name: 'numbers.csv', contentType: 'text/csv', data: Buffer.from(CSV) };
    expect(unpack(a)).toBe(a);
  });
});

describe('the file option', () => {
  const file = opt.file({ label: 'CSV file', description: 'Numbers', required: true, accept: ['csv', 'txt'], maxBytes: MAX });
  const resolve = (a: Attachment) => file.file!.resolve(a);

  it('lists the plain and compressed types it takes', () => {
    expect(file.kind).toBe('attachment');
    expect(file.file!.upload).toEqual(['csv', 'txt', 'zip', 'gz']);
    expect(file.resolve('numbers.csv')).toEqual({ ok: false, message: 'attach the file itself (.csv, .txt, .zip, .gz); a name alone is not enough' });
  });

  it('accepts a csv or txt upload as it is', () => {
    const a: Attachment = { name: 'n.txt', data: Buffer.from(CSV) };
    expect(resolve(a)).toEqual({ ok: true, value: a });
  });

  it('refuses an upload of another type, too large or empty', () => {
    expect(resolve({ name: 'n.xlsx', data: Buffer.from('x') })).toEqual({ ok: false, message: '"n.xlsx" is not a .csv / .txt / .zip / .gz file' });
    expect(resolve({ name: 'n.csv', data: Buffer.alloc(MAX + 1, 97) })).toEqual({ ok: false, message: '"n.csv" is 2.0 KB; the limit is 2.0 KB' });
    expect(resolve({ name: 'n.csv', data: Buffer.alloc(0) })).toEqual({ ok: false, message: '"n.csv" is empty' });
  });

  it('unpacks a zip or gz upload to the file inside', () => {
    const fromZip = resolve(zip('n.zip', { 'dir/n.csv': CSV }));
    expect(fromZip.ok && fromZip.value.name).toBe('n.csv');
    const fromGz = resolve(gz('n.txt.gz', CSV));
    expect(fromGz.ok && fromGz.value.data.toString()).toBe(CSV);
  });

  it('checks the unpacked file as well as the upload', () => {
    expect(resolve(zip('n.zip', { 'n.csv': '' }))).toEqual({ ok: false, message: '"n.csv" is empty' });
    expect(resolve(gz('n.csv.gz', ''))).toEqual({ ok: false, message: '"n.csv" is empty' });
    expect(resolve(zip('n.zip', { 'n.json': '{}' }))).toEqual({ ok: false, message: '"n.zip" holds n.json, which is not a .csv / .txt file' });
    expect(resolve(gz('n.csv.gz', 'x'.repeat(MAX + 1)))).toEqual({ ok: false, message: '"n.csv.gz" unpacks to more than 2.0 KB; the limit is 2.0 KB' });
  });

  it('refuses a compressed upload already over the limit before unpacking it', () => {
    const noisy = randomBytes(MAX * 2);
    expect(resolve({ name: 'n.csv.gz', data: gzipSync(noisy) })).toMatchObject({ ok: false, message: expect.stringMatching(/^"n\.csv\.gz" is \d\.\d KB; the limit is 2\.0 KB$/) });
  });
});
