// Carrier contacts: who to call at the carrier for NOC issues, billing or sales.
import type { CommandContext } from '../runtime/command.ts';
import { NotFoundError, ValidationError } from '../runtime/errors.ts';
import type { Carrier, Contact } from '../store.ts';

export const CONTACT_ROLES = ['noc', 'billing', 'sales', 'support', 'other'] as const;

export async function addContact(
  ctx: CommandContext,
  carrier: Carrier,
  input: { name: string; role: string; email: string | null; phone: string | null },
): Promise<Contact> {
  if (!input.email && !input.phone) {
    throw new ValidationError([{ field: 'email', label: 'Email', message: 'give an email or a phone number (or both) so the contact can be reached' }]);
  }
  const existing = await ctx.store.contacts.list(carrier.id);
  if (existing.some((c) => c.name.toLowerCase() === input.name.toLowerCase())) {
    throw new ValidationError([{ field: 'name', label: 'Name', message: `${carrier.name} already has a contact named "${input.name}"` }]);
  }
  const contact = await ctx.store.contacts.insert({ carrierId: carrier.id, ...input });
  ctx.audit({ action: 'carrier.contacts.add', entityType: 'contact', entityId: contact.id, entityName: contact.name, carrierId: carrier.id, before: null, after: { ...input } });
  return contact;
}

export async function removeContact(ctx: CommandContext, carrier: Carrier, name: string): Promise<Contact> {
  const contact = (await ctx.store.contacts.list(carrier.id)).find((c) => c.name.toLowerCase() === name.toLowerCase());
  if (!contact) throw new NotFoundError(`${carrier.name} has no contact named "${name}". Run \`carrier contacts list ${carrier.name}\`.`);
  await ctx.store.contacts.delete(contact.id);
  ctx.audit({
    action: 'carrier.contacts.remove',
    entityType: 'contact',
    entityId: contact.id,
    entityName: contact.name,
    carrierId: carrier.id,
    before: { name: contact.name, role: contact.role, email: contact.email, phone: contact.phone },
    after: null,
  });
  return contact;
}
