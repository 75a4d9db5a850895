// Neutral forms as Slack modals: grouped by section, defaults filled in, dependent fields shown or hidden,
// context in private_metadata; and back: the submitted view state as raw option values and files.
import type { FieldIssue } from '../core/runtime/errors.ts';
import type { Form, FormField } from '../core/runtime/reply.ts';
import type { Block } from './blocks.ts';
import { clip, mrkdwn } from './mrkdwn.ts';

export const FORM_CALLBACK = 'trunkops_form';
const MAX_BLOCKS = 100;
const METADATA_MAX = 3000;

/** What a submission needs besides the fields: the command, hidden values, and where to answer. */
export interface ModalMeta {
  /** Command path. */
  p: string[];
  /** Hidden context values (entity id, version). */
  c: Record<string, string>;
  /** Channel the form was opened from. */
  ch?: string;
  /** The response_url of the slash command or button that opened it. */
  ru?: string;
}

export interface SlackFile {
  id: string;
  name: string;
  size?: number;
  mimetype?: string;
  filetype?: string;
  url_private?: string;
  url_private_download?: string;
}

export interface View {
  type: 'modal';
  callback_id: string;
  title: { type: 'plain_text'; text: string };
  submit: { type: 'plain_text'; text: string };
  close: { type: 'plain_text'; text: string };
  private_metadata: string;
  blocks: Block[];
}

export function encodeMeta(meta: ModalMeta): string {
  let s = JSON.stringify(meta);
  // A response_url is a convenience (answers land where the form was opened); the channel is enough without it.
  if (s.length > METADATA_MAX) s = JSON.stringify({ ...meta, ru: undefined });
  if (s.length > METADATA_MAX) throw new Error(`form context for ${meta.p.join(' ')} does not fit Slack's private_metadata`);
  return s;
}

export function decodeMeta(raw: string | undefined): ModalMeta | null {
  try {
    const m = JSON.parse(raw ?? '') as ModalMeta;
    if (!Array.isArray(m.p) || typeof m.c !== 'object' || m.c === null) return null;
    return m;
  } catch {
    return null;
  }
}

/** Field values after what the user has typed so far (on a refresh) replaces the form's own. */
function effectiveValues(form: Form, typed: Record<string, string> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of form.fields) {
    const v = f.name in typed ? typed[f.name] : f.value;
    if (v !== undefined) out[f.name] = v;
  }
  return out;
}

export function visibleFields(form: Form, typed?: Record<string, string>): FormField[] {
  const values = effectiveValues(form, typed);
  return form.fields.filter((f) => !f.showWhen || f.showWhen.in.includes(values[f.showWhen.field] ?? ''));
}

export function formToModal(form: Form, meta: ModalMeta, opts: { typed?: Record<string, string>; problems?: string[] } = {}): View {
  const values = effectiveValues(form, opts.typed);
  const controlling = new Set(form.fields.map((f) => f.showWhen?.field).filter(Boolean));
  const blocks: Block[] = [];
  if (opts.problems?.length) {
    blocks.push({ type: 'section', block_id: 'problems', text: { type: 'mrkdwn', text: clip(`:x: *Fix these before saving:*\n${opts.problems.map((p) => `• ${mrkdwn(p)}`).join('\n')}`, 3000) } });
  }
  if (form.note) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn(form.note), 2000) }] });
  const shown = visibleFields(form, opts.typed);
  const order = [undefined, ...form.sections.map((s) => s.id)];
  for (const sectionId of order) {
    const fields = shown.filter((f) => (sectionId === undefined ? !form.sections.some((s) => s.id === f.section) : f.section === sectionId));
    if (!fields.length) continue;
    const s = form.sections.find((x) => x.id === sectionId);
    if (s) {
      blocks.push({ type: 'header', text: { type: 'plain_text', text: clip(s.title, 150) } });
      if (s.description) blocks.push({ type: 'context', elements: [{ type: 'mrkdwn', text: clip(mrkdwn(s.description), 2000) }] });
    }
    for (const f of fields) blocks.push(fieldBlock(f, values[f.name], controlling.has(f.name)));
  }
  if (blocks.length > MAX_BLOCKS) throw new Error(`form ${form.title} needs ${blocks.length} blocks; a Slack modal holds ${MAX_BLOCKS}`);
  return {
    type: 'modal',
    callback_id: FORM_CALLBACK,
    title: { type: 'plain_text', text: clip(form.title, 24) },
    submit: { type: 'plain_text', text: clip(form.submitLabel, 24) },
    close: { type: 'plain_text', text: 'Cancel' },
    private_metadata: encodeMeta(meta),
    blocks,
  };
}

function fieldBlock(f: FormField, value: string | undefined, refresh: boolean): Block {
  if (f.readOnly) {
    return { type: 'section', block_id: f.name, text: { type: 'mrkdwn', text: clip(`*${mrkdwn(f.label)}*\n\`${mrkdwn(value ?? '—')}\``, 3000) } };
  }
  const hints = [f.hint];
  if (f.type === 'secret') hints.push('Slack cannot mask what you type here; the value is stored encrypted and never shown again.');
  if (f.type === 'list') hints.push('Separate entries with commas or new lines.');
  const hint = hints.filter(Boolean).join(' ');
  return {
    type: 'input',
    block_id: f.name,
    optional: !f.required,
    label: { type: 'plain_text', text: clip(f.label, 2000) },
    ...(hint ? { hint: { type: 'plain_text', text: clip(hint, 2000) } } : {}),
    ...(refresh ? { dispatch_action: true } : {}),
    element: element(f, value, refresh),
  };
}

function element(f: FormField, value: string | undefined, refresh: boolean): Block {
  const placeholder = f.placeholder ? { placeholder: { type: 'plain_text', text: clip(f.placeholder, 150) } } : {};
  const action_id = refresh ? 'refresh' : 'value';
  switch (f.type) {
    case 'select': {
      const options = (f.choices ?? []).map((c) => ({ text: { type: 'plain_text', text: clip(c.label, 75) }, value: c.value }));
      const initial = options.find((o) => o.value === value);
      return { type: 'static_select', action_id, options, ...(initial ? { initial_option: initial } : {}), ...placeholder };
    }
    case 'picker':
      return {
        type: 'external_select',
        action_id: `pick:${f.picker}`,
        min_query_length: 0,
        ...(value ? { initial_option: { text: { type: 'plain_text', text: clip(value, 75) }, value } } : {}),
        ...placeholder,
      };
    case 'file':
      return { type: 'file_input', action_id: 'file', max_files: 1, ...(f.accept?.length ? { filetypes: f.accept } : {}) };
    case 'number':
      return { type: 'number_input', action_id, is_decimal_allowed: true, ...(value !== undefined && /^-?\d+(\.\d+)?$/.test(value) ? { initial_value: value } : {}), ...placeholder };
    case 'secret':
      // Marked so a view sent back with problems never carries what was typed here.
      return { type: 'plain_text_input', action_id: 'secret', ...placeholder };
    default:
      return {
        type: 'plain_text_input',
        action_id: f.type === 'list' ? 'list' : action_id,
        ...(f.type === 'textarea' || f.type === 'list' ? { multiline: true } : {}),
        ...(value ? { initial_value: value } : {}),
        ...placeholder,
      };
  }
}

interface StateValue {
  type: string;
  value?: string | null;
  selected_option?: { value: string } | null;
  files?: SlackFile[];
}

/** The view's input values by field name ('' for an emptied field) and its uploaded files. */
export function readViewState(state: { values: Record<string, Record<string, StateValue>> } | undefined): {
  values: Record<string, string>;
  files: Record<string, SlackFile[]>;
} {
  const values: Record<string, string> = {};
  const files: Record<string, SlackFile[]> = {};
  for (const [block, actions] of Object.entries(state?.values ?? {})) {
    for (const [actionId, v] of Object.entries(actions)) {
      if (v.type === 'file_input') {
        if (v.files?.length) files[block] = v.files;
        continue;
      }
      const raw = v.selected_option !== undefined ? (v.selected_option?.value ?? '') : (v.value ?? '');
      values[block] = actionId === 'list' ? raw.split(/\s*\n\s*/).filter(Boolean).join(', ') : raw;
    }
  }
  return { values, files };
}

/** Field errors keyed by block id, or null when some issue has no visible field to sit on. */
export function issuesToErrors(issues: FieldIssue[], view: { blocks: Block[] }): Record<string, string> | null {
  const inputs = new Set(view.blocks.filter((b) => b.type === 'input').map((b) => b.block_id as string));
  const errors: Record<string, string> = {};
  for (const i of issues) {
    if (!inputs.has(i.field)) return null;
    errors[i.field] = errors[i.field] ? `${errors[i.field]}; ${i.message}` : i.message;
  }
  for (const k of Object.keys(errors)) errors[k] = clip(errors[k]!, 300);
  return errors;
}

interface SubmittedView {
  type: string;
  callback_id: string;
  title: unknown;
  submit?: unknown;
  close?: unknown;
  private_metadata: string;
  blocks: Block[];
  state?: { values: Record<string, Record<string, StateValue & { selected_option?: { value: string; text?: unknown } | null }>> };
}

/** The submitted modal again, with what was typed kept and the problems listed on top (errors no field can show). */
export function viewWithProblems(view: SubmittedView, problems: string[]): View {
  const state = view.state?.values ?? {};
  const blocks = view.blocks
    .filter((b) => b.block_id !== 'problems')
    .map((b) => {
      if (b.type !== 'input') return b;
      const el = { ...(b.element as Record<string, unknown>) };
      const v = state[b.block_id as string]?.[el.action_id as string];
      delete el.initial_value;
      delete el.initial_option;
      if (v?.value && el.action_id !== 'secret') el.initial_value = v.value;
      if (v?.selected_option) el.initial_option = v.selected_option;
      return { ...b, element: el };
    });
  const head = { type: 'section', block_id: 'problems', text: { type: 'mrkdwn', text: clip(`:x: *Fix these before saving:*\n${problems.map((p) => `• ${mrkdwn(p)}`).join('\n')}`, 3000) } };
  return {
    type: 'modal',
    callback_id: view.callback_id,
    title: view.title as View['title'],
    submit: view.submit as View['submit'],
    close: view.close as View['close'],
    private_metadata: view.private_metadata,
    blocks: [head, ...blocks],
  };
}
