// Discord's body checks for the fake Discord: application commands (PUT bulk overwrite), message bodies
// (content, embeds, action rows and buttons) and modals (Label / TextInput / StringSelect / FileUpload).
// Violations are collected as Discord reports them: 400 {code:50035, message:'Invalid Form Body', errors}, where
// `errors` is a tree keyed by the JSON path with `_errors: [{code, message}]` at the leaves.

import type { Json } from './discord-objects.ts';

type Path = (string | number)[];

/** An HTTP answer of the fake: status, JSON body (none for 204) and extra headers. */
export interface Reply {
  status: number;
  body?: Json;
  headers?: Record<string, string>;
}

export const reply = (status: number, body?: Json): Reply => ({ status, body });
/** Discord's plain error body: {message, code}. */
export const fail = (status: number, code: number, message: string): Reply => ({ status, body: { message, code } });
export const invalid = (e: FormErrors): Reply => ({ status: 400, body: e.body() });

export class FormErrors {
  readonly tree: Record<string, unknown> = {};
  count = 0;

  add(path: Path, code: string, message: string): void {
    let node = this.tree as Record<string, unknown>;
    for (const key of path) node = (node[String(key)] ??= {}) as Record<string, unknown>;
    ((node._errors ??= []) as unknown[]).push({ code, message });
    this.count++;
  }

  /** Checks a string's length; `min` 0 allows it to be absent. */
  len(path: Path, v: unknown, min: number, max: number): void {
    if (v === undefined || v === null) {
      if (min > 0) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return;
    }
    if (typeof v !== 'string') return this.add(path, 'BASE_TYPE_STRING', 'Value must be a string.');
    if (v.length > max || v.length < min) {
      if (min === 0) this.add(path, 'BASE_TYPE_MAX_LENGTH', `Must be ${max} or fewer in length.`);
      else this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    }
  }

  /** Checks an array's size; `min` 0 allows it to be absent. */
  size(path: Path, v: unknown, min: number, max: number): unknown[] {
    if (v === undefined || v === null) {
      if (min > 0) this.add(path, 'BASE_TYPE_REQUIRED', 'This field is required');
      return [];
    }
    if (!Array.isArray(v)) {
      this.add(path, 'BASE_TYPE_ARRAY', 'Must be an array.');
      return [];
    }
    if (v.length < min || v.length > max) this.add(path, 'BASE_TYPE_BAD_LENGTH', `Must be between ${min} and ${max} in length.`);
    return v;
  }

  range(path: Path, v: unknown, min: number, max: number): void {
    if (v === undefined || v === null) return;
    if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) {
      this.add(path, 'NUMBER_TYPE_MAX', `int value should be between ${min} and ${max}.`);
    }
  }

  oneOf(path: Path, v: unknown, allowed: number[]): void {
    if (!allowed.includes(v as number)) this.add(path, 'BASE_TYPE_CHOICES', `Value must be one of {${allowed.join(', ')}}.`);
  }

  get ok(): boolean {
    return this.count === 0;
  }

  body(): { code: number; message: string; errors: Record<string, unknown> } {
    return { code: 50035, message: 'Invalid Form Body', errors: this.tree };
  }
}

type Obj = Record<string, Json>;

const NAME = /^[-_'\p{L}\p{N}]{1,32}$/u;
const SUB = 1;
const GROUP = 2;

/** A PUT /applications/{app}[/guilds/{guild}]/commands body: an array of command objects. */
export function checkCommands(body: unknown): FormErrors {
  const e = new FormErrors();
  if (!Array.isArray(body)) {
    e.add([], 'BASE_TYPE_ARRAY', 'Must be an array.');
    return e;
  }
  const seen = new Set<string>();
  const perType = new Map<number, number>();
  for (const [i, c] of (body as Obj[]).entries()) {
    const type = c.type ?? 1;
    e.oneOf([i, 'type'], type, [1, 2, 3, 4]);
    perType.set(type, (perType.get(type) ?? 0) + 1);
    const key = `${type}:${c.name}`;
    if (seen.has(key)) e.add([i, 'name'], 'APPLICATION_COMMANDS_DUPLICATE_NAME', `Application command names must be unique`);
    seen.add(key);
    if (type === 1) {
      checkName(e, [i, 'name'], c.name, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      e.len([i, 'description'], c.description, 1, 100);
      checkOptions(e, [i, 'options'], c.options, 0);
    } else {
      e.len([i, 'name'], c.name, 1, 32);
      if (c.description) e.add([i, 'description'], 'APPLICATION_COMMAND_CONTEXT_MENU_DESCRIPTION', 'Context menu commands cannot have description');
      if (c.options?.length) e.add([i, 'options'], 'APPLICATION_COMMAND_CONTEXT_MENU_OPTIONS', 'Context menu commands cannot have options');
    }
    if (c.default_member_permissions != null && !/^\d+$/.test(String(c.default_member_permissions))) {
      e.add([i, 'default_member_permissions'], 'BASE_TYPE_INVALID', 'Invalid permissions value');
    }
    if (commandChars(c) > 4000) e.add([i], 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (4000)');
  }
  const maxima: [number, number][] = [[1, 100], [2, 15], [3, 15]];
  for (const [type, max] of maxima) {
    if ((perType.get(type) ?? 0) > max) e.add([], 'APPLICATION_COMMANDS_TOO_MANY', `Maximum number of application commands of type ${type} reached (${max})`);
  }
  return e;
}

function checkName(e: FormErrors, path: Path, name: unknown, code: string, message: string): void {
  if (typeof name !== 'string' || !name) return e.len(path, name, 1, 32);
  if (!NAME.test(name) || name !== name.toLowerCase()) e.add(path, code, message);
}

function checkOptions(e: FormErrors, path: Path, options: unknown, depth: number): void {
  const list = e.size(path, options, 0, 25) as Obj[];
  const subs = list.filter((o) => o.type === SUB || o.type === GROUP).length;
  if (subs && subs !== list.length) e.add(path, 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command and sub-command group option types are mutually exclusive to all other types');
  const names = new Set<string>();
  let optionalSeen = false;
  for (const [j, o] of list.entries()) {
    const p = [...path, j];
    checkName(e, [...p, 'name'], o.name, 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    if (names.has(o.name)) e.add([...p, 'name'], 'APPLICATION_COMMAND_OPTION_NAME_ALREADY_EXISTS', 'Option names must be unique');
    names.add(o.name);
    e.len([...p, 'description'], o.description, 1, 100);
    e.oneOf([...p, 'type'], o.type, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
    if (o.type === GROUP) {
      if (depth > 0) e.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-command groups can only be nested at the top level');
      const inner = (o.options ?? []) as Obj[];
      if (inner.some((x) => x.type !== SUB)) e.add([...p, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-command groups may only contain sub-commands');
      checkOptions(e, [...p, 'options'], o.options, depth + 1);
      continue;
    }
    if (o.type === SUB) {
      if (depth > 1) e.add([...p, 'type'], 'APPLICATION_COMMAND_OPTION_TYPE_INVALID', 'Sub-commands can be nested at most in one group');
      const inner = (o.options ?? []) as Obj[];
      if (inner.some((x) => x.type === SUB || x.type === GROUP)) e.add([...p, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Sub-commands cannot contain sub-commands');
      checkOptions(e, [...p, 'options'], o.options, depth + 1);
      continue;
    }
    if (o.required) {
      if (optionalSeen) e.add([...p, 'required'], 'APPLICATION_COMMAND_OPTIONS_REQUIRED_INVALID', 'Required options must be placed before non-required options');
    } else optionalSeen = true;
    if (o.options?.length) e.add([...p, 'options'], 'APPLICATION_COMMAND_OPTIONS_TYPE_INVALID', 'Only sub-commands and groups can have options');
    if (o.choices !== undefined) {
      if (![3, 4, 10].includes(o.type)) e.add([...p, 'choices'], 'APPLICATION_COMMAND_OPTION_CHOICES_INVALID', 'Choices are only allowed for string, integer and number options');
      if (o.autocomplete) e.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_CHOICES_INVALID', 'Autocomplete cannot be set with choices');
      checkChoices(e, [...p, 'choices'], o.choices, o.type);
    }
    if (o.autocomplete && ![3, 4, 10].includes(o.type)) e.add([...p, 'autocomplete'], 'APPLICATION_COMMAND_AUTOCOMPLETE_INVALID', 'Autocomplete is only allowed for string, integer and number options');
    if (o.type === 3) {
      e.range([...p, 'min_length'], o.min_length, 0, 6000);
      e.range([...p, 'max_length'], o.max_length, 1, 6000);
    }
  }
}

/** Command option choices, and an autocomplete result (callback type 8): ≤25, name 1–100, string value ≤100. */
export function checkChoices(e: FormErrors, path: Path, choices: unknown, optionType?: number): void {
  for (const [k, ch] of (e.size(path, choices, 0, 25) as Obj[]).entries()) {
    e.len([...path, k, 'name'], ch.name, 1, 100);
    if (typeof ch.value === 'string') e.len([...path, k, 'value'], ch.value, 1, 100);
    else if (typeof ch.value !== 'number') e.add([...path, k, 'value'], 'BASE_TYPE_REQUIRED', 'This field is required');
    else if (optionType === 4 && !Number.isInteger(ch.value)) e.add([...path, k, 'value'], 'NUMBER_TYPE_COERCE', 'Value is not int.');
  }
}

function commandChars(c: Obj): number {
  const walk = (opts: Obj[] = []): number =>
    opts.reduce(
      (n, o) =>
        n +
        String(o.name ?? '').length +
        String(o.description ?? '').length +
        ((o.choices ?? []) as Obj[]).reduce((m, ch) => m + String(ch.name).length + String(ch.value).length, 0) +
        walk(o.options),
      0,
    );
  return String(c.name ?? '').length + String(c.description ?? '').length + walk(c.options);
}

const COMPONENTS_V2 = 1 << 15;

/**
 * A message body (create or edit). Returns 'empty' when the message would have nothing to show (Discord answers
 * 400 {code:50006, message:'Cannot send an empty message'}); `hasFiles` counts uploaded files as content.
 */
export function checkMessage(e: FormErrors, path: Path, m: Obj, opts: { partial?: boolean; hasFiles?: boolean } = {}): 'empty' | undefined {
  e.len([...path, 'content'], m.content, 0, 2000);
  const v2 = ((m.flags ?? 0) & COMPONENTS_V2) !== 0;
  if (v2 && (m.content || m.embeds?.length)) e.add([...path, 'content'], 'MESSAGE_CANNOT_USE_LEGACY_FIELDS_WITH_COMPONENTS_V2', 'The \'content\' and \'embeds\' fields cannot be used when using MessageFlags.IS_COMPONENTS_V2');
  const embeds = e.size([...path, 'embeds'], m.embeds, 0, 10) as Obj[];
  embeds.forEach((em, i) => checkEmbed(e, [...path, 'embeds', i], em));
  const rows = e.size([...path, 'components'], m.components, 0, v2 ? 40 : 5) as Obj[];
  const ids = new Set<string>();
  rows.forEach((row, i) => checkTopComponent(e, [...path, 'components', i], row, ids, v2));
  if (m.allowed_mentions !== undefined && m.allowed_mentions !== null && typeof m.allowed_mentions !== 'object') {
    e.add([...path, 'allowed_mentions'], 'MODEL_TYPE_CONVERT', 'Only dictionaries may be used in a ModelType');
  }
  if (opts.partial) return undefined;
  const has = Boolean(m.content) || embeds.length > 0 || rows.length > 0 || opts.hasFiles || Boolean(m.sticker_ids?.length) || Boolean(m.poll);
  return has ? undefined : 'empty';
}

function checkEmbed(e: FormErrors, p: Path, em: Obj): void {
  e.len([...p, 'title'], em.title, 0, 256);
  e.len([...p, 'description'], em.description, 0, 4096);
  e.len([...p, 'footer', 'text'], em.footer?.text, 0, 2048);
  e.len([...p, 'author', 'name'], em.author?.name, 0, 256);
  const fields = e.size([...p, 'fields'], em.fields, 0, 25) as Obj[];
  fields.forEach((f, k) => {
    e.len([...p, 'fields', k, 'name'], f.name, 1, 256);
    e.len([...p, 'fields', k, 'value'], f.value, 1, 1024);
  });
  const total =
    String(em.title ?? '').length +
    String(em.description ?? '').length +
    String(em.footer?.text ?? '').length +
    String(em.author?.name ?? '').length +
    fields.reduce((n, f) => n + String(f.name ?? '').length + String(f.value ?? '').length, 0);
  if (total > 6000) e.add(p, 'BASE_TYPE_MAX_LENGTH', 'Embed size exceeds maximum size of 6000');
}

const SELECTS = [3, 5, 6, 7, 8];

function checkTopComponent(e: FormErrors, p: Path, c: Obj, ids: Set<string>, v2: boolean): void {
  if (c.type === 1) return checkRow(e, p, c, ids);
  if (!v2) return e.add([...p, 'type'], 'UNION_TYPE_CHOICES', 'Value of field "type" must be one of (1,).');
  // Components V2 layouts: containers and sections hold rows, text displays, buttons as accessories.
  if (c.type === 10) return e.len([...p, 'content'], c.content, 1, 4000);
  if (c.type === 17) return ((c.components ?? []) as Obj[]).forEach((x, i) => checkTopComponent(e, [...p, 'components', i], x, ids, true));
  if (c.type === 9 && c.accessory?.type === 2) return checkButton(e, [...p, 'accessory'], c.accessory, ids);
}

function checkRow(e: FormErrors, p: Path, row: Obj, ids: Set<string>): void {
  const items = e.size([...p, 'components'], row.components, 1, 5) as Obj[];
  const selects = items.filter((x) => SELECTS.includes(x.type)).length;
  if (selects && items.length > 1) e.add([...p, 'components'], 'COMPONENT_LAYOUT_WIDTH_EXCEEDED', 'The specified component exceeds the maximum width');
  items.forEach((x, j) => {
    const q = [...p, 'components', j];
    if (x.type === 2) checkButton(e, q, x, ids);
    else if (SELECTS.includes(x.type)) checkSelect(e, q, x, ids);
    else e.add([...q, 'type'], 'COMPONENT_INVALID_TYPE', `Component type ${x.type} is not allowed in an action row of a message`);
  });
}

function checkCustomId(e: FormErrors, p: Path, id: unknown, ids: Set<string>): void {
  e.len([...p, 'custom_id'], id, 1, 100);
  if (typeof id !== 'string') return;
  if (ids.has(id)) e.add([...p, 'custom_id'], 'COMPONENT_CUSTOM_ID_DUPLICATED', 'Component custom id cannot be duplicated');
  ids.add(id);
}

function checkButton(e: FormErrors, p: Path, b: Obj, ids: Set<string>): void {
  e.oneOf([...p, 'style'], b.style, [1, 2, 3, 4, 5, 6]);
  e.len([...p, 'label'], b.label, 0, 80);
  if (b.style === 5) {
    if (!b.url) e.add([...p, 'url'], 'BASE_TYPE_REQUIRED', 'This field is required');
    if (b.custom_id !== undefined) e.add([...p, 'custom_id'], 'BUTTON_COMPONENT_LINK_HAS_CUSTOM_ID', 'A link button cannot have a custom id');
    else return;
  }
  if (b.style === 6) return;
  if (b.url !== undefined) e.add([...p, 'url'], 'BUTTON_COMPONENT_URL_NOT_ALLOWED', 'Only link buttons can have a url');
  checkCustomId(e, p, b.custom_id, ids);
  if (!b.label && !b.emoji) e.add([...p, 'label'], 'BUTTON_COMPONENT_LABEL_OR_EMOJI_REQUIRED', 'A button needs a label or an emoji');
}

function checkSelect(e: FormErrors, p: Path, s: Obj, ids: Set<string>): void {
  checkCustomId(e, p, s.custom_id, ids);
  checkSelectBody(e, p, s);
}

function checkSelectBody(e: FormErrors, p: Path, s: Obj): void {
  e.len([...p, 'placeholder'], s.placeholder, 0, 150);
  e.range([...p, 'min_values'], s.min_values, 0, 25);
  e.range([...p, 'max_values'], s.max_values, 1, 25);
  if (s.type === 3) {
    const opts = e.size([...p, 'options'], s.options, 1, 25) as Obj[];
    opts.forEach((o, k) => {
      e.len([...p, 'options', k, 'label'], o.label, 1, 100);
      e.len([...p, 'options', k, 'value'], o.value, 1, 100);
      e.len([...p, 'options', k, 'description'], o.description, 0, 100);
    });
  }
}

const LABEL_CHILDREN = [3, 4, 5, 6, 7, 8, 19, 21, 22, 23];

/** A modal (callback type 9 `data`). */
export function checkModal(e: FormErrors, p: Path, m: Obj): void {
  e.len([...p, 'title'], m.title, 1, 45);
  e.len([...p, 'custom_id'], m.custom_id, 1, 100);
  const ids = new Set<string>();
  (e.size([...p, 'components'], m.components, 1, 5) as Obj[]).forEach((c, i) => {
    const q = [...p, 'components', i];
    if (c.type === 18) {
      e.len([...q, 'label'], c.label, 1, 45);
      e.len([...q, 'description'], c.description, 0, 100);
      const child = c.component as Obj | undefined;
      if (!child) return e.add([...q, 'component'], 'BASE_TYPE_REQUIRED', 'This field is required');
      if (!LABEL_CHILDREN.includes(child.type)) return e.add([...q, 'component', 'type'], 'COMPONENT_INVALID_TYPE', `Component type ${child.type} is not allowed in a label`);
      checkModalInput(e, [...q, 'component'], child, ids, false);
    } else if (c.type === 10) {
      e.len([...q, 'content'], c.content, 1, 4000);
    } else if (c.type === 1) {
      const items = e.size([...q, 'components'], c.components, 1, 1) as Obj[];
      items.forEach((x, j) => {
        if (x.type !== 4) return e.add([...q, 'components', j, 'type'], 'COMPONENT_INVALID_TYPE', 'Only text inputs are allowed in a modal action row');
        checkModalInput(e, [...q, 'components', j], x, ids, true);
      });
    } else {
      e.add([...q, 'type'], 'COMPONENT_INVALID_TYPE', `Component type ${c.type} is not allowed at the top level of a modal`);
    }
  });
}

function checkModalInput(e: FormErrors, p: Path, c: Obj, ids: Set<string>, legacy: boolean): void {
  checkCustomId(e, p, c.custom_id, ids);
  if (c.type === 4) {
    e.oneOf([...p, 'style'], c.style, [1, 2]);
    if (legacy) e.len([...p, 'label'], c.label, 1, 45);
    e.len([...p, 'value'], c.value, 0, 4000);
    e.len([...p, 'placeholder'], c.placeholder, 0, 100);
    e.range([...p, 'min_length'], c.min_length, 0, 4000);
    e.range([...p, 'max_length'], c.max_length, 1, 4000);
  } else if (SELECTS.includes(c.type)) {
    checkSelectBody(e, p, c);
  } else if (c.type === 19) {
    e.range([...p, 'min_values'], c.min_values, 0, 10);
    e.range([...p, 'max_values'], c.max_values, 1, 10);
    if (c.min_values === 0 && c.required !== false) e.add([...p, 'min_values'], 'FILE_UPLOAD_MIN_VALUES_INVALID', 'min_values must be at least 1 unless required is false');
  } else if (c.type === 21 || c.type === 22) {
    (e.size([...p, 'options'], c.options, c.type === 21 ? 2 : 1, 10) as Obj[]).forEach((o, k) => {
      e.len([...p, 'options', k, 'label'], o.label, 1, 100);
      e.len([...p, 'options', k, 'value'], o.value, 1, 100);
    });
  }
}
