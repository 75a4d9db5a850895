// Downloads a Slack file with the bot token, checking type and size before and while reading; the token is
// only ever sent to Slack's own hosts (or the configured API host).
import { UserError } from '../core/runtime/errors.ts';
import type { Attachment } from '../core/runtime/invocation.ts';
import { checkAttachment, formatBytes } from '../core/runtime/options.ts';
import type { SlackFile } from './modal.ts';

export interface DownloadRules {
  accept: readonly string[];
  maxBytes: number;
}

/** Slack hosts (files.slack.com, hooks.slack.com) and the configured API host may receive the token or answers. */
export function trustedSlackUrl(url: string, apiUrl?: string): boolean {
  try {
    const u = new URL(url);
    if (u.protocol === 'https:' && (u.hostname === 'slack.com' || u.hostname.endsWith('.slack.com'))) return true;
    return apiUrl !== undefined && u.host === new URL(apiUrl).host;
  } catch {
    return false;
  }
}

export async function downloadSlackFile(file: SlackFile, token: string, rules: DownloadRules, apiUrl?: string): Promise<Attachment> {
  const before = checkAttachment({ name: file.name, size: file.size }, rules.accept, rules.maxBytes);
  if (before) throw new UserError(`File: ${before}.`);
  const url = file.url_private_download ?? file.url_private;
  if (!url || !trustedSlackUrl(url, apiUrl)) throw new UserError(`File: "${file.name}" has no Slack download link; upload it again.`);
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, redirect: 'manual' });
  const type = res.headers.get('content-type') ?? '';
  // Without files:read (or with a bad token) Slack answers with its HTML sign-in page, not an error status.
  if (res.status !== 200 || type.startsWith('text/html')) {
    await res.body?.cancel();
    throw new UserError(`File: Slack would not hand over "${file.name}" (HTTP ${res.status}${type.startsWith('text/html') ? ', a sign-in page' : ''}). The app needs the files:read scope; reinstall it from the manifest.`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of res.body ?? []) {
    size += (chunk as Uint8Array).length;
    if (size > rules.maxBytes) {
      await res.body?.cancel().catch(() => {});
      throw new UserError(`File: "${file.name}" is larger than ${formatBytes(rules.maxBytes)}.`);
    }
    chunks.push(Buffer.from(chunk as Uint8Array));
  }
  return { name: file.name, contentType: file.mimetype, data: Buffer.concat(chunks) };
}
