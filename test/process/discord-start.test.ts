// `npm start` with Discord tokens: no console; the process registers the commands, connects to the gateway (the
// fake Discord here), answers a slash command from the same database, never logs the token, and stops on SIGTERM.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { APP_ID, DISCORD_TOKEN, GUILD_ID, startFakeDiscord, type FakeDiscord } from '../fakes/discord.ts';
import { chatInput, member } from '../fakes/discord-payloads.ts';
import { commands } from '../../commands/index.ts';
import { root } from '../helpers/process.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'trunkops-discord-'));
let fake: FakeDiscord;
beforeAll(async () => {
  fake = await startFakeDiscord({ heartbeatIntervalMs: 1000 });
});
afterAll(async () => {
  await fake.close();
  rmSync(dataDir, { recursive: true, force: true });
});

it('serves Discord over the gateway and shuts down cleanly on SIGTERM', { timeout: 60_000 }, async () => {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], {
    cwd: root,
    env: {
      PATH: process.env.PATH ?? '',
      DATA_DIR: dataDir,
      PORT: '0',
      DISCORD_TOKEN,
      DISCORD_APPLICATION_ID: APP_ID,
      DISCORD_GUILD_IDS: GUILD_ID,
      DISCORD_API_URL: fake.apiUrl,
      TRUNKOPS_ADMINS: 'discord:1400000000000000001',
    },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  child.stdout.on('data', (d) => (stdout += d));
  child.stderr.on('data', (d) => (stdout += d));
  const exited = new Promise<number | null>((r) => child.on('close', r));
  const deadline = Date.now() + 30_000;
  while (!stdout.includes('"msg":"discord connected"')) {
    if (Date.now() > deadline) throw new Error(`trunkops did not connect to Discord:\n${stdout}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  expect(fake.commands.get(GUILD_ID)?.length).toBeGreaterThan(0);
  const payload = chatInput(['carrier', 'add'], [{ name: 'name', type: 3, value: 'Acme' }, { name: 'sip_address', type: 3, value: 'sip.acme.example' }], member('1400000000000000001'));
  fake.interaction(payload);
  const callback = await fake.callback(payload.id, 15_000);
  expect(JSON.stringify(callback.data.embeds)).toContain('Carrier \\"Acme\\" created.');
  child.kill('SIGTERM');
  expect(await exited).toBe(0);
  expect(stdout).toContain('"msg":"stopped"');
  expect(stdout).not.toContain(DISCORD_TOKEN);
  expect(stdout).not.toContain('trunkops>');
});

it('npm run discord:register changes nothing the second time, and explains a server the bot is not in', { timeout: 60_000 }, async () => {
  const register = (guild: string) =>
    new Promise<{ code: number | null; out: string }>((resolve) => {
      const child = spawn(process.execPath, ['--import', 'tsx', 'src/discord/register-cli.ts'], {
        cwd: root,
        env: { PATH: process.env.PATH ?? '', DISCORD_TOKEN, DISCORD_APPLICATION_ID: APP_ID, DISCORD_GUILD_IDS: guild, DISCORD_API_URL: fake.apiUrl },
      });
      let out = '';
      child.stdout.on('data', (d) => (out += d));
      child.stderr.on('data', (d) => (out += d));
      child.on('close', (code) => resolve({ code, out }));
    });
  await register(GUILD_ID);
  const again = await register(GUILD_ID);
  expect(again.code).toBe(0);
  expect(again.out).toContain(`${commands.length} commands already registered in server ${GUILD_ID}; nothing changed`);
  // A server the bot is not in: Discord answers Missing Access, and the invite URL is printed.
  const missing = await register('1200000000000000002');
  expect(missing.code).toBe(1);
  expect(missing.out).toContain('the bot is not in that server');
  expect(missing.out).toContain('https://discord.com/oauth2/authorize?client_id=1100000000000000001&scope=bot+applications.commands');
  expect(missing.out).not.toContain(DISCORD_TOKEN);
});
