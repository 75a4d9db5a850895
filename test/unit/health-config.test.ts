// CALL_EVENTS_TOKEN: optional (the APIs answer 503 without it), a secret that is never shown, checked for strength.
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, redactConfig } from '../../src/config.ts';

describe('CALL_EVENTS_TOKEN', () => {
  it('is optional, kept when set, and redacted', () => {
    expect(loadConfig({}).callEventsToken).toBeUndefined();
    const config = loadConfig({ CALL_EVENTS_TOKEN: 'a1b2c3d4e5f6a7b8c9d0' });
    expect(config.callEventsToken).toBe('a1b2c3d4e5f6a7b8c9d0');
    expect(JSON.stringify(redactConfig(config))).not.toContain('a1b2c3d4e5f6a7b8c9d0');
    expect(redactConfig(config).callEventsToken).toBe('[redacted]');
  });

  it.each([
    ['short', 'use a random token of at least 16 characters'],
    ['has spaces in the middle ok', 'use printable ASCII without spaces'],
  ])('refuses %j without showing it', (value, message) => {
    try {
      loadConfig({ CALL_EVENTS_TOKEN: value });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      expect((err as Error).message).toContain(`CALL_EVENTS_TOKEN: ${message}`);
      expect((err as Error).message).toContain('(value hidden)');
      expect((err as Error).message).not.toContain(value);
    }
  });
});
