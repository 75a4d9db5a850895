// Every health / alert job as a named task, so each runs the same way on its schedule and by hand (`alert check
// [name]`): the checks (src/health/pass.ts) and the alert housekeeping (reminders, maintenance announcements). The daily
// digest is its own job (src/jobs/daily-digest.ts, `health digest`).
import { CHECK_NAMES, checkJobName, type CheckName } from '../core/alerts/kinds.ts';
import { fail, ok, type Resolved } from '../core/runtime/resolved.ts';
import { describeRun, runCheck, type CheckContext } from '../health/pass.ts';
import { runAnnouncements } from './announcements.ts';
import { runReminders } from './reminders.ts';

export const HOUSEKEEPING = ['reminders', 'maintenance'] as const;
export type TaskName = CheckName | (typeof HOUSEKEEPING)[number];
export const TASK_NAMES: readonly TaskName[] = [...CHECK_NAMES, ...HOUSEKEEPING];

/** The job that runs a task on its schedule (job_leases name). */
export function jobNameOf(task: TaskName): string {
  if ((CHECK_NAMES as readonly string[]).includes(task)) return checkJobName(task as CheckName);
  return task === 'reminders' ? 'alert-reminders' : 'maintenance-announcements';
}

export function resolveTaskName(raw: string): Resolved<TaskName> {
  const v = raw.trim().toLowerCase().replace(/[\s_]+/g, '-').replace(/^check-/, '');
  const alias: Record<string, TaskName> = { cf: 'consecutive-failures', failures: 'consecutive-failures', codes: 'code-consistency', '404': 'code-consistency', drift: 'sync', ratecard: 'ratecards', scheduler: 'heartbeat', reminder: 'reminders', announcements: 'maintenance' };
  const name = (TASK_NAMES as readonly string[]).includes(v) ? (v as TaskName) : alias[v];
  return name ? ok(name) : fail(`choose one of ${TASK_NAMES.join(', ')} (got "${raw.trim()}")`);
}

export interface TaskOutcome {
  task: TaskName;
  ms: number;
  text: string;
  opened: number;
  resolved: number;
}

/**
 * Runs a task. `running`: the job running it, when scheduled — a check job then also re-evaluates the heartbeat
 * (a check running now proves the scheduler works, so an open scheduler incident can clear).
 */
export async function runTask(ctx: CheckContext, task: TaskName, o: { running?: string } = {}): Promise<TaskOutcome> {
  const started = performance.now();
  const now = ctx.now();
  const done = (text: string, opened = 0, resolved = 0): TaskOutcome => ({ task, ms: performance.now() - started, text, opened, resolved });
  switch (task) {
    case 'reminders': {
      const r = await runReminders(ctx.store, ctx.settings, now);
      return done(`reminders: ${r.reminded} reminded, ${r.woken} snoozes ended`);
    }
    case 'maintenance': {
      const r = await runAnnouncements(ctx.store, ctx.settings, now);
      return done(`maintenance: ${r.started} started, ${r.ending} ending soon, ${r.ended} ended`);
    }
    default: {
      const run = await runCheck(ctx, task, o);
      let text = describeRun(run);
      if (o.running && task !== 'heartbeat') {
        const hb = await runCheck(ctx, 'heartbeat', o);
        if (hb.result?.resolved) text += '; scheduler alert resolved';
      }
      return done(text, run.result?.opened ?? 0, run.result?.resolved ?? 0);
    }
  }
}
