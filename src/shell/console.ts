// The local console: the same commands over stdin/stdout. On a terminal, forms become field-by-field
// prompts and confirmations ask; from a pipe it reads one command per line and exits at end of input.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { createInterface, type Interface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { findAction, type CommandSpec } from '../core/runtime/command.ts';
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import { UserError } from '../core/runtime/errors.ts';
import type { Attachment, Invocation } from '../core/runtime/invocation.ts';
import { formatBytes, type OptionDefs } from '../core/runtime/options.ts';
import type { Form, FormField, Outcome, Reply } from '../core/runtime/reply.ts';
import { saveFiles } from './downloads.ts';
import { renderConfirm, renderReply } from './render.ts';
import { MASK } from '../core/secrets.ts';
import { lineTarget, parseLine, quoteValue, type ParsedLine } from '../core/runtime/commandline.ts';

export interface ConsoleOptions {
  dispatcher: Dispatcher;
  commands: CommandSpec[];
  input: Readable;
  output: Writable;
  /** Prompts and masked input when true; line-by-line script mode when false. */
  interactive: boolean;
  user: string;
  now?: () => Date;
  /** Where files that come with a reply (a rate-card download) are saved; the working directory by default. */
  downloadDir?: string;
}

export interface ConsoleResult {
  commands: number;
  failed: number;
}

const PROMPT = 'trunkops> ';

export async function runConsole(opts: ConsoleOptions): Promise<ConsoleResult> {
  const io = createLineIO(opts);
  const result: ConsoleResult = { commands: 0, failed: 0 };
  if (opts.interactive) io.write('trunkops console — type `help` for the commands, `exit` to leave.\n');
  for (;;) {
    const line = await io.ask(PROMPT);
    if (line === null) break;
    const trimmed = line.trim();
    if (!trimmed || trimmed.startsWith('#')) continue;
    // Parsed once: the echo (with secrets masked) and the invocation come from the same parse.
    let parsed: ParsedLine | UserError;
    try {
      parsed = parseLine(trimmed);
    } catch (err) {
      if (!(err instanceof UserError)) throw err;
      parsed = err;
    }
    if (!opts.interactive) io.write(`${PROMPT}${parsed instanceof UserError ? trimmed : echoLine(opts.commands, trimmed, parsed)}\n`);
    if (trimmed === 'exit' || trimmed === 'quit') break;
    result.commands++;
    const ok = await runLine(opts, io, parsed);
    if (!ok) result.failed++;
  }
  io.close();
  return result;
}

/** Runs one command line to its final reply; false when it ended in an error. */
async function runLine(opts: ConsoleOptions, io: LineIO, parsed: ParsedLine | UserError): Promise<boolean> {
  if (parsed instanceof UserError) return show(io, opts, { type: 'reply', ephemeral: true, tone: 'error', text: parsed.message });
  const inv = toInvocation(opts, parsed);
  let outcome = await dispatchWithFiles(opts, inv);
  for (;;) {
    if (outcome.type === 'reply') return show(io, opts, outcome);
    if (outcome.type === 'confirm') {
      io.write(`${renderConfirm(outcome)}\n`);
      const question = 'Type yes to confirm, anything else cancels: ';
      const answer = await io.ask(question);
      if (!opts.interactive) io.write(`${question}${answer ?? ''}\n`);
      if (answer?.trim().toLowerCase() !== 'yes' && answer?.trim().toLowerCase() !== 'y') {
        io.write('Cancelled; nothing was changed.\n\n');
        return true;
      }
      outcome = await opts.dispatcher.dispatch({ ...inv, path: outcome.action.path, args: outcome.action.args, positionals: [], interactive: false });
      continue;
    }
    outcome = await fillForm(opts, io, inv, outcome.form);
  }
}

/** The line as it is echoed in script mode, with secret option values masked. */
function echoLine(commands: CommandSpec[], line: string, { words, options }: ParsedLine): string {
  const found = findAction(commands, words);
  if (!('match' in found)) return line;
  const secret = Object.entries(found.match.action.options).filter(([, o]) => o.secret).map(([n]) => n);
  if (!secret.some((n) => options[n])) return line;
  return [...words.map(quoteValue), ...Object.entries(options).map(([k, v]) => `${k}=${secret.includes(k) && v ? MASK : quoteValue(v)}`)].join(' ');
}

async function show(io: LineIO, opts: ConsoleOptions, reply: Reply): Promise<boolean> {
  const saved = reply.files?.length ? await saveFiles(opts.downloadDir ?? '.', reply.files) : undefined;
  const text = renderReply(reply, opts.now?.());
  io.write(`${text}${saved ? `\n${saved.lines.join('\n')}` : ''}\n\n`);
  return reply.tone !== 'error' && !saved?.failed;
}

function toInvocation(opts: ConsoleOptions, parsed: ParsedLine): Invocation {
  return {
    platform: 'console',
    user: { id: `console:${opts.user}`, name: opts.user, groups: [] },
    channel: 'console',
    ...lineTarget(opts.commands, parsed),
    interactive: opts.interactive,
  };
}

/** Prompts for each visible, editable field; re-asks on a bad value; submits; re-asks the fields a submission rejects. */
async function fillForm(opts: ConsoleOptions, io: LineIO, inv: Invocation, form: Form): Promise<Outcome> {
  io.write(`\n${form.title}${form.note ? `\n${form.note}` : ''}\nPress Enter to keep the value in [brackets]; type - to clear an optional field.\n`);
  const values: Record<string, string> = {};
  for (const f of form.fields) if (f.value !== undefined) values[f.name] = f.value;
  let ask = form.fields.map((f) => f.name);
  for (;;) {
    let section: string | undefined;
    for (const f of form.fields) {
      if (!ask.includes(f.name) || f.readOnly || !visible(f, values)) continue;
      if (f.section && f.section !== section) {
        section = f.section;
        const s = form.sections.find((x) => x.id === section);
        if (s) io.write(`\n— ${s.title}${s.description ? `: ${s.description}` : ''}\n`);
      }
      const answer = await askField(io, f, values[f.name]);
      if (answer === null) return { type: 'reply', ephemeral: true, tone: 'error', text: 'Input ended before the form was complete; nothing was saved.' };
      if (answer === undefined) continue;
      values[f.name] = answer;
    }
    const args: Record<string, string> = { ...form.context };
    for (const f of form.fields) {
      if (f.readOnly || !visible(f, values)) continue;
      args[f.name] = values[f.name] ?? '';
    }
    const outcome = await dispatchWithFiles(opts, { ...inv, path: form.path, args, positionals: [], interactive: false, wantForm: false });
    const bad = outcome.type === 'reply' && outcome.issues?.filter((i) => form.fields.some((f) => f.name === i.field && !f.readOnly));
    if (!bad || !bad.length) return outcome;
    io.write(`${renderReply(outcome)}\nPlease fix ${bad.length === 1 ? 'that field' : 'those fields'}:\n`);
    ask = bad.map((i) => i.field);
  }
}

/** File options are typed as paths on the console: read each file (within the option's size limit) and attach it. */
async function dispatchWithFiles(opts: ConsoleOptions, given: Invocation): Promise<Outcome> {
  const found = findAction(opts.commands, given.path);
  const inv = 'match' in found ? filePaths(found.match.action.options, given) : given;
  const files = 'match' in found ? Object.entries(found.match.action.options).filter(([n, o]) => o.file && inv.args[n]?.trim()) : [];
  if (!files.length) return opts.dispatcher.dispatch(inv);
  const args = { ...inv.args };
  const attachments: Record<string, Attachment> = {};
  for (const [name, o] of files) {
    const path = args[name]!.trim();
    delete args[name];
    try {
      const { size } = await stat(path);
      if (size > o.file!.maxBytes) throw new Error(`it is ${formatBytes(size)}; the limit is ${formatBytes(o.file!.maxBytes)}`);
      attachments[name] = { name: basename(path), data: await readFile(path) };
    } catch (err) {
      const reason = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (err as Error).message;
      return { type: 'reply', ephemeral: true, tone: 'error', text: `${o.label}: cannot read "${path}": ${reason}. Nothing was saved.` };
    }
  }
  return opts.dispatcher.dispatch({ ...inv, args, attachments });
}

/**
 * Bare words fill positional options in order, as the dispatcher assigns them (the last takes the rest); a word that
 * lands on a file option (`calls import cdr.csv`) is that file's path, so it moves to the option by name.
 */
function filePaths(options: OptionDefs, inv: Invocation): Invocation {
  const free = Object.entries(options).filter(([n, o]) => o.positional && inv.args[n] === undefined);
  if (!free.some(([, o]) => o.file)) return inv;
  const words = [...inv.positionals];
  const args = { ...inv.args };
  const others: string[] = [];
  free.forEach(([name, o], i) => {
    if (!words.length) return;
    const word = i === free.length - 1 ? words.splice(0).join(' ') : words.shift()!;
    if (o.file) args[name] = word;
    else others.push(word);
  });
  return { ...inv, args, positionals: [...others, ...words] };
}

function visible(f: FormField, values: Record<string, string>): boolean {
  return !f.showWhen || f.showWhen.in.includes(values[f.showWhen.field] ?? '');
}

/** One field's answer: the typed value, '' to clear, undefined to keep, null at end of input. */
async function askField(io: LineIO, f: FormField, current: string | undefined): Promise<string | undefined | null> {
  const choices = f.choices ? ` (${f.choices.map((c) => c.value).join('/')})` : f.type === 'file' ? ' (path to the file)' : '';
  const shown = f.type === 'secret' ? (f.hint ? `\n  ${f.hint}` : '') : '';
  const def = f.type !== 'secret' && current ? ` [${current}]` : '';
  const hint = f.type !== 'secret' && f.hint ? `  (${f.hint})` : '';
  for (;;) {
    const raw = await io.ask(`${f.label}${f.required ? '' : ' (optional)'}${choices}${def}${hint}${shown}: `, f.type === 'secret');
    if (raw === null) return null;
    const v = raw.trim();
    if (v === '') {
      if (f.required && !current) {
        io.write(`  ${f.label} is required.\n`);
        continue;
      }
      return undefined;
    }
    if (v === '-' && !f.required) return '';
    const problem = f.validate?.(v);
    if (problem) {
      io.write(`  ${f.label}: ${problem}\n`);
      continue;
    }
    return v;
  }
}

interface LineIO {
  ask(prompt: string, secret?: boolean): Promise<string | null>;
  write(text: string): void;
  close(): void;
}

function createLineIO(opts: ConsoleOptions): LineIO {
  const rl: Interface = createInterface({ input: opts.input, output: opts.interactive ? opts.output : undefined, terminal: opts.interactive });
  const lines = rl[Symbol.asyncIterator]();
  let muted = false;
  if (opts.interactive) {
    // Echo '*' instead of the characters of a secret being typed.
    const rlAny = rl as unknown as { _writeToOutput: (s: string) => void };
    const original = rlAny._writeToOutput.bind(rl);
    rlAny._writeToOutput = (s: string) => original(muted && !s.includes('\n') && !s.startsWith('\u001b') ? '*'.repeat(s.length) : s);
  }
  let closed = false;
  rl.on('close', () => (closed = true));
  // Ctrl-C leaves the console (and the process shuts down cleanly) instead of pausing input.
  rl.on('SIGINT', () => rl.close());
  return {
    async ask(prompt, secret = false) {
      if (!opts.interactive) {
        const next = await lines.next();
        return next.done ? null : next.value;
      }
      if (closed) return null;
      return new Promise<string | null>((resolve) => {
        const onClose = () => resolve(null);
        rl.once('close', onClose);
        rl.question(prompt, (answer) => {
          rl.off('close', onClose);
          if (secret) opts.output.write('\n');
          muted = false;
          resolve(answer);
        });
        muted = secret;
      });
    },
    write: (text) => opts.output.write(text),
    close: () => rl.close(),
  };
}
