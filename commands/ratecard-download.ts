// ratecard download: a revision's rates as a CSV file that opens safely in a spreadsheet and uploads again through
// `ratecard upload` as the same prices; gzipped when large, so it fits chat upload limits.
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { findRateCard } from '../src/core/ratecards/cards.ts';
import { findRevision } from '../src/core/ratecards/revisions.ts';
import { defineAction } from '../src/core/runtime/command.ts';
import { UserError } from '../src/core/runtime/errors.ts';
import { formatBytes, opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { createRateCsv, revisionFileName } from '../src/ratecards/csv-out.ts';
import { cardRef } from './ratecard-options.ts';

/** Rows per database page (keyset pagination; one index range scan each). */
const PAGE_ROWS = 10_000;
/** A 1M-row revision is ~40 MB of CSV and ~6 MB gzipped: past this size the file goes gzipped. */
export const GZIP_OVER_BYTES = 5 * 1024 * 1024;

const gzipAsync = promisify(gzip);
const count = (n: number) => n.toLocaleString('en-US');

export const downloadAction = defineAction({
  name: 'download',
  description: "A revision's rates as a CSV file (default: the active revision, else the newest)",
  role: 'viewer',
  mutates: false,
  options: {
    card: cardRef(),
    revision: opt.integer({ label: 'Revision', description: 'Revision number (default: the active one, else the newest)', min: 1, max: 1_000_000, positional: true }),
  },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const list = (await ctx.store.rateCards.revisions(card.id)).filter((r) => r.status !== 'draft');
    if (!list.length) throw new UserError(`${card.name} has no revisions yet. Upload a deck with \`ratecard upload "${card.name}" file=…\`.`);
    const rev = a.revision ? await findRevision(ctx, card, a.revision) : (list.find((r) => r.status === 'active') ?? list[0]!);

    const csv = createRateCsv({ presentation: card.presentation, currency: card.currency });
    const parts: Buffer[] = [Buffer.from(csv.header)];
    for await (const page of ctx.store.revisions.rows(rev.id, PAGE_ROWS)) {
      parts.push(Buffer.from(csv.rows(page)));
      if (csv.counts.rows < rev.rowCount) ctx.progress(`Read ${count(csv.counts.rows)} of ${count(rev.rowCount)} rates…`);
    }
    const raw = Buffer.concat(parts);
    const zipped = raw.length > GZIP_OVER_BYTES;
    const data = zipped ? await gzipAsync(raw, { level: 6 }) : raw;
    const name = revisionFileName(card.name, rev.number, zipped ? 'csv.gz' : 'csv');
    const { rows, neutralised } = csv.counts;

    return reply({
      ephemeral: true,
      tone: 'ok',
      title: `${card.name}: revision #${rev.number} (${rev.status})`,
      text:
        `${count(rows)} rate${rows === 1 ? '' : 's'} in ${name} (${formatBytes(data.length)}).` +
        (zipped ? ` Gzipped from ${formatBytes(raw.length)} so it fits chat upload limits: open it with any unzip tool, or upload it back as it is.` : ''),
      footer: [
        `Columns: ${csv.columns.join(', ')}. Upload it back with \`ratecard upload "${card.name}" file=…\`: the columns map by themselves.`,
        ...(neutralised
          ? [`${count(neutralised)} cell${neutralised === 1 ? '' : 's'} starting with = + - or @ ${neutralised === 1 ? 'is' : 'are'} written with a leading ' so a spreadsheet shows ${neutralised === 1 ? 'it' : 'them'} as text instead of running a formula.`]
          : []),
      ],
      files: [{ name, mime: zipped ? 'application/gzip' : 'text/csv', data, title: `${card.name} revision #${rev.number} (${count(rows)} rates)` }],
    });
  },
});
