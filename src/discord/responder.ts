// Answers one interaction within Discord's rules: the first response within 3 s (a reply, an update of the
// message a button sits on, a modal, or a deferral), then edits and follow-ups on the 15-minute token. Ephemeral
// or not is fixed by the first response, so a deferred answer of the other kind replaces the placeholder with a
// follow-up. Past the token's life the answer goes to the channel (or, if private, to the user by DM). An
// interaction Discord no longer knows is logged, never thrown.
import { DiscordAPIError, MessageFlags, Routes, type ButtonInteraction, type ChatInputCommandInteraction, type ModalSubmitInteraction } from 'discord.js';
import type { Logger } from '../logger.ts';
import { noticeMessage, type DiscordMessage } from './render.ts';

export type Repliable = ChatInputCommandInteraction | ButtonInteraction | ModalSubmitInteraction;

/** Interaction and webhook errors that mean "too late" or "already answered" rather than a bug. */
const GONE = new Set([10062, 10015, 10008, 40060]);
/** Interaction tokens last 15 minutes; leave a margin for the request itself. */
const TOKEN_LIFE_MS = 14.5 * 60_000;

export interface SendOptions {
  ephemeral: boolean;
  /** Replace the message the interaction came from (a confirmation, a form step) instead of answering anew. */
  replace: boolean;
}

export class Responder {
  private state: 'new' | 'deferred' | 'deferred-update' | 'answered' = 'new';
  private deferredEphemeral = true;

  constructor(
    readonly i: Repliable,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** A modal can only be the first response, and never to a modal submission. */
  get canShowModal(): boolean {
    return this.state === 'new' && !this.i.isModalSubmit();
  }

  private get canUpdate(): boolean {
    return this.i.isButton() || (this.i.isModalSubmit() && this.i.isFromMessage());
  }

  private get expired(): boolean {
    return this.now() - this.i.createdTimestamp > TOKEN_LIFE_MS;
  }

  /** Acknowledges now so the work can take longer than 3 s. */
  async defer(o: SendOptions): Promise<void> {
    if (this.state !== 'new') return;
    await this.guard('defer', async () => {
      if (o.replace && this.canUpdate) {
        await (this.i as ButtonInteraction).deferUpdate();
        this.state = 'deferred-update';
      } else {
        await this.i.deferReply(o.ephemeral ? { flags: MessageFlags.Ephemeral } : {});
        this.state = 'deferred';
        this.deferredEphemeral = o.ephemeral;
      }
    });
  }

  async modal(json: Record<string, unknown>): Promise<void> {
    await this.guard('modal', async () => {
      await (this.i as ChatInputCommandInteraction).showModal({ toJSON: () => json } as never);
      this.state = 'answered';
    });
  }

  /** Progress of a long command: the deferred placeholder shows it. */
  async progress(text: string, ephemeral: boolean): Promise<void> {
    if (this.state === 'new') await this.defer({ ephemeral, replace: false });
    if (this.state !== 'deferred' || this.expired) return;
    await this.guard('progress', () => this.i.editReply(edit(noticeMessage(`⏳ ${text}`))).then(() => undefined));
  }

  async send(msg: DiscordMessage, o: SendOptions): Promise<void> {
    if (this.expired) return this.late(msg, o);
    const flags = o.ephemeral ? MessageFlags.Ephemeral : undefined;
    await this.guard('answer', async () => {
      switch (this.state) {
        case 'new':
          if (o.replace && this.canUpdate) await (this.i as ButtonInteraction).update(edit(msg));
          else await this.i.reply({ ...msg, flags } as never);
          break;
        case 'deferred-update':
          if (o.replace) await this.i.editReply(edit(msg));
          else await this.i.followUp({ ...msg, flags } as never);
          break;
        case 'deferred':
          if (this.deferredEphemeral === o.ephemeral) await this.i.editReply(edit(msg));
          else {
            // The placeholder is of the wrong kind (private vs public): replace it with a follow-up of the right one.
            await this.i.deleteReply().catch(() => {});
            await this.i.followUp({ ...msg, flags } as never);
          }
          break;
        case 'answered':
          await this.i.followUp({ ...msg, flags } as never);
      }
      this.state = 'answered';
    });
  }

  /** The token is spent: post publicly in the channel, or privately by direct message. */
  private async late(msg: DiscordMessage, o: SendOptions): Promise<void> {
    const body = { content: msg.content, embeds: msg.embeds, components: msg.components, allowed_mentions: { parse: [] } };
    const files = msg.files?.map((f) => ({ name: f.name, data: f.attachment }));
    this.logger.warn({ interaction: this.i.id, ephemeral: o.ephemeral }, 'discord interaction token expired; answering outside the interaction');
    try {
      if (!o.ephemeral && this.i.channelId) await this.i.client.rest.post(Routes.channelMessages(this.i.channelId), { body, files });
      else await this.i.user.send({ ...body, files: msg.files } as never);
    } catch (err) {
      this.logger.warn({ err: describe(err), interaction: this.i.id }, 'discord answer could not be delivered');
    }
  }

  private async guard(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (err) {
      if (err instanceof DiscordAPIError && GONE.has(Number(err.code))) {
        // Discord forgot the interaction (answered after 3 s, or the token ran out): nothing left to answer.
        this.logger.warn({ interaction: this.i.id, code: err.code, what }, 'discord interaction expired before it was answered');
        this.state = 'answered';
        return;
      }
      throw err;
    }
  }
}

/** An edit replaces content, embeds and buttons alike (an empty content clears the old one); files are added. */
function edit(msg: DiscordMessage) {
  return { content: msg.content ?? '', embeds: msg.embeds, components: msg.components, allowedMentions: msg.allowedMentions, ...(msg.files ? { files: msg.files } : {}) } as never;
}

function describe(err: unknown): string {
  return err instanceof DiscordAPIError ? `${err.status} ${err.code} ${err.message}` : String(err);
}
