// Files that come with a reply, shared through Slack's upload flow (files.getUploadURLExternal → the bytes to the
// upload URL → files.completeUploadExternal with the channel), which the Web API client's filesUploadV2 runs.
//
// Slack has no private files in a channel: a file shared there is seen by everyone in it, and an ephemeral message
// cannot carry one. So the files of a private reply (a rate-card download) go to the caller by direct message from
// the app, where only they see them, and the private reply says so; a public reply's files are shared in its channel
// (and thread), falling back to the caller's DM when the bot is not in the channel.
import type { WebClient } from '@slack/web-api';
import type { ReplyFile } from '../core/runtime/reply.ts';
import type { Logger } from '../logger.ts';
import type { Target } from './delivery.ts';

export interface Shared {
  /** Where the files went, or undefined when they could not be shared. */
  where?: 'channel' | 'dm';
  /** What to tell the caller (empty when the files simply appear under a public reply). */
  note?: string;
}

const errorCode = (err: unknown): string | undefined => (err as { data?: { error?: string } }).data?.error;
const NOT_THERE = new Set(['channel_not_found', 'not_in_channel']);

/** Uploads the files to the caller privately (their DM with the app) or to the reply's channel. */
export async function shareFiles(client: WebClient, logger: Logger, target: Target, files: readonly ReplyFile[], opts: { private: boolean; comment?: string }): Promise<Shared> {
  const names = files.map((f) => f.name).join(', ');
  const upload = (channel: string, threadTs?: string) =>
    client.filesUploadV2({
      channel_id: channel,
      ...(threadTs ? { thread_ts: threadTs } : {}),
      ...(opts.comment ? { initial_comment: opts.comment } : {}),
      // filesUploadV2 reads a Buffer as bytes (anything else as a path or a stream).
      file_uploads: files.map((f) => ({ file: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), filename: f.name, title: f.title ?? f.name })),
    } as Parameters<WebClient['filesUploadV2']>[0]);
  const toDm = async () => {
    const dm = await client.conversations.open({ users: target.user });
    if (!dm.channel?.id) throw Object.assign(new Error('conversations.open returned no channel'), { data: { error: 'channel_not_found' } });
    await upload(dm.channel.id);
  };
  try {
    if (!opts.private && target.channel) {
      try {
        await upload(target.channel, target.threadTs);
        return { where: 'channel' };
      } catch (err) {
        if (!NOT_THERE.has(errorCode(err) ?? '')) throw err;
        logger.info({ channel: target.channel }, 'bot is not in the channel; sending the files by direct message');
      }
    }
    await toDm();
    return {
      where: 'dm',
      note: opts.private
        ? `:paperclip: ${names}: sent to you in a direct message from the app (Slack shows a file to the whole channel, so private files go by DM).`
        : `:paperclip: ${names}: sent to you in a direct message from the app (I am not in this channel to share it here).`,
    };
  } catch (err) {
    const code = errorCode(err);
    logger.warn({ err, code, files: files.length }, 'slack file upload failed');
    const fix = code === 'missing_scope' ? ' The app needs the files:write and im:write scopes: regenerate the manifest, update the app and reinstall it.' : '';
    return { note: `:warning: ${names} could not be sent: Slack answered ${code ?? 'with an error'}.${fix}` };
  }
}
