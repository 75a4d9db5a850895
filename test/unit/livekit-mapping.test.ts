// desiredFor(): a carrier, its numbers and their bots → the LiveKit trunks and dispatch rules it should have.
// The rules come from the LiveKit SIP research (§5–§6.1): an inbound trunk without numbers is a wildcard, an
// outbound trunk needs numbers, one dispatch rule per number, and the password never leaves the secret fields.
import { describe, expect, it } from 'vitest';
import type { DidView, Direction } from '../../src/core/store.ts';
import { AT, carrier, FP, PASSWORD } from '../helpers/livekit-fixtures.ts';
import { countryCode } from '../../src/livekit/country.ts';
import { desiredFor, type MappingInput } from '../../src/livekit/desired.ts';
import { MANAGED_BY, ownership, type DesiredCarrier } from '../../src/livekit/model.ts';



function did(number: string, direction: Direction = 'both', over: Partial<DidView> = {}): DidView {
  return {
    id: `did-${number.replace(/\D/g, '')}`,
    carrierId: 'car-1',
    number,
    numberNormalized: number,
    label: null,
    direction,
    botId: null,
    dispatchRuleId: null,
    createdAt: AT,
    updatedAt: AT,
    carrierName: 'Acme',
    botName: null,
    botMissing: false,
    ...over,
  };
}

const AGENTS = new Map([
  ['bot-support', 'support-agent'],
  ['bot-sales', 'sales-agent'],
]);

function input(over: Partial<MappingInput> = {}): MappingInput {
  return { carrier: carrier(), dids: [did('+15105550100')], agents: AGENTS, password: PASSWORD, passwordFp: FP, ...over };
}

const meta = (s: string) => JSON.parse(s) as Record<string, unknown>;

/** Every metadata string the desired state carries. */
function metadatas(d: DesiredCarrier): string[] {
  return [d.outbound?.metadata, d.inbound?.metadata, ...d.rules.map((r) => r.metadata)].filter((m): m is string => m !== undefined);
}

describe('desiredFor: outbound trunk', () => {
  it('carries the address, transport, name and credentials of the carrier', () => {
    const d = desiredFor(input());
    expect(d.carrierId).toBe('car-1');
    expect(d.outbound).toEqual({
      name: 'Acme (outbound)',
      metadata: expect.any(String),
      address: 'sip.acme.example:5061',
      transport: 'tls',
      numbers: ['+15105550100'],
      authUsername: 'acme-user',
      authPassword: PASSWORD,
      destinationCountry: 'US',
    });
    expect(meta(d.outbound!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'outbound', secretFp: FP, cps: 5, burst: 12, channels: 30 });
  });

  it.each(['auto', 'udp', 'tcp', 'tls'] as const)('keeps transport %s', (transport) => {
    const d = desiredFor(input({ carrier: carrier({ transport, sipAddress: '203.0.113.10' }) }));
    expect(d.outbound?.transport).toBe(transport);
    expect(d.outbound?.address).toBe('203.0.113.10');
  });

  it('lists only outbound-capable numbers (both, outbound), sorted and de-duplicated', () => {
    const dids = [
      did('+15105550109', 'both'),
      did('+15105550100', 'inbound'),
      did('+15105550105', 'outbound'),
      did('+15105550102', 'both'),
      did('+15105550105', 'outbound', { id: 'did-dup' }),
    ];
    const d = desiredFor(input({ dids }));
    expect(d.outbound?.numbers).toEqual(['+15105550102', '+15105550105', '+15105550109']);
    expect(d.notes).toEqual([]);
  });

  it('has no credentials when the carrier has no password', () => {
    const d = desiredFor(input({ password: null, passwordFp: null }));
    expect(d.outbound?.authUsername).toBe('');
    expect(d.outbound?.authPassword).toBe('');
    expect(meta(d.outbound!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'outbound', cps: 5, burst: 12, channels: 30 });
    expect(d.secret).toBeNull();
  });

  it('sends the password with an empty username when the carrier has a password but no username', () => {
    const d = desiredFor(input({ carrier: carrier({ username: null }) }));
    expect(d.outbound?.authUsername).toBe('');
    expect(d.outbound?.authPassword).toBe(PASSWORD);
  });

  it('leaves secretFp out of the metadata when no fingerprint is given', () => {
    const d = desiredFor(input({ passwordFp: null }));
    expect(meta(d.outbound!.metadata).secretFp).toBeUndefined();
    expect(d.outbound?.authPassword).toBe(PASSWORD);
  });

  it.each([
    ['US', 'US'],
    ['us', 'US'],
    [' gb ', 'GB'],
    ['United Kingdom', 'GB'],
    ['united states', 'US'],
    ['USA', 'US'],
    ['Great Britain', 'GB'],
    ['Germany', 'DE'],
    ['India', 'IN'],
    ["Cote d'Ivoire", 'CI'],
    ['Côte d’Ivoire', 'CI'],
    ['Narnia', ''],
    ['', ''],
    ['   ', ''],
    [null, ''],
  ])('destination country %j → %j', (value, code) => {
    const d = desiredFor(input({ carrier: carrier({ destinationCountry: value }) }));
    expect(d.outbound?.destinationCountry).toBe(code);
  });

  it('mirrors pacing (cps, burst, channels) into the outbound metadata only', () => {
    const d = desiredFor(input({ carrier: carrier({ cps: 2, burst: 7, channels: 120 }) }));
    const m = meta(d.outbound!.metadata);
    expect([m.cps, m.burst, m.channels]).toEqual([2, 7, 120]);
    expect(Object.keys(meta(d.inbound!.metadata)).sort()).toEqual(['carrierId', 'kind', 'managedBy', 'secretFp']);
  });

  it('notes why there is no outbound trunk when no number is outbound-capable', () => {
    const d = desiredFor(input({ dids: [did('+15105550100', 'inbound'), did('+15105550101', 'inbound')] }));
    expect(d.outbound).toBeNull();
    expect(d.inbound?.numbers).toEqual(['+15105550100', '+15105550101']);
    expect(d.notes).toEqual(['needs an outbound-capable number (direction both or outbound) before LiveKit can have its outbound trunk']);
  });

  it('a carrier without any number gets only the outbound note', () => {
    const d = desiredFor(input({ dids: [] }));
    expect(d).toEqual({
      carrierId: 'car-1',
      outbound: null,
      inbound: null,
      rules: [],
      notes: ['needs an outbound-capable number (direction both or outbound) before LiveKit can have its outbound trunk'],
      secret: PASSWORD,
    });
  });
});

describe('desiredFor: inbound trunk', () => {
  it('lists only inbound-capable numbers (both, inbound), sorted and de-duplicated, with digest credentials', () => {
    const dids = [did('+15105550109', 'inbound'), did('+15105550105', 'outbound'), did('+15105550100', 'both'), did('+15105550109', 'inbound', { id: 'did-dup' })];
    const d = desiredFor(input({ dids }));
    expect(d.inbound).toEqual({
      name: 'Acme (inbound)',
      metadata: expect.any(String),
      numbers: ['+15105550100', '+15105550109'],
      allowedAddresses: [],
      authUsername: 'acme-user',
      authPassword: PASSWORD,
    });
    expect(meta(d.inbound!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'inbound', secretFp: FP });
  });

  it('digest without a password: no inbound trunk at all (anyone could call the numbers), and a note says why', () => {
    const d = desiredFor(input({ password: null, passwordFp: null }));
    expect(d.inbound).toBeNull();
    expect(d.rules).toEqual([]);
    expect(d.notes.join('; ')).toMatch(/no inbound trunk until the carrier has a password .* or inbound_auth=ip_allowlist with allowed_ips/);
    expect(d.outbound).toMatchObject({ authUsername: '', authPassword: '' });
  });

  it('ip_allowlist without addresses: no inbound trunk either', () => {
    const d = desiredFor(input({ carrier: carrier({ inboundAuth: 'ip_allowlist', allowedIps: [] }) }));
    expect(d.inbound).toBeNull();
    expect(d.notes.join('; ')).toMatch(/no inbound trunk until allowed_ips lists/);
  });

  it('digest ignores the allowed IPs', () => {
    const d = desiredFor(input({ carrier: carrier({ inboundAuth: 'digest', allowedIps: ['203.0.113.5'] }) }));
    expect(d.inbound?.allowedAddresses).toEqual([]);
    expect(d.inbound?.authPassword).toBe(PASSWORD);
  });

  it('ip_allowlist: sorted, de-duplicated allowed addresses and no credentials even with a password', () => {
    const d = desiredFor(input({ carrier: carrier({ inboundAuth: 'ip_allowlist', allowedIps: ['203.0.113.20', '198.51.100.0/24', '203.0.113.20', '192.0.2.7'] }) }));
    expect(d.inbound).toEqual({
      name: 'Acme (inbound)',
      metadata: expect.any(String),
      numbers: ['+15105550100'],
      allowedAddresses: ['192.0.2.7', '198.51.100.0/24', '203.0.113.20'],
      authUsername: '',
      authPassword: '',
    });
    // The inbound trunk is not written with the password, so its metadata carries no fingerprint.
    expect(meta(d.inbound!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'inbound' });
    // The outbound trunk still authenticates with it.
    expect(d.outbound?.authPassword).toBe(PASSWORD);
  });

  it('has no inbound trunk (and no rules) without inbound-capable numbers, and says so', () => {
    const dids = [did('+15105550100', 'outbound', { botId: 'bot-support', botName: 'Support' }), did('+15105550101', 'outbound')];
    const d = desiredFor(input({ dids }));
    expect(d.inbound).toBeNull();
    expect(d.rules).toEqual([]);
    expect(d.outbound?.numbers).toEqual(['+15105550100', '+15105550101']);
    expect(d.notes).toEqual(['no inbound-capable number, so no inbound trunk']);
  });

  it('never produces an inbound trunk with an empty numbers list (that would be a wildcard)', () => {
    const directions: Direction[] = ['both', 'inbound', 'outbound'];
    for (const a of directions) {
      for (const b of directions) {
        for (const inboundAuth of ['digest', 'ip_allowlist'] as const) {
          const d = desiredFor(input({ carrier: carrier({ inboundAuth, allowedIps: ['192.0.2.1'] }), dids: [did('+15105550100', a), did('+15105550101', b)] }));
          const wantInbound = a !== 'outbound' || b !== 'outbound';
          expect(d.inbound === null).toBe(!wantInbound);
          if (d.inbound) expect(d.inbound.numbers.length).toBeGreaterThan(0);
          if (d.outbound) expect(d.outbound.numbers.length).toBeGreaterThan(0);
        }
      }
    }
  });
});

describe('desiredFor: status', () => {
  it('an inactive carrier maps to nothing, with a note, and keeps the secret for scrubbing', () => {
    const dids = [did('+15105550100', 'both', { botId: 'bot-support', botName: 'Support' })];
    const d = desiredFor(input({ carrier: carrier({ status: 'inactive' }), dids }));
    expect(d).toEqual({ carrierId: 'car-1', outbound: null, inbound: null, rules: [], notes: ['carrier is inactive, so it has no LiveKit trunks'], secret: PASSWORD });
  });

  it('a pending carrier maps like an active one', () => {
    const active = desiredFor(input({ carrier: carrier({ status: 'active' }) }));
    const pending = desiredFor(input({ carrier: carrier({ status: 'pending' }) }));
    expect(pending).toEqual(active);
  });
});

describe('desiredFor: dispatch rules', () => {
  const dids = [
    did('+15105550104', 'both'),
    did('+15105550103', 'both', { botId: 'bot-deleted', botName: null, botMissing: true }),
    did('+15105550102', 'outbound', { botId: 'bot-support', botName: 'Support' }),
    did('+15105550101', 'inbound', { botId: 'bot-sales', botName: 'Sales' }),
    did('+15105550100', 'both', { botId: 'bot-support', botName: 'Support' }),
  ];

  it('one rule per inbound-capable number with an existing bot, sorted by number', () => {
    const d = desiredFor(input({ dids }));
    expect(d.rules).toEqual([
      {
        didId: 'did-15105550100',
        number: '+15105550100',
        name: '+15105550100 → Support',
        metadata: expect.any(String),
        agentName: 'support-agent',
        roomPrefix: 'call-15105550100',
        trunkIds: [],
      },
      {
        didId: 'did-15105550101',
        number: '+15105550101',
        name: '+15105550101 → Sales',
        metadata: expect.any(String),
        agentName: 'sales-agent',
        roomPrefix: 'call-15105550101',
        trunkIds: [],
      },
    ]);
    expect(meta(d.rules[0]!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'dispatch', didId: 'did-15105550100' });
    expect(meta(d.rules[1]!.metadata)).toEqual({ managedBy: 'trunkops', carrierId: 'car-1', kind: 'dispatch', didId: 'did-15105550101' });
  });

  it('no rule for an outbound-only number, a number without a bot, or a bot that was deleted', () => {
    const d = desiredFor(input({ dids }));
    const numbers = d.rules.map((r) => r.number);
    expect(numbers).not.toContain('+15105550102');
    expect(numbers).not.toContain('+15105550103');
    expect(numbers).not.toContain('+15105550104');
    // Those numbers still belong to the trunks.
    expect(d.inbound?.numbers).toEqual(['+15105550100', '+15105550101', '+15105550103', '+15105550104']);
    expect(d.outbound?.numbers).toEqual(['+15105550100', '+15105550102', '+15105550103', '+15105550104']);
  });

  it('names the rule after the agent when the bot name is unknown, and builds the room prefix from the digits only', () => {
    const d = desiredFor(input({ dids: [did('+44 20 7946 0000', 'inbound', { id: 'did-uk', botId: 'bot-sales', botName: null })] }));
    expect(d.rules).toHaveLength(1);
    expect(d.rules[0]).toMatchObject({ didId: 'did-uk', number: '+44 20 7946 0000', name: '+44 20 7946 0000 → sales-agent', agentName: 'sales-agent', roomPrefix: 'call-442079460000' });
  });

  it('no rules for an inactive carrier', () => {
    const d = desiredFor(input({ carrier: carrier({ status: 'inactive' }), dids }));
    expect(d.rules).toEqual([]);
  });
});

describe('desiredFor: metadata and secrets', () => {
  const dids = [did('+15105550100', 'both', { botId: 'bot-support', botName: 'Support' }), did('+15105550101', 'inbound', { botId: 'bot-sales', botName: 'Sales' })];

  it('every metadata is ours: ownership() reads managedBy trunkops, the carrier id and the kind', () => {
    const d = desiredFor(input({ carrier: carrier({ id: 'car-42' }), dids }));
    const all = metadatas(d);
    expect(all).toHaveLength(4);
    for (const m of all) expect(meta(m).managedBy).toBe(MANAGED_BY);
    expect(ownership(d.outbound!.metadata)).toEqual({ carrierId: 'car-42', kind: 'outbound', didId: undefined, secretFp: FP });
    expect(ownership(d.inbound!.metadata)).toEqual({ carrierId: 'car-42', kind: 'inbound', didId: undefined, secretFp: FP });
    expect(d.rules.map((r) => ownership(r.metadata))).toEqual([
      { carrierId: 'car-42', kind: 'dispatch', didId: 'did-15105550100', secretFp: undefined },
      { carrierId: 'car-42', kind: 'dispatch', didId: 'did-15105550101', secretFp: undefined },
    ]);
  });

  it('the password never appears in metadata or names; only the fingerprint does', () => {
    for (const inboundAuth of ['digest', 'ip_allowlist'] as const) {
      const d = desiredFor(input({ carrier: carrier({ inboundAuth, allowedIps: ['192.0.2.1'] }), dids }));
      const visible = [...metadatas(d), d.outbound!.name, d.inbound!.name, ...d.rules.map((r) => r.name), ...d.notes].join('\n');
      expect(visible).not.toContain(PASSWORD);
      expect(d.outbound!.metadata).toContain(FP);
      expect(d.secret).toBe(PASSWORD);
    }
  });
});

describe('countryCode', () => {
  it.each([
    ['US', 'US'],
    ['in', 'IN'],
    ['United States', 'US'],
    ['united states of america', 'US'],
    ['England', 'GB'],
    ['  germany  ', 'DE'],
    ['South Korea', 'KR'],
    ['Narnia', null],
    ['', null],
    [null, null],
  ])('%j → %j', (value, code) => {
    expect(countryCode(value)).toBe(code);
  });

  it('maps a country name to its current ISO code, not a withdrawn one ICU also names the same', () => {
    expect(
      Object.fromEntries(['France', 'Russia', 'Serbia', 'Benin', 'Burkina Faso', 'Timor-Leste', 'Congo - Kinshasa'].map((n) => [n, countryCode(n)])),
    ).toEqual({ France: 'FR', Russia: 'RU', Serbia: 'RS', Benin: 'BJ', 'Burkina Faso': 'BF', 'Timor-Leste': 'TL', 'Congo - Kinshasa': 'CD' });
  });

  it('maps the common "UK" abbreviation to GB (the alias table says so)', () => {
    expect(countryCode('UK')).toBe('GB');
    expect(countryCode('uk')).toBe('GB');
  });
});
