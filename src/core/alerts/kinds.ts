// The kinds of incident the health checks raise, the checks that raise them, and the words people type for both.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';

export const ALERT_KINDS = ['consecutive_failures', 'code_consistency', 'asr', 'sync', 'drift', 'ratecard_activation', 'scheduler'] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];

export type Severity = 'critical' | 'warning' | 'info';
export type AlertState = 'open' | 'acked' | 'snoozed' | 'resolved';
export const ALERT_STATES: readonly AlertState[] = ['open', 'acked', 'snoozed', 'resolved'];

export const KIND_LABELS: Record<AlertKind, string> = {
  consecutive_failures: 'Consecutive failures',
  code_consistency: 'Code consistency',
  asr: 'Low ASR',
  sync: 'LiveKit sync',
  drift: 'LiveKit drift',
  ratecard_activation: 'Rate-card activation',
  scheduler: 'Health-check scheduler',
};

/** Shorter words accepted for a kind (`alert ack Acme cf`). */
const KIND_ALIASES: Record<string, AlertKind> = {
  cf: 'consecutive_failures',
  failures: 'consecutive_failures',
  consecutive: 'consecutive_failures',
  cc: 'code_consistency',
  codes: 'code_consistency',
  code: 'code_consistency',
  '404': 'code_consistency',
  ratecard: 'ratecard_activation',
  ratecards: 'ratecard_activation',
  activation: 'ratecard_activation',
  heartbeat: 'scheduler',
};

/** A kind from what someone typed (`consecutive-failures`, `cf`, `Code Consistency`), or undefined. */
export function kindOf(raw: string): AlertKind | undefined {
  const v = raw.trim().toLowerCase().replace(/[\s-]+/g, '_');
  return (ALERT_KINDS as readonly string[]).includes(v) ? (v as AlertKind) : KIND_ALIASES[v];
}

/** The stored key of an incident: `<kind>:<carrier id>`, or the kind alone for alerts about trunkops itself. */
export const alertKey = (kind: AlertKind, carrierId: string | null): string => (carrierId ? `${kind}:${carrierId}` : kind);

/** The checks, each a job (`check-<name>`) and runnable by hand (`alert check <name>`), and the kinds each decides. */
export const CHECKS = {
  'consecutive-failures': ['consecutive_failures'],
  'code-consistency': ['code_consistency'],
  asr: ['asr'],
  sync: ['sync', 'drift'],
  ratecards: ['ratecard_activation'],
  heartbeat: ['scheduler'],
} as const satisfies Record<string, readonly AlertKind[]>;
export type CheckName = keyof typeof CHECKS;
export const CHECK_NAMES = Object.keys(CHECKS) as CheckName[];

/** The job name of a check: what job_leases records and the heartbeat looks at. */
export const checkJobName = (check: CheckName): string => `check-${check}`;

export function resolveCheckName(raw: string): Resolved<CheckName> {
  const v = raw.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/^check-/, '');
  if ((CHECK_NAMES as string[]).includes(v)) return ok(v as CheckName);
  const byKind = kindOf(v);
  const owner = byKind && CHECK_NAMES.find((c) => (CHECKS[c] as readonly string[]).includes(byKind));
  return owner ? ok(owner) : fail(`choose one of ${CHECK_NAMES.join(', ')} (got "${raw.trim()}")`);
}
