// Every table, for drizzle's relational typing and the migrator.
export * from './carriers.ts';
export * from './carrier-contacts.ts';
export * from './bots.ts';
export * from './dids.ts';
export * from './access-grants.ts';
export * from './audit-log.ts';
export * from './livekit-cleanup.ts';
export * from './job-leases.ts';
export * from './call-events.ts';
export * from './interaction-state.ts';
export * from './rate-cards.ts';
export * from './rate-card-revisions.ts';
export * from './rates.ts';
export * from './rate-uploads.ts';
export * from './carrier-health.ts';
export * from './alerts.ts';
