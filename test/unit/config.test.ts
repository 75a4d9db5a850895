// loadConfig: defaults, every problem reported at once with a fix, secrets never echoed.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/config.ts';

const KEY = Buffer.alloc(32, 1).toString('base64');

describe('loadConfig', () => {
  it('has working defaults for the embedded console', () => {
    const c = loadConfig({});
    expect(c).toMatchObject({ port: 3000, dataDir: './data', logLevel: 'info', admins: [], defaultRole: 'none', consoleUser: 'local' });
    expect(c.databaseUrl).toBeUndefined();
    expect(c.secretKey).toBeUndefined();
  });

  it('reports every problem at once, each with how to fix it', () => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ PORT: '99999', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', TRUNKOPS_SECRET_KEY: 'short-secret-value', TRUNKOPS_ADMINS: 'bob' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err).toBeInstanceOf(ConfigError);
    const fields = err!.problems.map((p) => p.split(':')[0]);
    expect(fields.sort()).toEqual(['DATABASE_URL', 'LOG_LEVEL', 'PORT', 'TRUNKOPS_ADMINS', 'TRUNKOPS_SECRET_KEY']);
    expect(err!.message).toContain('openssl rand -base64 32');
    expect(err!.message).toContain('slack:U0123ABCD');
    expect(err!.message).not.toContain('short-secret-value');
  });

  it('requires a shared key with a Postgres server', () => {
    expect(() => loadConfig({ DATABASE_URL: 'postgres://u:pw@db/trunkops' })).toThrow(/TRUNKOPS_SECRET_KEY: required when DATABASE_URL is set/);
  });

  it('accepts hex or base64 keys and parses admins', () => {
    const c = loadConfig({ TRUNKOPS_SECRET_KEY: 'ab'.repeat(32), TRUNKOPS_ADMINS: 'slack:U123, discord:456 ,discord-role:789' });
    expect(c.secretKey?.length).toBe(32);
    expect(c.admins).toEqual(['slack:U123', 'discord:456', 'discord-role:789']);
    expect(loadConfig({ TRUNKOPS_SECRET_KEY: KEY }).secretKey?.length).toBe(32);
  });

  it('redacts secrets for logging', () => {
    const c = loadConfig({ DATABASE_URL: 'postgres://app:hunter2@db:5432/trunkops', TRUNKOPS_SECRET_KEY: KEY });
    const safe = JSON.stringify(redactConfig(c));
    expect(safe).not.toContain('hunter2');
    expect(safe).not.toContain(KEY);
    expect(safe).toContain('postgres://app:redacted@db:5432/trunkops');
  });

  it('chooses Socket Mode with an app token, HTTP mode with a signing secret, and needs one of them', () => {
    const bot = 'xoxb-1-abc';
    expect(loadConfig({ SLACK_BOT_TOKEN: bot, SLACK_APP_TOKEN: 'xapp-1-def' }).slack).toMatchObject({ botToken: bot, appToken: 'xapp-1-def', commandPrefix: '' });
    const http = loadConfig({ SLACK_BOT_TOKEN: bot, SLACK_SIGNING_SECRET: 'ab'.repeat(16), SLACK_API_URL: 'http://127.0.0.1:9/api' });
    expect(http.slack).toMatchObject({ signingSecret: 'ab'.repeat(16), apiUrl: 'http://127.0.0.1:9/api/' });
    expect(loadConfig({}).slack).toBeUndefined();
    expect(() => loadConfig({ SLACK_BOT_TOKEN: bot })).toThrow(/SLACK_APP_TOKEN or SLACK_SIGNING_SECRET: one is required/);
    expect(() => loadConfig({ SLACK_APP_TOKEN: 'xapp-1-def' })).toThrow(/SLACK_BOT_TOKEN: required/);
  });

  it.each([
    ['SLACK_BOT_TOKEN', 'xoxp-user-token', 'starts with xoxb-'],
    ['SLACK_APP_TOKEN', 'xoxb-1-abc', 'starts with xapp-'],
    ['SLACK_SIGNING_SECRET', 'not hex!', 'Signing Secret'],
    ['SLACK_API_URL', 'ftp://x', 'http(s) URL'],
    ['SLACK_COMMAND_PREFIX', 'Trunk Ops', 'lower-case'],
    ['UPLOAD_MAX_MB', '0', '1'],
  ])('rejects %s=%s naming the rule, never the value', (name, value, rule) => {
    const env = { SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_APP_TOKEN: 'xapp-1-def', [name]: value };
    let err: ConfigError | undefined;
    try {
      loadConfig(env);
    } catch (e) {
      err = e as ConfigError;
    }
    const line = err?.problems.find((p) => p.startsWith(`${name}:`));
    expect(line).toContain(rule);
    expect(line).not.toContain(value === '0' ? 'value 0' : value);
  });

  it('redacts Slack tokens', () => {
    const safe = JSON.stringify(redactConfig(loadConfig({ SLACK_BOT_TOKEN: 'xoxb-1-abc', SLACK_APP_TOKEN: 'xapp-1-def', SLACK_SIGNING_SECRET: 'ab'.repeat(16) })));
    for (const secret of ['xoxb-1-abc', 'xapp-1-def', 'ab'.repeat(16)]) expect(safe).not.toContain(secret);
  });
});

describe('LiveKit variables', () => {
  const LK = { LIVEKIT_URL: 'https://acme.livekit.cloud', LIVEKIT_API_KEY: 'APIabc123', LIVEKIT_API_SECRET: 'a-very-secret-livekit-value' };

  it('are off by default and on with all three', () => {
    expect(loadConfig({}).livekit).toBeUndefined();
    expect(loadConfig(LK).livekit).toEqual({ url: LK.LIVEKIT_URL, apiKey: 'APIabc123', apiSecret: LK.LIVEKIT_API_SECRET, requestTimeoutSec: 10, reconcileCron: '*/15 * * * *' });
    expect(loadConfig({ ...LK, LIVEKIT_RECONCILE_CRON: 'off', LIVEKIT_REQUEST_TIMEOUT: '3' }).livekit).toMatchObject({ reconcileCron: null, requestTimeoutSec: 3 });
  });

  it('name the missing ones when only some are set, and never echo the secret', () => {
    expect(() => loadConfig({ LIVEKIT_URL: LK.LIVEKIT_URL })).toThrow(/LIVEKIT_API_KEY, LIVEKIT_API_SECRET: LiveKit sync needs LIVEKIT_URL, LIVEKIT_API_KEY and LIVEKIT_API_SECRET together/);
    let err: ConfigError | undefined;
    try {
      loadConfig({ ...LK, LIVEKIT_URL: 'ftp://x', LIVEKIT_API_SECRET: 'short', LIVEKIT_RECONCILE_CRON: 'every hour' });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err!.problems.map((p) => p.split(':')[0]).sort()).toEqual(['LIVEKIT_API_SECRET', 'LIVEKIT_RECONCILE_CRON', 'LIVEKIT_URL']);
    expect(err!.message).toContain('(value hidden)');
    expect(err!.message).not.toContain('short');
  });

  it('redacts the API secret', () => {
    const shown = JSON.stringify(redactConfig(loadConfig(LK)));
    expect(shown).not.toContain(LK.LIVEKIT_API_SECRET);
    expect(shown).toContain('APIabc123');
  });
});
