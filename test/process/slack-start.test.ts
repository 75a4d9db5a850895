// `npm start` with Slack tokens: no console; the process connects in Socket Mode (the fake Slack here),
// answers a slash command from the same database, logs to stdout without tokens, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_TOKEN, BOT_TOKEN, startFakeSlack, type FakeSlack } from '../fakes/slack.ts';

const root = fileURLToPath(new URL('../..', import.meta.url));
const dataDir = mkdtempSync(join(tmpdir(), 'trunkops-slack-'));
let fake: FakeSlack;
beforeAll(async () => {
  fake = await startFakeSlack();
});
afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('serves Slack in Socket Mode and shuts down cleanly on SIGTERM', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: { PATH: process.env.PATH ?? '', DATA_DIR: dataDir, PORT: '0', SLACK_BOT_TOKEN: BOT_TOKEN, SLACK_APP_TOKEN: APP_TOKEN, SLACK_API_URL: fake.apiUrl, TRUNKOPS_ADMINS: 'slack:U0ADMIN' },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  await fake.waitFor(() => fake.socketConnected, 30_000);
  const responseUrl = fake.responseUrl();
  fake.socketSend({
    envelope_id: 'env-1',
    type: 'slash_commands',
    accepts_response_payload: true,
    payload: { command: '/carrier', text: 'add name=Acme sip_address=sip.acme.example', user_id: 'U0ADMIN', user_name: 'admin', channel_id: 'C0NOC', team_id: 'T0TEAM', response_url: responseUrl, trigger_id: fake.trigger(), api_app_id: 'A0APP' },
  });
  const answer = await fake.answerTo(responseUrl, 0, 15_000);
  expect(JSON.stringify(answer.body.blocks)).toContain('Carrier \\"Acme\\" created.');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stdout).toContain('"msg":"slack connected"');
  expect(stdout).toContain('"msg":"stopped"');
  expect(stdout).not.toContain(BOT_TOKEN);
  expect(stdout).not.toContain(APP_TOKEN);
});
