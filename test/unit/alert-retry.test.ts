// What a delivery failure does to the row, the channel and the log; the channel pacer; the worker's tick.
import { describe, expect, it } from 'vitest';
import { ChannelPacer, createTicker } from '../../src/alerts/pacing.ts';
import { configBackoffMs, DeliveryError, retryPlan, transientBackoffMs } from '../../src/alerts/sender.ts';

const NOW = 1_000_000;

describe('retryPlan', () => {
  it('waits out a rate limit for the whole channel without counting an attempt or keeping an error', () => {
    const p = retryPlan(new DeliveryError('rate_limited', 'ratelimited', 'Slack rate limit', { retryAfterMs: 30_000 }), 3, NOW);
    expect(p).toMatchObject({ retryAt: NOW + 30_000, error: null, countAttempt: false, pauseChannel: true });
  });

  it('retries a channel the bot cannot use after a minute, doubling to 15 minutes, logged once', () => {
    const e = new DeliveryError('config', 'not_in_channel', 'Slack: the bot is not in the alert channel');
    expect(retryPlan(e, 0, NOW)).toMatchObject({ retryAt: NOW + 60_000, error: e.message, countAttempt: true, pauseChannel: true, log: { once: true } });
    expect(configBackoffMs(1)).toBe(120_000);
    expect(configBackoffMs(50)).toBe(900_000);
  });

  it('backs transient failures off from 5 s to 10 minutes with jitter, and reposts a deleted message at once', () => {
    expect(transientBackoffMs(0, () => 0.5)).toBe(5_000);
    expect(transientBackoffMs(3, () => 0.5)).toBe(40_000);
    expect(transientBackoffMs(30, () => 0.5)).toBe(600_000);
    expect(transientBackoffMs(0, () => 0)).toBe(4_000);
    expect(retryPlan(new DeliveryError('gone', 'message_not_found', 'Slack: message_not_found'), 2, NOW)).toMatchObject({ retryAt: NOW, countAttempt: false, log: null });
    expect(retryPlan(new DeliveryError('invalid', 'invalid_blocks', 'refused'), 0, NOW)).toMatchObject({ retryAt: NOW + 3_600_000, log: { level: 'error', once: true } });
  });
});

describe('ChannelPacer', () => {
  it('spaces calls by the pace counted from the end of the previous one, and reports a pause until it ends', async () => {
    let t = 1000;
    const p = new ChannelPacer(0, () => t);
    p.pause(5000);
    expect(p.pausedUntil).toBe(5000);
    t = 6000;
    expect(p.pausedUntil).toBe(0);
    const real = new ChannelPacer(50);
    await real.turn();
    real.done();
    const start = Date.now();
    await real.turn();
    expect(Date.now() - start).toBeGreaterThanOrEqual(45);
  });
});

describe('createTicker', () => {
  it('never overlaps runs: a kick during a run makes exactly one more run', async () => {
    let runs = 0;
    let release: () => void = () => {};
    const t = createTicker(
      () => {
        runs++;
        return new Promise<void>((r) => (release = r));
      },
      60_000,
      () => {},
    );
    t.start();
    t.kick();
    t.kick();
    expect(runs).toBe(1);
    release();
    await new Promise((r) => setTimeout(r, 10));
    expect(runs).toBe(2);
    release();
    await t.stop();
    expect(t.stopped).toBe(true);
  });
});
