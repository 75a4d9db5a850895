// planCarrier(): desired vs actual → the ordered ops that make LiveKit hold exactly what a carrier should have.
// Order is the point (research §5–§6.1): LiveKit does not cascade, so rules go before trunks; the inbound trunk is
// created before the rules that point at it; changed objects are replaced whole and keep their ids.
import { describe, expect, it } from 'vitest';
import type { Carrier, DidView, Direction } from '../../src/core/store.ts';
import { AT, carrier, FP, PASSWORD } from '../helpers/livekit-fixtures.ts';
import { MASK } from '../../src/core/secrets.ts';
import { desiredFor } from '../../src/livekit/desired.ts';
import { emptyActual, ownership, type ActualCarrier, type DesiredCarrier, type RuleActual } from '../../src/livekit/model.ts';
import { describeOp, inboundDiff, outboundDiff, planCarrier, ruleDiff, type Op } from '../../src/livekit/plan.ts';

const IN = 'ST_in1';
const OUT = 'ST_out1';


function did(number: string, direction: Direction, botId: string | null): DidView {
  return {
    id: `did-${number.replace(/\D/g, '')}`,
    carrierId: 'car-1',
    number,
    numberNormalized: number,
    label: null,
    direction,
    botId,
    dispatchRuleId: null,
    createdAt: AT,
    updatedAt: AT,
    carrierName: 'Acme',
    botName: botId === 'bot-support' ? 'Support' : botId === 'bot-sales' ? 'Sales' : null,
    botMissing: false,
  };
}

const AGENTS = new Map([
  ['bot-support', 'support-agent'],
  ['bot-sales', 'sales-agent'],
]);
const DIDS = [did('+15105550100', 'both', 'bot-support'), did('+15105550101', 'inbound', 'bot-sales'), did('+15105550102', 'outbound', null)];

interface Opts {
  carrier?: Partial<Carrier>;
  dids?: DidView[];
  password?: string | null;
  passwordFp?: string | null;
}

function desired(o: Opts = {}): DesiredCarrier {
  return desiredFor({
    carrier: carrier(o.carrier),
    dids: o.dids ?? DIDS,
    agents: AGENTS,
    password: o.password === undefined ? PASSWORD : o.password,
    passwordFp: o.passwordFp === undefined ? FP : o.passwordFp,
  });
}

const ruleId = (didId: string) => `SDR_${didId}`;

/** What LiveKit would hold after applying `d`: passwords returned clear, masked or omitted. */
function actualFrom(d: DesiredCarrier, returned: 'clear' | 'masked' | 'omitted' = 'clear'): ActualCarrier {
  const pw = (p: string) => (returned === 'clear' ? p : returned === 'masked' && p ? MASK : '');
  return {
    outbound: d.outbound ? [{ ...d.outbound, numbers: [...d.outbound.numbers], authPassword: pw(d.outbound.authPassword), id: OUT }] : [],
    inbound: d.inbound
      ? [{ ...d.inbound, numbers: [...d.inbound.numbers], allowedAddresses: [...d.inbound.allowedAddresses], authPassword: pw(d.inbound.authPassword), id: IN }]
      : [],
    rules: d.rules.map((r) => rule(r.didId, { name: r.name, metadata: r.metadata, numbers: [r.number], agentNames: [r.agentName], roomPrefix: r.roomPrefix })),
  };
}

function rule(didId: string | null, over: Partial<RuleActual> = {}): RuleActual {
  return {
    id: ruleId(didId ?? 'none'),
    name: 'x',
    metadata: didId ? JSON.stringify({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'dispatch', didId }) : '',
    numbers: [],
    agentNames: [],
    roomPrefix: 'call-',
    trunkIds: [IN],
    didId,
    ...over,
  };
}

const kinds = (ops: Op[]) => ops.map((o) => o.op);

describe('planCarrier: creating and keeping', () => {
  it('empty actual: createOutbound, createInbound, then one createRule per rule', () => {
    // Outbound first so outbound calling works even when LiveKit refuses the inbound side; rules after their trunk.
    const d = desired();
    const plan = planCarrier(d, emptyActual());
    expect(plan.ops).toEqual([
      { op: 'createOutbound', spec: d.outbound },
      { op: 'createInbound', spec: d.inbound },
      { op: 'createRule', spec: d.rules[0] },
      { op: 'createRule', spec: d.rules[1] },
    ]);
    expect(plan.keep).toEqual({ inbound: null, outbound: null, rules: new Map() });
  });

  it('identical actual: no ops, and the existing ids are kept', () => {
    const d = desired();
    const plan = planCarrier(d, actualFrom(d));
    expect(plan.ops).toEqual([]);
    expect(plan.keep.inbound).toBe(IN);
    expect(plan.keep.outbound).toBe(OUT);
    expect([...plan.keep.rules]).toEqual([
      ['did-15105550100', 'SDR_did-15105550100'],
      ['did-15105550101', 'SDR_did-15105550101'],
    ]);
  });

  it('identical actual with numbers and addresses in another order: still no ops', () => {
    const d = desired({ carrier: { inboundAuth: 'ip_allowlist', allowedIps: ['192.0.2.1', '198.51.100.2'] } });
    const a = actualFrom(d);
    a.outbound[0]!.numbers.reverse();
    a.inbound[0]!.numbers.reverse();
    a.inbound[0]!.allowedAddresses.reverse();
    expect(planCarrier(d, a).ops).toEqual([]);
  });

  it('only the outbound trunk when no number is inbound-capable', () => {
    const d = desired({ dids: [did('+15105550102', 'outbound', 'bot-support')] });
    expect(planCarrier(d, emptyActual()).ops).toEqual([{ op: 'createOutbound', spec: d.outbound }]);
  });
});

describe('planCarrier: changed fields are replaced, keeping ids', () => {
  it('address', () => {
    const before = desired({ carrier: { sipAddress: 'old.acme.example:5060' } });
    const d = desired();
    const plan = planCarrier(d, actualFrom(before));
    expect(plan.ops).toEqual([{ op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['address'] }]);
    expect(plan.keep.outbound).toBe(OUT);
  });

  it('transport', () => {
    const d = desired();
    const plan = planCarrier(d, actualFrom(desired({ carrier: { transport: 'udp' } })));
    expect(plan.ops).toEqual([{ op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['transport'] }]);
  });

  it('destination country', () => {
    const d = desired({ carrier: { destinationCountry: 'CA' } });
    const plan = planCarrier(d, actualFrom(desired()));
    expect(plan.ops).toEqual([{ op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['destination country'] }]);
  });

  it('pacing changes only the outbound metadata', () => {
    const d = desired({ carrier: { cps: 9 } });
    const plan = planCarrier(d, actualFrom(desired()));
    expect(plan.ops).toEqual([{ op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['metadata'] }]);
  });

  it('numbers: a new both-way number replaces both trunks; replaceInbound lists the added numbers', () => {
    const before = desired();
    const newDid = did('+15105550103', 'both', null);
    const d = desired({ dids: [...DIDS, newDid] });
    const plan = planCarrier(d, actualFrom(before));
    expect(plan.ops).toEqual([
      { op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['numbers'] },
      { op: 'replaceInbound', id: IN, spec: d.inbound, fields: ['numbers'], added: ['+15105550103'] },
    ]);
  });

  it('replaceInbound: added lists only numbers LiveKit lacks, not removed ones', () => {
    const d = desired();
    const a = actualFrom(d);
    a.inbound[0]!.numbers = ['+15105550100', '+15105550199'];
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([{ op: 'replaceInbound', id: IN, spec: d.inbound, fields: ['numbers'], added: ['+15105550101'] }]);
  });

  it('allowed addresses', () => {
    const d = desired({ carrier: { inboundAuth: 'ip_allowlist', allowedIps: ['192.0.2.1', '192.0.2.2'] } });
    const a = actualFrom(desired({ carrier: { inboundAuth: 'ip_allowlist', allowedIps: ['192.0.2.1'] } }));
    expect(planCarrier(d, a).ops).toEqual([{ op: 'replaceInbound', id: IN, spec: d.inbound, fields: ['allowed addresses'], added: [] }]);
  });

  it('auth password (returned clear): both trunks are replaced, naming metadata and auth password', () => {
    const d = desired({ password: 'N3w-pa55word', passwordFp: 'fp-new' });
    const plan = planCarrier(d, actualFrom(desired(), 'clear'));
    expect(plan.ops).toEqual([
      { op: 'replaceOutbound', id: OUT, spec: d.outbound, fields: ['metadata', 'auth password'] },
      { op: 'replaceInbound', id: IN, spec: d.inbound, fields: ['metadata', 'auth password'], added: [] },
    ]);
  });

  it.each(['masked', 'omitted'] as const)('auth password (returned %s): detected through the metadata fingerprint', (returned) => {
    const d = desired({ password: 'N3w-pa55word', passwordFp: 'fp-new' });
    const plan = planCarrier(d, actualFrom(desired(), returned));
    expect(plan.ops.map((o) => ('fields' in o ? [o.op, o.fields] : [o.op]))).toEqual([
      ['replaceOutbound', ['metadata', 'auth password']],
      ['replaceInbound', ['metadata', 'auth password']],
    ]);
  });

  it.each(['masked', 'omitted'] as const)('unchanged password returned %s: no ops', (returned) => {
    const d = desired();
    expect(planCarrier(d, actualFrom(d, returned)).ops).toEqual([]);
  });

  it('removing the password clears the outbound credentials and takes the (now unauthenticated) inbound trunk down, rules first', () => {
    const d = desired({ password: null, passwordFp: null });
    const plan = planCarrier(d, actualFrom(desired(), 'masked'));
    expect(kinds(plan.ops)).toEqual(['deleteRule', 'deleteRule', 'deleteTrunk', 'replaceOutbound']);
    const out = plan.ops.find((o) => o.op === 'replaceOutbound');
    if (out?.op !== 'replaceOutbound') throw new Error('no replaceOutbound');
    expect(out.fields).toEqual(expect.arrayContaining(['metadata', 'auth username', 'auth password']));
    expect(out.spec.authPassword).toBe('');
  });

  it('agent', () => {
    const d = desired();
    const a = actualFrom(d);
    a.rules[1]!.agentNames = ['old-agent'];
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([{ op: 'replaceRule', id: 'SDR_did-15105550101', spec: d.rules[1], fields: ['agent'] }]);
    expect(plan.keep.rules.get('did-15105550101')).toBe('SDR_did-15105550101');
  });

  it('a rule that lost its number filter or room prefix', () => {
    const d = desired();
    const a = actualFrom(d);
    a.rules[0]!.numbers = [];
    a.rules[0]!.roomPrefix = 'call-';
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([{ op: 'replaceRule', id: 'SDR_did-15105550100', spec: d.rules[0], fields: ['number', 'room prefix'] }]);
  });

  it('a rule pointed at a bot with another name', () => {
    const before = desired();
    const d = desired({ dids: [did('+15105550100', 'both', 'bot-sales'), ...DIDS.slice(1)] });
    const plan = planCarrier(d, actualFrom(before));
    expect(plan.ops).toEqual([{ op: 'replaceRule', id: 'SDR_did-15105550100', spec: d.rules[0], fields: ['name', 'agent'] }]);
  });
});

describe('planCarrier: deleting', () => {
  it('duplicate trunks: the extras are deleted and the preferred ids kept', () => {
    const d = desired();
    const a = actualFrom(d);
    a.outbound.push({ ...a.outbound[0]!, id: 'ST_out0' });
    a.inbound.push({ ...a.inbound[0]!, id: 'ST_in0' });
    const plan = planCarrier(d, a, { inbound: IN, outbound: OUT });
    expect(plan.ops).toEqual([
      { op: 'deleteTrunk', id: 'ST_in0', kind: 'inbound', reason: 'duplicate inbound trunk' },
      { op: 'deleteTrunk', id: 'ST_out0', kind: 'outbound', reason: 'duplicate outbound trunk' },
    ]);
    expect(plan.keep.inbound).toBe(IN);
    expect(plan.keep.outbound).toBe(OUT);
  });

  it('duplicate trunks without a preference: the lowest id is kept; rules on the dropped one go first', () => {
    const d = desired();
    const a = actualFrom(d);
    a.outbound.push({ ...a.outbound[0]!, id: 'ST_out0' });
    a.inbound.push({ ...a.inbound[0]!, id: 'ST_in0' });
    const plan = planCarrier(d, a, { inbound: 'ST_gone', outbound: null });
    expect(plan.keep.outbound).toBe('ST_out0');
    expect(plan.keep.inbound).toBe('ST_in0');
    expect(plan.ops).toEqual([
      { op: 'deleteRule', id: 'SDR_did-15105550100', reason: 'on a trunk the carrier no longer uses' },
      { op: 'deleteRule', id: 'SDR_did-15105550101', reason: 'on a trunk the carrier no longer uses' },
      { op: 'deleteTrunk', id: IN, kind: 'inbound', reason: 'duplicate inbound trunk' },
      { op: 'deleteTrunk', id: OUT, kind: 'outbound', reason: 'duplicate outbound trunk' },
      { op: 'createRule', spec: d.rules[0] },
      { op: 'createRule', spec: d.rules[1] },
    ]);
  });

  it('duplicate rules for one number: the first on the kept trunk stays, the rest are deleted', () => {
    const d = desired();
    const a = actualFrom(d);
    a.rules.push({ ...a.rules[0]!, id: 'SDR_dup' });
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([{ op: 'deleteRule', id: 'SDR_dup', reason: 'duplicate rule for the number' }]);
    expect(plan.keep.rules.get('did-15105550100')).toBe('SDR_did-15105550100');
  });

  it('inactive carrier (nothing desired) with everything present: rules, then inbound, then outbound', () => {
    const d = desired({ carrier: { status: 'inactive' } });
    const plan = planCarrier(d, actualFrom(desired()));
    expect(plan.ops).toEqual([
      { op: 'deleteRule', id: 'SDR_did-15105550100', reason: 'its number no longer routes to a bot here' },
      { op: 'deleteRule', id: 'SDR_did-15105550101', reason: 'its number no longer routes to a bot here' },
      { op: 'deleteTrunk', id: IN, kind: 'inbound', reason: 'no inbound-capable numbers' },
      { op: 'deleteTrunk', id: OUT, kind: 'outbound', reason: 'no outbound-capable numbers' },
    ]);
    expect(plan.keep).toEqual({ inbound: null, outbound: null, rules: new Map() });
  });

  it('the last inbound-capable number becomes outbound-only: its rule goes before the inbound trunk', () => {
    const d = desired({ dids: [did('+15105550100', 'outbound', 'bot-support')] });
    const before = desired({ dids: [did('+15105550100', 'both', 'bot-support')] });
    const plan = planCarrier(d, actualFrom(before));
    expect(plan.ops).toEqual([
      { op: 'deleteRule', id: 'SDR_did-15105550100', reason: 'its number no longer routes to a bot here' },
      { op: 'deleteTrunk', id: IN, kind: 'inbound', reason: 'no inbound-capable numbers' },
    ]);
    // The number still dials out, so the outbound trunk is untouched.
    expect(plan.keep.outbound).toBe(OUT);
  });

  it('a rule on another trunk is deleted first and re-created on the kept trunk', () => {
    const d = desired();
    const a = actualFrom(d);
    a.rules[0]!.trunkIds = ['ST_other'];
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([
      { op: 'deleteRule', id: 'SDR_did-15105550100', reason: 'on a trunk the carrier no longer uses' },
      { op: 'createRule', spec: d.rules[0] },
    ]);
    expect(plan.keep.rules.has('did-15105550100')).toBe(false);
  });

  it.each([
    ['no trunk (wildcard)', []],
    ['two trunks', [IN, 'ST_other']],
  ])('a rule with %s is not kept', (_label, trunkIds) => {
    const d = desired();
    const a = actualFrom(d);
    a.rules[1]!.trunkIds = trunkIds;
    expect(kinds(planCarrier(d, a).ops)).toEqual(['deleteRule', 'createRule']);
  });

  it('a rule for a number no longer routed (bot removed) or not linked to a number is deleted', () => {
    const d = desired({ dids: [did('+15105550100', 'both', 'bot-support'), did('+15105550101', 'inbound', null), DIDS[2]!] });
    const a = actualFrom(desired());
    a.rules.push(rule(null, { id: 'SDR_stray' }));
    const plan = planCarrier(d, a);
    expect(plan.ops).toEqual([
      { op: 'deleteRule', id: 'SDR_did-15105550101', reason: 'its number no longer routes to a bot here' },
      { op: 'deleteRule', id: 'SDR_stray', reason: 'not linked to a number' },
    ]);
  });

  it('a rule whose didId field is empty is matched through its metadata', () => {
    const d = desired();
    const a = actualFrom(d);
    a.rules[0]!.didId = null;
    expect(planCarrier(d, a).ops).toEqual([]);
  });

  it('a new inbound trunk: every existing rule goes (it points elsewhere), the trunk is created before the rules', () => {
    const d = desired();
    const a = actualFrom(d);
    a.inbound = [];
    const plan = planCarrier(d, a);
    expect(kinds(plan.ops)).toEqual(['deleteRule', 'deleteRule', 'createInbound', 'createRule', 'createRule']);
  });
});

describe('planCarrier: ordering invariant', () => {
  const scenarios: [string, () => [DesiredCarrier, ActualCarrier]][] = [
    ['inactive with duplicates', () => {
      const a = actualFrom(desired());
      a.inbound.push({ ...a.inbound[0]!, id: 'ST_in9' });
      a.outbound.push({ ...a.outbound[0]!, id: 'ST_out9' });
      a.rules.push(rule('did-x', { id: 'SDR_x', trunkIds: ['ST_in9'] }));
      return [desired({ carrier: { status: 'inactive' } }), a];
    }],
    ['duplicates, stale rules and changes', () => {
      const a = actualFrom(desired({ carrier: { sipAddress: 'old:5060' } }));
      a.inbound.unshift({ ...a.inbound[0]!, id: 'ST_in0' });
      a.rules.push(rule(null, { id: 'SDR_null' }), rule('did-gone', { id: 'SDR_gone' }));
      return [desired({ dids: [...DIDS, did('+15105550107', 'inbound', 'bot-sales')] }), a];
    }],
    ['inbound trunk missing, rules elsewhere', () => {
      const a = actualFrom(desired());
      a.inbound = [];
      a.outbound.push({ ...a.outbound[0]!, id: 'ST_out0' });
      return [desired(), a];
    }],
    ['inbound goes away, outbound stays', () => [desired({ dids: [did('+15105550102', 'outbound', null)] }), actualFrom(desired())]],
  ];

  it.each(scenarios)('%s', (_name, make) => {
    const [d, a] = make();
    const ops = planCarrier(d, a).ops;
    const idx = (op: Op['op']) => ops.flatMap((o, i) => (o.op === op ? [i] : []));
    const lastDeleteRule = Math.max(-1, ...idx('deleteRule'));
    const firstDeleteTrunk = Math.min(ops.length, ...idx('deleteTrunk'));
    expect(idx('deleteTrunk').length + idx('deleteRule').length).toBeGreaterThan(0);
    expect(lastDeleteRule).toBeLessThan(firstDeleteTrunk);
    // Every delete comes before any create or replace.
    const lastDelete = Math.max(-1, ...idx('deleteRule'), ...idx('deleteTrunk'));
    const firstWrite = Math.min(ops.length, ...ops.flatMap((o, i) => (o.op.startsWith('delete') ? [] : [i])));
    expect(lastDelete).toBeLessThan(firstWrite);
    const createInbound = idx('createInbound');
    if (createInbound.length) for (const r of [...idx('createRule'), ...idx('replaceRule')]) expect(createInbound[0]).toBeLessThan(r);
    // No id is deleted twice, and a kept id is never deleted.
    const deleted = ops.flatMap((o) => (o.op === 'deleteRule' || o.op === 'deleteTrunk' ? [o.id] : []));
    expect(new Set(deleted).size).toBe(deleted.length);
    const keep = planCarrier(d, a).keep;
    for (const id of [keep.inbound, keep.outbound, ...keep.rules.values()]) if (id) expect(deleted).not.toContain(id);
  });
});

describe('diff functions: password comparison', () => {
  const base = desired();
  const withFp = (m: string, fp: string | undefined) => JSON.stringify({ ...JSON.parse(m), secretFp: fp });

  it('a clear returned password is compared directly, whatever the metadata says', () => {
    const want = base.outbound!;
    expect(outboundDiff(want, { ...want, id: OUT, authPassword: PASSWORD })).toEqual([]);
    expect(outboundDiff(want, { ...want, id: OUT, authPassword: 'changed-behind-our-back' })).toEqual(['auth password']);
    // Same clear password but a different fingerprint in metadata: only the metadata differs.
    expect(outboundDiff(want, { ...want, id: OUT, authPassword: PASSWORD, metadata: withFp(want.metadata, 'fp-other') })).toEqual(['metadata']);
  });

  it.each([MASK, '****', ''])('a returned password %j is compared through the metadata fingerprint', (returned) => {
    const want = base.inbound!;
    expect(inboundDiff(want, { ...want, id: IN, authPassword: returned })).toEqual([]);
    expect(inboundDiff(want, { ...want, id: IN, authPassword: returned, metadata: withFp(want.metadata, 'fp-other') })).toEqual(['metadata', 'auth password']);
    expect(inboundDiff(want, { ...want, id: IN, authPassword: returned, metadata: withFp(want.metadata, undefined) })).toEqual(['metadata', 'auth password']);
  });

  it('no password wanted and none returned: no difference', () => {
    const want = desired({ password: null, passwordFp: null }).outbound!;
    expect(outboundDiff(want, { ...want, id: OUT, authPassword: '' })).toEqual([]);
  });

  it('ruleDiff compares the number filter and agents as sets of one', () => {
    const want = base.rules[0]!;
    const have = rule(want.didId, { name: want.name, metadata: want.metadata, numbers: [want.number], agentNames: [want.agentName], roomPrefix: want.roomPrefix });
    expect(ruleDiff(want, have)).toEqual([]);
    expect(ruleDiff(want, { ...have, numbers: [want.number, '+15105550199'] })).toEqual(['number']);
    expect(ruleDiff(want, { ...have, agentNames: [] })).toEqual(['agent']);
  });
});

describe('describeOp', () => {
  const d = desired();
  it.each<[Op, string]>([
    [{ op: 'deleteRule', id: 'SDR_1', reason: 'not linked to a number' }, 'deleted dispatch rule SDR_1 (not linked to a number)'],
    [{ op: 'deleteTrunk', id: 'ST_1', kind: 'inbound', reason: 'duplicate inbound trunk' }, 'deleted inbound trunk ST_1 (duplicate inbound trunk)'],
    [{ op: 'createInbound', spec: d.inbound! }, 'created inbound trunk for 2 number(s)'],
    [{ op: 'replaceInbound', id: IN, spec: d.inbound!, fields: ['numbers', 'auth password'], added: [] }, 'updated inbound trunk ST_in1 (numbers, auth password)'],
    [{ op: 'createOutbound', spec: d.outbound! }, 'created outbound trunk to sip.acme.example:5061'],
    [{ op: 'replaceOutbound', id: OUT, spec: d.outbound!, fields: ['address'] }, 'updated outbound trunk ST_out1 (address)'],
    [{ op: 'createRule', spec: d.rules[0]! }, 'created dispatch rule +15105550100 → support-agent'],
    [{ op: 'replaceRule', id: 'SDR_1', spec: d.rules[1]!, fields: ['agent'] }, 'updated dispatch rule SDR_1 for +15105550101 (agent)'],
  ])('%#: %s', (op, line) => {
    expect(describeOp(op)).toBe(line);
  });

  it('never prints the password, whatever the plan', () => {
    const next = desired({ password: 'N3w-pa55word', passwordFp: 'fp-new' });
    const plans = [planCarrier(next, emptyActual()), planCarrier(next, actualFrom(d)), planCarrier(desired({ carrier: { status: 'inactive' } }), actualFrom(d))];
    const lines = plans.flatMap((p) => p.ops.map(describeOp));
    expect(lines.length).toBe(4 + 2 + 4);
    for (const l of lines) {
      expect(l).not.toContain(PASSWORD);
      expect(l).not.toContain('N3w-pa55word');
    }
  });
});

describe('ownership', () => {
  it('reads our metadata', () => {
    expect(ownership(JSON.stringify({ managedBy: 'trunkops', carrierId: 'c1', kind: 'dispatch', didId: 'd1', secretFp: 'f' }))).toEqual({
      carrierId: 'c1',
      kind: 'dispatch',
      didId: 'd1',
      secretFp: 'f',
    });
    expect(ownership('{"managedBy":"trunkops","carrierId":"c1","kind":"outbound","didId":7,"secretFp":null}')).toEqual({
      carrierId: 'c1',
      kind: 'outbound',
      didId: undefined,
      secretFp: undefined,
    });
  });

  it.each([
    ['empty', ''],
    ['not JSON', 'trunkops: carrier c1'],
    ['truncated JSON', '{"managedBy":"trunkops","carrierId":"c1"'],
    ['JSON string', '"trunkops"'],
    ['another manager', '{"managedBy":"chatops-bot","carrierId":"trunkops","kind":"inbound"}'],
    ['managedBy with other case', '{"managedBy":"TrunkOps","carrierId":"trunkops","kind":"inbound"}'],
    ['missing carrierId', '{"managedBy":"trunkops","kind":"inbound"}'],
    ['numeric carrierId', '{"managedBy":"trunkops","carrierId":12,"kind":"inbound"}'],
    ['wrong kind', '{"managedBy":"trunkops","carrierId":"c1","kind":"trunk"}'],
    ['missing kind', '{"managedBy":"trunkops","carrierId":"c1"}'],
  ])('rejects %s', (_label, metadata) => {
    expect(ownership(metadata)).toBeNull();
  });
});
