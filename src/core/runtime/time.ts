// Times inside reply text travel as neutral tokens; each adapter renders them in its own idiom
// (Slack <!date^…>, Discord <t:…>, console local text) so every reader sees their own time zone.

export type TimeStyle = 'relative' | 'full';

const TOKEN = /\u27e6time:(-?\d+):(relative|full)\u27e7/g;

export function timeToken(date: Date, style: TimeStyle = 'relative'): string {
  return `\u27e6time:${Math.floor(date.getTime() / 1000)}:${style}\u27e7`;
}

export function renderTimeTokens(text: string, render: (date: Date, style: TimeStyle) => string): string {
  return text.replace(TOKEN, (_m, secs: string, style: TimeStyle) => render(new Date(Number(secs) * 1000), style));
}

/** Plain-text rendering used by the console and by logs: "2026-11-21 20:53 UTC (5 min ago)". */
export function describeTime(date: Date, style: TimeStyle, now: Date = new Date()): string {
  const iso = `${date.toISOString().slice(0, 16).replace('T', ' ')} UTC`;
  const rel = relativeTime(date, now);
  return style === 'full' ? iso : `${rel} (${iso})`;
}

export function relativeTime(date: Date, now: Date): string {
  const s = Math.round((now.getTime() - date.getTime()) / 1000);
  const abs = Math.abs(s);
  const unit =
    abs < 60 ? `${abs}s` : abs < 3600 ? `${Math.floor(abs / 60)} min` : abs < 86400 ? `${Math.floor(abs / 3600)} h` : `${Math.floor(abs / 86400)} d`;
  if (abs < 5) return 'just now';
  return s >= 0 ? `${unit} ago` : `in ${unit}`;
}
