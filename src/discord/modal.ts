// Neutral forms as Discord modals. A modal holds at most five components, so a form is cut into pages: one per
// section (a long section over several), each a modal of labelled text inputs, selects and file uploads. Pure:
// the form flow (forms.ts) decides when each page opens and what it is prefilled with.
import { ComponentType, TextInputStyle } from 'discord.js';
import type { Form, FormField } from '../core/runtime/reply.ts';
import type { Suggestion } from '../core/store.ts';
import { clip } from './render.ts';

// https://discord.com/developers/docs/components/reference (Modal, Label, Text Input, String Select, File Upload)
export const MODAL_LIMITS = { components: 5, title: 45, label: 45, description: 100, placeholder: 100, value: 4000, options: 25, optionText: 100 } as const;

export interface Page {
  index: number;
  /** The section's title, or the form's when it has no sections. */
  title: string;
  fields: FormField[];
}

/**
 * The form's pages: its sections in order (fields without a section first), each cut into runs of five. A field
 * shown only for some value of another field is kept when that field is on the same page (Discord cannot hide it
 * as the user picks); otherwise it is kept only when `values` satisfies it.
 */
export function pagesOf(form: Form, values: Record<string, string> = {}): Page[] {
  const sectionIds = [undefined, ...form.sections.map((s) => s.id)];
  const inSection = (f: FormField, id: string | undefined) => (id === undefined ? !form.sections.some((s) => s.id === f.section) : f.section === id);
  const pages: Page[] = [];
  for (const id of sectionIds) {
    const fields = form.fields.filter((f) => inSection(f, id));
    const kept = fields.filter((f) => {
      if (!f.showWhen) return true;
      const controller = fields.find((x) => x.name === f.showWhen!.field);
      if (controller) return true;
      const v = values[f.showWhen.field] ?? form.fields.find((x) => x.name === f.showWhen!.field)?.value ?? '';
      return f.showWhen.in.includes(v);
    });
    const title = form.sections.find((s) => s.id === id)?.title ?? form.title;
    for (let i = 0; i < kept.length; i += MODAL_LIMITS.components) {
      pages.push({ index: pages.length, title, fields: kept.slice(i, i + MODAL_LIMITS.components) });
    }
  }
  return pages;
}

/** Whether a field's value counts: false when it is shown only for other values of the field it depends on. */
export function fieldApplies(f: FormField, values: Record<string, string>, form: Form): boolean {
  if (!f.showWhen) return true;
  const v = values[f.showWhen.field] ?? form.fields.find((x) => x.name === f.showWhen!.field)?.value ?? '';
  return f.showWhen.in.includes(v);
}

export function pageTitle(form: Form, page: Page, total: number): string {
  if (total === 1) return clip(form.title, MODAL_LIMITS.title);
  const step = ` (${page.index + 1}/${total})`;
  const full = `${form.title} · ${page.title}${step}`;
  return full.length <= MODAL_LIMITS.title ? full : clip(page.title, MODAL_LIMITS.title - step.length) + step;
}

export interface ModalInput {
  form: Form;
  page: Page;
  total: number;
  customId: string;
  /** Prefill by field name (what was typed, else the current value or default). */
  values: Record<string, string>;
  /** Secret fields already typed in this form: left blank (never echoed) and optional, keeping what was typed. */
  secretsKept: string[];
  /** Options for picker fields that have few enough entities to list (≤25). */
  pickerChoices: Record<string, Suggestion[] | undefined>;
}

export function pageToModal(m: ModalInput): Record<string, unknown> {
  return {
    custom_id: m.customId,
    title: pageTitle(m.form, m.page, m.total),
    components: m.page.fields.map((f) => fieldComponent(f, m)),
  };
}

function fieldComponent(f: FormField, m: ModalInput): Record<string, unknown> {
  const value = m.values[f.name] ?? f.value ?? '';
  if (f.readOnly) return { type: ComponentType.TextDisplay, content: clip(`**${f.label}**\n\`${value || '—'}\``, 4000) };
  const kept = f.type === 'secret' && m.secretsKept.includes(f.name);
  const hint = kept ? 'Leave blank to keep what you typed before.' : f.hint;
  return {
    type: ComponentType.Label,
    label: clip(f.label, MODAL_LIMITS.label),
    ...(hint ? { description: clip(hint, MODAL_LIMITS.description) } : {}),
    component: inner(f, value, m.pickerChoices[f.name], kept),
  };
}

function inner(f: FormField, value: string, picks: Suggestion[] | undefined, secretKept: boolean): Record<string, unknown> {
  const placeholder: Record<string, string> = f.placeholder ? { placeholder: clip(f.placeholder, MODAL_LIMITS.placeholder) } : {};
  if (f.type === 'select' && f.choices?.length && f.choices.length <= MODAL_LIMITS.options) {
    return selectMenu(f, f.choices.map((c) => ({ label: c.label, value: c.value })), value, placeholder);
  }
  if (f.type === 'picker' && picks) {
    const options = picks.map((p) => ({ label: p.name, value: p.value }));
    if (value && !options.some((o) => o.value.toLowerCase() === value.toLowerCase())) options.unshift({ label: value, value });
    if (options.length && options.length <= MODAL_LIMITS.options) return selectMenu(f, options, value, placeholder);
  }
  if (f.type === 'file') {
    return { type: ComponentType.FileUpload, custom_id: f.name, min_values: f.required ? 1 : 0, max_values: 1, required: f.required };
  }
  const long = f.type === 'textarea' || f.type === 'list';
  return {
    type: ComponentType.TextInput,
    custom_id: f.name,
    style: long ? TextInputStyle.Paragraph : TextInputStyle.Short,
    // A secret is never sent back to the client, not even to the person who typed it.
    required: f.required && !secretKept,
    max_length: MODAL_LIMITS.value,
    ...(value && f.type !== 'secret' ? { value: clip(value, MODAL_LIMITS.value) } : {}),
    ...(f.type === 'picker' && !f.placeholder ? { placeholder: `${f.picker === 'bot' ? 'Bot' : 'Carrier'} name` } : placeholder),
  };
}

function selectMenu(f: FormField, options: { label: string; value: string }[], value: string, placeholder: Record<string, string>): Record<string, unknown> {
  const chosen = value.toLowerCase();
  return {
    type: ComponentType.StringSelect,
    custom_id: f.name,
    // With a value already chosen there is always an answer; an optional empty select may stay empty.
    required: f.required || Boolean(value),
    min_values: f.required || value ? 1 : 0,
    max_values: 1,
    options: options.slice(0, MODAL_LIMITS.options).map((o) => ({
      label: clip(o.label, MODAL_LIMITS.optionText),
      value: clip(o.value, MODAL_LIMITS.optionText),
      ...(o.value.toLowerCase() === chosen ? { default: true } : {}),
    })),
    ...placeholder,
  };
}

/** A submitted component as discord.js hands it over (ModalSubmitFields.fields). */
export interface SubmittedField {
  type: number;
  value?: string;
  values?: string[];
  attachments?: Map<string, { name: string; url: string; size: number; contentType: string | null }>;
}

export interface RemoteFile {
  name: string;
  url: string;
  size: number;
  contentType?: string;
}

/** The page's values by field name ('' for a field emptied) and its uploaded files. */
export function readPage(page: Page, submitted: (customId: string) => SubmittedField | undefined): { values: Record<string, string>; files: Record<string, RemoteFile> } {
  const values: Record<string, string> = {};
  const files: Record<string, RemoteFile> = {};
  for (const f of page.fields) {
    if (f.readOnly) continue;
    const s = submitted(f.name);
    if (!s) continue;
    if (f.type === 'file') {
      const first = s.attachments ? [...s.attachments.values()][0] : undefined;
      if (first) files[f.name] = { name: first.name, url: first.url, size: first.size, contentType: first.contentType ?? undefined };
      continue;
    }
    const raw = s.values ? (s.values[0] ?? '') : (s.value ?? '');
    values[f.name] = f.type === 'list' ? raw.split(/\s*\n\s*/).map((x) => x.trim()).filter(Boolean).join(', ') : raw;
  }
  return { values, files };
}
