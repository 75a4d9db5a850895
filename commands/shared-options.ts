// Options several commands share: references to a carrier, a bot or a phone number.
import { opt } from '../src/core/runtime/options.ts';
import { resolveName } from '../src/core/validation/fields.ts';
import { resolvePhoneNumber } from '../src/core/validation/phone.ts';

export function carrierRef(description = 'Carrier name', o: { positional?: boolean } = {}) {
  return opt.custom({ label: 'Carrier', description, required: true, positional: o.positional ?? true, entity: 'carrier', resolve: resolveName(100) });
}

/** An optional carrier filter (`did list Acme`, `audit Acme`). */
export function carrierFilter(description: string) {
  return opt.custom({ label: 'Carrier', description, positional: true, entity: 'carrier', resolve: resolveName(100) });
}

export function botRef<const R extends boolean>(required: R, description = 'Bot name') {
  return opt.custom({ label: 'Bot', description, required, entity: 'bot', resolve: resolveName(80) });
}

export function numberRef(description = 'Phone number, E.164 (+14155551234) or local format', o: { positional?: boolean; entity?: boolean } = {}) {
  return opt.custom({
    label: 'Phone number',
    description,
    required: true,
    positional: o.positional ?? true,
    entity: o.entity === false ? undefined : 'did',
    resolve: resolvePhoneNumber,
  });
}
