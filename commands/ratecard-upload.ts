// ratecard upload / revisions / activate / archive: a deck is previewed (detection, mapping, samples, problems, diff
// against the active revision) before anything is written, imported on confirmation as a new revision — all or
// nothing — and made live now or at its date.
import { randomBytes } from 'node:crypto';
import { findRateCard } from '../src/core/ratecards/cards.ts';
import { openDeck, separatorName, type DeckReading, type OpenDeck } from '../src/core/ratecards/deck.ts';
import { activate, applyRetention, archive, findRevision } from '../src/core/ratecards/revisions.ts';
import { defineAction, type CommandContext } from '../src/core/runtime/command.ts';
import { UserError } from '../src/core/runtime/errors.ts';
import type { Attachment } from '../src/core/runtime/invocation.ts';
import { opt } from '../src/core/runtime/options.ts';
import { fail, ok } from '../src/core/runtime/resolved.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import type { DeckDiff, RateCard, RevisionSummary, Store } from '../src/core/store.ts';
import { cardRef, revisionNumber } from './ratecard-options.ts';

const STAGED_MS = 30 * 60_000;
/** Decks are big (a US NPANXX deck is ~3.5 MB, a 7-digit one can pass 60 MB); chat uploads arrive zipped. */
const MAX_DECK_BYTES = 200 * 1024 * 1024;
const SHOWN = 50;

function resolveDateLive(raw: string) {
  const v = raw.trim();
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(v) ? `${v}T00:00:00Z` : v);
  if (!/^\d{4}-\d{2}-\d{2}/.test(v) || Number.isNaN(d.getTime())) return fail('use a date like 2026-12-01 or 2026-12-01T06:00Z (UTC unless an offset is given)');
  return ok(d);
}

/** The deck: the file attached now, or the one staged at the preview. */
async function deckBytes(ctx: CommandContext, a: { file?: Attachment | null; upload?: string | null }): Promise<Attachment> {
  if (a.file) return a.file;
  if (a.upload) {
    const staged = await ctx.store.rateCards.stagedUpload(a.upload, ctx.caller.principal, ctx.deps.now());
    if (!staged) throw new UserError('That preview has expired (30 minutes) or was already imported; upload the deck again.');
    return { name: staged.name, data: staged.data };
  }
  throw new UserError('file: attach the deck (.csv, or zipped / gzipped), or give its path on the console.');
}

function open(card: RateCard, file: Attachment, a: { start_row?: number | null; map?: string | null }, now: Date): OpenDeck {
  return openDeck(file.data, card, { startRow: a.start_row ?? undefined, map: a.map ?? undefined, now });
}

type NewRevision = Pick<Parameters<Store['revisions']['insert']>[0], 'status' | 'dateLive' | 'sourceName' | 'uploadedBy' | 'progress'>;

/**
 * Loads the deck into a new revision in the store's transaction, the rows validated as COPY pulls them; then takes
 * out the prefixes found twice with different prices. A deck with bad rows is refused (the caller's transaction rolls
 * back) unless they are to be skipped.
 */
async function load(store: Store, card: RateCard, file: Attachment, deck: OpenDeck, revision: NewRevision, skipBad: boolean): Promise<{ rev: RevisionSummary; reading: DeckReading }> {
  const inserted = await store.revisions.insert({ cardId: card.id, ...revision, rows: deck.rows });
  const reading = deck.result();
  if (reading.counts.errors && !skipBad) {
    throw new UserError([`${file.name} has ${reading.counts.errors} bad row${reading.counts.errors === 1 ? '' : 's'}; nothing was imported. Fix the deck, or upload it again with skip_bad_rows=yes to import the good rows.`, ...problemLines(reading)].join('\n'));
  }
  if (!reading.counts.valid) throw new UserError(`${file.name} holds no rates to import.`);
  const rev = reading.conflicted.length ? await store.revisions.removePrefixes(inserted.id, reading.conflicted) : inserted;
  return { rev, reading };
}

function problemLines(deck: DeckReading): string[] {
  const issue = (i: { line: number; field: string; rule: string }) => `line ${i.line}: ${i.field === 'row' || i.field === 'deck' ? '' : `${i.field}: `}${i.rule}`;
  const out = deck.errors.slice(0, SHOWN).map((i) => `✖ ${issue(i)}`);
  if (deck.counts.errors > SHOWN) out.push(`… and ${deck.counts.errors - SHOWN} more errors.`);
  out.push(...deck.warnings.slice(0, SHOWN).map((i) => `⚠ ${issue(i)}`));
  if (deck.counts.warnings > SHOWN) out.push(`… and ${deck.counts.warnings - SHOWN} more warnings.`);
  return out;
}

function previewText(card: RateCard, file: Attachment, deck: DeckReading, diff: DeckDiff, active: RevisionSummary | undefined, skipBad: boolean): string {
  const c = deck.counts;
  const samples = deck.samples.map(
    (r) => `  ${r.prefix}  ${r.name ?? ''}  ${[r.rate, r.inter, r.intra, r.indeterminate].filter((x) => x !== null).join(' / ')}  ${r.mcd}/${r.pulse}${r.blocked ? '  blocked' : ''}`,
  );
  const inc = diff.largestIncreases.slice(0, 5).map((d) => `  ${d.prefix} ${d.name ?? ''}: ${d.before} → ${d.after}`);
  return [
    `${file.name}: ${deck.encoding}, ${separatorName(deck.separator)}-separated${deck.decimalComma ? ', decimal comma' : ''}, header on line ${deck.headerLine}${deck.dateFormat ? `, dates ${deck.dateFormat}` : ''}.`,
    `Columns: ${deck.mapping.map((m) => `${m.field} ← "${m.column}"`).join(', ')}.`,
    `${c.valid} rates to import (${c.rows} lines read: ${c.empty} empty, ${c.closed} closed, ${c.expanded} added from code lists and ranges, ${c.duplicatesMerged} duplicates merged${c.scheduled ? `, ${c.scheduled} dated later` : ''}); ${c.errors} errors${skipBad && c.errors ? ' (those rows are skipped)' : ''}, ${c.warnings} warnings.`,
    ...(samples.length ? ['First rows:', ...samples] : []),
    active
      ? `Against active revision #${active.number}: ${diff.added} new, ${diff.removed} removed, ${diff.increased} increased, ${diff.decreased} decreased, ${diff.unchanged} unchanged.`
      : 'No active revision yet: every rate is new.',
    ...(inc.length ? ['Largest increases:', ...inc] : []),
    ...problemLines(deck),
  ].join('\n');
}

export const upload = defineAction({
  name: 'upload',
  description: 'Upload a deck (CSV, zipped or gzipped): preview first, then import it as a new revision',
  role: 'admin',
  mutates: true,
  options: {
    card: cardRef('Rate card the deck is for'),
    file: opt.file({ label: 'Deck', description: 'The CSV deck (.csv, .txt, or zipped / gzipped)', accept: ['csv', 'txt'], maxBytes: MAX_DECK_BYTES }),
    start_row: opt.integer({ label: 'Header row', description: 'Line of the header row, when it is not found by itself', min: 1, max: 100_000 }),
    map: opt.text({ label: 'Column map', description: 'Explicit mapping, e.g. prefix:2,name:1,cost:3', max: 300 }),
    skip_bad_rows: opt.yesNo({ label: 'Skip bad rows', description: 'yes imports the good rows and lists the bad ones skipped' }),
    date_live: opt.custom({ label: 'Date live', description: 'When the revision goes live (UTC date or date-time); now when not given', resolve: resolveDateLive }),
    upload: opt.text({ label: 'Staged upload', description: 'The deck kept from the preview', hidden: true, max: 40 }),
  },
  confirm: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const file = await deckBytes(ctx, a);
    const deck = open(card, file, a, ctx.deps.now());
    const active = (await ctx.store.rateCards.revisions(card.id)).find((r) => r.status === 'active');
    // The preview is the import itself, rolled back: what the confirmation imports is exactly what is shown.
    const { reading, diff } = await dryRun(ctx, card, file, deck, active, Boolean(a.skip_bad_rows));
    const id = a.upload ?? randomBytes(12).toString('base64url');
    if (!a.upload) await ctx.store.rateCards.stageUpload({ id, cardId: card.id, owner: ctx.caller.principal, name: file.name, data: file.data, expiresAt: new Date(ctx.deps.now().getTime() + STAGED_MS) }, ctx.deps.now());
    const when = a.date_live && a.date_live > ctx.deps.now() ? `scheduled to go live ${timeToken(a.date_live, 'full')}` : 'live at once';
    return {
      title: `Import ${reading.counts.valid} rates into ${card.name} (${when})?`,
      text: previewText(card, file, reading, diff, active, Boolean(a.skip_bad_rows)),
      confirmLabel: 'Import',
      args: { upload: id, file: '' },
    };
  },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const file = await deckBytes(ctx, a);
    const deck = open(card, file, a, ctx.deps.now());
    const now = ctx.deps.now();
    const scheduled = a.date_live !== undefined && a.date_live !== null && a.date_live > now;
    const { rev, reading } = await load(ctx.store, card, file, deck, {
      status: scheduled ? 'scheduled' : 'inactive',
      dateLive: scheduled ? a.date_live! : null,
      sourceName: file.name,
      uploadedBy: ctx.caller.name ?? ctx.caller.principal,
      progress: (n) => ctx.progress(`Imported ${n} rates so far…`),
    }, Boolean(a.skip_bad_rows));
    const result = scheduled ? { ...(await applyRetention(ctx, card)), previous: undefined } : await activate(ctx, card, rev);
    if (a.upload) await ctx.store.rateCards.dropUpload(a.upload);
    ctx.audit({ action: 'ratecard.upload', entityType: 'ratecard', entityId: card.id, entityName: card.name, carrierId: card.carrierId, before: null, after: { revision: rev.number, rows: rev.rowCount, file: file.name, skipped: reading.counts.errors } });
    const skipped = reading.counts.errors ? [`${reading.counts.errors} bad rows skipped:`, ...problemLines(reading).filter((l) => l.startsWith('✖') || l.startsWith('… and'))] : [];
    return reply({
      tone: 'ok',
      text: `Imported ${rev.rowCount} rates from ${file.name} into ${card.name} as revision #${rev.number}, ${scheduled ? `scheduled to go live ${timeToken(a.date_live!, 'full')}` : `live now${result.previous ? ` (revision #${result.previous.number} is now inactive)` : ''}`}.`,
      footer: [...(result.archived.length ? [`Archived: ${result.archived.map((n) => `#${n}`).join(', ')}.`] : []), ...(result.deleted.length ? [`Deleted (more than 8 kept): ${result.deleted.map((n) => `#${n}`).join(', ')}.`] : []), ...skipped],
    });
  },
});

class Rollback extends Error {}

async function dryRun(ctx: CommandContext, card: RateCard, file: Attachment, deck: OpenDeck, active: RevisionSummary | undefined, skipBad: boolean): Promise<{ reading: DeckReading; diff: DeckDiff }> {
  let out: { reading: DeckReading; diff: DeckDiff } | undefined;
  try {
    await ctx.store.transaction(async (tx) => {
      const { rev, reading } = await load(tx, card, file, deck, { status: 'draft', dateLive: null, sourceName: null, uploadedBy: null }, skipBad);
      out = { reading, diff: await tx.revisions.diff(rev.id, active?.id ?? null) };
      throw new Rollback();
    });
  } catch (err) {
    if (!(err instanceof Rollback)) throw err;
  }
  return out!;
}
export const revisions = defineAction({
  name: 'revisions',
  description: "A card's revisions: status, rules, date live, who uploaded which file",
  role: 'viewer',
  mutates: false,
  options: { card: cardRef() },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const list = await ctx.store.rateCards.revisions(card.id);
    if (!list.length) return reply({ ephemeral: true, title: `${card.name}: no revisions`, text: `Upload a deck with \`ratecard upload "${card.name}" file=…\`.` });
    return reply({
      ephemeral: true,
      title: `${card.name}: revisions (${list.length})`,
      table: {
        columns: ['Revision', 'Status', 'Rules', 'Date live', 'Source', 'Uploaded by', 'Uploaded'],
        rows: list.map((r) => [`#${r.number}`, r.status + (r.activationError ? ` (failed: ${r.activationError})` : ''), String(r.rowCount), r.dateLive ? timeToken(r.dateLive, 'full') : r.activatedAt ? timeToken(r.activatedAt, 'full') : '—', r.sourceName ?? '—', r.uploadedBy ?? '—', timeToken(r.createdAt)]),
      },
    });
  },
});

export const diffAction = defineAction({
  name: 'diff',
  description: 'Compare a revision (default: the newest) with the active one, or the active one with the one before',
  role: 'viewer',
  mutates: false,
  options: { card: cardRef(), revision: opt.integer({ label: 'Revision', description: 'Revision number (default: the newest)', min: 1, max: 1_000_000, positional: true }) },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const list = await ctx.store.rateCards.revisions(card.id);
    if (!list.length) throw new UserError(`${card.name} has no revisions yet.`);
    const rev = a.revision ? await findRevision(ctx, card, a.revision) : list[0]!;
    const active = list.find((r) => r.status === 'active');
    // The active revision is compared with the one it replaced; any other with the active one.
    const against = rev.status === 'active' ? list.find((r) => r.number < rev.number && r.status !== 'draft') : active;
    const d = await ctx.store.revisions.diff(rev.id, against?.id ?? null);
    return reply({
      ephemeral: true,
      title: `${card.name}: revision #${rev.number} against ${against ? `#${against.number} (${against.status})` : 'nothing'}`,
      text: `${d.added} new, ${d.removed} removed, ${d.increased} increased, ${d.decreased} decreased, ${d.unchanged} unchanged.`,
      table: d.largestIncreases.length ? { columns: ['Prefix', 'Destination', 'Before', 'After'], rows: d.largestIncreases.map((x) => [x.prefix, x.name ?? '—', x.before, x.after]), mono: [0] } : undefined,
      footer: d.largestIncreases.length ? ['Largest increases first.'] : undefined,
    });
  },
});

export const activateAction = defineAction({
  name: 'activate',
  description: 'Make a revision the live one now (the current one becomes inactive)',
  role: 'admin',
  mutates: true,
  options: { card: cardRef(), revision: revisionNumber },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const { previous } = await activate(ctx, card, await findRevision(ctx, card, a.revision));
    return reply({ tone: 'ok', text: `Revision #${a.revision} of ${card.name} is live${previous ? `; #${previous.number} is now inactive` : ''}.` });
  },
});

export const activateDue = defineAction({
  name: 'activate-due',
  description: 'Make scheduled revisions whose date live has come the live ones (the scheduler runs this every minute)',
  role: 'operator',
  mutates: true,
  options: {},
  handler: async (ctx) => {
    const due = await ctx.store.rateCards.dueRevisions(ctx.deps.now());
    const done: string[] = [];
    const failed: string[] = [];
    for (const { cardId, revision } of due) {
      const card = (await ctx.store.rateCards.findById(cardId))!;
      try {
        await activate(ctx, card, revision);
        done.push(`${card.name} #${revision.number}`);
      } catch (err) {
        if (!(err instanceof UserError)) throw err;
        // Kept scheduled with the reason: `ratecard list` and the health checks show it until someone acts.
        await ctx.store.revisions.setStatus(revision.id, 'scheduled', { activationError: err.message });
        failed.push(`${card.name} #${revision.number}: ${err.message}`);
      }
    }
    if (!due.length) return reply({ ephemeral: true, tone: 'info', text: 'No scheduled revision is due.' });
    return reply({ tone: failed.length ? 'warn' : 'ok', text: `${done.length} scheduled revision${done.length === 1 ? '' : 's'} made live${done.length ? `: ${done.join(', ')}` : ''}.`, footer: failed.length ? [`Failed: ${failed.join('; ')}`] : undefined });
  },
});

export const archiveAction = defineAction({
  name: 'archive',
  description: 'Archive a revision (a card can only be deleted once its active revision is archived)',
  role: 'admin',
  mutates: true,
  options: { card: cardRef(), revision: revisionNumber },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const rev = await findRevision(ctx, card, a.revision);
    await archive(ctx, card, rev);
    return reply({ tone: 'ok', text: `Revision #${rev.number} of ${card.name} archived${rev.status === 'active' ? '; the card has no live prices now' : ''}.` });
  },
});
