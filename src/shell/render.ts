// Renders neutral replies as terminal text: aligned tables, labelled fields, buttons as the command to type.
import type { ActionRef, ConfirmRequest, Reply, Tone } from '../core/runtime/reply.ts';
import { describeTime, renderTimeTokens } from '../core/runtime/time.ts';
import { quoteValue } from '../core/runtime/commandline.ts';

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
  if (r.table) out.push('', ...renderTable(r.table.columns, r.table.rows));
  if (r.footer?.length) out.push('', ...r.footer);
  if (r.buttons?.length) out.push('', `Next: ${r.buttons.map((b) => `${b.label} → ${commandFor(b.action)}`).join('  ·  ')}`);
  return renderTimeTokens(out.join('\n'), (d, style) => describeTime(d, style, now));
}

export function renderConfirm(c: ConfirmRequest): string {
  return `${ICON.warn} ${c.title}\n${c.text}`;
}

export function renderTable(columns: string[], rows: string[][]): string[] {
  const widths = columns.map((c, i) => Math.max(c.length, ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : pad(c, widths[i]!))).join('  ').trimEnd();
  return [line(columns), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.map(line)];
}

/** The console command a button stands for. */
export function commandFor(a: ActionRef): string {
  const args = Object.entries(a.args).map(([k, v]) => `${k}=${quoteValue(v)}`);
  return [...a.path, ...args].join(' ');
}

// Time tokens are rendered after layout, so measure them at their rendered width.
function displayWidth(s: string): number {
  return renderTimeTokens(s, (d, st) => describeTime(d, st)).length;
}

function pad(s: string, w: number): string {
  return s + ' '.repeat(Math.max(0, w - displayWidth(s)));
}
