// /ratecard — provider rate cards: create, edit, delete, list, show.
import { cardFieldOptions, CARD_FIELDS, CARD_SECTIONS } from '../src/core/ratecards/fields.ts';
import { cardWarnings, createRateCard, deleteRateCard, findRateCard, summariseCard, updateRateCard, type CardInput } from '../src/core/ratecards/cards.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, defineCommand, type CommandContext } from '../src/core/runtime/command.ts';
import { buildForm } from '../src/core/runtime/form.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply, type Reply } from '../src/core/runtime/reply.ts';
import { timeToken } from '../src/core/runtime/time.ts';
import { resolveName } from '../src/core/validation/fields.ts';
import type { RateCard, RevisionSummary } from '../src/core/store.ts';
import { activateAction, activateDue, archiveAction, diffAction, revisions, upload } from './ratecard-upload.ts';
import { downloadAction } from './ratecard-download.ts';
import { carrierFilter } from './shared-options.ts';

const cardRef = (description = 'Rate card name') =>
  opt.custom({ label: 'Rate card', description, required: true, positional: true, entity: 'ratecard', resolve: resolveName(100) });

const ROUNDING_LABEL: Record<string, string> = { up: 'up', down: 'down', 'half-up': 'half-up', 'half-down': 'half-down' };
const PRESENTATION_LABEL: Record<string, string> = { single: 'single rate', inter_intra: 'inter / intra', inter_intra_indeterminate: 'inter / intra / indeterminate' };

function revisionLine(r: RevisionSummary): string {
  const when = r.status === 'scheduled' && r.dateLive ? ` live ${timeToken(r.dateLive, 'full')}` : r.activatedAt ? ` since ${timeToken(r.activatedAt, 'full')}` : '';
  return `#${r.number} ${r.status}${when}`;
}

async function cardReply(ctx: CommandContext, card: RateCard, text?: string): Promise<Reply> {
  const revisions = await ctx.store.rateCards.revisions(card.id);
  const active = revisions.find((r) => r.status === 'active');
  const warnings = cardWarnings(summariseCard(card, revisions), ctx.deps.now(), ctx.deps.rateCardStaleDays);
  return reply({
    ephemeral: true,
    tone: text ? 'ok' : undefined,
    title: `${card.name} (${card.direction})`,
    text,
    banner: warnings.length ? { tone: 'warn', text: warnings.join('; ') } : active ? { tone: 'ok', text: `Active revision ${revisionLine(active)}, ${active.rowCount} rules` } : undefined,
    fields: [
      { label: 'Carrier', value: card.carrierName },
      { label: 'Currency', value: card.currency },
      { label: 'Presentation', value: PRESENTATION_LABEL[card.presentation] ?? card.presentation },
      { label: 'Billing', value: `${card.precision} decimals, rounded ${ROUNDING_LABEL[card.rounding] ?? card.rounding}` },
      { label: 'Tech prefix', value: card.techPrefix ?? '—' },
      { label: 'Capped rate', value: card.cappedRate ?? '—' },
      { label: 'CPS / channels', value: `${card.cps ?? '—'} / ${card.channels ?? '—'}` },
      ...(card.notes ? [{ label: 'Notes', value: card.notes, inline: false }] : []),
    ],
    table: revisions.length
      ? { columns: ['Revision', 'Status', 'Rules', 'Source', 'Uploaded'], rows: revisions.map((r) => [`#${r.number}`, r.status, String(r.rowCount), r.sourceName ?? '—', timeToken(r.createdAt)]) }
      : undefined,
    footer: revisions.length ? undefined : [`No revisions yet. Upload the carrier's deck with \`ratecard upload "${card.name}"\`.`],
    buttons: [
      { label: 'Edit', action: { path: ['ratecard', 'edit'], args: { card: card.id } } },
      { label: 'Delete', style: 'danger', action: { path: ['ratecard', 'delete'], args: { card: card.id } } },
    ],
  });
}

const args = (a: Record<string, unknown>): CardInput => a as CardInput;

const create = defineAction({
  name: 'create',
  description: 'Create a rate card for a carrier (opens a form when name or carrier is missing)',
  role: 'admin',
  mutates: true,
  options: cardFieldOptions(true),
  form: async (_ctx, typed) =>
    buildForm({ title: 'New rate card', submitLabel: 'Create card', path: ['ratecard', 'create'], sections: CARD_SECTIONS, fields: CARD_FIELDS, typed, note: 'Prices come from the decks you upload to the card; each upload is a revision.' }),
  handler: async (ctx, a) => {
    const card = await createRateCard(ctx, args(a));
    const shown = await cardReply(ctx, card, `Rate card "${card.name}" created for ${card.carrierName} (${card.currency}).`);
    return { ...shown, ephemeral: false };
  },
});

const edit = defineAction({
  name: 'edit',
  description: "Edit a rate card's settings (prices change by uploading a new revision)",
  role: 'admin',
  mutates: true,
  options: {
    card: cardRef('Rate card to edit'),
    ...cardFieldOptions(false),
    version: opt.integer({ label: 'Version', description: 'The version the form was opened at', min: 1, max: 2 ** 31 - 1, hidden: true }),
  },
  form: async (ctx, typed) => {
    const card = await findRateCard(ctx, typed.card ?? '');
    return buildForm({
      title: `Edit ${card.name}`,
      submitLabel: 'Save',
      path: ['ratecard', 'edit'],
      sections: CARD_SECTIONS,
      fields: CARD_FIELDS,
      values: Object.fromEntries(CARD_FIELDS.map((f) => [f.name, f.current(card)])),
      typed: Object.fromEntries(Object.entries(typed).filter(([k]) => k !== 'card')),
      context: { card: card.id, version: String(card.version) },
    });
  },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const { card: saved, changed } = await updateRateCard(ctx, card, args(a), a.version ?? undefined);
    return cardReply(ctx, saved, changed.length ? `Rate card "${saved.name}" saved: ${changed.join(', ')} changed.` : `Nothing changed on "${saved.name}".`);
  },
});

const remove = defineAction({
  name: 'delete',
  description: 'Delete a rate card and its revisions (asks to confirm; archive the active revision first)',
  role: 'admin',
  mutates: true,
  options: { card: cardRef('Rate card to delete') },
  confirm: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    const revisions = await ctx.store.rateCards.revisions(card.id);
    return {
      title: `Delete rate card ${card.name}?`,
      text: `The card and its ${revisions.length} revision${revisions.length === 1 ? '' : 's'} will be deleted. There is no undo.`,
      confirmLabel: 'Delete rate card',
    };
  },
  handler: async (ctx, a) => {
    const card = await findRateCard(ctx, a.card);
    await deleteRateCard(ctx, card);
    return reply({ tone: 'ok', text: `Rate card "${card.name}" deleted.` });
  },
});

const list = defineAction({
  name: 'list',
  description: 'List rate cards with their rule count, active revision and warnings (stale, failed activation)',
  role: 'viewer',
  mutates: false,
  options: { carrier: carrierFilter('Only this carrier’s cards') },
  handler: async (ctx, a) => {
    const carrier = a.carrier ? await findCarrier(ctx.store, a.carrier) : null;
    const cards = await ctx.store.rateCards.list({ carrierId: carrier?.id });
    if (!cards.length) {
      return reply({ ephemeral: true, title: carrier ? `No rate cards for ${carrier.name}` : 'No rate cards yet', text: 'Create one with `ratecard create name="Acme A-Z" carrier=Acme`.' });
    }
    const now = ctx.deps.now();
    return reply({
      ephemeral: true,
      title: `Rate cards${carrier ? ` for ${carrier.name}` : ''} (${cards.length})`,
      table: {
        columns: ['Name', 'Carrier', 'Direction', 'Currency', 'Rules', 'Active revision', 'Warnings'],
        rows: cards.map((c) => [c.name, c.carrierName, c.direction, c.currency, c.active ? String(c.active.rowCount) : '0', c.active ? revisionLine(c.active) : '—', cardWarnings(c, now, ctx.deps.rateCardStaleDays).join('; ') || '—']),
      },
    });
  },
});

const show = defineAction({
  name: 'show',
  description: 'Show a rate card: settings, revisions and warnings',
  role: 'viewer',
  mutates: false,
  options: { card: cardRef() },
  handler: async (ctx, a) => cardReply(ctx, await findRateCard(ctx, a.card)),
});

export const ratecardCommand = defineCommand({
  name: 'ratecard',
  description: 'Provider rate cards: create, edit, delete, list, show, upload decks, revisions, diff',
  actions: [create, edit, remove, list, show, upload, revisions, diffAction, downloadAction, activateAction, activateDue, archiveAction],
});
