// The alert delivery variables: channel ids checked, storm threshold, edit debounce and delivery interval in range.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config.ts';

function problems(env: Record<string, string>): string[] {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as ConfigError).problems;
  }
  throw new Error('expected a ConfigError');
}

describe('alert delivery configuration', () => {
  it('has defaults: no channels, a storm above 5 incidents a minute, edits at most every 5 s, a look every 2 s', () => {
    expect(loadConfig({}).alerts).toEqual({ slackChannel: undefined, discordChannel: undefined, stormThreshold: 5, editDebounceMs: 5000, deliveryIntervalMs: 2000 });
  });

  it('takes channel ids and tuning', () => {
    const c = loadConfig({ ALERT_SLACK_CHANNEL: 'C0123ABCD', ALERT_DISCORD_CHANNEL: '1300000000000000001', ALERT_STORM_THRESHOLD: '10', ALERT_EDIT_DEBOUNCE_MS: '0', ALERT_DELIVERY_INTERVAL_MS: '500' });
    expect(c.alerts).toEqual({ slackChannel: 'C0123ABCD', discordChannel: '1300000000000000001', stormThreshold: 10, editDebounceMs: 0, deliveryIntervalMs: 500 });
  });

  it('refuses channel names and values out of range, naming each variable and the fix', () => {
    const p = problems({ ALERT_SLACK_CHANNEL: '#noc-alerts', ALERT_DISCORD_CHANNEL: 'noc', ALERT_STORM_THRESHOLD: '0', ALERT_EDIT_DEBOUNCE_MS: '-1', ALERT_DELIVERY_INTERVAL_MS: '10' });
    expect(p).toEqual([
      expect.stringMatching(/^ALERT_SLACK_CHANNEL: use the channel id \(C…\)/),
      expect.stringMatching(/^ALERT_DISCORD_CHANNEL: use the channel id/),
      expect.stringMatching(/^ALERT_STORM_THRESHOLD: use a whole number from 1 to 1000/),
      expect.stringMatching(/^ALERT_EDIT_DEBOUNCE_MS: use 0 to 600000/),
      expect.stringMatching(/^ALERT_DELIVERY_INTERVAL_MS: use 100 to 60000/),
    ]);
  });
});
