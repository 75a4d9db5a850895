// The fake Slack's external upload flow, as Slack runs it: files.getUploadURLExternal (filename and length) gives an
// upload URL and a file id; the bytes are POSTed there (raw, or as the one file of a multipart form, as the Web API
// client sends them); files.completeUploadExternal shares the files in a channel the bot is in, or a DM that
// conversations.open opened, once. Every file is kept so tests can read the bytes back.

/** A file uploaded through the flow. */
export interface FakeUpload {
  id: string;
  filename: string;
  /** The length declared to files.getUploadURLExternal. */
  length: number;
  /** The bytes POSTed to the upload URL (undefined until they arrive). */
  data?: Buffer;
  /** Set by files.completeUploadExternal. */
  completed?: { title?: string; channel?: string; threadTs?: string; initialComment?: string };
}

export type SharedUpload = FakeUpload & { data: Buffer; completed: NonNullable<FakeUpload['completed']> };

type Answer = Record<string, unknown>;
const invalid = (message: string): Answer => ({ ok: false, error: 'invalid_arguments', response_metadata: { messages: [`[ERROR] ${message}`] } });

export class FakeUploads {
  /** By file id, in upload order. */
  readonly uploads = new Map<string, FakeUpload>();
  /** The app's DM channel with each user. */
  readonly dms = new Map<string, string>();
  private seq = 0;

  constructor(
    private readonly baseUrl: () => string,
    private readonly memberOf: () => Set<string>,
  ) {}

  shared(): SharedUpload[] {
    return [...this.uploads.values()].filter((u): u is SharedUpload => Boolean(u.completed && u.data));
  }

  openDm(body: Answer): Answer {
    const user = String(body.users ?? '');
    if (!user) return { ok: false, error: 'users_list_not_supplied' };
    if (!/^[UW][A-Z0-9]+$/.test(user)) return { ok: false, error: 'user_not_found' };
    const id = this.dms.get(user) ?? `D${user.slice(1)}`;
    this.dms.set(user, id);
    return { ok: true, channel: { id } };
  }

  uploadUrl(body: Answer): Answer {
    const length = Number(body.length);
    if (!body.filename) return invalid('missing required field: filename');
    if (body.length === undefined || !Number.isInteger(length) || length < 1) return invalid('missing or invalid field: length');
    const id = `F${String(++this.seq).padStart(10, '0')}`;
    this.uploads.set(id, { id, filename: String(body.filename), length });
    return { ok: true, upload_url: `${this.baseUrl()}/upload/v1/${Buffer.from(id).toString('base64url')}`, file_id: id };
  }

  /** POST to an upload URL: Slack answers `OK - <bytes>`. */
  async receive(token: string, bytes: Buffer, type: string | undefined, send: (status: number, body: unknown) => void): Promise<void> {
    const u = this.uploads.get(Buffer.from(token, 'base64url').toString());
    if (!u || u.data) return send(404, 'Not Found');
    let data = bytes;
    if (type?.startsWith('multipart/form-data')) {
      const form = await new Response(bytes, { headers: { 'content-type': type } }).formData();
      const file = [...form.values()].find((v) => typeof v !== 'string');
      if (!file || typeof file === 'string') return send(400, 'no file in the form');
      data = Buffer.from(await file.arrayBuffer());
    }
    u.data = data;
    send(200, `OK - ${data.length}`);
  }

  complete(body: Answer): Answer {
    const files = body.files as { id?: string; title?: string }[] | undefined;
    if (!Array.isArray(files) || !files.length || files.some((f) => !f?.id)) return invalid('missing required field: files');
    const channel = body.channel_id === undefined ? undefined : String(body.channel_id);
    if (body.thread_ts && !channel) return invalid('thread_ts requires channel_id');
    if (channel !== undefined) {
      const dm = /^D/.test(channel);
      if (dm ? ![...this.dms.values()].includes(channel) : !/^[CG]/.test(channel)) return { ok: false, error: 'channel_not_found' };
      if (!dm && !this.memberOf().has(channel)) return { ok: false, error: 'not_in_channel' };
    }
    // Completing needs every file's bytes to have arrived, and works once.
    const uploads = files.map((f) => this.uploads.get(String(f.id)));
    if (uploads.some((u) => !u || !u.data || u.completed)) return { ok: false, error: 'file_not_found' };
    for (const [i, u] of uploads.entries()) {
      u!.completed = { title: files[i]!.title ?? u!.filename, channel, threadTs: body.thread_ts as string | undefined, initialComment: body.initial_comment as string | undefined };
    }
    return { ok: true, files: uploads.map((u) => ({ id: u!.id, title: u!.completed!.title })) };
  }
}
