// Typed command options: each carries a pure resolver shared by every adapter (console parsing, Slack, Discord).
import type { Attachment } from './invocation.ts';
import { fail, ok, type Resolved } from './resolved.ts';
import { formatBytes } from './bytes.ts';
import { COMPRESSED, unpackAttachment } from './unpack.ts';

export { formatBytes } from './bytes.ts';

export type OptionKind = 'string' | 'number' | 'integer' | 'boolean' | 'attachment';
export type EntityKind = 'carrier' | 'bot' | 'did' | 'ratecard';

export interface OptionDef<T = unknown, R extends boolean = boolean> {
  kind: OptionKind;
  label: string;
  description: string;
  required: R;
  /** Filled from bare words in order (`carrier show Acme`). */
  positional?: boolean;
  choices?: readonly string[];
  /** Offer matching names from the database as the user types (Slack external select, Discord autocomplete). */
  entity?: EntityKind;
  /** A secret (a password): never echoed; typed blank it means "keep the current one". */
  secret?: boolean;
  /** Internal option carried by forms and buttons (e.g. version); not listed in help or registered as an option. */
  hidden?: boolean;
  resolve: (raw: string) => Resolved<T>;
  /** Whole-number options: the allowed range (Discord shows it and enforces it in the client). */
  range?: { min: number; max: number };
  /** Text options: the longest value allowed. */
  maxLength?: number;
  /**
   * File options: the extensions of the file itself (lower case, no dot), what may be uploaded (those, zipped or
   * gzipped), and the size limit (of the file and of the upload), checked by adapters before download too.
   */
  file?: { accept: readonly string[]; upload: readonly string[]; maxBytes: number; resolve: (a: Attachment) => Resolved<T> };
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- `any` keeps each option's own R inferred from its builder call.
export type OptionDefs = Record<string, OptionDef<any, any>>;

export type ArgsOf<O extends OptionDefs> = {
  /** Optional options are undefined when not given and null when given blank (meaning "clear it"). */
  [K in keyof O]: O[K] extends OptionDef<infer T, infer R> ? (R extends true ? T : T | null | undefined) : never;
};

type Common<R extends boolean> = {
  label: string;
  description: string;
  required?: R;
  positional?: boolean;
  entity?: EntityKind;
  hidden?: boolean;
};

/** Free text, trimmed; `check` adds the field's own rule. */
function text<const R extends boolean = false>(
  def: Common<R> & { max?: number; check?: (v: string) => Resolved<string> },
): OptionDef<string, R> {
  const max = def.max ?? 200;
  return {
    kind: 'string',
    ...def,
    maxLength: max,
    required: (def.required ?? false) as R,
    resolve: (raw) => {
      const v = raw.trim();
      if (v.length > max) return fail(`use at most ${max} characters (got ${v.length})`);
      if (/\p{Cc}/u.test(v)) return fail('remove control characters and line breaks');
      return def.check ? def.check(v) : ok(v);
    },
  };
}

/** A value that a domain resolver turns into T. */
function custom<T, const R extends boolean = false>(
  def: Common<R> & { kind?: OptionKind; choices?: readonly string[]; resolve: (raw: string) => Resolved<T> },
): OptionDef<T, R> {
  return { kind: def.kind ?? 'string', ...def, required: (def.required ?? false) as R };
}

function choice<const C extends string, const R extends boolean = false>(def: Common<R> & { choices: readonly C[] }): OptionDef<C, R> {
  return {
    kind: 'string',
    ...def,
    required: (def.required ?? false) as R,
    resolve: (raw) => {
      const v = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
      return (def.choices as readonly string[]).includes(v)
        ? ok(v as C)
        : fail(`choose one of ${def.choices.join(', ')} (got "${raw.trim()}")`);
    },
  };
}

function integer<const R extends boolean = false>(def: Common<R> & { min: number; max: number }): OptionDef<number, R> {
  return {
    kind: 'integer',
    ...def,
    range: { min: def.min, max: def.max },
    required: (def.required ?? false) as R,
    resolve: (raw) => {
      const v = raw.trim();
      if (!/^-?\d+$/.test(v)) return fail(`use a whole number from ${def.min} to ${def.max} (got "${v}")`);
      const n = Number(v);
      if (n < def.min || n > def.max) return fail(`use a whole number from ${def.min} to ${def.max} (got ${n})`);
      return ok(n);
    },
  };
}

function yesNo<const R extends boolean = false>(def: Common<R>): OptionDef<boolean, R> {
  return {
    kind: 'boolean',
    ...def,
    required: (def.required ?? false) as R,
    resolve: (raw) => {
      const v = raw.trim().toLowerCase();
      if (['yes', 'y', 'true', '1', 'on'].includes(v)) return ok(true);
      if (['no', 'n', 'false', '0', 'off'].includes(v)) return ok(false);
      return fail(`use yes or no (got "${raw.trim()}")`);
    },
  };
}

/** An uploaded file (Slack file_input or shared file, Discord attachment, console path); .zip and .gz of it too. */
function file<const R extends boolean = false>(def: Common<R> & { accept: readonly string[]; maxBytes: number }): OptionDef<Attachment, R> {
  const upload = [...def.accept, ...COMPRESSED];
  const list = upload.map((e) => `.${e}`).join(', ');
  return {
    kind: 'attachment',
    ...def,
    required: (def.required ?? false) as R,
    resolve: () => fail(`attach the file itself (${list}); a name alone is not enough`),
    file: {
      accept: def.accept,
      upload,
      maxBytes: def.maxBytes,
      resolve: (a) => {
        const problem = checkAttachment(a, upload, def.maxBytes);
        if (problem) return fail(problem);
        try {
          const inner = unpackAttachment(a, def.accept, def.maxBytes);
          const again = inner === a ? undefined : checkAttachment(inner, def.accept, def.maxBytes);
          return again ? fail(again) : ok(inner);
        } catch (err) {
          return fail((err as Error).message);
        }
      },
    },
  };
}

/** The rule an attachment breaks (type, size, emptiness), or undefined. Adapters use it before and after download. */
export function checkAttachment(a: { name: string; size?: number; data?: Buffer }, accept: readonly string[], maxBytes: number): string | undefined {
  const okType = accept.some((want) => a.name.toLowerCase().endsWith(`.${want}`));
  if (!okType) return `"${a.name}" is not a ${accept.map((e) => `.${e}`).join(' / ')} file`;
  const size = a.data?.length ?? a.size ?? 0;
  if (size > maxBytes) return `"${a.name}" is ${formatBytes(size)}; the limit is ${formatBytes(maxBytes)}`;
  if (a.data && a.data.length === 0) return `"${a.name}" is empty`;
  return undefined;
}

export const opt = { text, custom, choice, integer, yesNo, file };
