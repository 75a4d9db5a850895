// Downloads a Discord attachment: from Discord's CDN (or the configured API host), with the type and size
// checked before and while reading, so a large or wrong file is refused without being read whole.
import { UserError } from '../core/runtime/errors.ts';
import type { Attachment } from '../core/runtime/invocation.ts';
import { checkAttachment, formatBytes } from '../core/runtime/options.ts';
import type { RemoteFile } from './modal.ts';

const CDN_HOSTS = ['cdn.discordapp.com', 'media.discordapp.net'];

export function trustedDiscordUrl(url: string, apiUrl?: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && CDN_HOSTS.includes(u.hostname)) return true;
    return apiUrl !== undefined && u.host === new URL(apiUrl).host;
  } catch {
    return false;
  }
}

export async function downloadAttachment(file: RemoteFile, rules: { accept: readonly string[]; maxBytes: number }, apiUrl?: string): Promise<Attachment> {
  const before = checkAttachment({ name: file.name, size: file.size }, rules.accept, rules.maxBytes);
  if (before) throw new UserError(`${before}.`);
  if (!trustedDiscordUrl(file.url, apiUrl)) throw new UserError(`"${file.name}" is not on Discord's CDN; upload it again.`);
  const res = await fetch(file.url, { redirect: 'error' });
  if (res.status !== 200) {
    await res.body?.cancel();
    // Attachment links are signed and expire (about a day): an old one answers 404 or 403.
    throw new UserError(`Discord would not hand over "${file.name}" (HTTP ${res.status}); the link may have expired, so upload it again.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > rules.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new UserError(`"${file.name}" is larger than ${formatBytes(rules.maxBytes)}.`);
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { name: file.name, contentType: file.contentType, data: Buffer.concat(chunks) };
}
