// Neutral replies and confirmations as Discord messages: one embed (title, status banner, text, fields, table as
// an aligned code block, notes) coloured by tone, buttons in action rows, times as <t:unix:R> / <t:unix:f> so each
// reader sees their own zone, and every Discord limit enforced here so a long list never gets the message refused.
import { ButtonStyle, ComponentType, type APIActionRowComponent, type APIButtonComponentWithCustomId, type APIEmbed, type APIEmbedField } from 'discord.js';
import { formatBytes } from '../core/runtime/bytes.ts';
import type { ActionRef, ConfirmRequest, Reply, ReplyButton, ReplyFile, Tone } from '../core/runtime/reply.ts';
import { alignTable } from '../core/runtime/table.ts';
import { describeTime, relativeTime, renderTimeTokens, type TimeStyle } from '../core/runtime/time.ts';

// https://discord.com/developers/docs/resources/message#embed-object-embed-limits
export const LIMITS = { files: 10, uploadBytes: 25 * 1024 * 1024, content: 2000, title: 256, description: 4096, fields: 25, fieldName: 256, fieldValue: 1024, footer: 2048, embedTotal: 6000, rows: 5, buttonsPerRow: 5, buttonLabel: 80, customId: 100 } as const;

const COLOR: Record<Tone, number> = { ok: 0x2ecc71, error: 0xe74c3c, warn: 0xf1c40f, info: 0x5865f2 };
const EMOJI: Record<Tone, string> = { ok: '✅', error: '❌', warn: '⚠️', info: 'ℹ️' };

export interface DiscordMessage {
  content?: string;
  embeds: APIEmbed[];
  components: APIActionRowComponent<APIButtonComponentWithCustomId>[];
  /** Files attached to the message (discord.js uploads them as multipart). */
  files?: { attachment: Buffer; name: string; description?: string }[];
  /** Nobody is pinged by what a command echoes (a carrier named "@everyone"). */
  allowedMentions: { parse: [] };
}

/** Turns a button's action into a custom id (≤100 characters); may store it when it does not fit. */
export type EncodeAction = (ref: ActionRef, kind: 'run' | 'confirm') => Promise<string>;

export function discordTime(date: Date, style: TimeStyle): string {
  return `<t:${Math.floor(date.getTime() / 1000)}:${style === 'relative' ? 'R' : 'f'}>`;
}

/** Markdown text with times as Discord timestamps. */
export function md(text: string): string {
  return renderTimeTokens(text, discordTime);
}

/** Places where Discord shows text without rendering timestamps (titles, buttons, code blocks, notifications). */
export function plain(text: string, now: Date): string {
  return renderTimeTokens(text, (d, style) => (style === 'relative' ? relativeTime(d, now) : describeTime(d, 'full', now)));
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

export async function replyToMessage(r: Reply, encode: EncodeAction, now: Date = new Date()): Promise<DiscordMessage> {
  const embed: APIEmbed = {};
  if (r.tone) embed.color = COLOR[r.tone];
  else if (r.banner) embed.color = COLOR[r.banner.tone];
  if (r.title) embed.title = clip(plain(r.title, now), LIMITS.title);
  const head: string[] = [];
  if (r.banner) head.push(`${EMOJI[r.banner.tone]} ${md(r.banner.text)}`);
  if (r.text) head.push(`${r.tone && !r.title ? `${EMOJI[r.tone]} ` : ''}${md(r.text)}`);
  const attached = attachments(r.files ?? []);
  if (attached.refused) head.push(`${EMOJI.warn} ${attached.refused}`);
  const notes = (r.footer ?? []).map((t) => `-# ${md(t)}`);
  // Fields share the embed's 6,000 characters with the title and description: they get what is left after
  // a fair share for the description, and the ones that do not fit are counted instead.
  const fields: APIEmbedField[] = [];
  let used = embed.title?.length ?? 0;
  const all = r.fields ?? [];
  for (const f of all.slice(0, LIMITS.fields)) {
    const field = { name: clip(plain(f.label, now), LIMITS.fieldName) || '\u200b', value: clip(md(f.value), LIMITS.fieldValue) || '—', inline: f.inline !== false };
    if (used + field.name.length + field.value.length > LIMITS.embedTotal - FIELD_RESERVE) break;
    fields.push(field);
    used += field.name.length + field.value.length;
  }
  if (fields.length < all.length) notes.unshift(`-# ${all.length - fields.length} more field${all.length - fields.length === 1 ? '' : 's'} not shown.`);
  let description = head.join('\n');
  const room = Math.min(LIMITS.description, LIMITS.embedTotal - used);
  const budget = room - notes.join('\n').length - 4;
  if (r.table) description = joinParts([description, tableText(r.table.columns, r.table.rows, budget - description.length - 2, now)]);
  description = joinParts([description, notes.join('\n')]);
  if (description) embed.description = clip(description, room);
  if (fields.length) embed.fields = fields;
  const hasEmbed = Boolean(embed.title || embed.description || embed.fields);
  return {
    embeds: hasEmbed ? [embed] : [],
    // A message needs something in it; an empty reply says so rather than being refused.
    content: hasEmbed ? undefined : 'Done.',
    components: await buttonRows(r.buttons ?? [], encode),
    ...(attached.files.length ? { files: attached.files } : {}),
    allowedMentions: { parse: [] },
  };
}

/**
 * A reply's files as attachments, within what one Discord message can carry: 10 files and 25 MB in all (a server's
 * boosts may allow more, but the bot cannot know them here). Files over the limit are left out and named.
 */
function attachments(files: readonly ReplyFile[]): { files: NonNullable<DiscordMessage['files']>; refused?: string } {
  const out: NonNullable<DiscordMessage['files']> = [];
  const left: string[] = [];
  let total = 0;
  for (const f of files) {
    if (out.length >= LIMITS.files || total + f.data.byteLength > LIMITS.uploadBytes) {
      left.push(`${f.name} (${formatBytes(f.data.byteLength)})`);
      continue;
    }
    total += f.data.byteLength;
    out.push({ attachment: Buffer.from(f.data.buffer, f.data.byteOffset, f.data.byteLength), name: f.name, ...(f.title ? { description: clip(f.title, 1024) } : {}) });
  }
  const refused = left.length
    ? `Not attached: ${left.join(', ')} — over what one Discord message can carry (${LIMITS.files} files, ${formatBytes(LIMITS.uploadBytes)}). Get ${left.length === 1 ? 'it' : 'them'} from the console or Slack.`
    : undefined;
  return { files: out, refused };
}

/** The question before a destructive action: Danger to go ahead, Cancel to leave things as they are. */
export async function confirmToMessage(c: ConfirmRequest, encode: EncodeAction, now: Date = new Date()): Promise<DiscordMessage> {
  return {
    embeds: [{ color: COLOR.warn, title: clip(`${EMOJI.warn} ${plain(c.title, now)}`, LIMITS.title), description: clip(md(c.text), LIMITS.description) }],
    components: [
      {
        type: ComponentType.ActionRow,
        components: [
          { type: ComponentType.Button, style: ButtonStyle.Danger, label: clip(c.confirmLabel, LIMITS.buttonLabel), custom_id: await encode(c.action, 'confirm') },
          { type: ComponentType.Button, style: ButtonStyle.Secondary, label: 'Cancel', custom_id: CANCEL_ID },
        ],
      },
    ],
    allowedMentions: { parse: [] },
  };
}

export const CANCEL_ID = 'cancel';

/** A plain one-line message (progress, a notice), optionally with buttons already built. */
export function noticeMessage(text: string, tone?: Tone, components: DiscordMessage['components'] = []): DiscordMessage {
  return { content: clip(`${tone ? `${EMOJI[tone]} ` : ''}${md(text)}`, LIMITS.content), embeds: [], components, allowedMentions: { parse: [] } };
}

function joinParts(parts: string[]): string {
  return parts.filter(Boolean).join('\n\n');
}

/** The table as aligned text in a code block, as many rows as fit the budget; the rest counted in a last line. */
function tableText(columns: string[], rows: string[][], budget: number, now: Date): string {
  // Code blocks do not render <t:…>, so times in cells are shown relative ("5 min ago"): right in any zone.
  const lines = alignTable(columns, rows.map((row) => row.map((c) => plain(c, now).replace(/`/g, "'"))));
  const wrap = (ls: string[]) => '```\n' + ls.join('\n') + '\n```';
  if (wrap(lines).length <= budget) return wrap(lines);
  const header = lines.slice(0, 2);
  const body = lines.slice(2);
  const more = (n: number) => `Showing ${n} of ${rows.length} rows; narrow the list with a search or filter.`;
  // One pass over the rows (a card can list 10,000 numbers): keep rows while the block and the note fit.
  let size = wrap(header).length + 2 + more(body.length).length;
  let kept = 0;
  while (kept < body.length && size + body[kept]!.length + 1 <= budget) size += body[kept++]!.length + 1;
  return `${wrap([...header, ...body.slice(0, kept)])}\n${more(kept)}`;
}

async function buttonRows(buttons: ReplyButton[], encode: EncodeAction): Promise<DiscordMessage['components']> {
  const rows: DiscordMessage['components'] = [];
  const seen = new Set<string>();
  const shown = buttons.slice(0, LIMITS.rows * LIMITS.buttonsPerRow);
  for (let i = 0; i < shown.length; i += LIMITS.buttonsPerRow) {
    const components: APIButtonComponentWithCustomId[] = [];
    for (const b of shown.slice(i, i + LIMITS.buttonsPerRow)) {
      const id = await encode(b.action, 'run');
      // Custom ids must be unique within a message, and a second button doing the same thing adds nothing.
      if (seen.has(id)) continue;
      seen.add(id);
      components.push({ type: ComponentType.Button, style: STYLE[b.style ?? 'default'], label: clip(b.label, LIMITS.buttonLabel), custom_id: id });
    }
    if (components.length) rows.push({ type: ComponentType.ActionRow, components });
  }
  return rows;
}

/** Characters of an embed kept for the title, text and notes when a reply has many long fields. */
const FIELD_RESERVE = 1000;

const STYLE = { primary: ButtonStyle.Primary, danger: ButtonStyle.Danger, default: ButtonStyle.Secondary } as const;
