// /did — phone numbers: add, edit, remove, list (outbound numbers form a campaign's number pool).
import { didRow } from '../src/core/carriers/render.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { addDid, DIRECTIONS, editDid, findDid, moveDid, removeDid } from '../src/core/dids/service.ts';
import { applyDidImport, MAX_IMPORT_ROWS, planDidImport } from '../src/core/dids/import.ts';
import { fieldError } from '../src/core/runtime/errors.ts';
import { defineAction, defineCommand } from '../src/core/runtime/command.ts';
import { buildForm, type FormFieldDef } from '../src/core/runtime/form.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { resolveFreeText, resolveName } from '../src/core/validation/fields.ts';
import { resolvePhoneNumber } from '../src/core/validation/phone.ts';
import type { DidView } from '../src/core/store.ts';
import { botRef, carrierFilter, carrierRef, numberRef } from './shared-options.ts';

const direction = opt.choice({ label: 'Direction', description: 'both (default), inbound or outbound', choices: DIRECTIONS });
const label = opt.custom({ label: 'Label', description: 'Short descriptive name, e.g. "Sales line"', resolve: resolveFreeText(60) });

function didFields(editing: boolean): FormFieldDef[] {
  return [
    { name: 'carrier', label: 'Carrier', type: 'picker', picker: 'carrier', required: true, readOnly: editing, resolve: resolveName(100) },
    {
      name: 'number', label: 'Phone number', type: 'text', required: true, readOnly: editing, resolve: resolvePhoneNumber,
      placeholder: '+14155551234',
      hint: editing ? 'A number cannot be changed after it is added; remove it and add the correct one instead.' : 'E.164 like +14155551234 or local format; 5–20 digits, spaces, dots and dashes allowed',
    },
    { name: 'label', label: 'Label', type: 'text', required: false, placeholder: 'Optional descriptive name', resolve: resolveFreeText(60) },
    {
      name: 'direction', label: 'Direction', type: 'select', required: false, default: 'both', resolve: direction.resolve,
      choices: [{ value: 'both', label: 'Both (inbound and outbound)' }, { value: 'inbound', label: 'Inbound (receive calls only)' }, { value: 'outbound', label: 'Outbound (make calls only)' }],
    },
    { name: 'bot', label: 'Assign bot', type: 'picker', picker: 'bot', required: false, hint: 'Bot to handle inbound calls', showWhen: { field: 'direction', in: ['both', 'inbound'] }, resolve: resolveName(80) },
  ];
}

function didReply(d: DidView, text: string, notes: string[] = []) {
  return reply({
    tone: 'ok',
    text,
    table: { columns: ['Number', 'Carrier', 'Label', 'Direction', 'Assigned bot'], rows: [[d.number, d.carrierName, ...didRow(d).slice(1)]], mono: [0] },
    footer: notes.length ? notes : undefined,
  });
}

const add = defineAction({
  name: 'add',
  description: 'Add a phone number to a carrier',
  role: 'admin',
  mutates: true,
  options: {
    carrier: carrierRef('Carrier the number belongs to', { positional: false }),
    number: numberRef(undefined, { positional: false, entity: false }),
    label,
    direction,
    bot: botRef(false, 'Bot that answers inbound calls (not for outbound numbers)'),
  },
  form: async (_ctx, typed) =>
    buildForm({ title: 'Add phone number', submitLabel: 'Add number', path: ['did', 'add'], fields: didFields(false), typed }),
  handler: async (ctx, a) => {
    const carrier = await findCarrier(ctx.store, a.carrier);
    const d = await addDid(ctx, carrier, { number: a.number, label: a.label ?? null, direction: a.direction ?? 'both', botName: a.bot ?? null });
    return didReply(d, `${d.number} added to ${carrier.name}.`);
  },
});

const edit = defineAction({
  name: 'edit',
  description: "Change a number's label, direction or bot (the number itself cannot change)",
  role: 'admin',
  mutates: true,
  options: { number: numberRef('Number to edit'), label, direction, bot: botRef(false, 'Bot for inbound calls; blank for none') },
  form: async (ctx, typed) => {
    const d = await findDid(ctx, resolveOrThrow(typed.number ?? ''));
    return buildForm({
      title: 'Edit phone number',
      submitLabel: 'Save changes',
      path: ['did', 'edit'],
      fields: didFields(true),
      values: { carrier: d.carrierName, number: d.number, label: d.label ?? '', direction: d.direction, bot: d.botMissing ? '' : (d.botName ?? '') },
      typed: Object.fromEntries(Object.entries(typed).filter(([k]) => k !== 'number')),
      context: { number: d.numberNormalized },
    });
  },
  handler: async (ctx, a) => {
    const d = await findDid(ctx, a.number);
    const { did, notes } = await editDid(ctx, d, { label: a.label, direction: a.direction, botName: a.bot });
    return didReply(did, `${did.number} saved.`, notes);
  },
});

const remove = defineAction({
  name: 'remove',
  description: 'Remove a phone number (asks to confirm)',
  role: 'admin',
  mutates: true,
  options: { number: numberRef('Number to remove') },
  confirm: async (ctx, a) => {
    const d = await findDid(ctx, a.number);
    return {
      title: `Remove ${d.number}?`,
      text: `${d.number} will be removed from ${d.carrierName}${d.botName ? ` and stop routing to ${d.botName}` : ''}. Campaigns using it lose it.`,
      confirmLabel: 'Remove number',
    };
  },
  handler: async (ctx, a) => {
    const d = await findDid(ctx, a.number);
    await removeDid(ctx, d);
    return reply({ tone: 'ok', text: `${d.number} removed from ${d.carrierName}.` });
  },
});

const move = defineAction({
  name: 'move',
  description: 'Move a number to another carrier, keeping its label, direction and bot',
  role: 'admin',
  mutates: true,
  options: { number: numberRef('Number to move'), carrier: carrierRef('Carrier it moves to') },
  handler: async (ctx, a) => {
    const d = await findDid(ctx, a.number);
    const to = await findCarrier(ctx.store, a.carrier);
    const moved = await moveDid(ctx, d, to);
    return didReply(moved, `${moved.number} moved from ${d.carrierName} to ${to.name}.`);
  },
});

const list = defineAction({
  name: 'list',
  description: 'List phone numbers, optionally by carrier and direction (outbound = number pool)',
  role: 'viewer',
  mutates: false,
  options: {
    carrier: carrierFilter('Only this carrier'),
    direction: opt.choice({ label: 'Direction', description: 'both, inbound or outbound; outbound also lists "both" numbers (all that can dial out)', choices: DIRECTIONS }),
  },
  handler: async (ctx, a) => {
    const carrier = a.carrier ? await findCarrier(ctx.store, a.carrier) : null;
    const numbers = await ctx.store.dids.list({ carrierId: carrier?.id, direction: a.direction ?? undefined });
    const scope = [carrier ? `on ${carrier.name}` : null, a.direction ? `usable ${a.direction === 'both' ? 'both ways' : a.direction}` : null].filter(Boolean).join(', ');
    if (!numbers.length) {
      return reply({ ephemeral: true, title: `No phone numbers${scope ? ` ${scope}` : ''}`, text: 'Add one with `did add carrier=… number=+14155551234`.' });
    }
    return reply({
      ephemeral: true,
      title: `Phone numbers${scope ? ` ${scope}` : ''} (${numbers.length})`,
      table: { columns: ['Number', 'Carrier', 'Label', 'Direction', 'Assigned bot'], rows: numbers.map((d) => [d.number, d.carrierName, ...didRow(d).slice(1)]), mono: [0] },
    });
  },
});

const importNumbers = defineAction({
  name: 'import',
  description: `Add many numbers to a carrier from a CSV (number, label, direction, bot); all rows or none, at most ${MAX_IMPORT_ROWS}`,
  role: 'admin',
  mutates: true,
  options: {
    carrier: carrierRef('Carrier the numbers belong to'),
    file: opt.file({ label: 'CSV file', description: 'Columns: number, label, direction, bot (header row optional)', required: true, accept: ['csv', 'txt'], maxBytes: 2 * 1024 * 1024 }),
    dry_run: opt.yesNo({ label: 'Dry run', description: 'yes checks the file and shows what would be added, without saving' }),
  },
  form: async (_ctx, typed) =>
    buildForm({
      title: 'Import phone numbers',
      submitLabel: 'Import',
      path: ['did', 'import'],
      fields: [
        { name: 'carrier', label: 'Carrier', type: 'picker', picker: 'carrier', required: true, resolve: resolveName(100) },
        { name: 'file', label: 'CSV file', type: 'file', accept: ['csv', 'txt'], required: true, hint: 'Columns: number, label, direction (both / inbound / outbound), bot. A header row is optional; comma, semicolon or tab separated.' },
      ],
      typed,
      note: 'Every row is checked first; if any row is bad, nothing is imported and the bad rows are listed.',
    }),
  handler: async (ctx, a) => {
    const carrier = await findCarrier(ctx.store, a.carrier);
    const plan = await planDidImport(ctx, carrier, a.file.data);
    const sample = plan.rows.slice(0, 10).map((r) => [r.number, r.label ?? '—', r.direction, r.direction === 'outbound' ? 'n/a (outbound)' : (r.botName ?? 'None')]);
    const table = sample.length ? { columns: ['Number', 'Label', 'Direction', 'Assigned bot'], rows: sample, mono: [0] } : undefined;
    const footer = [
      ...(plan.rows.length > sample.length ? [`…and ${plan.rows.length - sample.length} more.`] : []),
      ...(plan.unchanged.length ? [`${plan.unchanged.length} number${plan.unchanged.length === 1 ? ' is' : 's are'} already on ${carrier.name} and ${plan.unchanged.length === 1 ? 'was' : 'were'} left as ${plan.unchanged.length === 1 ? 'it is' : 'they are'}.`] : []),
    ];
    if (a.dry_run) {
      return reply({ ephemeral: true, tone: 'info', title: `Dry run: ${a.file.name}`, text: `${plan.rows.length} number${plan.rows.length === 1 ? '' : 's'} would be added to ${carrier.name}. Nothing was saved.`, table, footer });
    }
    const added = await applyDidImport(ctx, carrier, plan);
    return reply({ tone: 'ok', text: `${added} number${added === 1 ? '' : 's'} from ${a.file.name} added to ${carrier.name}.`, table, footer });
  },
});

function resolveOrThrow(raw: string) {
  const r = resolvePhoneNumber(raw);
  if (!r.ok) throw fieldError('number', 'Phone number', r.message);
  return r.value;
}

export const didCommand = defineCommand({ name: 'did', description: 'Phone numbers (DIDs): add, edit, move, remove, list, import from CSV', actions: [add, edit, move, remove, list, importNumbers] });
