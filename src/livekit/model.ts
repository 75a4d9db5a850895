// The LiveKit objects trunkops manages, as plain values: what a carrier should have (desired) and what LiveKit
// holds (actual). The SDK adapter (client.ts) converts them to and from the protocol messages.
import type { Transport } from '../core/store.ts';

/** Written into every object's metadata; a reconcile only ever touches objects that carry it. */
export const MANAGED_BY = 'trunkops';

export interface OutboundSpec {
  name: string;
  metadata: string;
  address: string;
  transport: Transport;
  numbers: string[];
  authUsername: string;
  authPassword: string;
  destinationCountry: string;
}

export interface InboundSpec {
  name: string;
  metadata: string;
  numbers: string[];
  allowedAddresses: string[];
  authUsername: string;
  authPassword: string;
}

export interface RuleSpec {
  didId: string;
  number: string;
  name: string;
  metadata: string;
  agentName: string;
  roomPrefix: string;
  /** Filled in when the carrier's inbound trunk id is known. */
  trunkIds: string[];
}

export interface DesiredCarrier {
  carrierId: string;
  outbound: OutboundSpec | null;
  inbound: InboundSpec | null;
  rules: RuleSpec[];
  /** Why a carrier has less than two trunks, shown instead of an error (e.g. no outbound-capable number). */
  notes: string[];
  /** The carrier's clear password, kept only to scrub it from any message LiveKit sends back. */
  secret: string | null;
}

export type OutboundActual = OutboundSpec & { id: string };
export type InboundActual = InboundSpec & { id: string };
export interface RuleActual {
  id: string;
  name: string;
  metadata: string;
  /** The called-number filter. */
  numbers: string[];
  agentNames: string[];
  roomPrefix: string;
  trunkIds: string[];
  /** From our metadata; null on a rule that is not ours or not tied to a number. */
  didId: string | null;
}

/** What a metadata string says about ownership; null when the object is not trunkops'. */
export interface Ownership {
  carrierId: string;
  kind: 'outbound' | 'inbound' | 'dispatch';
  didId?: string;
  /** Keyed fingerprint of the password the object was written with (passwords may come back masked). */
  secretFp?: string;
}

export function ownership(metadata: string): Ownership | null {
  if (!metadata.includes(MANAGED_BY)) return null;
  try {
    const m = JSON.parse(metadata) as Record<string, unknown>;
    if (m.managedBy !== MANAGED_BY || typeof m.carrierId !== 'string') return null;
    if (m.kind !== 'outbound' && m.kind !== 'inbound' && m.kind !== 'dispatch') return null;
    return {
      carrierId: m.carrierId,
      kind: m.kind,
      didId: typeof m.didId === 'string' ? m.didId : undefined,
      secretFp: typeof m.secretFp === 'string' ? m.secretFp : undefined,
    };
  } catch {
    return null;
  }
}

/** LiveKit's view of everything, indexed by the carrier that owns it (ours only). */
export interface ActualCarrier {
  outbound: OutboundActual[];
  inbound: InboundActual[];
  rules: RuleActual[];
}

export const emptyActual = (): ActualCarrier => ({ outbound: [], inbound: [], rules: [] });
