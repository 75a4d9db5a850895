// Bulk import of phone numbers from a CSV (a carrier's number list): every row checked, then all or nothing.
import { parse } from 'csv-parse/sync';
import type { CommandContext } from '../runtime/command.ts';
import { ValidationError, type FieldIssue } from '../runtime/errors.ts';
import { resolveFreeText } from '../validation/fields.ts';
import { resolvePhoneNumber } from '../validation/phone.ts';
import type { Carrier, Direction } from '../store.ts';
import { DIRECTIONS } from './service.ts';

export const MAX_IMPORT_ROWS = 10_000;
/** Errors listed one by one; the rest are counted. */
const LISTED = 20;

const HEADERS: Record<'number' | 'label' | 'direction' | 'bot', string[]> = {
  number: ['number', 'did', 'phone', 'phone_number', 'phonenumber', 'e164', 'tn', 'telephone_number'],
  label: ['label', 'name', 'description', 'desc'],
  direction: ['direction', 'dir', 'usage'],
  bot: ['bot', 'agent', 'assigned_bot'],
};
type Column = keyof typeof HEADERS;

export interface ImportRow {
  row: number;
  number: string;
  normalized: string;
  label: string | null;
  direction: Direction;
  botId: string | null;
  botName: string | null;
}

export interface ImportPlan {
  rows: ImportRow[];
  /** Numbers already on this carrier: left as they are. */
  unchanged: string[];
}

/** Parses and checks the whole file against the database; throws a ValidationError listing bad rows (nothing written). */
export async function planDidImport(ctx: CommandContext, carrier: Carrier, data: Buffer): Promise<ImportPlan> {
  const records = parseCsv(data);
  const first = records[0]?.map(headerKey) ?? [];
  const header = first.some((h) => HEADERS.number.includes(h));
  const columns = header ? mapColumns(first) : { number: 0, label: 1, direction: 2, bot: 3 };
  const body = records.slice(header ? 1 : 0);
  const issue = (message: string): FieldIssue => ({ field: 'file', label: 'File', message });
  if (!body.length) throw new ValidationError([issue('the file has no rows; expected a number column (header "number") and optionally label, direction, bot')]);
  if (body.length > MAX_IMPORT_ROWS) throw new ValidationError([issue(`the file has ${body.length} rows; import at most ${MAX_IMPORT_ROWS} at a time`)]);

  const bots = new Map((await ctx.store.bots.list()).map((b) => [b.name.toLowerCase(), b]));
  const issues: FieldIssue[] = [];
  const seen = new Map<string, number>();
  const rows: ImportRow[] = [];
  const offset = header ? 2 : 1;
  body.forEach((rec, i) => {
    const row = i + offset;
    const cell = (c: Column) => (columns[c] === undefined ? '' : (rec[columns[c]!] ?? '').trim());
    const problems: string[] = [];
    const num = resolvePhoneNumber(cell('number'));
    if (!num.ok) problems.push(`number "${cell('number')}": ${num.message}`);
    const lab = cell('label') ? resolveFreeText(60)(cell('label')) : null;
    if (lab && !lab.ok) problems.push(`label: ${lab.message}`);
    const dirRaw = cell('direction').toLowerCase() || 'both';
    const direction = (DIRECTIONS as readonly string[]).includes(dirRaw) ? (dirRaw as Direction) : null;
    if (!direction) problems.push(`direction "${cell('direction')}": choose one of ${DIRECTIONS.join(', ')}`);
    const botName = cell('bot');
    const bot = botName ? bots.get(botName.toLowerCase()) : undefined;
    if (botName && !bot) problems.push(`bot "${botName}": no such bot; run \`bot list\``);
    if (botName && direction === 'outbound') problems.push('bot: outbound numbers take no bot');
    if (num.ok) {
      const dup = seen.get(num.value.normalized);
      if (dup) problems.push(`number ${num.value.display} is also on row ${dup}`);
      else seen.set(num.value.normalized, row);
    }
    if (problems.length) {
      issues.push(issue(`row ${row}: ${problems.join('; ')}`));
      return;
    }
    if (!num.ok || !direction) return;
    rows.push({
      row,
      number: num.value.display,
      normalized: num.value.normalized,
      label: lab && lab.ok ? lab.value : null,
      direction,
      botId: bot?.id ?? null,
      botName: bot?.name ?? null,
    });
  });

  const existing = await ctx.store.dids.findManyByNormalized(rows.map((r) => r.normalized));
  const unchanged: string[] = [];
  const byNumber = new Map(existing.map((d) => [d.numberNormalized, d]));
  for (const r of rows) {
    const d = byNumber.get(r.normalized);
    if (!d) continue;
    if (d.carrierId === carrier.id) unchanged.push(d.number);
    else issues.push(issue(`row ${r.row}: ${d.number} is already on carrier "${d.carrierName}"; a number belongs to one carrier`));
  }
  if (issues.length) {
    issues.sort((a, b) => rowOf(a) - rowOf(b));
    const listed = issues.slice(0, LISTED);
    if (issues.length > LISTED) listed.push(issue(`…and ${issues.length - LISTED} more bad rows (${issues.length} in all)`));
    throw new ValidationError(listed);
  }
  return { rows: rows.filter((r) => !byNumber.has(r.normalized)), unchanged };
}

/** Writes the planned numbers, 1,000 per statement, with one audit entry per number and progress between chunks. */
export async function applyDidImport(ctx: CommandContext, carrier: Carrier, plan: ImportPlan): Promise<number> {
  const chunk = 1000;
  let done = 0;
  for (let i = 0; i < plan.rows.length; i += chunk) {
    const part = plan.rows.slice(i, i + chunk);
    const inserted = await ctx.store.dids.insertMany(
      part.map((r) => ({ carrierId: carrier.id, number: r.number, numberNormalized: r.normalized, label: r.label, direction: r.direction, botId: r.botId })),
    );
    inserted.forEach((d, j) => {
      const r = part[j]!;
      ctx.audit({
        action: 'did.add',
        entityType: 'did',
        entityId: d.id,
        entityName: d.number,
        carrierId: carrier.id,
        before: null,
        after: { number: d.number, carrier: carrier.name, label: d.label, direction: d.direction, bot: r.botName, via: 'import' },
      });
    });
    done += part.length;
    if (plan.rows.length > chunk) ctx.progress(`Imported ${done} of ${plan.rows.length} numbers…`);
  }
  if (done) ctx.requestSync([carrier.id]);
  return done;
}

function parseCsv(data: Buffer): string[][] {
  const text = data.toString('utf8');
  if (/^\s*<(!doctype|html)/i.test(text)) {
    throw new ValidationError([{ field: 'file', label: 'File', message: 'the download is an HTML page, not a CSV (the file could not be fetched)' }]);
  }
  try {
    return parse(text, { bom: true, delimiter: [',', ';', '\t'], relax_column_count: true, skip_empty_lines: true, skip_records_with_empty_values: true }) as string[][];
  } catch (err) {
    throw new ValidationError([{ field: 'file', label: 'File', message: `not a readable CSV: ${(err as Error).message}` }]);
  }
}

function headerKey(h: string): string {
  return h.trim().toLowerCase().replace(/[\s-]+/g, '_');
}

function mapColumns(header: string[]): Partial<Record<Column, number>> {
  const out: Partial<Record<Column, number>> = {};
  for (const [col, names] of Object.entries(HEADERS) as [Column, string[]][]) {
    const i = header.findIndex((h) => names.includes(h));
    if (i >= 0) out[col] = i;
  }
  return out;
}

function rowOf(i: FieldIssue): number {
  return Number(/^row (\d+)/.exec(i.message)?.[1] ?? Number.MAX_SAFE_INTEGER);
}
