// The Discord variables: token and application id together, server ids and API URL checked, the token never
// echoed in an error or a log line.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/config.ts';

const TOKEN = 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake.token';
const APP = '1100000000000000001';
const GUILD_A = '80351110224678912';
const GUILD_B = '12345678901234567890';

/** The problems loadConfig reports for `env` (fails the test when it does not throw). */
function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('Discord configuration', () => {
  it('leaves Discord off without its variables', () => {
    expect(loadConfig({}).discord).toBeUndefined();
    expect(loadConfig({ DISCORD_TOKEN: ' ', DISCORD_APPLICATION_ID: '' }).discord).toBeUndefined();
  });

  it('turns Discord on with a token and an application id, registering globally by default', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP }).discord).toEqual({ token: TOKEN, applicationId: APP, guildIds: [], apiUrl: undefined, deferAfterMs: 2000 });
  });

  it('takes how long an answer may take before it is deferred, within the 3-second rule', () => {
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_DEFER_AFTER_MS: '0' }).discord!.deferAfterMs).toBe(0);
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_DEFER_AFTER_MS: '3000' })).toEqual(['DISCORD_DEFER_AFTER_MS: use at most 2500: Discord wants a first response within 3 s']);
  });

  it('names the application id when only the token is set', () => {
    expect(problems({ DISCORD_TOKEN: TOKEN })).toEqual(['DISCORD_APPLICATION_ID: required with DISCORD_TOKEN (Developer Portal → General Information → Application ID)']);
  });

  it('names the token when only the application id is set', () => {
    expect(problems({ DISCORD_APPLICATION_ID: APP })).toEqual(['DISCORD_TOKEN: required with DISCORD_APPLICATION_ID (Developer Portal → Bot → Reset Token)']);
  });

  it('refuses an application id that is not 17–20 digits', () => {
    for (const id of ['1234', '123456789012345678901', 'my-app-0000000000000']) {
      expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: id })).toEqual(['DISCORD_APPLICATION_ID: use the Application ID from General Information (17–20 digits)']);
    }
  });

  it('parses a comma-separated list of server ids, ignoring spaces and empty entries', () => {
    const c = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_IDS: ` ${GUILD_A} ,${GUILD_B},, ` });
    expect(c.discord!.guildIds).toEqual([GUILD_A, GUILD_B]);
  });

  it('refuses a bad server id with the rule', () => {
    const found = problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_IDS: `${GUILD_A},my-server` });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^DISCORD_GUILD_IDS: use a comma-separated list of server \(guild\) ids, 17–20 digits each/);
    expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_IDS: '1234567890123456' })[0]).toMatch(/^DISCORD_GUILD_IDS: /);
  });

  it('trims the trailing slashes of the API URL', () => {
    const c = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: 'http://127.0.0.1:9999/api//' });
    expect(c.discord!.apiUrl).toBe('http://127.0.0.1:9999/api');
    expect(loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: 'https://discord.com/api' }).discord!.apiUrl).toBe('https://discord.com/api');
  });

  it('refuses an API URL that is not http(s)', () => {
    for (const url of ['ftp://discord.com/api', 'discord.com/api']) {
      expect(problems({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_API_URL: url })).toEqual(['DISCORD_API_URL: use an http(s) URL such as https://discord.com/api']);
    }
  });

  it.each([
    ['with "Bot " in front', `Bot ${TOKEN}`],
    ['that is not a token', 'hunter2-not-a-token'],
    ['with only two parts', 'MTEwMDAwMDAwMDAwMDAwMDAwMQ.fake'],
  ])('refuses a token %s without echoing it', (_what, token) => {
    let err: ConfigError | undefined;
    try {
      loadConfig({ DISCORD_TOKEN: token, DISCORD_APPLICATION_ID: APP });
    } catch (e) {
      err = e as ConfigError;
    }
    expect(err!.problems).toEqual(['DISCORD_TOKEN: use the bot token from the Developer Portal (Bot → Reset Token), without "Bot " in front (value hidden)']);
    expect(err!.message).not.toContain(token);
    expect(err!.message).not.toContain(token.split('.')[0]!);
  });

  it('refuses server ids or an API URL without a token', () => {
    const need = 'DISCORD_TOKEN and DISCORD_APPLICATION_ID: required when DISCORD_GUILD_IDS or DISCORD_API_URL is set';
    expect(problems({ DISCORD_GUILD_IDS: GUILD_A })).toEqual([need]);
    expect(problems({ DISCORD_API_URL: 'https://discord.com/api' })).toEqual([need]);
    expect(problems({ DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_IDS: GUILD_A })).toEqual([
      'DISCORD_TOKEN: required with DISCORD_APPLICATION_ID (Developer Portal → Bot → Reset Token)',
      need,
    ]);
  });

  it('reports Discord problems together with the others', () => {
    const found = problems({ DISCORD_TOKEN: 'nope', DISCORD_GUILD_IDS: 'x', PORT: '-1' }).map((p) => p.split(':')[0]).sort();
    expect(found).toEqual(['DISCORD_GUILD_IDS', 'DISCORD_TOKEN', 'PORT']);
  });

  it('hides the token when the configuration is logged', () => {
    const c = loadConfig({ DISCORD_TOKEN: TOKEN, DISCORD_APPLICATION_ID: APP, DISCORD_GUILD_IDS: GUILD_A });
    const safe = redactConfig(c);
    expect(safe.discord).toEqual({ token: '[redacted]', applicationId: APP, guildIds: [GUILD_A], apiUrl: undefined, deferAfterMs: 2000 });
    expect(JSON.stringify(safe)).not.toContain(TOKEN);
    expect(JSON.stringify(safe)).not.toContain('fake.token');
    expect(c.discord!.token).toBe(TOKEN);
  });
});
