// /carrier — list, show, add, edit, delete, contacts, guide and dialplan.
import { CARRIER_FIELDS, CARRIER_SECTIONS, carrierFieldOptions } from '../src/core/carriers/fields.ts';
import { applyDialplan } from '../src/core/carriers/dialplan.ts';
import { GUIDE_TOPICS, guideReply } from '../src/core/carriers/guide.ts';
import { healthDefaults } from '../src/core/alerts/settings.ts';
import { carrierCardReply, carrierListReply } from '../src/core/carriers/render.ts';
import { createCarrier, deleteCarrier, findCarrier, updateCarrier } from '../src/core/carriers/service.ts';
import type { CarrierValues } from '../src/core/carriers/settings.ts';
import { defineAction, defineCommand, type CommandContext } from '../src/core/runtime/command.ts';
import { buildForm } from '../src/core/runtime/form.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { contactsGroup } from './carrier-contacts.ts';
import { maintenanceAction } from './carrier-maintenance.ts';
import { reconcileAction, syncAction } from './carrier-sync.ts';
import { carrierRef, numberRef } from './shared-options.ts';

const FIELD_NAMES = CARRIER_FIELDS.map((f) => f.name);
const fieldValues = (args: Record<string, unknown>): CarrierValues =>
  Object.fromEntries(FIELD_NAMES.map((n) => [n, args[n]]));

async function showCard(ctx: CommandContext, carrierId: string) {
  const c = await findCarrier(ctx.store, carrierId);
  const [numbers, contacts] = await Promise.all([ctx.store.dids.list({ carrierId: c.id }), ctx.store.contacts.list(c.id)]);
  return carrierCardReply(c, numbers, contacts, ctx.deps.syncEnabled, healthDefaults(ctx.deps.health));
}

const list = defineAction({
  name: 'list',
  description: 'List carriers; the search matches name or SIP address, ignoring case',
  role: 'viewer',
  mutates: false,
  options: { search: opt.text({ label: 'Search', description: 'Part of a name or SIP address', positional: true, max: 100 }) },
  handler: async (ctx, { search }) =>
    carrierListReply(await ctx.store.carriers.list(search ?? undefined), search ?? undefined, ctx.deps.syncEnabled),
});

const show = defineAction({
  name: 'show',
  description: 'Show a carrier: settings, sync state, LiveKit ids, numbers and contacts',
  role: 'viewer',
  mutates: false,
  options: { carrier: carrierRef() },
  handler: async (ctx, { carrier }) => showCard(ctx, carrier),
});

const add = defineAction({
  name: 'add',
  description: 'Add a carrier (opens a form when name or SIP address is missing)',
  role: 'admin',
  mutates: true,
  options: carrierFieldOptions(true),
  form: async (_ctx, typed) =>
    buildForm({
      title: 'Add carrier',
      submitLabel: 'Create carrier',
      path: ['carrier', 'add'],
      sections: CARRIER_SECTIONS,
      fields: CARRIER_FIELDS,
      typed,
      note: 'LiveKit trunks will be created automatically after saving.',
    }),
  handler: async (ctx, args) => {
    const c = await createCarrier(ctx, fieldValues(args));
    const card = await showCard(ctx, c.id);
    const warn = !c.passwordEnc && c.inboundAuth === 'digest' && !c.allowedIps.length
      ? ['Inbound: no credentials and no IP allowlist yet, so inbound calls are not authenticated. Set a password, or inbound_auth=ip_allowlist with allowed_ips.']
      : [];
    return { ...card, ephemeral: false, tone: 'ok', text: `Carrier "${c.name}" created.`, footer: [...warn, ...(card.footer ?? [])] };
  },
});

const edit = defineAction({
  name: 'edit',
  description: 'Edit a carrier (a blank password keeps the current one; clear_password=yes removes it)',
  role: 'admin',
  mutates: true,
  options: {
    carrier: carrierRef('Carrier to edit'),
    ...carrierFieldOptions(false),
    clear_password: opt.yesNo({ label: 'Clear password', description: 'yes removes the stored password' }),
    version: opt.integer({ label: 'Version', description: 'The version the form was opened at', min: 1, max: 2 ** 31 - 1, hidden: true }),
  },
  form: async (ctx, typed) => {
    const c = await findCarrier(ctx.store, typed.carrier ?? '');
    return buildForm({
      title: `Edit ${c.name}`,
      submitLabel: 'Save',
      path: ['carrier', 'edit'],
      sections: CARRIER_SECTIONS,
      fields: CARRIER_FIELDS,
      values: Object.fromEntries(CARRIER_FIELDS.map((f) => [f.name, f.current(c)])),
      typed: Object.fromEntries(Object.entries(typed).filter(([k]) => k !== 'carrier')),
      context: { carrier: c.id, version: String(c.version) },
      hints: {
        password: c.passwordEnc
          ? 'Password unchanged: leave blank to keep it. A new value is stored encrypted and never shown again.'
          : 'No password set. A value is stored encrypted and never shown again.',
      },
    });
  },
  handler: async (ctx, args) => {
    const current = await findCarrier(ctx.store, args.carrier);
    const { carrier, changed } = await updateCarrier(ctx, current, fieldValues(args), {
      expectedVersion: args.version ?? undefined,
      clearPassword: args.clear_password === true,
    });
    const card = await showCard(ctx, carrier.id);
    const text = changed.length ? `Carrier "${carrier.name}" saved: ${changed.join(', ')} changed.` : `Nothing changed on "${carrier.name}".`;
    return { ...card, tone: 'ok', text };
  },
});

const remove = defineAction({
  name: 'delete',
  description: 'Delete a carrier and all of its phone numbers (asks to confirm)',
  role: 'admin',
  mutates: true,
  options: { carrier: carrierRef('Carrier to delete') },
  confirm: async (ctx, { carrier }) => {
    const c = await findCarrier(ctx.store, carrier);
    const numbers = await ctx.store.dids.list({ carrierId: c.id });
    const shown = numbers.slice(0, 10).map((d) => d.number).join(', ');
    return {
      title: `Delete carrier ${c.name}?`,
      text:
        `Are you sure you want to delete this carrier? This will also delete all associated phone numbers` +
        (numbers.length ? ` (${numbers.length}: ${shown}${numbers.length > 10 ? ', …' : ''})` : ' (it has none)') +
        '. There is no undo: campaigns that rely on these numbers will lose them.',
      confirmLabel: 'Delete carrier',
    };
  },
  handler: async (ctx, { carrier }) => {
    const c = await findCarrier(ctx.store, carrier);
    const numbers = await deleteCarrier(ctx, c);
    return reply({ tone: 'ok', text: `Carrier "${c.name}" deleted, with ${numbers.length} phone number${numbers.length === 1 ? '' : 's'}.` });
  },
});

const guide = defineAction({
  name: 'guide',
  description: "Setup guide: a provider's trunk sheet mapped onto the fields, with recipes",
  role: 'viewer',
  mutates: false,
  options: { provider: opt.choice({ label: 'Provider', description: `Recipe to show: ${GUIDE_TOPICS.join(', ')}`, choices: GUIDE_TOPICS, positional: true }) },
  handler: async (_ctx, { provider }) => guideReply(provider ?? undefined),
});

const dialplan = defineAction({
  name: 'dialplan',
  description: "Show a number after the carrier's strip / prefix / tech-prefix rules",
  role: 'viewer',
  mutates: false,
  options: { carrier: carrierRef(), number: numberRef('Number as the dialler sends it', { entity: false }) },
  handler: async (ctx, { carrier, number }) => {
    const c = await findCarrier(ctx.store, carrier);
    const { steps, result } = applyDialplan(c, number.normalized);
    return reply({
      ephemeral: true,
      title: `${number.display} on ${c.name}`,
      table: { columns: ['Rule', 'Number'], rows: steps.map((s) => [s.rule, s.result]), mono: [1] },
      text: `Sent to the carrier as \`${result}\`.`,
    });
  },
});

export const carrierCommand = defineCommand({
  name: 'carrier',
  description: 'SIP carriers: list, show, add, edit, delete, LiveKit sync, maintenance, contacts, guide, dial plan',
  actions: [list, show, add, edit, remove, syncAction, reconcileAction, maintenanceAction, guide, dialplan],
  groups: [contactsGroup],
});
