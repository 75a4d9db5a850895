// Fixtures for the pure LiveKit tests (mapping, plan): a carrier row with every field, overridable.
import type { Carrier } from '../../src/core/store.ts';

export const PASSWORD = 'S3cret-Pa55!word';
export const FP = 'fp-7f3a9c';
export const AT = new Date('2025-01-01T00:00:00Z');

export function carrier(over: Partial<Carrier> = {}): Carrier {
  return {
    id: 'car-1',
    name: 'Acme',
    sipAddress: 'sip.acme.example:5061',
    transport: 'tls',
    destinationCountry: 'US',
    status: 'active',
    currency: 'USD',
    username: 'acme-user',
    passwordEnc: 'sealed-password',
    inboundAuth: 'digest',
    allowedIps: [],
    cps: 5,
    burst: 12,
    channels: 30,
    preRingTimeout: 0,
    postRingTimeout: 0,
    techPrefix: null,
    stripDigits: 0,
    prefixDigits: null,
    notes: null,
    healthFailureThreshold: null,
    healthIgnoredCodes: null,
    healthAsrFloor: null,
    healthAsrMinAttempts: null,
    outboundTrunkId: null,
    inboundTrunkId: null,
    syncStatus: 'pending',
    syncError: null,
    lastSyncedAt: null,
    syncNote: null,
    syncDueAt: null,
    syncAttempts: 0,
    syncGeneration: 0,
    syncClaimedUntil: null,
    driftAt: null,
    driftNote: null,
    version: 1,
    createdAt: AT,
    updatedAt: AT,
    ...over,
  };
}
