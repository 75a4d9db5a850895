// A worker's tick: runs `run` every interval and on demand (kick), never two runs at once — a kick during a run makes
// one more run right after it — and stops cleanly, waiting for the run in progress. The LiveKit sync worker and the
// alert delivery worker both tick this way.

export interface Ticker {
  start(): void;
  /** Runs now, or once more right after the run in progress. */
  kick(): void;
  /** Waits for the run in progress, then runs once more to the end (tests, shutdown). */
  drain(): Promise<void>;
  /** Stops ticking and waits for the run in progress. */
  stop(): Promise<void>;
  readonly stopped: boolean;
}

export function createTicker(run: () => Promise<void>, intervalMs: number, onError: (err: unknown) => void): Ticker {
  let timer: NodeJS.Timeout | undefined;
  let running: Promise<void> | undefined;
  let again = false;
  let stopped = false;
  const loop = async () => {
    do {
      again = false;
      try {
        await run();
      } catch (err) {
        onError(err);
      }
    } while (again && !stopped);
  };
  const kick = () => {
    if (stopped) return;
    if (running) {
      again = true;
      return;
    }
    running = loop().finally(() => (running = undefined));
  };
  return {
    kick,
    start() {
      stopped = false;
      timer = setInterval(kick, intervalMs);
      timer.unref();
      kick();
    },
    async drain() {
      while (running) await running;
      running = loop().finally(() => (running = undefined));
      await running;
    },
    async stop() {
      stopped = true;
      if (timer) clearInterval(timer);
      await running;
    },
    get stopped() {
      return stopped;
    },
  };
}
