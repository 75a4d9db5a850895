// Interaction responses and messages in the fake Discord: the callback endpoint (3-second deadline, one initial
// response, which callback types each interaction type allows, with_response), the interaction webhook (follow-ups,
// @original, 15-minute token) and channel messages, all validated like Discord and stored as FakeMessage.
import type { FakeDiscord } from './discord.ts';
import { checkChoices, checkMessage, checkModal, fail, FormErrors, invalid, reply, type Reply } from './discord-validate.ts';
import { APP_ID, snowflake, toApiMessage, type FakeMessage, type Json } from './discord-objects.ts';

export interface PendingInteraction {
  id: string;
  token: string;
  type: number;
  channelId: string;
  createdAt: number;
  user: Json;
  /** The message a component (or a modal opened from one) was on. */
  messageId?: string;
  /** The callback type of the initial response, once acknowledged. */
  acked?: number;
  originalId?: string;
  expired?: boolean;
}

type Files = { name: string; type: string; data: Buffer }[];

/** Callback types each interaction type accepts (2 command, 3 component, 4 autocomplete, 5 modal submit). */
const ALLOWED: Record<number, number[]> = { 2: [4, 5, 9], 3: [4, 5, 6, 7, 9], 4: [8], 5: [4, 5, 6, 7] };
/** Flags a message create may set: EPHEMERAL, SUPPRESS_EMBEDS, SUPPRESS_NOTIFICATIONS, IS_COMPONENTS_V2. */
const CREATE_FLAGS = 64 | 4 | 4096 | 32768;
const UNKNOWN_INTERACTION = fail(404, 10062, 'Unknown interaction');
const UNKNOWN_WEBHOOK = fail(404, 10015, 'Unknown Webhook');
const UNKNOWN_MESSAGE = fail(404, 10008, 'Unknown Message');
const EMPTY = fail(400, 50006, 'Cannot send an empty message');

export class InteractionRoutes {
  private all = new Map<string, PendingInteraction>();
  private tokens = new Map<string, PendingInteraction>();

  constructor(private fake: FakeDiscord) {}

  register(p: Json): void {
    const it: PendingInteraction = {
      id: p.id,
      token: p.token,
      type: p.type,
      channelId: p.channel_id ?? p.channel?.id,
      createdAt: Date.now(),
      user: p.member?.user ?? p.user,
    };
    if (p.message) {
      it.messageId = p.message.id;
      if (!this.fake.messages.has(p.message.id)) {
        const m = p.message;
        this.fake.messages.set(m.id, { id: m.id, channel_id: m.channel_id, content: m.content ?? '', embeds: m.embeds ?? [], components: m.components ?? [], flags: m.flags ?? 0, edits: 0 });
      }
    }
    this.all.set(it.id, it);
    this.tokens.set(it.token, it);
  }

  byId(id: string): PendingInteraction | undefined {
    return this.all.get(id);
  }

  byToken(token: string): PendingInteraction | undefined {
    return this.tokens.get(token);
  }

  original(token: string): FakeMessage | undefined {
    const id = this.tokens.get(token)?.originalId;
    return id ? this.fake.messages.get(id) : undefined;
  }

  expire(token: string): void {
    const it = this.tokens.get(token);
    if (it) it.expired = true;
  }

  callback(id: string, token: string, query: URLSearchParams, body: Json, files: Files): Reply {
    const it = this.all.get(id);
    const late = it && !it.acked && Date.now() - it.createdAt > this.fake.opts.interactionDeadlineMs;
    if (!it || it.token !== token || it.expired || late) return UNKNOWN_INTERACTION;
    if (it.acked) return fail(400, 40060, 'Interaction has already been acknowledged.');
    const type = body?.type;
    const data = body?.data ?? {};
    const allowed = [...(ALLOWED[it.type] ?? [])].filter((t) => it.type !== 5 || it.messageId || (t !== 6 && t !== 7));
    const e = new FormErrors();
    if (!allowed.includes(type)) {
      e.add(['type'], 'INTERACTION_RESPONSE_TYPE_INVALID', `Interaction response type ${type} is not allowed for interaction type ${it.type}; allowed: ${allowed.join(', ')}`);
      return invalid(e);
    }
    let message: FakeMessage | undefined;
    if (type === 4 && checkMessage(e, ['data'], data, { hasFiles: files.length > 0 }) === 'empty') return EMPTY;
    if (type === 7) checkMessage(e, ['data'], data, { partial: true });
    if (type === 8) checkChoices(e, ['data', 'choices'], data.choices);
    if (type === 9) checkModal(e, ['data'], data);
    if (!e.ok) return invalid(e);
    if (type === 4 || type === 5) {
      message = this.create(it.channelId, type === 5 ? { flags: data.flags } : data, files, { token: it.token, type: it.type === 2 ? 20 : 0, interaction: it });
      message.deferred = type === 5;
      it.originalId = message.id;
    } else if (type === 6 || type === 7) {
      message = this.fake.messages.get(it.messageId!);
      if (!message || message.deleted) return UNKNOWN_MESSAGE;
      if (type === 7) this.apply(message, data, files);
      it.originalId = message.id;
    }
    it.acked = type;
    if (query.get('with_response') !== 'true') return reply(204);
    return reply(200, {
      interaction: {
        id: it.id,
        type: it.type,
        ...(message ? { response_message_id: message.id, response_message_loading: type === 5, response_message_ephemeral: (message.flags & 64) !== 0 } : {}),
      },
      resource: { type, ...(message ? { message: toApiMessage(message) } : {}) },
    });
  }

  followUp(app: string, token: string, query: URLSearchParams, body: Json, files: Files): Reply {
    const it = this.webhook(app, token);
    if (!it || !it.acked) return UNKNOWN_WEBHOOK;
    const e = new FormErrors();
    if (checkMessage(e, [], body ?? {}, { hasFiles: files.length > 0 }) === 'empty' && e.ok) return EMPTY;
    if (!e.ok) return invalid(e);
    const m = this.create(it.channelId, body, files, { token, type: 0, interaction: it });
    return query.get('wait') === 'true' ? reply(200, toApiMessage(m)) : reply(204);
  }

  webhookMessage(method: string, app: string, token: string, messageId: string, body?: Json, files: Files = []): Reply {
    const it = this.webhook(app, token);
    if (!it) return UNKNOWN_WEBHOOK;
    const id = messageId === '@original' ? it.originalId : messageId;
    const m = id ? this.fake.messages.get(id) : undefined;
    if (!m || m.deleted || (m.interaction_token !== token && m.id !== it.originalId)) return UNKNOWN_MESSAGE;
    return this.messageOp(method, m, body, files);
  }

  post(channelId: string, body: Json, files: Files): Reply {
    const e = new FormErrors();
    if (checkMessage(e, [], body ?? {}, { hasFiles: files.length > 0 }) === 'empty' && e.ok) return EMPTY;
    if (!e.ok) return invalid(e);
    return reply(200, toApiMessage(this.create(channelId, { ...body, flags: (body?.flags ?? 0) & ~64 }, files, {})));
  }

  getMessage(channelId: string, messageId: string): Reply {
    return this.channelOp('GET', channelId, messageId);
  }

  editMessage(channelId: string, messageId: string, body: Json, files: Files): Reply {
    return this.channelOp('PATCH', channelId, messageId, body, files);
  }

  deleteMessage(channelId: string, messageId: string): Reply {
    return this.channelOp('DELETE', channelId, messageId);
  }

  private channelOp(method: string, channelId: string, messageId: string, body?: Json, files: Files = []): Reply {
    const m = this.fake.messages.get(messageId);
    // Ephemeral messages exist only for their interaction's webhook.
    if (!m || m.deleted || m.channel_id !== channelId || m.flags & 64) return UNKNOWN_MESSAGE;
    return this.messageOp(method, m, body, files);
  }

  private messageOp(method: string, m: FakeMessage, body: Json, files: Files): Reply {
    if (method === 'GET') return reply(200, toApiMessage(m));
    if (method === 'DELETE') {
      m.deleted = true;
      return reply(204);
    }
    const e = new FormErrors();
    checkMessage(e, [], body ?? {}, { partial: true });
    if (!e.ok) return invalid(e);
    const next = { ...m };
    this.apply(next, body ?? {}, files);
    if (checkMessage(new FormErrors(), [], next, { hasFiles: (next.attachments ?? []).length > 0 }) === 'empty') return EMPTY;
    Object.assign(m, next);
    return reply(200, toApiMessage(m));
  }

  /** Replaces the fields an edit (or callback 7) gives; `attachments` lists the uploads to keep. */
  private apply(m: FakeMessage, data: Json, files: Files): void {
    if (data.content !== undefined) m.content = data.content ?? '';
    if (data.embeds !== undefined) m.embeds = data.embeds ?? [];
    if (data.components !== undefined) m.components = data.components ?? [];
    if (data.flags !== undefined && data.flags !== null) m.flags = (m.flags & ~(4 | 32768)) | (data.flags & (4 | 32768));
    const keep = Array.isArray(data.attachments) ? new Set((data.attachments as Json[]).map((a) => String(a.id))) : undefined;
    const kept = (m.attachments ?? []).filter((a) => !keep || keep.has(String(a.id)));
    const added = files.map((f) => this.fake.addAttachment(f.name, f.data, f.type));
    if (kept.length || added.length || m.attachments) m.attachments = [...kept, ...added];
    m.edits++;
    m.edited_at = Date.now();
    m.deferred = false;
  }

  private create(channelId: string, data: Json, files: Files, via: { token?: string; type?: number; interaction?: PendingInteraction }): FakeMessage {
    const m: FakeMessage = {
      id: snowflake(),
      channel_id: channelId,
      content: data.content ?? '',
      embeds: data.embeds ?? [],
      components: data.components ?? [],
      flags: (data.flags ?? 0) & CREATE_FLAGS,
      edits: 0,
      type: via.type ?? 0,
    };
    if (files.length) m.attachments = files.map((f) => this.fake.addAttachment(f.name, f.data, f.type));
    if (via.token) {
      m.interaction_token = via.token;
      m.webhook_id = APP_ID;
    }
    const it = via.interaction;
    if (it) m.interaction_metadata = { id: it.id, type: it.type, user: it.user, authorizing_integration_owners: {} };
    this.fake.messages.set(m.id, m);
    return m;
  }

  /** The interaction behind a webhook token, if the token is still valid. */
  private webhook(app: string, token: string): PendingInteraction | undefined {
    const it = this.tokens.get(token);
    if (app !== APP_ID || !it || it.expired) return undefined;
    const age = Date.now() - it.createdAt;
    if (age > this.fake.opts.tokenLifetimeMs) return undefined;
    // Not answered within the deadline: Discord invalidates the token.
    if (!it.acked && age > this.fake.opts.interactionDeadlineMs) return undefined;
    return it;
  }
}
