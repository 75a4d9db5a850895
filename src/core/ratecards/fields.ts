// A rate card's fields, once: label, section, default and resolver. The create / edit options and forms come from here.
import type { FieldType, FormSection } from '../runtime/reply.ts';
import { opt, type OptionDef } from '../runtime/options.ts';
import { fail, ok, type Resolved } from '../runtime/resolved.ts';
import type { RateCard } from '../store.ts';
import { resolveCurrency, resolveFreeText, resolveName, resolveTechPrefix } from '../validation/fields.ts';

export const DIRECTIONS = ['termination', 'origination'] as const;
export const PRESENTATIONS = ['single', 'inter_intra', 'inter_intra_indeterminate'] as const;
export const ROUNDINGS = ['up', 'down', 'half-up', 'half-down'] as const;

/** A per-minute price or limit as an exact decimal string: digits, at most 8 decimals, above zero. */
export function resolvePositiveDecimal(max: number) {
  return (raw: string): Resolved<string> => {
    const v = raw.trim().replace(/^\+/, '');
    if (!/^\d+(\.\d{1,8})?$/.test(v)) return fail(`use a number like 0.05 with at most 8 decimals, no currency symbol (got "${raw.trim()}")`);
    const clean = v.replace(/^0+(?=\d)/, '');
    if (/^0(\.0*)?$/.test(clean)) return fail('use a number above 0');
    if (Number(clean) > max) return fail(`use at most ${max} (got ${clean})`);
    return ok(clean);
  };
}

function resolveRounding(raw: string): Resolved<(typeof ROUNDINGS)[number]> {
  const v = raw.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/^halfup$/, 'half-up').replace(/^halfdown$/, 'half-down');
  return (ROUNDINGS as readonly string[]).includes(v) ? ok(v as (typeof ROUNDINGS)[number]) : fail(`choose one of ${ROUNDINGS.join(', ')} (got "${raw.trim()}")`);
}

export interface CardFieldDef {
  name: string;
  label: string;
  section: string;
  type: FieldType;
  required: boolean;
  description: string;
  default?: string;
  hint?: string;
  placeholder?: string;
  choices?: { value: string; label: string }[];
  picker?: 'carrier';
  range?: { min: number; max: number };
  resolve: (raw: string) => Resolved<unknown>;
  current: (c: RateCard) => string;
}

export const CARD_SECTIONS: FormSection[] = [
  { id: 'basic', title: 'Basic', description: 'Which carrier sent the deck, and its currency.' },
  { id: 'pricing', title: 'Pricing', description: 'How calls on this card are rounded and priced.' },
  { id: 'limits', title: 'Limits and notes', description: "The contract's limits that go with the card." },
];

const str = (v: string | number | null) => (v === null ? '' : String(v));
const choice = <C extends string>(label: string, choices: readonly C[]) => opt.choice({ label, description: '', choices }).resolve;

export const CARD_FIELDS: CardFieldDef[] = [
  { name: 'name', label: 'Name', section: 'basic', type: 'text', required: true, description: 'Private name of the card, unique (e.g. "Acme A-Z")', placeholder: 'Acme A-Z', resolve: resolveName(100), current: (c) => c.name },
  { name: 'carrier', label: 'Carrier', section: 'basic', type: 'picker', picker: 'carrier', required: true, description: 'The carrier (provider) the card belongs to', resolve: resolveName(100), current: (c) => c.carrierName },
  { name: 'direction', label: 'Direction', section: 'basic', type: 'select', required: false, default: 'termination', description: 'termination (calls out to the PSTN) or origination (numbers receiving calls)', choices: [{ value: 'termination', label: 'Termination (outbound)' }, { value: 'origination', label: 'Origination (inbound DIDs)' }], resolve: choice('Direction', DIRECTIONS), current: (c) => c.direction },
  { name: 'currency', label: 'Currency', section: 'basic', type: 'text', required: false, description: "ISO 4217 code; defaults to the carrier's currency", placeholder: 'USD', resolve: resolveCurrency, current: (c) => c.currency },
  { name: 'tech_prefix', label: 'Tech prefix', section: 'basic', type: 'text', required: false, description: 'Sent before the number on this card, e.g. 4455#', resolve: resolveTechPrefix, current: (c) => str(c.techPrefix) },
  { name: 'presentation', label: 'Force presentation', section: 'pricing', type: 'select', required: false, default: 'single', description: 'single, inter_intra (US) or inter_intra_indeterminate (US)', choices: [{ value: 'single', label: 'Single rate' }, { value: 'inter_intra', label: 'IntER / IntRA (US)' }, { value: 'inter_intra_indeterminate', label: 'IntER / IntRA / Indeterminate (US)' }], resolve: choice('Force presentation', PRESENTATIONS), current: (c) => c.presentation },
  { name: 'precision', label: 'Billing precision', section: 'pricing', type: 'number', required: false, default: '4', description: 'Decimal places a call is rounded to, 0–8 (default 4)', range: { min: 0, max: 8 }, resolve: opt.integer({ label: 'Billing precision', description: '', min: 0, max: 8 }).resolve, current: (c) => String(c.precision) },
  { name: 'rounding', label: 'Rounding method', section: 'pricing', type: 'select', required: false, default: 'up', description: 'up, down, half-up or half-down: what happens to the digit after the precision', choices: [{ value: 'up', label: 'Up (0.12345 → 0.1235)' }, { value: 'down', label: 'Down (0.12345 → 0.1234)' }, { value: 'half-up', label: 'Half-up (5–9 up)' }, { value: 'half-down', label: 'Half-down (0–5 down)' }], resolve: resolveRounding, current: (c) => c.rounding },
  { name: 'capped_rate', label: 'Capped rate', section: 'pricing', type: 'text', required: false, description: 'Calls priced above this per-minute rate are refused', placeholder: '0.50', resolve: resolvePositiveDecimal(1000), current: (c) => str(c.cappedRate) },
  { name: 'cps', label: 'Flow speed (CPS)', section: 'limits', type: 'text', required: false, description: 'Calls per second allowed on this card', resolve: resolvePositiveDecimal(1000), current: (c) => str(c.cps) },
  { name: 'channels', label: 'Channels', section: 'limits', type: 'number', required: false, description: 'Concurrent calls allowed on this card, 1–10000', range: { min: 1, max: 10000 }, resolve: opt.integer({ label: 'Channels', description: '', min: 1, max: 10000 }).resolve, current: (c) => str(c.channels) },
  { name: 'notes', label: 'Notes', section: 'limits', type: 'textarea', required: false, description: 'Private notes, up to 1000 characters', resolve: resolveFreeText(1000), current: (c) => str(c.notes) },
];

/** Every card field as a command option (all optional on edit). */
export function cardFieldOptions(requireIdentity: boolean): Record<string, OptionDef<unknown, boolean>> {
  const out: Record<string, OptionDef<unknown, boolean>> = {};
  for (const f of CARD_FIELDS) {
    out[f.name] = {
      kind: f.type === 'number' ? 'integer' : 'string',
      label: f.label,
      description: f.description,
      required: requireIdentity && f.required,
      choices: f.choices?.map((c) => c.value),
      entity: f.picker === 'carrier' ? 'carrier' : undefined,
      range: f.range,
      resolve: f.resolve,
    };
  }
  return out;
}
