// /carrier contacts — add, remove and list the people to call at a carrier.
import { addContact, CONTACT_ROLES, removeContact } from '../src/core/carriers/contacts.ts';
import { findCarrier } from '../src/core/carriers/service.ts';
import { defineAction, type GroupSpec } from '../src/core/runtime/command.ts';
import { opt } from '../src/core/runtime/options.ts';
import { reply } from '../src/core/runtime/reply.ts';
import { resolveEmail, resolveName } from '../src/core/validation/fields.ts';
import { resolvePhoneNumber } from '../src/core/validation/phone.ts';
import { carrierRef } from './shared-options.ts';

const add = defineAction({
  name: 'add',
  description: 'Add a contact to a carrier (name, role, email and/or phone)',
  role: 'admin',
  mutates: true,
  options: {
    carrier: carrierRef(),
    name: opt.custom({ label: 'Name', description: 'Contact name', required: true, resolve: resolveName(100) }),
    role: opt.choice({ label: 'Role', description: CONTACT_ROLES.join(', '), choices: CONTACT_ROLES }),
    email: opt.custom({ label: 'Email', description: 'Email address', resolve: resolveEmail }),
    phone: opt.custom({ label: 'Phone', description: 'Phone number', resolve: resolvePhoneNumber }),
  },
  handler: async (ctx, a) => {
    const c = await findCarrier(ctx.store, a.carrier);
    const contact = await addContact(ctx, c, { name: a.name, role: a.role ?? 'noc', email: a.email ?? null, phone: a.phone?.display ?? null });
    return reply({ tone: 'ok', text: `Contact ${contact.name} (${contact.role}) added to ${c.name}.` });
  },
});

const remove = defineAction({
  name: 'remove',
  description: 'Remove a contact from a carrier',
  role: 'admin',
  mutates: true,
  options: {
    carrier: carrierRef(),
    name: opt.custom({ label: 'Name', description: 'Contact to remove', required: true, positional: true, resolve: resolveName(100) }),
  },
  handler: async (ctx, a) => {
    const c = await findCarrier(ctx.store, a.carrier);
    const contact = await removeContact(ctx, c, a.name);
    return reply({ tone: 'ok', text: `Contact ${contact.name} removed from ${c.name}.` });
  },
});

const list = defineAction({
  name: 'list',
  description: "List a carrier's contacts",
  role: 'viewer',
  mutates: false,
  options: { carrier: carrierRef() },
  handler: async (ctx, a) => {
    const c = await findCarrier(ctx.store, a.carrier);
    const contacts = await ctx.store.contacts.list(c.id);
    if (!contacts.length) {
      return reply({ ephemeral: true, title: `${c.name}: no contacts yet`, text: `Add one with \`carrier contacts add ${c.name} name="NOC desk" role=noc email=noc@carrier.example\`.` });
    }
    return reply({
      ephemeral: true,
      title: `${c.name}: contacts (${contacts.length})`,
      table: { columns: ['Name', 'Role', 'Email', 'Phone'], rows: contacts.map((x) => [x.name, x.role, x.email ?? '—', x.phone ?? '—']) },
    });
  },
});

export const contactsGroup: GroupSpec = { name: 'contacts', description: "A carrier's contacts", actions: [add, remove, list] };
