// The mapping (pure): a carrier, its numbers and their bots → the LiveKit trunks and dispatch rules it should have.
//  - one outbound trunk: host[:port], transport, outbound credentials, destination country, outbound-capable numbers
//    (LiveKit refuses an outbound trunk without numbers, so a carrier without one gets a note, not an error);
//  - one inbound trunk: inbound-capable numbers, digest credentials (the outbound ones) or the IP allowlist.
//    Never without numbers (a wildcard that catches every called number) and never without one of the two
//    (anyone who reaches LiveKit's SIP endpoint could call the numbers);
//  - one dispatch rule per inbound-capable number with a bot, on the inbound trunk, filtered to that number.
// An inactive carrier should have nothing on LiveKit. Pacing (CPS, burst, channels) has no LiveKit field: it is
// mirrored into the outbound trunk's metadata for the dialler.
import type { Carrier, DidView } from '../core/store.ts';
import { countryCode } from './country.ts';
import { MANAGED_BY, type DesiredCarrier, type InboundSpec, type OutboundSpec, type RuleSpec } from './model.ts';

export interface MappingInput {
  carrier: Carrier;
  dids: DidView[];
  /** Agent name by bot id (bots that still exist). */
  agents: Map<string, string>;
  /** The carrier's SIP password in clear, or null. */
  password: string | null;
  /** Keyed fingerprint of that password (see Secrets.fingerprint), so a reconcile can tell it changed. */
  passwordFp: string | null;
}

const canDial = (d: DidView) => d.direction !== 'inbound';
const canAnswer = (d: DidView) => d.direction !== 'outbound';

export function desiredFor({ carrier: c, dids, agents, password, passwordFp }: MappingInput): DesiredCarrier {
  const out: DesiredCarrier = { carrierId: c.id, outbound: null, inbound: null, rules: [], notes: [], secret: password };
  if (c.status === 'inactive') {
    out.notes.push('carrier is inactive, so it has no LiveKit trunks');
    return out;
  }
  const meta = (kind: string, extra: Record<string, unknown> = {}) => JSON.stringify({ managedBy: MANAGED_BY, carrierId: c.id, kind, ...extra });
  const secretFp = password && passwordFp ? { secretFp: passwordFp } : {};
  const dialNumbers = sorted(dids.filter(canDial).map((d) => d.numberNormalized));
  const answerNumbers = sorted(dids.filter(canAnswer).map((d) => d.numberNormalized));

  if (dialNumbers.length) {
    out.outbound = {
      name: `${c.name} (outbound)`,
      metadata: meta('outbound', { ...secretFp, cps: c.cps, burst: c.burst, channels: c.channels }),
      address: c.sipAddress,
      transport: c.transport,
      numbers: dialNumbers,
      authUsername: password ? (c.username ?? '') : '',
      authPassword: password ?? '',
      destinationCountry: countryCode(c.destinationCountry) ?? '',
    } satisfies OutboundSpec;
  } else {
    out.notes.push('needs an outbound-capable number (direction both or outbound) before LiveKit can have its outbound trunk');
  }

  const authenticated = c.inboundAuth === 'digest' ? !!password : c.allowedIps.length > 0;
  if (answerNumbers.length && !authenticated) {
    // LiveKit would take a numbers-only trunk, but then anyone who reaches its SIP endpoint can call these numbers.
    out.notes.push(
      c.inboundAuth === 'digest'
        ? 'no inbound trunk until the carrier has a password (inbound digest) or inbound_auth=ip_allowlist with allowed_ips: without either anyone could call its numbers'
        : 'no inbound trunk until allowed_ips lists the carrier\'s signalling addresses',
    );
  } else if (answerNumbers.length) {
    const digest = c.inboundAuth === 'digest' && password;
    out.inbound = {
      name: `${c.name} (inbound)`,
      metadata: meta('inbound', digest ? secretFp : {}),
      numbers: answerNumbers,
      allowedAddresses: c.inboundAuth === 'ip_allowlist' ? sorted(c.allowedIps) : [],
      authUsername: digest ? (c.username ?? '') : '',
      authPassword: digest ? password : '',
    } satisfies InboundSpec;
    for (const d of dids.filter(canAnswer)) {
      const agentName = d.botId ? agents.get(d.botId) : undefined;
      if (!agentName) continue;
      out.rules.push({
        didId: d.id,
        number: d.numberNormalized,
        name: `${d.numberNormalized} → ${d.botName ?? agentName}`,
        metadata: meta('dispatch', { didId: d.id }),
        agentName,
        roomPrefix: `call-${d.numberNormalized.replace(/\D/g, '')}`,
        trunkIds: [],
      } satisfies RuleSpec);
    }
    out.rules.sort((a, b) => a.number.localeCompare(b.number));
  } else if (dids.length) {
    out.notes.push('no inbound-capable number, so no inbound trunk');
  }
  return out;
}

function sorted(list: string[]): string[] {
  return [...new Set(list)].sort();
}
