// Prometheus metrics (GET /metrics, prom-client): commands handled, unexpected errors, LiveKit sync outcomes, call
// events ingested, open alerts (read from the alerts table at scrape time), job runs and durations, and Node's own
// process metrics. One registry per process, `metrics`, that the dispatcher (through app.ts), the scheduler, the sync
// engine and the call-event ingestion report to; labels are bounded (command paths, job names, fixed words).
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { OpenAlertCount } from './core/health/view-ports.ts';

/** How a command ended: answered, refused (bad input, not allowed, not found), failed unexpectedly, or asked first. */
export type CommandOutcome = 'ok' | 'user_error' | 'error' | 'form' | 'confirm';

export interface Metrics {
  readonly registry: Registry;
  /** Prometheus text exposition format 0.0.4. */
  readonly contentType: string;
  /** `command` is the matched action path (`carrier add`), or `unknown`; an `error` also counts in trunkops_errors_total. */
  commandHandled(command: string, outcome: CommandOutcome, ms: number): void;
  /** A LiveKit sync of one carrier recorded its outcome. */
  syncRecorded(status: 'synced' | 'pending' | 'error'): void;
  /** Call events taken in by one request / import / webhook (src/health/ingest.ts's report counts). */
  eventsIngested(source: 'api' | 'import' | 'livekit', counts: { accepted: number; duplicates: number; rejected: number }): void;
  /** A failed run also counts in trunkops_errors_total. */
  jobFinished(job: string, outcome: 'ok' | 'error', ms: number): void;
  /** Every metric as text, the open-alerts gauge read now from `openAlerts` (left out, database_up 0, when it fails). */
  scrape(openAlerts: () => Promise<OpenAlertCount[]>): Promise<string>;
}

const SEVERITIES = ['critical', 'warning', 'info'];
const STATES = ['open', 'acked', 'snoozed'];

export function createMetrics(o: { processMetrics?: boolean } = {}): Metrics {
  const registry = new Registry();
  const registers = [registry];
  if (o.processMetrics) collectDefaultMetrics({ register: registry });
  const commands = new Counter({ name: 'trunkops_commands_total', help: 'Commands handled, by command path and outcome', labelNames: ['command', 'outcome'], registers });
  const commandSeconds = new Histogram({
    name: 'trunkops_command_duration_seconds',
    help: 'Time from invocation to reply, by command path',
    labelNames: ['command'],
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const errors = new Counter({ name: 'trunkops_errors_total', help: 'Unexpected errors logged with a reference, by component (command, job)', labelNames: ['component'], registers });
  const sync = new Counter({ name: 'trunkops_sync_outcomes_total', help: 'LiveKit syncs of a carrier recorded, by outcome (synced, pending, error)', labelNames: ['status'], registers });
  const events = new Counter({ name: 'trunkops_call_events_total', help: 'Call events received, by source and result (accepted, duplicate, rejected)', labelNames: ['source', 'result'], registers });
  const jobs = new Counter({ name: 'trunkops_job_runs_total', help: 'Scheduled job runs, by job and outcome', labelNames: ['job', 'outcome'], registers });
  const jobSeconds = new Histogram({
    name: 'trunkops_job_duration_seconds',
    help: 'Scheduled job run time, by job',
    labelNames: ['job'],
    buckets: [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 15, 60, 300],
    registers,
  });
  const dbUp = new Gauge({ name: 'trunkops_database_up', help: 'Whether the database answered the last scrape (1) or not (0)', registers });
  const alertsOpen = new Gauge({ name: 'trunkops_alerts_open', help: 'Unresolved incidents in the alerts table, by severity and state (read at scrape time)', labelNames: ['severity', 'state'], registers });

  return {
    registry,
    contentType: registry.contentType,
    commandHandled(command, outcome, ms) {
      commands.inc({ command, outcome });
      commandSeconds.observe({ command }, ms / 1000);
      if (outcome === 'error') errors.inc({ component: 'command' });
    },
    syncRecorded: (status) => sync.inc({ status }),
    eventsIngested(source, c) {
      if (c.accepted) events.inc({ source, result: 'accepted' }, c.accepted);
      if (c.duplicates) events.inc({ source, result: 'duplicate' }, c.duplicates);
      if (c.rejected) events.inc({ source, result: 'rejected' }, c.rejected);
    },
    jobFinished(job, outcome, ms) {
      jobs.inc({ job, outcome });
      jobSeconds.observe({ job }, ms / 1000);
      if (outcome === 'error') errors.inc({ component: 'job' });
    },
    async scrape(openAlerts) {
      alertsOpen.reset();
      try {
        const counts = await openAlerts();
        // Every combination is exported (0 when none), so a series does not vanish when its last incident resolves.
        for (const severity of SEVERITIES) for (const state of STATES) alertsOpen.set({ severity, state }, 0);
        for (const c of counts) alertsOpen.set({ severity: c.severity, state: c.state }, c.count);
        dbUp.set(1);
      } catch {
        // The rest is still worth scraping; the gauge is left out and the database reported down.
        dbUp.set(0);
      }
      return registry.metrics();
    },
  };
}

/** The process's registry. */
export const metrics: Metrics = createMetrics({ processMetrics: true });
