// Renders neutral replies as terminal text: aligned tables, labelled fields, buttons as the command to type.
import type { ActionRef, ConfirmRequest, Reply, Tone } from '../core/runtime/reply.ts';
import { describeTime, renderTimeTokens } from '../core/runtime/time.ts';
import { quoteValue } from '../core/runtime/commandline.ts';
import { alignTable } from '../core/runtime/table.ts';

const ICON: Record<Tone, string> = { ok: '✔', error: '✖', warn: '⚠', info: 'ℹ' };

export function renderReply(r: Reply, now: Date = new Date()): string {
  const out: string[] = [];
  if (r.title) out.push(r.title, '─'.repeat(Math.min(Math.max(r.title.length, 8), 72)));
  if (r.banner) out.push(`${ICON[r.banner.tone]} ${r.banner.text}`);
  if (r.text) out.push(r.tone ? `${ICON[r.tone]} ${r.text}` : r.text);
  if (r.fields?.length) {
    const w = Math.max(...r.fields.map((f) => f.label.length));
    for (const f of r.fields) out.push(`${f.label.padEnd(w)}  ${f.value}`);
  }
  if (r.table) {
    const cell = (c: string) => renderTimeTokens(c, (d, style) => describeTime(d, style, now));
    out.push('', ...alignTable(r.table.columns, r.table.rows.map((row) => row.map(cell))));
  }
  if (r.footer?.length) out.push('', ...r.footer);
  if (r.buttons?.length) out.push('', `Next: ${r.buttons.map((b) => `${b.label} → ${commandFor(b.action)}`).join('  ·  ')}`);
  return renderTimeTokens(out.join('\n'), (d, style) => describeTime(d, style, now));
}

export function renderConfirm(c: ConfirmRequest): string {
  return `${ICON.warn} ${c.title}\n${c.text}`;
}

/** The console command a button stands for. */
export function commandFor(a: ActionRef): string {
  const args = Object.entries(a.args).map(([k, v]) => `${k}=${quoteValue(v)}`);
  return [...a.path, ...args].join(' ');
}
