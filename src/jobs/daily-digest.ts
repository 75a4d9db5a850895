// Job: the daily carrier digest (src/health/digest.ts) to every on-call channel whose digest time (`alert route …
// digest_at=HH:MM`, else ALERT_DIGEST_AT for the ALERT_*_CHANNEL defaults; UTC) has passed today. Queued as an
// alert_notices row (kind daily-digest) that the delivery worker posts. The notice's key (channel and UTC date) makes it
// once a day per channel whatever runs it: two replicas, a restart, a hand run (`health digest` only shows it).
import { effectiveRoutes } from '../core/alerts/routes.ts';
import type { HealthSettings } from '../core/alerts/settings.ts';
import type { Store } from '../core/store.ts';
import { digestReply, loadDigest } from '../health/digest.ts';
import type { JobSpec } from './scheduler.ts';

export const DAILY_DIGEST = 'daily-digest';

export interface DigestJobContext {
  store: Store;
  settings: HealthSettings;
  now: () => Date;
  syncEnabled: boolean;
  /** ALERT_DIGEST_AT: the time for channels that come from config rather than `alert route`. */
  defaultDigestAt: string | null;
}

/** The key of a channel's digest on `now`'s UTC date. */
export const digestKey = (platform: string, channel: string, now: Date): string => `${DAILY_DIGEST}:${platform}:${channel}:${now.toISOString().slice(0, 10)}`;

/** Today's digest time (UTC) for `HH:MM`. */
export function digestTime(hhmm: string, now: Date): Date {
  const [hh, mm] = hhmm.split(':').map(Number);
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate(), hh, mm));
}

/** Queues today's digest for each channel whose time has passed and that has none yet; returns how many were queued. */
export async function runDailyDigest(ctx: DigestJobContext, now: Date): Promise<number> {
  const routes = (await effectiveRoutes(ctx.store, ctx.settings))
    .map((r) => ({ ...r, at: r.digestAt ?? (r.source === 'config' ? ctx.defaultDigestAt : null) }))
    .filter((r) => r.at && now >= digestTime(r.at, now));
  const due: typeof routes = [];
  for (const r of routes) if (!(await ctx.store.healthView.hasNotice(DAILY_DIGEST, digestKey(r.platform, r.channel, now)))) due.push(r);
  if (!due.length) return 0;
  const payload = { ...digestReply(await loadDigest(ctx.store, ctx.settings, now, ctx.syncEnabled)), ephemeral: false } as unknown as Record<string, unknown>;
  let queued = 0;
  for (const r of due) {
    const added = await ctx.store.healthView.addNoticeOnce({ platform: r.platform, channel: r.channel, kind: DAILY_DIGEST, payload, dueAt: now }, digestKey(r.platform, r.channel, now));
    if (added) queued++;
  }
  return queued;
}

export function dailyDigestJob(ctx: DigestJobContext, schedule: string | null): JobSpec {
  return {
    name: DAILY_DIGEST,
    schedule,
    leaseMs: 5 * 60_000,
    run: async () => {
      const n = await runDailyDigest(ctx, ctx.now());
      return n ? `${n} daily digest${n === 1 ? '' : 's'} queued` : 'no digest due';
    },
  };
}
