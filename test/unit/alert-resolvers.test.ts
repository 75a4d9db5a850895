// Pure resolvers of the alert commands and the carrier health fields, with tables of good and bad input.
import { describe, expect, it } from 'vitest';
import { resolveTaskName } from '../../src/alerts/tasks.ts';
import { formatMinutes, resolveDuration, SNOOZE_MAX_MINUTES } from '../../src/core/alerts/duration.ts';
import { kindOf } from '../../src/core/alerts/kinds.ts';
import { joinSpill, resolveAlertRef, resolveTrailingDuration } from '../../src/core/alerts/refs.ts';
import { resolveDigestAt, resolveDiscordChannel, resolveSlackChannel } from '../../src/core/alerts/routes.ts';
import { resolveAsrFloor, resolveAsrMinAttempts, resolveFailureThreshold, resolveIgnoredCodes } from '../../src/core/validation/health.ts';
import { resolveStart } from '../../commands/carrier-maintenance.ts';
import { loadConfig } from '../../src/config.ts';

const value = <T>(r: { ok: true; value: T } | { ok: false; message: string }) => (r.ok ? r.value : `ERR ${r.message}`);
/** A value, or for an expected error ("ERR …"), the start of its message. */
function expectResolved(got: unknown, want: unknown): void {
  if (typeof want === 'string' && want.startsWith('ERR ')) expect(String(got)).toContain(want);
  else expect(got).toEqual(want);
}

describe('durations', () => {
  const snooze = resolveDuration(SNOOZE_MAX_MINUTES);
  it.each([
    ['30m', 30],
    ['1h', 60],
    ['4h', 240],
    ['24h', 1440],
    ['90m', 90],
    ['2h30m', 150],
    ['2d', 2880],
    ['1d12h', 2160],
    [' 2H 30M ', 150],
    ['45min', 45],
  ])('%s is %i minutes', (raw, minutes) => {
    expect(value(snooze(raw))).toBe(minutes * 60_000);
  });

  it.each([
    ['', 'use 30m, 1h'],
    ['90', 'use 30m, 1h'],
    ['1.5h', 'use 30m, 1h'],
    ['30m2h', 'use 30m, 1h'],
    ['-1h', 'use 30m, 1h'],
    ['0m', 'use at least 1m'],
    ['8d', 'use at most 7d (got 8d)'],
    ['forever', 'use 30m, 1h'],
  ])('refuses %j', (raw, message) => {
    expect(value(snooze(raw))).toContain(message);
  });

  it('formats minutes for people', () => {
    expect([45, 60, 150, 1440, 2190].map(formatMinutes)).toEqual(['45m', '1h', '2h 30m', '1d', '1d 12h 30m']);
  });
});

describe('alert references', () => {
  it.each([
    ['0f3c9a1e-7b2d-4c1a-9e8f-1234567890ab', { id: '0f3c9a1e-7b2d-4c1a-9e8f-1234567890ab' }],
    ['0F3C9A1E', { prefix: '0f3c9a1e' }],
    ['Acme consecutive_failures', { carrier: 'Acme', kind: 'consecutive_failures' }],
    ['Acme consecutive-failures', { carrier: 'Acme', kind: 'consecutive_failures' }],
    ['Primary trunk — IN cf', { carrier: 'Primary trunk — IN', kind: 'consecutive_failures' }],
    ['Acme codes', { carrier: 'Acme', kind: 'code_consistency' }],
    ['scheduler', { carrier: null, kind: 'scheduler' }],
    ['Acme', { partial: 'Acme' }],
  ])('%j', (raw, want) => {
    expect(value(resolveAlertRef(raw))).toEqual(want);
  });

  it('refuses nothing at all', () => {
    expect(value(resolveAlertRef('  '))).toContain('use the alert id');
  });

  it('takes back the words a trailing duration spilled: `alert snooze Acme cf 1h`', () => {
    const d = resolveTrailingDuration(SNOOZE_MAX_MINUTES)('cf 1h');
    expect(value(d)).toEqual({ ms: 3_600_000, spill: 'cf' });
    expect(joinSpill({ partial: 'Acme' }, 'cf')).toEqual({ carrier: 'Acme', kind: 'consecutive_failures' });
    expect(() => joinSpill({ prefix: '0f3c9a1e' }, 'cf')).toThrow('Did not expect "cf"');
    expect(() => joinSpill({ partial: 'Acme' }, 'nonsense')).toThrow('use the alert id');
  });

  it('knows the kinds by their short names', () => {
    expect(['cf', 'ASR', 'Code Consistency', 'drift', 'ratecard', 'heartbeat', 'bogus'].map(kindOf)).toEqual(['consecutive_failures', 'asr', 'code_consistency', 'drift', 'ratecard_activation', 'scheduler', undefined]);
  });
});

describe('routes and schedules', () => {
  it.each([
    ['C0123ABCD', 'C0123ABCD'],
    ['<#C0123ABCD|noc-alerts>', 'C0123ABCD'],
    ['G01PRIVATE', 'G01PRIVATE'],
    ['off', 'off'],
    ['#noc-alerts', 'ERR use the channel id'],
    ['c0123abcd', 'ERR use the channel id'],
  ])('Slack channel %j', (raw, want) => {
    expect(String(value(resolveSlackChannel(raw)))).toContain(want);
  });

  it.each([
    ['123456789012345678', '123456789012345678'],
    ['<#123456789012345678>', '123456789012345678'],
    ['#alerts', 'ERR use the channel id'],
    ['1234', 'ERR use the channel id'],
  ])('Discord channel %j', (raw, want) => {
    expect(String(value(resolveDiscordChannel(raw)))).toContain(want);
  });

  it.each([
    ['08:30', '08:30'],
    ['8:05', '08:05'],
    ['off', null],
    ['24:00', 'ERR use a UTC time'],
    ['8.30', 'ERR use a UTC time'],
  ])('digest time %j', (raw, want) => {
    expectResolved(value(resolveDigestAt(raw)), want);
  });

  it('names the jobs and checks', () => {
    expect(['asr', 'check-asr', 'CF', 'drift', 'scheduler', 'reminders', 'announcements'].map((r) => value(resolveTaskName(r)))).toEqual(['asr', 'asr', 'consecutive-failures', 'sync', 'heartbeat', 'reminders', 'maintenance']);
    expect(value(resolveTaskName('everything'))).toContain('choose one of consecutive-failures, code-consistency');
  });

  it('reads a maintenance start as a UTC time or a delay', () => {
    expect(value(resolveStart('2026-10-01T22:00Z'))).toEqual({ at: new Date('2026-10-01T22:00:00Z') });
    expect(value(resolveStart('2026-10-01 22:00'))).toEqual({ at: new Date('2026-10-01T22:00:00Z') });
    expect(value(resolveStart('2026-10-01T22:00+02:00'))).toEqual({ at: new Date('2026-10-01T20:00:00Z') });
    expect(value(resolveStart('2h'))).toEqual({ inMs: 7_200_000 });
    expect(value(resolveStart('in 30m'))).toEqual({ inMs: 1_800_000 });
    expect(value(resolveStart('tomorrow'))).toContain('ERR use a UTC date-time');
  });
});

describe('carrier health fields', () => {
  it.each([
    ['10', 10],
    ['100000', 100000],
    ['100,000', 100000],
    ['0', 'ERR use a whole number from 1 to 100000'],
    ['100001', 'ERR use a whole number from 1 to 100000'],
    ['ten', 'ERR use a whole number from 1 to 100000'],
    ['1.5', 'ERR use a whole number from 1 to 100000'],
  ])('threshold %j', (raw, want) => {
    expectResolved(value(resolveFailureThreshold(raw)), want);
  });

  it.each([
    ['486, 480,487', [480, 486, 487]],
    ['603 603 486', [486, 603]],
    ['none', []],
    ['486;404', [404, 486]],
    ['48', 'ERR use 3-digit SIP codes from 100 to 699, separated by commas (not "48")'],
    ['700', 'ERR use 3-digit SIP codes from 100 to 699'],
    ['486,abc', 'ERR use 3-digit SIP codes from 100 to 699, separated by commas (not "abc")'],
    ['200', 'ERR 2xx codes are connected calls'],
    [',', 'ERR list SIP codes separated by commas'],
  ])('ignored codes %j', (raw, want) => {
    expectResolved(value(resolveIgnoredCodes(raw)), want);
  });

  it.each([
    ['0', 0],
    ['15', 15],
    ['15 %', 15],
    ['100', 100],
    ['101', 'ERR use a whole number from 0 to 100 percent (0 turns the check off) (got 101)'],
    ['-5', 'ERR use a whole number from 0 to 100 percent'],
  ])('ASR floor %j', (raw, want) => {
    expect(String(value(resolveAsrFloor(raw)))).toContain(String(want));
  });

  it.each([
    ['1', 1],
    ['1000000', 1000000],
    ['0', 'ERR use a whole number from 1 to 1000000'],
    ['1000001', 'ERR use a whole number from 1 to 1000000'],
  ])('ASR minimum attempts %j', (raw, want) => {
    expectResolved(value(resolveAsrMinAttempts(raw)), want);
  });
});

describe('health and alert configuration', () => {
  it('has the documented defaults', () => {
    const c = loadConfig({});
    expect(c.health).toMatchObject({ failureThreshold: 10, resolveConnects: 3, no404Attempts: 500, contradictionNumbers: 3, asrFloor: 10, asrMinAttempts: 50, syncPendingMinutes: 10, heartbeatMinutes: 10, resolveAfterMinutes: 5, reminderMinutes: 30, channels: {} });
    expect(c.healthSchedules).toEqual({ checks: '* * * * *', heartbeat: '*/5 * * * *', alerts: '* * * * *' });
  });

  it('reads overrides and turns the checks (and with them the heartbeat) off', () => {
    const c = loadConfig({ HEALTH_CHECK_CRON: 'off', HEALTH_FAILURE_THRESHOLD: '25', ALERT_REMINDER_MINUTES: '0', ALERT_SLACK_CHANNEL: 'C0ALERTS' });
    expect(c.healthSchedules).toEqual({ checks: null, heartbeat: null, alerts: '* * * * *' });
    expect(c.health).toMatchObject({ failureThreshold: 25, reminderMinutes: 0, channels: { slack: 'C0ALERTS' } });
  });

  it('names every bad variable with its rule', () => {
    const message = (() => {
      try {
        loadConfig({ HEALTH_FAILURE_THRESHOLD: '0', HEALTH_ASR_FLOOR: '150', ALERT_CRON: 'every minute' });
        return '';
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(message).toContain('3 configuration problem(s)');
    expect(message).toContain('HEALTH_FAILURE_THRESHOLD: use a whole number from 1 to 100000 (failures)');
    expect(message).toContain('HEALTH_ASR_FLOOR: use a whole number from 0 to 100 (percent; 0 turns the check off)');
    expect(message).toContain('ALERT_CRON: use a cron expression, e.g. "* * * * *", or "off"');
  });
});
