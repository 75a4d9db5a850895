// The real entry point with CALL_EVENTS_TOKEN set: `npm start` serves POST /v1/call-events and the dialler's read API
// next to the console, the token is never logged, and a CDR imported on the console counts like API events.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { root } from '../helpers/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'trunkops-calls-'));
afterAll(() => rmSync(dataDir, { recursive: true, force: true }));
const TOKEN = 'process-test-token-8d1e6b0c';

async function until<T>(get: () => T | undefined, ms = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined) return v;
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

it('npm start with CALL_EVENTS_TOKEN: the API takes events and serves carriers while the console runs', { timeout: 90_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', PORT: '0', DATA_DIR: dataDir, CALL_EVENTS_TOKEN: TOKEN },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  child.stdin.write('carrier add name=Acme sip_address=sip.acme.example\n');
  const log = join(dataDir, 'trunkops.log');
  const port = await until(() => (existsSync(log) ? /"port":(\d+),"msg":"http listening"/.exec(readFileSync(log, 'utf8'))?.[1] : undefined));
  await until(() => (stdout.includes('Carrier "Acme" created.') ? true : undefined));

  const auth = { authorization: `Bearer ${TOKEN}` };
  const events = [
    { call_id: 'p-1', carrier: 'Acme', number: '+14155550100', sip_code: 503, started_at: '2026-01-01T10:00:00Z', ended_at: '2026-01-01T10:00:20Z' },
    { call_id: 'p-2', carrier: 'Nobody', number: '+14155550100', sip_code: 503, started_at: '2026-01-01T10:00:00Z', ended_at: '2026-01-01T10:00:20Z' },
  ];
  const posted = await fetch(`http://127.0.0.1:${port}/v1/call-events`, { method: 'POST', headers: { ...auth, 'content-type': 'application/x-ndjson' }, body: events.map((e) => JSON.stringify(e)).join('\n') });
  expect(posted.status).toBe(200);
  expect(await posted.json()).toMatchObject({ accepted: 1, duplicates: 0, unknown_carriers: [{ carrier: 'Nobody', events: 1 }] });
  const carriers = await fetch(`http://127.0.0.1:${port}/v1/carriers`, { headers: auth });
  expect(((await carriers.json()) as { carriers: { name: string }[] }).carriers.map((c) => c.name)).toEqual(['Acme']);
  expect((await fetch(`http://127.0.0.1:${port}/v1/dids`)).status).toBe(401);

  const cdr = join(dataDir, 'cdr.csv');
  writeFileSync(cdr, 'call_id,carrier,number,sip_code,started_at,ended_at\np-1,Acme,+14155550100,503,2026-01-01T10:00:00Z,2026-01-01T10:00:20Z\np-3,Acme,+14155550101,503,2026-01-01T10:01:00Z,2026-01-01T10:01:20Z\n');
  child.stdin.end(`calls import ${cdr}\n`);
  expect(await exited).toBe(0);
  expect(stdout).toContain('1 call imported from cdr.csv (1 call already stored).');
  const logText = readFileSync(log, 'utf8');
  expect(logText).toContain('call events ingested');
  expect(logText).not.toContain(TOKEN);
});
