// Options the rate-card revision actions share: the card and a revision number.
import { opt } from '../src/core/runtime/options.ts';
import { resolveName } from '../src/core/validation/fields.ts';

export const cardRef = (description = 'Rate card') => opt.custom({ label: 'Rate card', description, required: true, positional: true, entity: 'ratecard', resolve: resolveName(100) });
export const revisionNumber = opt.integer({ label: 'Revision', description: 'Revision number (see `ratecard revisions`)', min: 1, max: 1_000_000, required: true, positional: true });
