// The console on a terminal: forms become prompts with defaults, bad values are asked again, passwords are masked.
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createHarness, interactiveConsole, type Harness } from '../helpers/harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await createHarness();
});
afterAll(async () => h?.close());

it('carrier add prompts field by field, re-asks a bad value and keeps defaults', async () => {
  const out = await interactiveConsole(h.app, [
    'carrier add',
    'Prompted', // name
    'sip:bad address', // sip_address: refused
    'prompted.example:5070', // sip_address
    '', // transport: keep auto
    'US', // destination_country
    'promptuser', // username
    'Pr0mpted-pw', // password (masked)
    '', // inbound_auth: keep digest
    '', // allowed_ips
    '500', // cps: refused
    '2', // cps
    '', // burst
    '', // channels
    '', '', '', '', '', '', '', '', // routing section: keep defaults
    '', '', '', '', // health checks: the defaults
  ]);
  expect(out).toContain('Add carrier');
  expect(out).toContain('— Connection: Where to reach the carrier.');
  expect(out).toContain('SIP address: remove the spaces');
  expect(out).toContain('Outbound CPS: use a number from 0.1 to 100 (got 500)');
  expect(out).toMatch(/Transport \(optional\) \(auto\/udp\/tcp\/tls\) \[auto\]/);
  expect(out).toContain('Carrier "Prompted" created.');
  expect(out).not.toContain('Pr0mpted-pw');
  const [row] = await h.db.query("select sip_address, transport, cps, burst, channels, username, destination_country from carriers where name = 'Prompted'");
  expect(row).toEqual({ sip_address: 'prompted.example:5070', transport: 'auto', cps: 2, burst: 1, channels: 30, username: 'promptuser', destination_country: 'US' });
});

it('carrier edit opens the form with current values; a blank password keeps it', async () => {
  const [before] = await h.db.query("select password_enc from carriers where name = 'Prompted'");
  const answers = ['carrier edit Prompted', '', '', 'tls', '', '', '', '', '', '', '', '45', '', '', '', '', '', '', '', '', '', '', '', ''];
  const out = await interactiveConsole(h.app, answers);
  expect(out).toContain('Edit Prompted');
  expect(out).toContain('Password unchanged: leave blank to keep it.');
  expect(out).toMatch(/SIP address \[prompted\.example:5070\]/);
  expect(out).toContain('transport, channels changed');
  const [after] = await h.db.query("select password_enc, transport, channels from carriers where name = 'Prompted'");
  expect(after).toEqual({ password_enc: before!.password_enc, transport: 'tls', channels: 45 });
});

it('the DID form hides the bot question for outbound numbers and asks to confirm deletes', async () => {
  const out = await interactiveConsole(h.app, ['did add', 'Prompted', '+15550001111', 'Pool 1', 'outbound', 'carrier delete Prompted', 'no']);
  expect(out).toContain('+15550001111 added to Prompted.');
  expect(out).not.toContain('Assign bot');
  expect(out).toContain('This will also delete all associated phone numbers (1: +15550001111)');
  expect(out).toContain('Cancelled; nothing was changed.');
});
