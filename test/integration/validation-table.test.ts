// Every validator, table-driven: each bad input is refused with a message naming the field and the rule,
// and nothing is written. Runs through the real dispatcher on a real database.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asReply, createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
  await h.script(['carrier add name=Existing sip_address=existing.example', 'bot add Existing agent_name=existing']);
});
afterAll(async () => h?.close());

const long = (n: number) => 'x'.repeat(n);

// [field, bad value, label shown, fragment of the rule]
const carrierCases: [string, string, string, string][] = [
  ['name', long(101), 'Name', 'at most 100 characters'],
  ['name', 'Tab\there', 'Name', 'control characters'],
  ['name', 'existing', 'Name', 'already exists'],
  ['name', 'EXISTING', 'Name', 'already exists'],
  ['sip_address', 'sip:host.example', 'SIP address', 'leave out the sip: prefix'],
  ['sip_address', 'SIPS:host.example', 'SIP address', 'leave out the sip: prefix'],
  ['sip_address', 'host .example', 'SIP address', 'remove the spaces'],
  ['sip_address', 'host.example:0', 'SIP address', 'port must be a whole number from 1 to 65535'],
  ['sip_address', 'host.example:65536', 'SIP address', 'port must be a whole number from 1 to 65535'],
  ['sip_address', 'host.example:abc', 'SIP address', 'port must be a whole number'],
  ['sip_address', 'host.example:', 'SIP address', 'port must be a whole number'],
  ['sip_address', 'host.example:-1', 'SIP address', 'port must be a whole number'],
  ['sip_address', 'user@host.example', 'SIP address', 'leave out the user@ part'],
  ['sip_address', 'host.example;transport=tcp', 'SIP address', 'leave out URI parameters'],
  ['sip_address', 'https://host.example', 'SIP address', 'not a URL'],
  ['sip_address', 'host.example/path', 'SIP address', 'no path or query'],
  ['sip_address', 'host.example?x=1', 'SIP address', 'no path or query'],
  ['sip_address', '2001:db8::1', 'SIP address', 'wrap an IPv6 address in brackets'],
  ['sip_address', '[2001:db8::1', 'SIP address', 'close the IPv6 bracket'],
  ['sip_address', '[not-ipv6]:5060', 'SIP address', 'not a valid IPv6 address'],
  ['sip_address', '[2001:db8::1]:99999', 'SIP address', 'port must be'],
  ['sip_address', '256.1.1.1', 'SIP address', 'not a valid IPv4 address'],
  ['sip_address', '1.2.3', 'SIP address', 'not a valid IPv4 address'],
  ['sip_address', '01.2.3.4', 'SIP address', 'not a valid IPv4 address'],
  ['sip_address', 'host..example', 'SIP address', 'empty label'],
  ['sip_address', '-host.example', 'SIP address', 'cannot start or end with a hyphen'],
  ['sip_address', 'host-.example', 'SIP address', 'cannot start or end with a hyphen'],
  ['sip_address', 'host_name.example', 'SIP address', 'may only hold letters, digits, dots and hyphens'],
  ['sip_address', `${long(64)}.example`, 'SIP address', 'longer than 63 characters'],
  ['sip_address', Array(60).fill('abcd').join('.'), 'SIP address', 'longer than 253 characters'],
  ['sip_address', ':5060', 'SIP address', 'the host is missing'],
  ['sip_address', 'hôst.example', 'SIP address', 'may only hold letters'],
  ['transport', 'sctp', 'Transport', 'choose one of auto, udp, tcp, tls'],
  ['transport', 'wss', 'Transport', 'choose one of auto, udp, tcp, tls'],
  ['destination_country', 'U', 'Destination country', 'two-letter country code'],
  ['destination_country', '12', 'Destination country', 'two-letter country code'],
  ['destination_country', 'US!', 'Destination country', 'two-letter country code'],
  ['status', 'deleted', 'Status', 'choose one of active, inactive, pending'],
  ['currency', 'US', 'Currency', 'ISO 4217'],
  ['currency', 'XYZ', 'Currency', 'ISO 4217'],
  ['currency', 'dollars', 'Currency', 'ISO 4217'],
  ['username', 'user name', 'Username (outbound)', 'no spaces, @ or :'],
  ['username', 'user@host', 'Username (outbound)', 'no spaces, @ or :'],
  ['username', 'user:pw', 'Username (outbound)', 'no spaces, @ or :'],
  ['username', long(129), 'Username (outbound)', 'at most 128 characters'],
  ['password', long(129), 'Password (outbound)', 'at most 128 characters'],
  ['password', ' leading-space', 'Password (outbound)', 'remove the spaces at the start or end'],
  ['inbound_auth', 'password', 'Inbound authentication', 'choose one of digest, ip_allowlist'],
  ['inbound_auth', 'none', 'Inbound authentication', 'choose one of digest, ip_allowlist'],
  ['allowed_ips', '300.1.1.1', 'Allowed IPs', 'not an IP address or CIDR block'],
  ['allowed_ips', '192.0.2.1/33', 'Allowed IPs', 'prefix must be /8 to /32'],
  ['allowed_ips', '0.0.0.0/0', 'Allowed IPs', 'prefix must be /8 to /32'],
  ['allowed_ips', '10.0.0.0/7', 'Allowed IPs', 'prefix must be /8 to /32'],
  ['allowed_ips', '2001:db8::/8', 'Allowed IPs', 'prefix must be /16 to /128'],
  ['allowed_ips', '2001:db8::/129', 'Allowed IPs', 'prefix must be /16 to /128'],
  ['allowed_ips', 'carrier.example', 'Allowed IPs', 'not an IP address or CIDR block'],
  ['allowed_ips', '192.0.2.1,bad', 'Allowed IPs', 'not an IP address or CIDR block'],
  ['allowed_ips', '192.0.2.1/24/8', 'Allowed IPs', 'not an IP address or CIDR block'],
  ['allowed_ips', '192.0.2.1/abc', 'Allowed IPs', 'prefix must be'],
  ['allowed_ips', Array.from({ length: 101 }, (_, i) => `10.0.${Math.floor(i / 250)}.${(i % 250) + 1}`).join(','), 'Allowed IPs', 'at most 100 addresses'],
  ['cps', '0', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', '0.05', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', '100.5', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', '101', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', '-1', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', 'fast', 'Outbound CPS', 'from 0.1 to 100'],
  ['cps', '1.234', 'Outbound CPS', 'at most two decimals'],
  ['cps', '1e2', 'Outbound CPS', 'from 0.1 to 100'],
  ['burst', '0', 'Outbound burst', 'whole number from 1 to 1000'],
  ['burst', '1001', 'Outbound burst', 'whole number from 1 to 1000'],
  ['burst', '1.5', 'Outbound burst', 'whole number from 1 to 1000'],
  ['burst', 'ten', 'Outbound burst', 'whole number from 1 to 1000'],
  ['channels', '0', 'Outbound channels', 'whole number from 1 to 500'],
  ['channels', '501', 'Outbound channels', 'whole number from 1 to 500'],
  ['channels', '-5', 'Outbound channels', 'whole number from 1 to 500'],
  ['channels', '30.5', 'Outbound channels', 'whole number from 1 to 500'],
  ['tech_prefix', 'ab#', 'Tech prefix', 'digits, # and *'],
  ['tech_prefix', '12345678901', 'Tech prefix', '1–10 characters'],
  ['tech_prefix', '12 34', 'Tech prefix', 'digits, # and *'],
  ['strip_digits', '21', 'Digits to strip', 'whole number from 0 to 20'],
  ['strip_digits', '-1', 'Digits to strip', 'whole number from 0 to 20'],
  ['strip_digits', 'one', 'Digits to strip', 'whole number from 0 to 20'],
  ['prefix_digits', 'abc', 'Prefix to add', 'up to 15 digits'],
  ['prefix_digits', '1234567890123456', 'Prefix to add', 'up to 15 digits'],
  ['prefix_digits', '1+', 'Prefix to add', 'up to 15 digits'],
  ['pre_ring_timeout', '0', 'Pre-ring timeout (s)', 'whole number from 1 to 300'],
  ['pre_ring_timeout', '301', 'Pre-ring timeout (s)', 'whole number from 1 to 300'],
  ['post_ring_timeout', '0', 'Post-ring timeout (s)', 'whole number from 1 to 300'],
  ['post_ring_timeout', 'soon', 'Post-ring timeout (s)', 'whole number from 1 to 300'],
  ['notes', long(1001), 'Notes', 'at most 1000 characters'],
];

// Rules that span fields.
const crossCases: [Record<string, string>, string, string][] = [
  [{ inbound_auth: 'ip_allowlist' }, 'Allowed IPs', 'add at least one IP or CIDR'],
  [{ password: 'secret-pw' }, 'Username (outbound)', 'required when a password is set'],
  [{ username: 'alice' }, 'Password (outbound)', 'required when a username is set'],
  [{ name: '' }, 'Name', 'required'],
  [{ sip_address: '' }, 'SIP address', 'required'],
];

const otherCases: [string[], Record<string, string>, string, string][] = [
  [['did', 'add'], { carrier: 'Existing', number: '123' }, 'Phone number', 'use 5–20 digits'],
  [['did', 'add'], { carrier: 'Existing', number: '1'.repeat(21) }, 'Phone number', 'use 5–20 digits'],
  [['did', 'add'], { carrier: 'Existing', number: '+1 415 CALL NOW' }, 'Phone number', 'use digits with an optional leading +'],
  [['did', 'add'], { carrier: 'Existing', number: '1415+5551234' }, 'Phone number', 'a + may only stand at the start'],
  [['did', 'add'], { carrier: 'Existing', number: '(415) 555-1234' }, 'Phone number', 'use digits with an optional leading +'],
  [['did', 'add'], { carrier: 'Existing', number: '' }, 'Phone number', 'required'],
  [['did', 'add'], { carrier: 'Existing', number: '+14155550000', direction: 'sideways' }, 'Direction', 'choose one of both, inbound, outbound'],
  [['did', 'add'], { carrier: 'Existing', number: '+14155550000', label: long(61) }, 'Label', 'at most 60 characters'],
  [['did', 'add'], { carrier: 'Existing', number: '+14155550000', direction: 'outbound', bot: 'Existing' }, 'Bot', 'outbound numbers never receive calls'],
  [['did', 'add'], { carrier: 'Existing', number: '+14155550000', bot: 'Ghost' }, 'Bot', 'no bot named "Ghost"'],
  [['did', 'add'], { number: '+14155550000' }, 'Carrier', 'required'],
  [['bot', 'add'], { name: 'B', agent_name: '' }, 'Agent name', 'required'],
  [['bot', 'add'], { name: 'B', agent_name: '-starts-with-dash' }, 'Agent name', 'starting with a letter or digit'],
  [['bot', 'add'], { name: 'B', agent_name: long(65) }, 'Agent name', 'use 1–64'],
  [['bot', 'add'], { name: long(81), agent_name: 'ok' }, 'Name', 'at most 80 characters'],
  [['bot', 'add'], { name: 'existing', agent_name: 'ok' }, 'Name', 'already exists'],
  [['carrier', 'contacts', 'add'], { carrier: 'Existing', name: 'N', email: 'not-an-email' }, 'Email', 'use an email address'],
  [['carrier', 'contacts', 'add'], { carrier: 'Existing', name: 'N', email: 'a@b' }, 'Email', 'use an email address'],
  [['carrier', 'contacts', 'add'], { carrier: 'Existing', name: 'N', phone: 'call me' }, 'Phone', 'use digits'],
  [['carrier', 'contacts', 'add'], { carrier: 'Existing', name: 'N', role: 'ceo', email: 'a@b.example' }, 'Role', 'choose one of noc, billing, sales, support, other'],
  [['carrier', 'contacts', 'add'], { carrier: 'Existing', name: 'N' }, 'Email', 'give an email or a phone number'],
  [['access', 'grant'], { principal: 'U123', role: 'admin' }, 'Principal', 'use platform:id'],
  [['access', 'grant'], { principal: 'teams:U1', role: 'admin' }, 'Principal', 'use platform:id'],
  [['access', 'grant'], { principal: 'slack:U1', role: 'root' }, 'Role', 'choose one of viewer, operator, admin'],
  [['audit'], { limit: '0' }, 'Limit', 'whole number from 1 to 200'],
  [['carrier', 'edit'], { carrier: 'Existing', clear_password: 'maybe' }, 'Clear password', 'use yes or no'],
];

async function counts() {
  const [row] = await h.db.query(
    'select (select count(*) from carriers)::int as c, (select count(*) from dids)::int as d, (select count(*) from bots)::int as b, (select count(*) from carrier_contacts)::int as k, (select count(*) from access_grants)::int as g, (select count(*) from audit_log)::int as a',
  );
  return row;
}

describe('validation', () => {
  it('has at least 100 bad-input cases', () => {
    expect(carrierCases.length + crossCases.length + otherCases.length).toBeGreaterThanOrEqual(100);
  });

  it.each(carrierCases)('carrier add refuses %s = %j', async (field, value, label, rule) => {
    const before = await counts();
    const args = { name: 'New carrier', sip_address: 'new.example', [field]: value };
    if (field === 'password') args.username = 'user';
    const r = asReply(await h.as('console:local', ['carrier', 'add'], args));
    expect(r.tone).toBe('error');
    expect(r.text).toContain(`${label}: `);
    expect(r.text).toContain(rule);
    expect(r.text).toContain('Nothing was saved.');
    expect(r.issues?.map((i) => i.field)).toContain(field);
    expect(r.text).not.toMatch(/ref [0-9a-f]{6}/);
    expect(await counts()).toEqual(before);
  });

  it.each(carrierCases.filter(([f]) => f !== 'name'))('carrier edit refuses %s = %j', async (field, value, label, rule) => {
    const before = await h.db.query("select * from carriers where name = 'Existing'");
    const args: Record<string, string> = { carrier: 'Existing', [field]: value };
    if (field === 'password') args.username = 'user';
    const r = asReply(await h.as('console:local', ['carrier', 'edit'], args));
    expect(r.text).toContain(`${label}: `);
    expect(r.text).toContain(rule);
    expect(await h.db.query("select * from carriers where name = 'Existing'")).toEqual(before);
  });

  it.each(crossCases)('carrier add applies the cross-field rule %j', async (extra, label, rule) => {
    const before = await counts();
    const r = asReply(await h.as('console:local', ['carrier', 'add'], { name: 'New carrier', sip_address: 'new.example', ...extra }));
    expect(r.text).toContain(`${label}: ${rule}`);
    expect(await counts()).toEqual(before);
  });

  it.each(otherCases)('%j refuses %j', async (path, args, label, rule) => {
    const before = await counts();
    const r = asReply(await h.as('console:local', path, args));
    expect(r.tone).toBe('error');
    expect(r.text).toContain(`${label}: `);
    expect(r.text).toContain(rule);
    expect(await counts()).toEqual(before);
  });

  it('reports every invalid field at once', async () => {
    const r = asReply(await h.as('console:local', ['carrier', 'add'], { name: '', sip_address: 'sip:x', cps: '0', burst: '0', channels: '0' }));
    expect(r.issues?.map((i) => i.field)).toEqual(['name', 'sip_address', 'cps', 'burst', 'channels']);
    expect(r.text).toContain('5 fields need fixing');
  });

  it('accepts and normalises good values', async () => {
    const r = asReply(
      await h.as('console:local', ['carrier', 'add'], {
        name: '  Good   carrier ',
        sip_address: 'SIP.Good.Example:05060',
        transport: 'TLS',
        destination_country: 'in',
        currency: 'eur',
        allowed_ips: '192.0.2.10, 198.51.100.0/24;2001:DB8::/32 192.0.2.10',
        inbound_auth: 'ip_allowlist',
        cps: '0,5',
      }),
    );
    expect(r.tone).toBe('ok');
    const [row] = await h.db.query("select name, sip_address, transport, destination_country, currency, allowed_ips, cps from carriers where name = 'Good carrier'");
    expect(row).toEqual({
      name: 'Good carrier',
      sip_address: 'sip.good.example:5060',
      transport: 'tls',
      destination_country: 'IN',
      currency: 'EUR',
      allowed_ips: ['192.0.2.10', '198.51.100.0/24', '2001:db8::/32'],
      cps: 0.5,
    });
    const v6 = asReply(await h.as('console:local', ['carrier', 'add'], { name: 'V6', sip_address: '[2001:DB8::10]:5061' }));
    expect(v6.tone).toBe('ok');
    expect(await h.db.query("select sip_address from carriers where name = 'V6'")).toEqual([{ sip_address: '[2001:db8::10]:5061' }]);
  });
});
