// Job: scheduled rate-card revisions go live at their date, on RATECARD_ACTIVATION_CRON (every minute by default);
// by hand: `ratecard activate-due`. It runs the command itself, as the scheduler, so it is checked and audited alike.
import type { Dispatcher } from '../core/runtime/dispatch.ts';
import type { JobSpec } from './scheduler.ts';

/** The principal scheduled jobs act as (an admin; see src/app.ts), as the audit log shows it. */
export const SCHEDULER_PRINCIPAL = 'console:scheduler';

export function ratecardActivationJob(dispatcher: Dispatcher, schedule: string | null): JobSpec {
  return {
    name: 'ratecard-activation',
    schedule,
    leaseMs: 10 * 60_000,
    async run() {
      const outcome = await dispatcher.dispatch({ platform: 'console', user: { id: SCHEDULER_PRINCIPAL, name: 'scheduler', groups: [] }, path: ['ratecard', 'activate-due'], args: {}, positionals: [], interactive: false });
      if (outcome.type !== 'reply') throw new Error(`ratecard activate-due answered with a ${outcome.type}`);
      if (outcome.tone === 'error') throw new Error(outcome.text ?? 'ratecard activate-due failed');
      return [outcome.text, ...(outcome.footer ?? [])].filter(Boolean).join(' ');
    },
  };
}
