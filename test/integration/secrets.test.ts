// A stored SIP password is not readable in the database, in any reply, in the logs or in the audit log.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHarness, type Harness } from '../helpers/harness.ts';

const PASSWORD = 'Sup3r-Secret-Digest-pw!';
const NEW_PASSWORD = 'An0ther-Secret-pw?';
let h: Harness;
let output = '';

beforeAll(async () => {
  h = await createHarness();
  output += (
    await h.script([
      `carrier add name=Vault sip_address=vault.example username=vaultuser password=${PASSWORD}`,
      'carrier show Vault',
      'carrier list',
      `carrier edit Vault password=${NEW_PASSWORD}`,
      'carrier edit Vault cps=3 password=',
      'audit Vault',
      'help carrier edit',
    ])
  ).output;
  // An unexpected failure is logged with its context: make sure that path does not leak either.
  await h.app.dispatcher.dispatch({
    platform: 'console',
    user: { id: 'console:local', groups: [] },
    path: ['carrier', 'add'],
    args: { name: 'x'.repeat(5), sip_address: 'x.example', username: 'u', password: PASSWORD },
    positionals: [],
    interactive: false,
  });
});
afterAll(async () => h?.close());

describe('SIP password secrecy', () => {
  it('is stored only as an AES-GCM envelope', async () => {
    const dump = JSON.stringify(await h.db.query('select * from carriers'));
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(NEW_PASSWORD);
    const [row] = await h.db.query("select password_enc from carriers where name = 'Vault'");
    expect(String(row!.password_enc)).toMatch(/^v1\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+\.[A-Za-z0-9+/=]+$/);
  });

  it('opens only with the key, bound to its carrier', async () => {
    const [row] = await h.db.query("select id, password_enc from carriers where name = 'Vault'");
    expect(h.app.deps.secrets.open(String(row!.password_enc), String(row!.id))).toBe(NEW_PASSWORD);
    expect(() => h.app.deps.secrets.open(String(row!.password_enc), '00000000-0000-0000-0000-000000000000')).toThrow();
  });

  it('never appears in a reply; the card shows a mask', () => {
    expect(output).not.toContain(PASSWORD);
    expect(output).not.toContain(NEW_PASSWORD);
    expect(output).toContain('••••••••');
    expect(output).toMatch(/password: set → changed/);
  });

  it('never appears in the audit log', async () => {
    const dump = JSON.stringify(await h.db.query('select * from audit_log'));
    expect(dump).not.toContain(PASSWORD);
    expect(dump).not.toContain(NEW_PASSWORD);
    expect(dump).not.toContain('password_enc');
    expect(dump).toContain('"password":"changed"');
  });

  it('never appears in the logs', () => {
    expect(h.logs.length).toBeGreaterThan(0);
    const all = h.logs.join('');
    expect(all).not.toContain(PASSWORD);
    expect(all).not.toContain(NEW_PASSWORD);
  });
});
