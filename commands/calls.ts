// /calls — call records: `calls import <file>` loads a CDR CSV through the same pipeline as the call-event API, so
// every new call updates its carrier's health counters. Bad rows are listed by line and skipped; calls already
// stored are skipped too, so importing a file again changes nothing.
import { defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { buildForm } from '../src/core/runtime/form.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import type { Store } from '../src/core/store.ts';
import { readCdrCsv } from '../src/health/cdr-csv.ts';
import { ingestCallEvents, type IngestReport } from '../src/health/ingest.ts';
import { metrics } from '../src/metrics.ts';

/** About 300,000 calls; bigger exports go in several files (or zipped, which the limit applies to unpacked). */
export const MAX_CDR_BYTES = 50 * 1024 * 1024;
/** Refused rows listed one by one; the rest are counted. */
const LISTED = 20;
const COLUMNS_HINT = 'CSV with a header row: call_id, carrier (id, name or LiveKit trunk id), number, direction, sip_code, started_at, answered_at, ended_at';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;

class DryRun extends Error {}

/** The import run and rolled back: exactly what the real import would store and skip. */
async function dryRun(store: Store, run: (store: Store) => Promise<IngestReport>): Promise<IngestReport> {
  let report: IngestReport | undefined;
  await store
    .transaction(async (tx) => {
      report = await run(tx);
      throw new DryRun();
    })
    .catch((err: unknown) => {
      if (!(err instanceof DryRun)) throw err;
    });
  return report!;
}

const importCalls = defineAction({
  name: 'import',
  description: "Load call records (a CDR CSV): each new call updates its carrier's health counters; bad rows are listed and skipped",
  role: 'operator',
  mutates: true,
  options: {
    file: opt.file({ label: 'CDR file', description: COLUMNS_HINT, required: true, positional: true, accept: ['csv', 'txt'], maxBytes: MAX_CDR_BYTES }),
    dry_run: opt.yesNo({ label: 'Dry run', description: 'yes checks the file and shows what would be imported, without saving' }),
  },
  form: async (_ctx, typed) =>
    buildForm({
      title: 'Import call records',
      submitLabel: 'Import',
      path: ['calls', 'import'],
      fields: [{ name: 'file', label: 'CDR file', type: 'file', accept: ['csv', 'txt'], required: true, hint: COLUMNS_HINT }],
      typed,
      note: 'Rows with problems are listed and skipped; calls already stored are skipped too, so importing again is safe.',
    }),
  handler: async (ctx, a) => {
    const cdr = readCdrCsv(a.file.data);
    const run = (store: Store) =>
      ingestCallEvents(store, cdr.rows, {
        source: 'import',
        now: ctx.deps.now(),
        progress: (done, total) => ctx.progress(`Imported ${done.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} calls…`),
      });
    const report = a.dry_run ? await dryRun(ctx.store, run) : await run(ctx.store);
    const { accepted, duplicates, rejected, unknownCarriers } = report;
    if (!a.dry_run) {
      metrics.eventsIngested('import', { accepted, duplicates, rejected: rejected.length });
      ctx.audit({
        action: 'calls.import',
        entityType: 'call_events',
        entityId: null,
        entityName: a.file.name,
        carrierId: null,
        before: null,
        after: { file: a.file.name, rows: cdr.rows.length, accepted, duplicates, rejected: rejected.length },
      });
    }
    const counts = [
      duplicates ? `${plural(duplicates, 'call')} already stored` : null,
      rejected.length ? `${plural(rejected.length, 'row')} refused` : null,
    ].filter(Boolean);
    const text = `${a.dry_run ? `${plural(accepted, 'call')} would be imported` : `${plural(accepted, 'call')} imported`} from ${a.file.name}${counts.length ? ` (${counts.join(', ')})` : ''}.${a.dry_run ? ' Nothing was saved.' : ''}`;
    const listed = rejected.slice(0, LISTED);
    const footer = [
      ...(rejected.length > LISTED ? [`…and ${plural(rejected.length - LISTED, 'more refused row')}.`] : []),
      ...(unknownCarriers.length
        ? [`No carrier matches ${unknownCarriers.map((u) => `"${u.carrier}" (${plural(u.events, 'row')})`).join(', ')}: add it (\`carrier add\`) or fix the carrier column, then import the file again.`]
        : []),
    ];
    return reply({
      ephemeral: Boolean(a.dry_run),
      tone: rejected.length ? (accepted || duplicates ? 'warn' : 'error') : 'ok',
      title: a.dry_run ? `Dry run: ${a.file.name}` : undefined,
      text,
      table: listed.length
        ? { columns: ['Line', 'Call id', 'Problem'], rows: listed.map((r) => [String('line' in r.at ? r.at.line : r.at.index), r.callId ?? '—', r.errors.join('; ')]), mono: [0, 1] }
        : undefined,
      footer: footer.length ? footer : undefined,
    });
  },
});

export const callsCommand = defineCommand({ name: 'calls', description: 'Call records: import CDRs that feed carrier health', actions: [importCalls] });
