// ASR, ACD and NER from hourly rollups (one hour or a sum of hours): the standard definitions (research §C4) on the
// counts carrier_stats_hourly keeps. Ratios are 0–1; null when there is nothing to divide by.

export interface RollupCounts {
  attempts: number;
  answered: number;
  failures: number;
  billedSeconds: number;
}

export interface Kpis {
  /** Answer-seizure ratio: answered / attempts. */
  asr: number | null;
  /** Average call duration in seconds: billed seconds / answered calls. */
  acd: number | null;
  /**
   * Network effectiveness ratio: calls the network completed — answered, or ended by the user (busy, no answer,
   * declined: the ignored codes) — over attempts, i.e. (attempts − counted failures) / attempts.
   */
  ner: number | null;
}

export function kpis(c: RollupCounts): Kpis {
  return {
    asr: c.attempts ? c.answered / c.attempts : null,
    acd: c.answered ? c.billedSeconds / c.answered : null,
    ner: c.attempts ? (c.attempts - c.failures) / c.attempts : null,
  };
}

/** Several hours summed, for a day or a month. */
export function sumRollups(rows: Iterable<RollupCounts>): RollupCounts {
  const total: RollupCounts = { attempts: 0, answered: 0, failures: 0, billedSeconds: 0 };
  for (const r of rows) {
    total.attempts += r.attempts;
    total.answered += r.answered;
    total.failures += r.failures;
    total.billedSeconds += r.billedSeconds;
  }
  return total;
}
