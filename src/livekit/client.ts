// The LiveKit port and its implementation on livekit-server-sdk's SipClient. Everything crosses as plain values
// (model.ts); responses are never logged or echoed, because LiveKit sends SIP passwords back in clear.
import {
  CreateSIPDispatchRuleRequest,
  ListUpdate,
  RoomAgentDispatch,
  RoomConfiguration,
  SIPDispatchRule,
  SIPDispatchRuleIndividual,
  SIPDispatchRuleInfo,
  SIPInboundTrunkInfo,
  SIPOutboundTrunkInfo,
  SIPTransport,
} from '@livekit/protocol';
import { ServerError, SipClient } from 'livekit-server-sdk';
import type { Transport } from '../core/store.ts';
import { ownership, type InboundActual, type InboundSpec, type OutboundActual, type OutboundSpec, type RuleActual, type RuleSpec } from './model.ts';

export interface LiveKitPort {
  listInbound(filter?: { trunkIds?: string[]; numbers?: string[] }): Promise<InboundActual[]>;
  listOutbound(filter?: { trunkIds?: string[] }): Promise<OutboundActual[]>;
  listRules(filter?: { trunkIds?: string[] }): Promise<RuleActual[]>;
  createInbound(spec: InboundSpec): Promise<string>;
  replaceInbound(id: string, spec: InboundSpec): Promise<void>;
  /** Takes numbers off an inbound trunk, touching nothing else on it (a patch, not a replace). */
  removeInboundNumbers(id: string, numbers: string[]): Promise<void>;
  createOutbound(spec: OutboundSpec): Promise<string>;
  replaceOutbound(id: string, spec: OutboundSpec): Promise<void>;
  /** Deletes an inbound or outbound trunk; one that is already gone counts as deleted. */
  deleteTrunk(id: string): Promise<void>;
  createRule(spec: RuleSpec): Promise<string>;
  replaceRule(id: string, spec: RuleSpec): Promise<void>;
  /** Deletes a dispatch rule; one that is already gone counts as deleted. */
  deleteRule(id: string): Promise<void>;
}

export interface LiveKitClientOptions {
  url: string;
  apiKey: string;
  apiSecret: string;
  requestTimeoutSec: number;
}

const TRANSPORTS: Record<Transport, SIPTransport> = {
  auto: SIPTransport.SIP_TRANSPORT_AUTO,
  udp: SIPTransport.SIP_TRANSPORT_UDP,
  tcp: SIPTransport.SIP_TRANSPORT_TCP,
  tls: SIPTransport.SIP_TRANSPORT_TLS,
};
const transportName = (t: SIPTransport): Transport => (Object.entries(TRANSPORTS).find(([, v]) => v === t)?.[0] as Transport) ?? 'auto';

export function createLiveKitClient(opts: LiveKitClientOptions): LiveKitPort {
  const sip = new SipClient(opts.url, opts.apiKey, opts.apiSecret, { requestTimeout: opts.requestTimeoutSec });
  const ignoreGone = (err: unknown) => {
    if (err instanceof ServerError && err.status === 404 && err.code !== 'bad_route') return;
    throw err;
  };
  return {
    async listInbound(filter = {}) {
      const items = await sip.listSipInboundTrunk({ trunkIds: filter.trunkIds, numbers: filter.numbers });
      return items.map((t) => ({
        id: t.sipTrunkId,
        name: t.name,
        metadata: t.metadata,
        numbers: [...t.numbers],
        allowedAddresses: [...t.allowedAddresses],
        authUsername: t.authUsername,
        authPassword: t.authPassword,
      }));
    },
    async listOutbound(filter = {}) {
      const items = await sip.listSipOutboundTrunk({ trunkIds: filter.trunkIds });
      return items.map((t) => ({
        id: t.sipTrunkId,
        name: t.name,
        metadata: t.metadata,
        address: t.address,
        transport: transportName(t.transport),
        numbers: [...t.numbers],
        authUsername: t.authUsername,
        authPassword: t.authPassword,
        destinationCountry: t.destinationCountry,
      }));
    },
    async listRules(filter = {}) {
      const items = await sip.listSipDispatchRule({ trunkIds: filter.trunkIds });
      return items.map((r) => ({
        id: r.sipDispatchRuleId,
        name: r.name,
        metadata: r.metadata,
        numbers: [...r.numbers],
        agentNames: (r.roomConfig?.agents ?? []).map((a) => a.agentName),
        roomPrefix: r.rule?.rule.case === 'dispatchRuleIndividual' ? r.rule.rule.value.roomPrefix : '',
        trunkIds: [...r.trunkIds],
        didId: ownership(r.metadata)?.didId ?? null,
      }));
    },
    async createInbound(s) {
      const t = await sip.createSipInboundTrunk(s.name, s.numbers, {
        metadata: s.metadata,
        allowedAddresses: s.allowedAddresses,
        authUsername: s.authUsername,
        authPassword: s.authPassword,
      });
      return t.sipTrunkId;
    },
    async replaceInbound(id, s) {
      await sip.updateSipInboundTrunk(id, new SIPInboundTrunkInfo({ ...s }));
    },
    async removeInboundNumbers(id, numbers) {
      await sip.updateSipInboundTrunkFields(id, { numbers: new ListUpdate({ remove: numbers }) });
    },
    async createOutbound(s) {
      const t = await sip.createSipOutboundTrunk(s.name, s.address, s.numbers, {
        transport: TRANSPORTS[s.transport],
        destinationCountry: s.destinationCountry || undefined,
        metadata: s.metadata,
        authUsername: s.authUsername,
        authPassword: s.authPassword,
      });
      return t.sipTrunkId;
    },
    async replaceOutbound(id, s) {
      await sip.updateSipOutboundTrunk(id, new SIPOutboundTrunkInfo({ ...s, transport: TRANSPORTS[s.transport] }));
    },
    deleteTrunk: (id) => sip.deleteSipTrunk(id).then(() => undefined, ignoreGone),
    async createRule(s) {
      // The SDK's createSipDispatchRule sends the legacy request, which cannot carry the called-number filter; a rule
      // without it would take every number of the trunk for a moment. So this one request is posted in the current
      // form (`dispatchRule`), with the SDK's own token and LiveKit's error shape.
      const body = new CreateSIPDispatchRuleRequest({ dispatchRule: ruleInfo(s) }).toJson();
      const headers = await sip.authHeader({}, { admin: true });
      const url = new URL('/twirp/livekit.SIP/CreateSIPDispatchRule', opts.url.replace(/^ws/, 'http'));
      const res = await fetch(url, {
        method: 'POST',
        headers: { ...headers, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(opts.requestTimeoutSec * 1000),
      });
      if (!res.ok) throw await serverError(res);
      return SIPDispatchRuleInfo.fromJsonString(await res.text(), { ignoreUnknownFields: true }).sipDispatchRuleId;
    },
    async replaceRule(id, s) {
      await sip.updateSipDispatchRule(id, ruleInfo(s));
    },
    deleteRule: (id) => sip.deleteSipDispatchRule(id).then(() => undefined, ignoreGone),
  };
}

function ruleInfo(s: RuleSpec): SIPDispatchRuleInfo {
  return new SIPDispatchRuleInfo({
    rule: new SIPDispatchRule({ rule: { case: 'dispatchRuleIndividual', value: new SIPDispatchRuleIndividual({ roomPrefix: s.roomPrefix }) } }),
    trunkIds: s.trunkIds,
    numbers: [s.number],
    name: s.name,
    metadata: s.metadata,
    roomConfig: new RoomConfiguration({ agents: [new RoomAgentDispatch({ agentName: s.agentName })] }),
  });
}

/** LiveKit's Twirp error, read the way the SDK reads it. */
async function serverError(res: Response): Promise<ServerError> {
  const text = await res.text();
  if (res.headers.get('content-type') === 'application/json') {
    try {
      const e = JSON.parse(text) as { code?: string; msg?: string; meta?: Record<string, string> };
      return new ServerError(res.statusText, e.msg ?? 'Unknown internal error', res.status, e.code, e.meta);
    } catch {
      // fall through to the raw text
    }
  }
  return new ServerError(res.statusText, text, res.status);
}
