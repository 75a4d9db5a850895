// The Store port implemented on drizzle; a transaction gets a Store bound to it.
import type { Store } from '../core/store.ts';
import { pingDb, type Database } from './client.ts';
import { grantRepo } from './repositories/access.ts';
import { auditRepo } from './repositories/audit.ts';
import { alertRepo } from './repositories/alerts.ts';
import { deliveryRepo } from './repositories/alert-delivery.ts';
import { botRepo } from './repositories/bots.ts';
import { carrierRepo } from './repositories/carriers.ts';
import { contactRepo } from './repositories/contacts.ts';
import { didRepo } from './repositories/dids.ts';
import { healthRepo } from './repositories/health.ts';
import { healthViewRepo } from './repositories/health-view.ts';
import { leaseRepo } from './repositories/leases.ts';
import { stateRepo } from './repositories/interaction-state.ts';
import { rateCardRepo } from './repositories/rate-cards.ts';
import { revisionRepo } from './repositories/rate-revisions.ts';
import { syncRepo } from './repositories/sync.ts';

export function createStore(db: Database): Store {
  return {
    carriers: carrierRepo(db),
    state: stateRepo(db),
    rateCards: rateCardRepo(db),
    revisions: revisionRepo(db),
    sync: syncRepo(db),
    health: healthRepo(db),
    leases: leaseRepo(db),
    contacts: contactRepo(db),
    bots: botRepo(db),
    dids: didRepo(db),
    grants: grantRepo(db),
    audit: auditRepo(db),
    alerts: alertRepo(db),
    deliveries: deliveryRepo(db),
    healthView: healthViewRepo(db),
    transaction: (fn) => db.transaction((tx) => fn(createStore(tx as unknown as Database))),
    ping: () => pingDb(db),
  };
}
