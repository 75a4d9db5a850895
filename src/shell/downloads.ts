// The console's answer to a reply's files: each is saved in the download directory, never over an existing file
// (rates.csv, then rates-1.csv, rates-2.csv …), and the reply says where.
import { mkdir, open } from 'node:fs/promises';
import { basename, join, resolve } from 'node:path';
import { formatBytes } from '../core/runtime/bytes.ts';
import type { ReplyFile } from '../core/runtime/reply.ts';

/** `name` with `-n` before its extension; double extensions such as .csv.gz stay together. */
export function numberedName(name: string, n: number): string {
  if (n === 0) return name;
  const m = /^(.+?)((?:\.[A-Za-z0-9]{1,8}){0,2})$/.exec(name);
  const stem = m?.[1] ?? name;
  return `${stem}-${n}${m?.[2] ?? ''}`;
}

/** Writes the file under a name not yet taken (exclusive create, so two consoles never overwrite each other). */
async function saveOne(dir: string, file: ReplyFile): Promise<string> {
  // The name comes from the command, but a path in it must never escape the directory.
  const name = basename(file.name) || 'download';
  for (let n = 0; n < 10_000; n++) {
    const path = join(dir, numberedName(name, n));
    let handle;
    try {
      handle = await open(path, 'wx');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw err;
    }
    try {
      await handle.writeFile(file.data);
    } finally {
      await handle.close();
    }
    return path;
  }
  throw new Error(`${name} and 10,000 numbered copies of it already exist`);
}

/** Saves every file; one line per file saying where it went, or why it could not be saved. */
export async function saveFiles(dir: string, files: readonly ReplyFile[]): Promise<{ lines: string[]; failed: boolean }> {
  const target = resolve(dir);
  const lines: string[] = [];
  let failed = false;
  for (const file of files) {
    try {
      await mkdir(target, { recursive: true });
      const path = await saveOne(target, file);
      lines.push(`📎 Saved ${path} (${formatBytes(file.data.length)})`);
    } catch (err) {
      failed = true;
      lines.push(`✖ ${file.name} could not be saved in ${target}: ${(err as Error).message}. Set TRUNKOPS_DOWNLOAD_DIR to a folder you can write to.`);
    }
  }
  return { lines, failed };
}
