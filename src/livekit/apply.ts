// Carries out a plan against LiveKit, op by op, remembering every id it learns so a failure half-way still
// records what exists (the next attempt then replaces instead of creating twice).
import type { LiveKitPort } from './client.ts';
import { ownership, type DesiredCarrier } from './model.ts';
import { describeOp, type Plan } from './plan.ts';

export interface Progress {
  inbound: string | null;
  outbound: string | null;
  /** Dispatch rule id by DID id. */
  rules: Map<string, string>;
  /** What was done, one line per op. */
  done: string[];
  /** Other carriers whose trunks lost a number to this one; they need a sync of their own. */
  touched: Set<string>;
}

export function startProgress(plan: Plan): Progress {
  return { inbound: plan.keep.inbound, outbound: plan.keep.outbound, rules: new Map(plan.keep.rules), done: [], touched: new Set() };
}

export async function applyPlan(port: LiveKitPort, desired: DesiredCarrier, plan: Plan, p: Progress, beforeEach: () => Promise<void> = async () => {}): Promise<void> {
  for (const o of plan.ops) {
    await beforeEach();
    switch (o.op) {
      case 'deleteRule':
        await port.deleteRule(o.id);
        for (const [did, id] of p.rules) if (id === o.id) p.rules.delete(did);
        break;
      case 'deleteTrunk':
        await port.deleteTrunk(o.id);
        if (p.inbound === o.id) p.inbound = null;
        if (p.outbound === o.id) p.outbound = null;
        break;
      case 'createInbound':
        await releaseNumbers(port, desired.carrierId, o.spec.numbers, null, p);
        p.inbound = await port.createInbound(o.spec);
        break;
      case 'replaceInbound':
        if (o.added.length) await releaseNumbers(port, desired.carrierId, o.added, o.id, p);
        await port.replaceInbound(o.id, o.spec);
        break;
      case 'createOutbound':
        p.outbound = await port.createOutbound(o.spec);
        break;
      case 'replaceOutbound':
        await port.replaceOutbound(o.id, o.spec);
        break;
      case 'createRule':
        p.rules.set(o.spec.didId, await port.createRule({ ...o.spec, trunkIds: [p.inbound!] }));
        break;
      case 'replaceRule':
        await port.replaceRule(o.id, { ...o.spec, trunkIds: [p.inbound!] });
        break;
    }
    p.done.push(describeOp(o));
  }
}

/**
 * LiveKit refuses two inbound trunks claiming one number. Before a carrier's trunk takes numbers, any other
 * trunkops trunk still holding them (a number moved between carriers) gives them up: its rules for them go first,
 * then the numbers (or the whole trunk, which must never be left without numbers: that would make it a wildcard).
 * Trunks that are not trunkops' are left alone; LiveKit's conflict message then tells the user which one it is.
 */
async function releaseNumbers(port: LiveKitPort, carrierId: string, numbers: string[], ownTrunk: string | null, p: Progress): Promise<void> {
  const wanted = new Set(numbers);
  const holders = await port.listInbound({ numbers });
  for (const t of holders) {
    const owner = ownership(t.metadata);
    if (t.id === ownTrunk || !owner || owner.kind !== 'inbound') continue;
    const taken = t.numbers.filter((n) => wanted.has(n));
    if (!taken.length) continue;
    const rules = (await port.listRules({ trunkIds: [t.id] })).filter((r) => ownership(r.metadata) && r.trunkIds.includes(t.id) && r.numbers.some((n) => wanted.has(n)));
    for (const r of rules) await port.deleteRule(r.id);
    if (taken.length === t.numbers.length) await port.deleteTrunk(t.id);
    else await port.removeInboundNumbers(t.id, taken);
    p.done.push(`took ${taken.join(', ')} from inbound trunk ${t.id}${owner.carrierId === carrierId ? '' : ' of another carrier'}`);
    if (owner.carrierId !== carrierId) p.touched.add(owner.carrierId);
  }
}
