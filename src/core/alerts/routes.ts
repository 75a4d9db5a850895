// Where alerts go: one on-call channel per platform, from `alert route` (alert_routes) or else ALERT_SLACK_CHANNEL /
// ALERT_DISCORD_CHANNEL; `off` stops a platform's alerts without a restart. Pure resolvers for what people type.
import { fail, ok, type Resolved } from '../runtime/resolved.ts';
import type { Store } from '../store.ts';
import { CHAT_PLATFORMS, type ChatPlatform, type Route, type RouteRecord } from './ports.ts';
import type { HealthSettings } from './settings.ts';

/** Stored as the channel of a route that is switched off. */
export const ROUTE_OFF = 'off';

/** The channels alerts go to now, with where each came from. */
export async function effectiveRoutes(store: Store, s: Pick<HealthSettings, 'channels'>): Promise<(Route & { source: 'command' | 'config'; digestAt: string | null })[]> {
  const stored = new Map((await store.alerts.routes()).map((r) => [r.platform, r]));
  const out: (Route & { source: 'command' | 'config'; digestAt: string | null })[] = [];
  for (const platform of CHAT_PLATFORMS) {
    const r: RouteRecord | undefined = stored.get(platform);
    if (r) {
      if (r.channel !== ROUTE_OFF) out.push({ platform, channel: r.channel, source: 'command', digestAt: r.digestAt });
    } else if (s.channels[platform]) {
      out.push({ platform, channel: s.channels[platform]!, source: 'config', digestAt: null });
    }
  }
  return out;
}

/** A Slack channel id (C…, G…), or the `<#C0123|name>` Slack sends when someone types #name. */
export function resolveSlackChannel(raw: string): Resolved<string> {
  const v = raw.trim();
  const m = /^<#([CG][A-Z0-9]{6,})(\|[^>]*)?>$/.exec(v) ?? /^([CG][A-Z0-9]{6,})$/.exec(v);
  if (m) return ok(m[1]!);
  if (v.toLowerCase() === ROUTE_OFF) return ok(ROUTE_OFF);
  return fail('use the channel id (C0123ABCD: channel details → About, at the bottom) or type #channel so Slack links it; "off" stops Slack alerts');
}

/** A Discord channel id (17–20 digits), or the `<#123…>` Discord sends for a #channel mention. */
export function resolveDiscordChannel(raw: string): Resolved<string> {
  const v = raw.trim();
  const m = /^<#(\d{17,20})>$/.exec(v) ?? /^(\d{17,20})$/.exec(v);
  if (m) return ok(m[1]!);
  if (v.toLowerCase() === ROUTE_OFF) return ok(ROUTE_OFF);
  return fail('use the channel id (17–20 digits: Developer Mode → right-click the channel → Copy Channel ID) or a #channel mention; "off" stops Discord alerts');
}

export function resolveChannelFor(platform: ChatPlatform, raw: string): Resolved<string> {
  return platform === 'slack' ? resolveSlackChannel(raw) : resolveDiscordChannel(raw);
}

/** A daily digest time, HH:MM in UTC (or `off`, stored as null). */
export function resolveDigestAt(raw: string): Resolved<string | null> {
  const v = raw.trim().toLowerCase();
  if (v === ROUTE_OFF || v === 'none') return ok(null);
  const m = /^([01]?\d|2[0-3]):([0-5]\d)$/.exec(v);
  return m ? ok(`${m[1]!.padStart(2, '0')}:${m[2]}`) : fail('use a UTC time as HH:MM, e.g. 08:30, or off');
}

/** A change is delivered this long after it is made, so changes in quick succession become one edit. */
export const DELIVERY_DEBOUNCE_MS = 5_000;

/**
 * Marks these alerts' messages in every on-call channel to be posted or edited (alert_messages; the delivery worker
 * does the rest), after the debounce. Alerts of carriers in a maintenance window are left out: they are delivered
 * when the window ends.
 */
export async function markForDelivery(store: Store, s: Pick<HealthSettings, 'channels'>, alerts: { id: string; carrierId: string | null }[], now: Date, muted?: Set<string>): Promise<void> {
  if (!alerts.length) return;
  const quiet = muted ?? (await store.alerts.mutedCarriers(now));
  const ids = [...new Set(alerts.filter((a) => !a.carrierId || !quiet.has(a.carrierId)).map((a) => a.id))];
  if (!ids.length) return;
  const routes = await effectiveRoutes(store, s);
  if (routes.length) await store.alerts.markDirty(ids, routes, new Date(now.getTime() + DELIVERY_DEBOUNCE_MS));
}
