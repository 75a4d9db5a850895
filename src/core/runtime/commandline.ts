// Splits a command line (console line, Slack slash-command text) into bare words and name=value options, honouring quotes:
//   carrier add name="Primary trunk" sip_address=sip.example.com:5060 --dry-run
// A token is an option only when its name and = are unquoted, so "a=b" in quotes stays a plain word.
import { findAction, type CommandSpec } from './command.ts';
import { UserError } from './errors.ts';

export interface ParsedLine {
  words: string[];
  options: Record<string, string>;
}

interface Token {
  text: string;
  /** Length of the unquoted `name` before an unquoted '=', or -1. */
  keyEnd: number;
}

function scan(line: string): Token[] {
  const tokens: Token[] = [];
  let cur: Token | null = null;
  let quote: '"' | "'" | null = null;
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i]!;
    if (quote) {
      if (ch === quote) quote = null;
      else if (ch === '\\' && quote === '"' && i + 1 < line.length) cur!.text += line[++i];
      else cur!.text += ch;
      continue;
    }
    if (/\s/.test(ch)) {
      if (cur) tokens.push(cur);
      cur = null;
      quoted = false;
      continue;
    }
    cur ??= { text: '', keyEnd: -1 };
    if (ch === '"' || ch === "'") {
      quote = ch;
      quoted = true;
    } else {
      if (ch === '=' && cur.keyEnd === -1 && !quoted) cur.keyEnd = cur.text.length;
      cur.text += ch;
    }
  }
  if (quote) throw new UserError(`Unclosed ${quote} quote. Put quotes around values with spaces: name="Primary trunk".`);
  if (cur) tokens.push(cur);
  return tokens;
}

const NAME = /^(?:--)?([A-Za-z][A-Za-z0-9_-]*)$/;

export function parseLine(line: string): ParsedLine {
  const words: string[] = [];
  const options: Record<string, string> = {};
  for (const t of scan(line)) {
    const name = t.keyEnd > 0 ? NAME.exec(t.text.slice(0, t.keyEnd)) : null;
    const flag = t.keyEnd === -1 && t.text.startsWith('--') ? NAME.exec(t.text) : null;
    const key = (name ?? flag)?.[1]?.toLowerCase().replace(/-/g, '_');
    if (!key) {
      words.push(t.text);
      continue;
    }
    if (key in options) throw new UserError(`Option ${key} is given twice.`);
    options[key] = name ? t.text.slice(t.keyEnd + 1) : 'yes';
  }
  return { words, options };
}

/** Quotes a value for display as a console option when it needs it. */
export function quoteValue(v: string): string {
  return /^[^\s"'=]+$/.test(v) ? v : `"${v.replace(/(["\\])/g, '\\$1')}"`;
}

/** The command path, options and leftover bare words of a parsed line, as an Invocation carries them. */
export function lineTarget(commands: CommandSpec[], { words, options }: ParsedLine): { path: string[]; args: Record<string, string>; positionals: string[] } {
  const found = findAction(commands, words);
  const path = 'match' in found ? found.match.path : words.slice(0, Math.max(1, found.used + 1));
  return { path, args: options, positionals: words.slice('match' in found ? found.used : path.length) };
}
