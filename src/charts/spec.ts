// What a chart shows, independent of how it is drawn: the health view builds one (pure), src/charts/render.ts draws it.

/** Calls per bucket as bars (attempts, and answered in front of them) with ASR as a line on a 0–100 % axis. */
export interface CallsChartSpec {
  /** "Acme: calls and ASR, last 24 h (UTC)". */
  title: string;
  /** A line under the title: the range and the totals. */
  subtitle?: string;
  /** The x axis name: "hour (UTC)", "day (UTC)", "month (UTC)". */
  xName: string;
  /** One label per bucket. */
  labels: string[];
  attempts: number[];
  answered: number[];
  /** Percent; null where there were no attempts (drawn as a gap). */
  asr: (number | null)[];
}
