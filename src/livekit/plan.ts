// The diff (pure): what to do so LiveKit holds exactly what a carrier should have. Order matters and is fixed:
// unwanted dispatch rules first (LiveKit does not cascade), then unwanted trunks, the outbound trunk (so outbound
// calling works even when the inbound side is refused), the inbound trunk, and the rules that point at it.
// Changed objects are replaced whole, keeping their ids.
import type { ActualCarrier, DesiredCarrier, InboundActual, InboundSpec, OutboundActual, OutboundSpec, RuleActual, RuleSpec } from './model.ts';
import { ownership } from './model.ts';

export type Op =
  | { op: 'deleteRule'; id: string; reason: string }
  | { op: 'deleteTrunk'; id: string; kind: 'inbound' | 'outbound'; reason: string }
  | { op: 'createInbound'; spec: InboundSpec }
  | { op: 'replaceInbound'; id: string; spec: InboundSpec; fields: string[]; added: string[] }
  | { op: 'createOutbound'; spec: OutboundSpec }
  | { op: 'replaceOutbound'; id: string; spec: OutboundSpec; fields: string[] }
  | { op: 'createRule'; spec: RuleSpec }
  | { op: 'replaceRule'; id: string; spec: RuleSpec; fields: string[] };

export interface Plan {
  ops: Op[];
  /** The ids the carrier keeps (unchanged or replaced); created ones are learnt when applied. */
  keep: { inbound: string | null; outbound: string | null; rules: Map<string, string> };
}

export function planCarrier(desired: DesiredCarrier, actual: ActualCarrier, prefer: { inbound?: string | null; outbound?: string | null } = {}): Plan {
  const ops: Op[] = [];
  const keep: Plan['keep'] = { inbound: null, outbound: null, rules: new Map() };

  const inbound = pick(actual.inbound, prefer.inbound);
  const outbound = pick(actual.outbound, prefer.outbound);
  const keptInbound = desired.inbound ? inbound.kept : null;

  // Rules: keep one per wanted number, on the kept inbound trunk; everything else goes.
  const wanted = new Map(desired.rules.map((r) => [r.didId, r]));
  const ruleFor = new Map<string, RuleActual>();
  for (const r of actual.rules) {
    const didId = r.didId ?? ownership(r.metadata)?.didId ?? null;
    const spec = didId ? wanted.get(didId) : undefined;
    const onKeptTrunk = keptInbound !== null && r.trunkIds.length === 1 && r.trunkIds[0] === keptInbound.id;
    if (!spec) ops.push({ op: 'deleteRule', id: r.id, reason: didId ? 'its number no longer routes to a bot here' : 'not linked to a number' });
    else if (ruleFor.has(spec.didId)) ops.push({ op: 'deleteRule', id: r.id, reason: 'duplicate rule for the number' });
    else if (!onKeptTrunk) ops.push({ op: 'deleteRule', id: r.id, reason: 'on a trunk the carrier no longer uses' });
    else ruleFor.set(spec.didId, r);
  }

  for (const t of inbound.extra) ops.push({ op: 'deleteTrunk', id: t.id, kind: 'inbound', reason: 'duplicate inbound trunk' });
  for (const t of outbound.extra) ops.push({ op: 'deleteTrunk', id: t.id, kind: 'outbound', reason: 'duplicate outbound trunk' });
  if (!desired.inbound && inbound.kept) ops.push({ op: 'deleteTrunk', id: inbound.kept.id, kind: 'inbound', reason: 'no inbound-capable numbers' });
  if (!desired.outbound && outbound.kept) ops.push({ op: 'deleteTrunk', id: outbound.kept.id, kind: 'outbound', reason: 'no outbound-capable numbers' });

  if (desired.outbound) {
    if (!outbound.kept) ops.push({ op: 'createOutbound', spec: desired.outbound });
    else {
      keep.outbound = outbound.kept.id;
      const fields = outboundDiff(desired.outbound, outbound.kept);
      if (fields.length) ops.push({ op: 'replaceOutbound', id: outbound.kept.id, spec: desired.outbound, fields });
    }
  }
  if (desired.inbound) {
    if (!inbound.kept) ops.push({ op: 'createInbound', spec: desired.inbound });
    else {
      keep.inbound = inbound.kept.id;
      const fields = inboundDiff(desired.inbound, inbound.kept);
      const had = new Set(inbound.kept.numbers);
      if (fields.length) ops.push({ op: 'replaceInbound', id: inbound.kept.id, spec: desired.inbound, fields, added: desired.inbound.numbers.filter((n) => !had.has(n)) });
    }
  }
  for (const spec of desired.rules) {
    const have = ruleFor.get(spec.didId);
    if (!have) {
      ops.push({ op: 'createRule', spec });
      continue;
    }
    keep.rules.set(spec.didId, have.id);
    const fields = ruleDiff(spec, have);
    if (fields.length) ops.push({ op: 'replaceRule', id: have.id, spec, fields });
  }
  return { ops, keep };
}

function pick<T extends { id: string }>(list: T[], preferId?: string | null): { kept: T | null; extra: T[] } {
  if (!list.length) return { kept: null, extra: [] };
  const kept = list.find((t) => t.id === preferId) ?? [...list].sort((a, b) => a.id.localeCompare(b.id))[0]!;
  return { kept, extra: list.filter((t) => t !== kept) };
}

function same(a: string[], b: string[]): boolean {
  if (a.length !== b.length) return false;
  const x = [...a].sort();
  const y = [...b].sort();
  return x.every((v, i) => v === y[i]);
}

/** A password LiveKit sends back is compared as is; a masked or omitted one through the metadata fingerprint. */
function passwordDiffers(want: string, have: string, wantMeta: string, haveMeta: string): boolean {
  if (have && !/^[*•]+$/.test(have)) return have !== want;
  const fp = (m: string) => ownership(m)?.secretFp ?? '';
  return fp(wantMeta) !== fp(haveMeta);
}

export function inboundDiff(want: InboundSpec, have: InboundActual): string[] {
  const d: string[] = [];
  if (want.name !== have.name) d.push('name');
  if (want.metadata !== have.metadata) d.push('metadata');
  if (!same(want.numbers, have.numbers)) d.push('numbers');
  if (!same(want.allowedAddresses, have.allowedAddresses)) d.push('allowed addresses');
  if (want.authUsername !== have.authUsername) d.push('auth username');
  if (passwordDiffers(want.authPassword, have.authPassword, want.metadata, have.metadata)) d.push('auth password');
  return d;
}

export function outboundDiff(want: OutboundSpec, have: OutboundActual): string[] {
  const d: string[] = [];
  if (want.name !== have.name) d.push('name');
  if (want.metadata !== have.metadata) d.push('metadata');
  if (want.address !== have.address) d.push('address');
  if (want.transport !== have.transport) d.push('transport');
  if (!same(want.numbers, have.numbers)) d.push('numbers');
  if (want.authUsername !== have.authUsername) d.push('auth username');
  if (passwordDiffers(want.authPassword, have.authPassword, want.metadata, have.metadata)) d.push('auth password');
  if (want.destinationCountry !== have.destinationCountry) d.push('destination country');
  return d;
}

export function ruleDiff(want: RuleSpec, have: RuleActual): string[] {
  const d: string[] = [];
  if (want.name !== have.name) d.push('name');
  if (want.metadata !== have.metadata) d.push('metadata');
  if (!same([want.number], have.numbers)) d.push('number');
  if (!same([want.agentName], have.agentNames)) d.push('agent');
  if (want.roomPrefix !== have.roomPrefix) d.push('room prefix');
  return d;
}

/** A one-line account of an op, for reports and logs (never a secret). */
export function describeOp(o: Op): string {
  switch (o.op) {
    case 'deleteRule':
      return `deleted dispatch rule ${o.id} (${o.reason})`;
    case 'deleteTrunk':
      return `deleted ${o.kind} trunk ${o.id} (${o.reason})`;
    case 'createInbound':
      return `created inbound trunk for ${o.spec.numbers.length} number(s)`;
    case 'replaceInbound':
      return `updated inbound trunk ${o.id} (${o.fields.join(', ')})`;
    case 'createOutbound':
      return `created outbound trunk to ${o.spec.address}`;
    case 'replaceOutbound':
      return `updated outbound trunk ${o.id} (${o.fields.join(', ')})`;
    case 'createRule':
      return `created dispatch rule ${o.spec.number} → ${o.spec.agentName}`;
    case 'replaceRule':
      return `updated dispatch rule ${o.id} for ${o.spec.number} (${o.fields.join(', ')})`;
  }
}
