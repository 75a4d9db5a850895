// The real entry point: `npm start` with piped input runs the scripted console on the embedded database and exits.
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../helpers/process.ts';
import { afterAll, expect, it } from 'vitest';

const dataDir = mkdtempSync(join(tmpdir(), 'trunkops-start-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

function start(input: string, env: Record<string, string> = {}) {
  return runMain(input, { DATA_DIR: dataDir, ...env });
}

it('runs the README example and exits 0 at end of input', { timeout: 60_000 }, async () => {
  const r = await start('carrier add name=Acme sip_address=sip.acme.example:5060 username=acme password=Pipe-Secret-1\ncarrier list\n');
  expect(r.stderr).toBe('');
  expect(r.code).toBe(0);
  expect(r.stdout).toContain('Carrier "Acme" created.');
  expect(r.stdout).toMatch(/Acme\s+sip\.acme\.example:5060\s+Password\s+0\s+1\/s · burst 1\s+sync disabled/);
  expect(r.stdout).not.toContain('Pipe-Secret-1');
  expect(statSync(join(dataDir, 'secret.key')).mode & 0o777).toBe(0o600);
  // The data persists across restarts, and a failed command makes the exit code non-zero.
  const again = await start('carrier list\ncarrier show Nope\n');
  expect(again.stdout).toContain('Carriers (1)');
  expect(again.code).toBe(1);
});

it('refuses to start with bad configuration, listing every problem', { timeout: 60_000 }, async () => {
  const r = await start('', { PORT: 'abc', TRUNKOPS_ADMINS: 'nobody' });
  expect(r.code).toBe(2);
  expect(r.stderr).toContain('PORT:');
  expect(r.stderr).toContain('TRUNKOPS_ADMINS:');
});
