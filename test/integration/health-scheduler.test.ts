// The check jobs under node-cron with the Postgres lease: two scheduler instances sharing one database (two
// replicas) run each tick once, by hand too, and the job's pass opens one incident.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { alertJobs } from '../../src/jobs/alert-jobs.ts';
import { taskJob } from '../../src/jobs/check-job.ts';
import { startScheduler, type JobSpec } from '../../src/jobs/scheduler.ts';
import { checkCtx, failures, setHealth } from '../helpers/health-state.ts';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness({ ALERT_SLACK_CHANNEL: 'C0ALERTS' });
  await h.script(['carrier add name=Acme sip_address=sip.acme.example']);
  await setHealth(h, 'Acme', failures(25));
});
afterAll(async () => h?.close());

it('runs each tick of a check job once across two scheduler instances', async () => {
  const ticks: number[] = [];
  const base = taskJob(checkCtx(h, () => new Date()), 'consecutive-failures', '* * * * * *');
  // Every second, so a few ticks fit in a test; counted by the second they started in.
  const job: JobSpec = { ...base, run: () => (ticks.push(Math.floor(Date.now() / 1000)), base.run()) };
  const a = startScheduler([job], { store: h.app.store, logger: h.logger });
  const b = startScheduler([job], { store: h.app.store, logger: h.logger });
  await new Promise((r) => setTimeout(r, 3500));
  await a.stop();
  await b.stop();
  expect(ticks.length).toBeGreaterThanOrEqual(2);
  expect(new Set(ticks).size).toBe(ticks.length);
  const [lease] = await h.db.query(`select name, last_error, last_finished_at from job_leases where name = 'check-consecutive-failures'`);
  expect(lease).toMatchObject({ name: 'check-consecutive-failures', last_error: null });
  expect(await h.db.query(`select kind, state from alerts`)).toEqual([{ kind: 'consecutive_failures', state: 'open' }]);
  expect(await h.db.query(`select text from alert_history where text like 'Opened%'`)).toHaveLength(1);
});

it('runs a job by hand on one replica at a time', async () => {
  const jobs = alertJobs({ store: h.app.store, settings: h.app.deps.health, now: () => new Date(), syncEnabled: false }, { checks: null, heartbeat: null, alerts: null });
  expect(jobs.map((j) => j.name)).toEqual([
    'check-consecutive-failures',
    'check-code-consistency',
    'check-asr',
    'check-ratecards',
    'check-heartbeat',
    'alert-reminders',
    'maintenance-announcements',
  ]);
  const a = startScheduler(jobs, { store: h.app.store, logger: h.logger });
  const b = startScheduler(jobs, { store: h.app.store, logger: h.logger });
  const [ra, rb] = await Promise.all([a.runNow('check-asr'), b.runNow('check-asr')]);
  expect([ra, rb].filter((r) => r === null)).toHaveLength(1);
  expect([ra, rb].find((r) => r !== null)).toMatch(/^asr: 0 judged, 0 firing/);
  expect(await a.runNow('alert-reminders')).toBe('reminders: 0 reminded, 0 snoozes ended');
  await a.stop();
  await b.stop();
});
