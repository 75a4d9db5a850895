// Scheduled jobs on node-cron. Several replicas may run the same schedule: node-cron asks its run coordinator
// before each tick, and ours answers from a Postgres lease (job_leases), so each tick runs on exactly one replica.
// Every job can also be run by hand (runNow), through the same lease.
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import cron, { type RunCoordinator, type ScheduledTask } from 'node-cron';
import type { Store } from '../core/store.ts';
import type { Logger } from '../logger.ts';
import { metrics } from '../metrics.ts';

export interface JobSpec {
  /** Unique, no ':' (it forms the lease key). */
  name: string;
  /** Cron expression, or null: only run by hand. */
  schedule: string | null;
  /** How long a run may hold the lease before another replica may take the job over. */
  leaseMs: number;
  /** Runs the job; returns a one-line summary for the log. */
  run(): Promise<string>;
}

export interface Scheduler {
  /** Runs a job now (if no replica is running it) and returns its summary, or null when it was busy. */
  runNow(name: string): Promise<string | null>;
  stop(): Promise<void>;
}

export function startScheduler(jobs: JobSpec[], o: { store: Store; logger: Logger; now?: () => Date }): Scheduler {
  const now = o.now ?? (() => new Date());
  const holder = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  const byName = new Map(jobs.map((j) => [j.name, j]));

  const coordinator: RunCoordinator = {
    shouldRun: (key, ttlMs) => {
      const name = key.slice(0, key.indexOf(':'));
      const at = now();
      return o.store.leases.acquire(name, key, holder, at, new Date(at.getTime() + Math.max(ttlMs, byName.get(name)?.leaseMs ?? 0)));
    },
  };

  const inFlight = new Set<Promise<unknown>>();
  function execute(job: JobSpec): Promise<string> {
    const run = executeOnce(job);
    inFlight.add(run);
    void run.catch(() => {}).finally(() => inFlight.delete(run));
    return run;
  }

  async function executeOnce(job: JobSpec): Promise<string> {
    const started = Date.now();
    let ran = false;
    try {
      const summary = await job.run();
      ran = true;
      metrics.jobFinished(job.name, 'ok', Date.now() - started);
      await o.store.leases.finish(job.name, holder, now(), null);
      o.logger.info({ job: job.name, ms: Date.now() - started, summary }, 'job finished');
      return summary;
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      if (!ran) metrics.jobFinished(job.name, 'error', Date.now() - started);
      await o.store.leases.finish(job.name, holder, now(), message).catch(() => {});
      o.logger.error({ job: job.name, err }, 'job failed');
      throw err;
    }
  }

  const tasks: ScheduledTask[] = [];
  for (const job of jobs) {
    if (!job.schedule) continue;
    tasks.push(
      cron.schedule(job.schedule, () => execute(job).catch(() => {}), {
        name: job.name,
        timezone: 'UTC',
        noOverlap: true,
        distributed: true,
        runCoordinator: coordinator,
        distributedLease: job.leaseMs,
      }),
    );
  }

  return {
    async runNow(name) {
      const job = byName.get(name);
      if (!job) throw new Error(`no job named ${name}`);
      const at = now();
      const claimed = await o.store.leases.acquire(name, `${name}:manual:${at.toISOString()}:${randomUUID()}`, holder, at, new Date(at.getTime() + job.leaseMs));
      return claimed ? execute(job) : null;
    },
    /** Stops the schedules and waits for runs in progress, so the database is not closed under them. */
    async stop() {
      for (const t of tasks) await t.stop();
      await Promise.allSettled([...inFlight]);
    },
  };
}
