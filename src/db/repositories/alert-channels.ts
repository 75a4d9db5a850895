// The channel side of AlertRepo on drizzle: maintenance windows, alert routes and channel notices.
import { and, asc, eq, gt, isNull, lte, type SQL } from 'drizzle-orm';
import type { AlertRepo, ChatPlatform, MaintenanceWindow } from '../../core/alerts/ports.ts';
import type { Database } from '../client.ts';
import { alertNotices, alertRoutes, maintenanceWindows } from '../schema/alerts.ts';
import { carriers } from '../schema/carriers.ts';

type ChannelRepo = Pick<AlertRepo, 'mutedCarriers' | 'windows' | 'addWindow' | 'updateWindow' | 'routes' | 'setRoute' | 'addNotices'>;

export function alertChannelRepo(db: Database): ChannelRepo {
  const running = (at: Date): SQL => and(lte(maintenanceWindows.startsAt, at), gt(maintenanceWindows.endsAt, at), isNull(maintenanceWindows.cancelledAt))!;
  return {
    async mutedCarriers(at) {
      const rows = await db.selectDistinct({ carrierId: maintenanceWindows.carrierId }).from(maintenanceWindows).where(running(at));
      return new Set(rows.map((r) => r.carrierId));
    },
    async windows({ carrierId, at, unannounced }) {
      // Not over yet; or, for the announcer, any window whose end has not been announced.
      const when = unannounced ? isNull(maintenanceWindows.announcedEnd) : and(gt(maintenanceWindows.endsAt, at), isNull(maintenanceWindows.cancelledAt));
      const rows = await db
        .select({ w: maintenanceWindows, carrierName: carriers.name })
        .from(maintenanceWindows)
        .innerJoin(carriers, eq(carriers.id, maintenanceWindows.carrierId))
        .where(and(when, carrierId ? eq(maintenanceWindows.carrierId, carrierId) : undefined))
        .orderBy(asc(maintenanceWindows.startsAt));
      return rows.map((r): MaintenanceWindow => ({ ...r.w, carrierName: r.carrierName }));
    },
    async addWindow(w) {
      await db.insert(maintenanceWindows).values(w);
    },
    async updateWindow(id, patch) {
      await db.update(maintenanceWindows).set(patch).where(eq(maintenanceWindows.id, id));
    },
    async routes() {
      const rows = await db.select().from(alertRoutes).orderBy(asc(alertRoutes.platform));
      return rows.map((r) => ({ ...r, platform: r.platform as ChatPlatform }));
    },
    async setRoute(r) {
      await db
        .insert(alertRoutes)
        .values(r)
        .onConflictDoUpdate({ target: alertRoutes.platform, set: { channel: r.channel, digestAt: r.digestAt, updatedBy: r.updatedBy, updatedAt: r.updatedAt } });
    },
    async addNotices(rows) {
      if (rows.length) await db.insert(alertNotices).values(rows);
    },
  };
}
