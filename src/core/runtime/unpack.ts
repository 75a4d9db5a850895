// Compressed uploads: chat platforms cap uploads (Discord often at 8–25 MB), so a command that takes a CSV also
// takes it zipped (one file inside) or gzipped. Sizes are checked before inflating, so a zip bomb is refused cheaply.
import { gunzipSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import type { Attachment } from './invocation.ts';
import { formatBytes } from './bytes.ts';

export const COMPRESSED = ['zip', 'gz'] as const;

const hasExt = (name: string, accept: readonly string[]) => accept.some((e) => name.toLowerCase().endsWith(`.${e}`));

/** The file inside a .zip or .gz upload, or the upload itself; throws an Error whose message is the rule broken. */
export function unpackAttachment(a: Attachment, accept: readonly string[], maxBytes: number): Attachment {
  const lower = a.name.toLowerCase();
  if (lower.endsWith('.gz')) {
    const inner = a.name.slice(0, -3);
    if (!hasExt(inner, accept)) throw new Error(`"${a.name}" must be a gzipped ${accept.map((e) => `.${e}`).join(' / ')} file, named like rates.${accept[0]}.gz`);
    let data: Buffer;
    try {
      data = gunzipSync(a.data, { maxOutputLength: maxBytes + 1 });
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new Error(`"${a.name}" unpacks to more than ${formatBytes(maxBytes)}; the limit is ${formatBytes(maxBytes)}`);
      throw new Error(`"${a.name}" is not a valid gzip file (${(err as Error).message})`);
    }
    if (data.length > maxBytes) throw new Error(`"${a.name}" unpacks to more than ${formatBytes(maxBytes)}; the limit is ${formatBytes(maxBytes)}`);
    return { name: inner.split('/').pop()!, contentType: undefined, data };
  }
  if (!lower.endsWith('.zip')) return a;
  const seen: { name: string; size: number }[] = [];
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(new Uint8Array(a.data.buffer, a.data.byteOffset, a.data.length), {
      filter: (f) => {
        const base = f.name.split('/').pop() ?? '';
        // Folders, macOS resource forks and hidden files are not the data.
        if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || base.startsWith('.')) return false;
        seen.push({ name: f.name, size: f.originalSize });
        return hasExt(base, accept) && f.originalSize <= maxBytes && seen.length <= 1;
      },
    });
  } catch (err) {
    throw new Error(`"${a.name}" is not a valid zip file (${(err as Error).message})`);
  }
  const want = accept.map((e) => `.${e}`).join(' / ');
  if (seen.length !== 1) {
    throw new Error(
      seen.length
        ? `"${a.name}" holds ${seen.length} files (${seen.slice(0, 5).map((f) => f.name).join(', ')}${seen.length > 5 ? ', …' : ''}); zip exactly one ${want} file`
        : `"${a.name}" holds no files; zip one ${want} file`,
    );
  }
  const [only] = seen;
  if (!hasExt(only!.name, accept)) throw new Error(`"${a.name}" holds ${only!.name}, which is not a ${want} file`);
  if (only!.size > maxBytes) throw new Error(`${only!.name} in "${a.name}" is ${formatBytes(only!.size)} unpacked; the limit is ${formatBytes(maxBytes)}`);
  const data = files[only!.name];
  if (!data) throw new Error(`"${a.name}" could not be unpacked`);
  return { name: only!.name.split('/').pop()!, contentType: undefined, data: Buffer.from(data.buffer, data.byteOffset, data.length) };
}
