// Slack text both ways: out, mrkdwn escaping and time tokens as <!date^…> (each reader sees their own zone) within
// Slack's limits; in, slash-command and message text back to what the user typed.
import { describeTime, renderTimeTokens, type TimeStyle } from '../core/runtime/time.ts';

/** Slack treats &, < and > as control characters in message text. */
export function escapeMrkdwn(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

export function slackDate(date: Date, style: TimeStyle): string {
  const unix = Math.floor(date.getTime() / 1000);
  const format = style === 'relative' ? '{ago}' : '{date_short_pretty} {time}';
  return `<!date^${unix}^${format}|${describeTime(date, style === 'relative' ? 'full' : style, date)}>`;
}

/** Escaped mrkdwn with time tokens turned into Slack dates. */
export function mrkdwn(text: string): string {
  return renderTimeTokens(escapeMrkdwn(text), slackDate);
}

/** Plain text (notification fallbacks, plain_text objects): times as UTC text. */
export function plain(text: string, now: Date = new Date()): string {
  return renderTimeTokens(text, (d, style) => describeTime(d, style, now));
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}

/** Splits text into pieces of at most `max` characters, at line breaks where it can. */
export function splitText(text: string, max: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const line of text.split('\n')) {
    const piece = line.length > max ? line.slice(0, max) : line;
    if (cur && cur.length + 1 + piece.length > max) {
      out.push(cur);
      cur = piece;
    } else cur = cur ? `${cur}\n${piece}` : piece;
  }
  if (cur) out.push(cur);
  return out;
}

/**
 * Slash-command and message text as the console would see it: mentions without their labels (which may hold
 * spaces), auto-linked domains and emails back to what was typed, entities decoded, smart quotes straightened.
 */
export function slackText(text: string): string {
  return text
    .replace(/<([@#][A-Z0-9]+|!subteam\^[A-Z0-9]+)\|[^>]*>/g, '<$1>')
    .replace(/<(?:https?|mailto|tel|sip):[^|>]*\|([^>]*)>/g, '$1')
    .replace(/<((?:https?|mailto|tel|sip):[^|>]*)>/g, '$1')
    .replace(/[\u201c\u201d\u201e\u2033]/g, '"')
    .replace(/[\u2018\u2019\u2032]/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .trim();
}
