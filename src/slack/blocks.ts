// Neutral replies and confirmations as Block Kit: sections, fields, tables as aligned code blocks, buttons.
// Every Slack limit that applies is enforced here, so a long list never makes Slack reject the message.
import type { ActionRef, ConfirmRequest, Reply, ReplyButton, Tone } from '../core/runtime/reply.ts';
import { alignTable } from '../core/runtime/table.ts';
import { relativeTime, renderTimeTokens } from '../core/runtime/time.ts';
import { clip, escapeMrkdwn, mrkdwn, plain, splitText } from './mrkdwn.ts';

// Slack's limits: https://docs.slack.dev/reference/block-kit/blocks
export const LIMITS = { messageBlocks: 50, tableChars: 12_000, sectionText: 3000, fieldText: 2000, fields: 10, buttonText: 75, buttonValue: 2000, contextElements: 10, fallbackText: 3000 };

export type Block = { type: string; block_id?: string; [key: string]: unknown };

export interface SlackMessage {
  text: string;
  blocks: Block[];
}

const EMOJI: Record<Tone, string> = { ok: ':white_check_mark:', error: ':x:', warn: ':warning:', info: ':information_source:' };

/** Button value: the command a press runs. Decoded (and re-checked by the dispatcher) when it comes back. */
export function encodeAction(a: ActionRef): string {
  const value = JSON.stringify({ p: a.path, a: a.args });
  if (value.length > LIMITS.buttonValue) throw new Error(`button action for ${a.path.join(' ')} is ${value.length} characters; Slack allows ${LIMITS.buttonValue}`);
  return value;
}

export function decodeAction(value: string | undefined): ActionRef | null {
  try {
    const v = JSON.parse(value ?? '') as { p?: unknown; a?: unknown };
    if (!Array.isArray(v.p) || !v.p.every((x) => typeof x === 'string')) return null;
    if (typeof v.a !== 'object' || v.a === null || !Object.values(v.a).every((x) => typeof x === 'string')) return null;
    return { path: v.p as string[], args: v.a as Record<string, string> };
  } catch {
    return null;
  }
}

export function replyToMessage(r: Reply, now: Date = new Date()): SlackMessage {
  const blocks: Block[] = [];
  const head = [r.title ? `*${mrkdwn(r.title)}*` : null, r.text ? `${r.tone ? `${EMOJI[r.tone]} ` : ''}${mrkdwn(r.text)}` : null];
  if (r.title) blocks.push(section(head[0]!));
  if (r.banner) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(`${EMOJI[r.banner.tone]} ${mrkdwn(r.banner.text)}`, LIMITS.fieldText) }] });
  if (r.text) for (const part of splitText(head[1]!, LIMITS.sectionText)) blocks.push(section(part));
  blocks.push(...fieldBlocks(r));
  // Buttons and the footer are kept; the table gets what is left of the 50 blocks.
  const tail: Block[] = [];
  if (r.footer?.length) tail.push({ type: 'context', elements: r.footer.slice(0, LIMITS.contextElements).map((t) => ({ type: 'mrkdwn', text: clip(mrkdwn(t), LIMITS.fieldText) })) });
  if (r.buttons?.length) tail.push(...buttonBlocks(r.buttons));
  if (r.table) blocks.push(...tableBlocks(r.table.columns, r.table.rows, LIMITS.messageBlocks - blocks.length - tail.length, now));
  blocks.push(...tail);
  const fallback = plain([r.title, r.banner?.text, r.text].filter(Boolean).join(' — ') || 'trunkops', now);
  return { text: clip(fallback, LIMITS.fallbackText), blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

/** The question before a destructive action; the button opens Slack's own confirm dialog before anything runs. */
export function confirmToMessage(c: ConfirmRequest): SlackMessage {
  return {
    text: clip(plain(`${c.title} ${c.text}`), LIMITS.fallbackText),
    blocks: [
      section(`${EMOJI.warn} *${mrkdwn(c.title)}*\n${mrkdwn(c.text)}`),
      {
        type: 'actions',
        block_id: 'confirm',
        elements: [
          {
            type: 'button',
            action_id: 'confirm',
            text: { type: 'plain_text', text: clip(c.confirmLabel, LIMITS.buttonText) },
            style: 'danger',
            value: encodeAction(c.action),
            confirm: {
              title: { type: 'plain_text', text: clip(c.title, 100) },
              text: { type: 'mrkdwn', text: clip(mrkdwn(c.text), 300) },
              confirm: { type: 'plain_text', text: clip(c.confirmLabel, 30) },
              deny: { type: 'plain_text', text: 'Cancel' },
              style: 'danger',
            },
          },
          { type: 'button', action_id: 'cancel', text: { type: 'plain_text', text: 'Cancel' }, value: 'cancel' },
        ],
      },
    ],
  };
}

function section(text: string): Block {
  return { type: 'section', text: { type: 'mrkdwn', text: clip(text, LIMITS.sectionText) } };
}

function fieldBlocks(r: Reply): Block[] {
  const out: Block[] = [];
  let inline: Block[] = [];
  const flush = () => {
    if (inline.length) out.push({ type: 'section', fields: inline });
    inline = [];
  };
  for (const f of r.fields ?? []) {
    const text = clip(`*${mrkdwn(f.label)}*\n${mrkdwn(f.value)}`, LIMITS.fieldText);
    if (f.inline === false) {
      flush();
      out.push(section(text));
      continue;
    }
    inline.push({ type: 'mrkdwn', text });
    if (inline.length === LIMITS.fields) flush();
  }
  flush();
  return out;
}

/** The table as aligned text in code blocks, as many rows as fit; the rest counted in a last line. */
function tableBlocks(columns: string[], rows: string[][], budget: number, now: Date): Block[] {
  if (budget < 1) return [];
  // Code blocks do not render <!date^…>, so times in cells are shown relative ("5 min ago"): right in any zone.
  const cell = (c: string) => renderTimeTokens(c, (d, style) => (style === 'relative' ? relativeTime(d, now) : `${d.toISOString().slice(0, 16).replace('T', ' ')} UTC`));
  const lines = alignTable(columns, rows.map((r) => r.map(cell))).map(escapeMrkdwn);
  const chunks = splitText(lines.join('\n'), LIMITS.sectionText - 8);
  // Besides the block count, keep the message readable (and under Slack's message size): about 12,000 characters of table.
  const fit = Math.min(budget, Math.ceil(LIMITS.tableChars / (LIMITS.sectionText - 8)));
  if (chunks.length <= fit) return chunks.map((c) => section('```' + c + '```'));
  const kept = chunks.slice(0, Math.max(1, Math.min(fit, budget - 1)));
  const shown = kept.reduce((n, c) => n + c.split('\n').length, 0) - 2;
  return [
    ...kept.map((c) => section('```' + c + '```')),
    { type: 'context', elements: [{ type: 'mrkdwn', text: `Showing ${shown} of ${rows.length} rows; narrow the list with a search or filter.` }] },
  ];
}

function buttonBlocks(buttons: ReplyButton[]): Block[] {
  const out: Block[] = [];
  for (let i = 0; i < buttons.length; i += 5) {
    out.push({
      type: 'actions',
      elements: buttons.slice(i, i + 5).map((b, j) => ({
        type: 'button',
        action_id: `run:${i + j}`,
        text: { type: 'plain_text', text: clip(b.label, LIMITS.buttonText) },
        value: encodeAction(b.action),
        ...(b.style && b.style !== 'default' ? { style: b.style } : {}),
      })),
    });
  }
  return out;
}
