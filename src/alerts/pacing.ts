// When the delivery works: one pacer per channel — calls into a channel are spaced by the platform's pace (Slack
// allows about one message per second per channel: posts, thread replies and edits alike), and a channel the
// platform rate-limited is paused until its Retry-After has passed. The worker's tick is the shared createTicker.

export class ChannelPacer {
  private last = Number.NEGATIVE_INFINITY;
  private pausedUntilMs = 0;

  constructor(
    readonly paceMs: number,
    private readonly clock: () => number = Date.now,
  ) {}

  /** Waits until the next call may start: the pace after the previous call ended. */
  async turn(): Promise<void> {
    const wait = this.last + this.paceMs - this.clock();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
  }

  /** The call ended (successfully or not): the pace counts from here, so arrival gaps are never shorter. */
  done(): void {
    this.last = this.clock();
  }

  pause(untilMs: number): void {
    this.pausedUntilMs = Math.max(this.pausedUntilMs, untilMs);
  }

  /** When the pause ends (ms since the epoch), or 0 when the channel is not paused. */
  get pausedUntil(): number {
    return this.pausedUntilMs > this.clock() ? this.pausedUntilMs : 0;
  }
}

export { createTicker, type Ticker } from '../core/runtime/ticker.ts';
