// Every carrier command end to end through the console adapter, on PGlite and on real Postgres.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

describe('carrier commands through the console', () => {
  it('shows an empty state that says how to add a carrier', async () => {
    const { output } = await h.script(['carrier list']);
    expect(output).toContain('No carriers yet');
    expect(output).toContain('carrier add name=');
  });

  it('adds carriers with defaults and lists them with the reference columns', async () => {
    const { output, result } = await h.script([
      'carrier add name=Acme sip_address=sip.acme.example:5060',
      'carrier add name="Beta Voice" sip_address=203.0.113.10 transport=udp username=beta password=s3cr3t-Beta! inbound_auth=ip_allowlist allowed_ips=203.0.113.10,198.51.100.0/24 cps=2.5 burst=5 channels=60',
      'carrier list',
    ]);
    expect(result.failed).toBe(0);
    expect(output).toContain('Carrier "Acme" created.');
    const table = output.slice(output.lastIndexOf('Carriers (2)'));
    expect(table).toMatch(/Name\s+SIP address\s+Auth\s+DIDs\s+CPS\s+LiveKit\s+Last synced/);
    expect(table).toMatch(/Acme\s+sip\.acme\.example:5060\s+—\s+0\s+1\/s · burst 1\s+sync disabled\s+—/);
    expect(table).toMatch(/Beta Voice\s+203\.0\.113\.10\s+Password · IP\s+0\s+2\.5\/s · burst 5/);
    const [row] = await h.db.query("select transport, cps, burst, channels, pre_ring_timeout, status, currency from carriers where name = 'Acme'");
    expect(row).toEqual({ transport: 'auto', cps: 1, burst: 1, channels: 30, pre_ring_timeout: 30, status: 'active', currency: 'USD' });
  });

  it('searches by name or SIP address, ignoring case', async () => {
    expect((await h.script(['carrier list BETA'])).output).toMatch(/Carriers matching "BETA" \(1\)[\s\S]*Beta Voice/);
    expect((await h.script(['carrier list 203.0.113'])).output).toContain('Beta Voice');
    expect((await h.script(['carrier list acme.EXAMPLE'])).output).toMatch(/Acme\s+sip\.acme/);
    expect((await h.script(['carrier list nothing-here'])).output).toContain('No carriers match "nothing-here"');
  });

  it('shows a carrier card with masked password, sync banner and numbers', async () => {
    const { output } = await h.script(['carrier show "beta voice"']);
    expect(output).toContain('Password (outbound)     ••••••••');
    expect(output).toContain('LiveKit sync disabled');
    expect(output).toContain('No phone numbers added yet');
    expect(output).not.toContain('s3cr3t-Beta!');
  });

  it('refuses a duplicate name, ignoring case, and writes nothing', async () => {
    const { output, result } = await h.script(['carrier add name=ACME sip_address=other.example']);
    expect(result.failed).toBe(1);
    expect(output).toContain('Name: a carrier named "Acme" already exists');
    expect(await h.db.query('select count(*)::int as n from carriers')).toEqual([{ n: 2 }]);
  });

  it('edits a carrier; a blank password keeps the current one', async () => {
    const [before] = await h.db.query("select password_enc, version from carriers where name = 'Beta Voice'");
    const { output, result } = await h.script(['carrier edit "Beta Voice" cps=10 password= destination_country=gb']);
    expect(result.failed).toBe(0);
    expect(output).toContain('destination_country, cps changed');
    const [after] = await h.db.query("select password_enc, version, cps, destination_country from carriers where name = 'Beta Voice'");
    expect(after!.password_enc).toBe(before!.password_enc);
    expect(after).toMatchObject({ version: (before!.version as number) + 1, cps: 10, destination_country: 'GB' });
  });

  it('requires name and SIP address on edit and keeps the record unchanged', async () => {
    const { output } = await h.script(['carrier edit Acme name= sip_address=']);
    expect(output).toContain('Name: required');
    expect(output).toContain('SIP address: required');
    expect(await h.db.query("select name from carriers where name = 'Acme'")).toHaveLength(1);
  });

  it('switching to ip_allowlist without addresses is refused', async () => {
    const { output } = await h.script(['carrier edit Acme inbound_auth=ip_allowlist']);
    expect(output).toContain('Allowed IPs: add at least one IP or CIDR');
    expect(await h.db.query("select inbound_auth from carriers where name = 'Acme'")).toEqual([{ inbound_auth: 'digest' }]);
  });

  it('clears the password with clear_password=yes', async () => {
    const { output } = await h.script(['carrier edit "Beta Voice" clear_password=yes username=']);
    expect(output).toContain('password');
    expect(await h.db.query("select password_enc, username from carriers where name = 'Beta Voice'")).toEqual([{ password_enc: null, username: null }]);
  });

  it('manages contacts', async () => {
    const { output, result } = await h.script([
      'carrier contacts add Acme name="NOC desk" role=noc email=NOC@acme.example phone="+44 20 7946 0000"',
      'carrier contacts add Acme name="Billing" role=billing',
      'carrier contacts list Acme',
      'carrier contacts remove Acme "NOC desk"',
      'carrier contacts list Acme',
    ]);
    expect(output).toContain('Contact NOC desk (noc) added to Acme.');
    expect(output).toContain('Email: give an email or a phone number');
    expect(output).toMatch(/NOC desk\s+noc\s+noc@acme\.example\s+\+44 20 7946 0000/);
    expect(output).toContain('Contact NOC desk removed from Acme.');
    expect(output).toContain('Acme: no contacts yet');
    expect(result.failed).toBe(1);
  });

  it('shows the setup guide and provider recipes', async () => {
    const { output } = await h.script(['carrier guide', 'carrier guide twilio', 'carrier guide telnyx', 'carrier guide vonage']);
    expect(output).toContain("On the provider's trunk sheet");
    expect(output).toContain('pstn.twilio.com');
    expect(output).toContain('sip.telnyx.com');
    expect(output).toContain('sip.nexmo.com');
  });

  it('shows the dial plan after strip, prefix and tech prefix', async () => {
    await h.script(['carrier edit Acme strip_digits=1 prefix_digits=00 tech_prefix=4455#']);
    const { output } = await h.script(['carrier dialplan Acme "+1 415 555 1234"', 'carrier dialplan Acme 12']);
    expect(output).toMatch(/Strip 1 leading digit\s+4155551234/);
    expect(output).toMatch(/Add prefix 00\s+004155551234/);
    expect(output).toContain('Sent to the carrier as `4455#004155551234`.');
    expect(output).toContain('Phone number: use 5–20 digits (got 2)');
  });

  it('deletes after confirmation, with its numbers; anything but yes cancels', async () => {
    await h.script(['did add carrier=Acme number=+442079460001', 'did add carrier=Acme number=+442079460002 direction=outbound']);
    expect((await h.script(['carrier list acme'])).output).toMatch(/Acme\s+sip\.acme\.example:5060\s+—\s+2\s+/);
    const cancelled = await h.script(['carrier delete Acme', 'no']);
    expect(cancelled.output).toContain('This will also delete all associated phone numbers (2: +442079460001, +442079460002)');
    expect(cancelled.output).toContain('Cancelled; nothing was changed.');
    expect(await h.db.query("select count(*)::int as n from carriers where name = 'Acme'")).toEqual([{ n: 1 }]);
    const { output } = await h.script(['carrier delete Acme', 'yes', 'carrier show Acme']);
    expect(output).toContain('Carrier "Acme" deleted, with 2 phone numbers.');
    expect(output).toContain('No carrier named "Acme"');
    expect(await h.db.query('select count(*)::int as n from dids')).toEqual([{ n: 0 }]);
    expect(await h.db.query('select count(*)::int as n from carrier_contacts')).toEqual([{ n: 0 }]);
  });

  it('explains unknown commands and options', async () => {
    const { output } = await h.script(['carrier frobnicate', 'carrier', 'carrier list nme=x', 'nonsense']);
    expect(output).toContain('`carrier` has no subcommand "frobnicate"');
    expect(output).toContain('`carrier` needs a subcommand. Choose one of: list, show, add');
    expect(output).toContain('`carrier list` has no option "nme"');
    expect(output).toContain('Unknown command "nonsense"');
  });
});
