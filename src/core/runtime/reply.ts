// Neutral output types that every adapter renders in its own idiom: replies, confirmations and forms.
import type { FieldIssue } from './errors.ts';

export type Tone = 'ok' | 'error' | 'warn' | 'info';

/** A command to run when a button is pressed: the command path and raw option values. */
export interface ActionRef {
  path: string[];
  args: Record<string, string>;
}

export interface ReplyField {
  label: string;
  value: string;
  /** Short values that can sit side by side. */
  inline?: boolean;
}

export interface ReplyTable {
  columns: string[];
  rows: string[][];
  /** Indexes of columns holding machine values (addresses, numbers) shown in a monospace font. */
  mono?: number[];
}

export interface ReplyButton {
  label: string;
  style?: 'primary' | 'danger' | 'default';
  action: ActionRef;
}

/**
 * A file that goes with a reply (a rate-card CSV, a chart image). Adapters deliver it in their own way: the console
 * saves it to its download directory, Slack uploads it (privately, by direct message, when the reply is private),
 * Discord attaches it to the answer. `name` is already safe as a file name (no path, no separators).
 */
export interface ReplyFile {
  name: string;
  /** MIME type: text/csv, application/gzip, image/png… */
  mime: string;
  /** The bytes (a Buffer is one). */
  data: Uint8Array;
  /** A short description: Slack's file title, Discord's attachment description (alt text for images). */
  title?: string;
}

export interface Reply {
  type: 'reply';
  /** Private to the caller (errors, configuration) or visible to the channel. */
  ephemeral: boolean;
  tone?: Tone;
  title?: string;
  /** A one-line status banner under the title (e.g. the sync state). */
  banner?: { tone: Tone; text: string };
  text?: string;
  fields?: ReplyField[];
  table?: ReplyTable;
  /** Text shown after the table or fields: hints, warnings. */
  footer?: string[];
  buttons?: ReplyButton[];
  /** On an error reply: the invalid fields, so a form can show each message on its field. */
  issues?: FieldIssue[];
  /** Files delivered with the reply; the text should say what they are, since a platform may refuse one (size). */
  files?: ReplyFile[];
}

/** Ask before a destructive action; confirming runs `action` (which carries confirm=yes). */
export interface ConfirmRequest {
  type: 'confirm';
  ephemeral: true;
  title: string;
  text: string;
  confirmLabel: string;
  action: ActionRef;
}

export type FieldType = 'text' | 'secret' | 'number' | 'select' | 'list' | 'textarea' | 'picker' | 'file';

export interface FormField {
  name: string;
  label: string;
  type: FieldType;
  required: boolean;
  /** Prefilled value (the current value on edit, the default on add). */
  value?: string;
  placeholder?: string;
  hint?: string;
  choices?: { value: string; label: string }[];
  /** For file fields: accepted extensions, lower case without the dot. */
  accept?: string[];
  /** For pickers: which entity the value names. */
  picker?: 'carrier' | 'bot';
  section?: string;
  /** Only shown (and only submitted) while another field holds one of these values. */
  showWhen?: { field: string; in: string[] };
  /** Shown but not editable (e.g. a DID's number on edit). */
  readOnly?: boolean;
  /** Pure per-field check, the same one the command uses; returns the rule broken or undefined. */
  validate?: (raw: string) => string | undefined;
}

export interface FormSection {
  id: string;
  title: string;
  description?: string;
}

export interface Form {
  title: string;
  submitLabel: string;
  /** Command to run with the submitted values merged over `context`. */
  path: string[];
  sections: FormSection[];
  fields: FormField[];
  /** Hidden values carried through the form (entity id, version for optimistic concurrency). */
  context: Record<string, string>;
  note?: string;
}

export interface FormRequest {
  type: 'form';
  form: Form;
}

export type Outcome = Reply | ConfirmRequest | FormRequest;

export function reply(fields: Omit<Reply, 'type' | 'ephemeral'> & { ephemeral?: boolean }): Reply {
  return { type: 'reply', ephemeral: false, ...fields };
}

export function privateReply(fields: Omit<Reply, 'type' | 'ephemeral'>): Reply {
  return { type: 'reply', ephemeral: true, ...fields };
}
