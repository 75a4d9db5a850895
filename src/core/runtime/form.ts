// Builds neutral forms from field definitions, prefilled with current values and what the caller already typed.
import type { FieldType, Form, FormField, FormSection } from './reply.ts';
import type { Resolved } from './resolved.ts';
import { COMPRESSED } from './unpack.ts';

export interface FormFieldDef {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  section?: string;
  default?: string;
  hint?: string;
  placeholder?: string;
  choices?: { value: string; label: string }[];
  picker?: 'carrier' | 'bot';
  accept?: string[];
  showWhen?: { field: string; in: string[] };
  readOnly?: boolean;
  resolve?: (raw: string) => Resolved<unknown>;
}

export function buildForm(spec: {
  title: string;
  submitLabel: string;
  path: string[];
  sections?: FormSection[];
  fields: FormFieldDef[];
  /** Starting values (current values on edit); defaults fill the rest. */
  values?: Record<string, string>;
  /** What the caller already typed wins over the starting values. */
  typed?: Record<string, string>;
  context?: Record<string, string>;
  note?: string;
  /** Per-field hint overrides (e.g. "Password unchanged" on edit). */
  hints?: Record<string, string>;
}): Form {
  const fields: FormField[] = spec.fields.map((f) => {
    const typed = spec.typed?.[f.name];
    const value = f.type === 'file' ? undefined : typed !== undefined && f.type !== 'secret' ? typed : (spec.values?.[f.name] ?? f.default);
    const resolve = f.resolve;
    return {
      name: f.name,
      label: f.label,
      type: f.type,
      required: f.required,
      value: value === '' ? undefined : value,
      placeholder: f.placeholder,
      hint: spec.hints?.[f.name] ?? f.hint,
      choices: f.choices,
      picker: f.picker,
      // Uploads may also be zipped or gzipped (see unpack.ts).
      accept: f.type === 'file' && f.accept ? [...f.accept, ...COMPRESSED] : f.accept,
      section: f.section,
      showWhen: f.showWhen,
      readOnly: f.readOnly,
      validate: resolve
        ? (raw: string) => {
            if (!raw.trim()) return f.required ? 'required' : undefined;
            const r = resolve(raw);
            return r.ok ? undefined : r.message;
          }
        : undefined,
    };
  });
  return {
    title: spec.title,
    submitLabel: spec.submitLabel,
    path: spec.path,
    sections: spec.sections ?? [],
    fields,
    context: spec.context ?? {},
    note: spec.note,
  };
}
