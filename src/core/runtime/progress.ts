// Debounced progress: a long command reports often; the chat platform sees at most one edit per interval (latest
// wins), at most `maxSends` in all, and nothing after close() so the final answer is never overwritten.

export interface Progress {
  push(text: string): void;
  /** Stops further sends and waits for the one in flight; true when anything was sent. */
  close(): Promise<boolean>;
}

export function createProgress(send: (text: string, first: boolean) => Promise<void>, opts: { intervalMs: number; maxSends: number }): Progress {
  let pending: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let inflight: Promise<void> = Promise.resolve();
  let last = 0;
  let sends = 0;
  let closed = false;

  const fire = () => {
    timer = undefined;
    if (closed || pending === undefined || sends >= opts.maxSends) return;
    const text = pending;
    pending = undefined;
    const first = sends === 0;
    sends++;
    last = Date.now();
    inflight = inflight.then(() => send(text, first)).catch(() => {});
  };

  return {
    push(text) {
      if (closed) return;
      pending = text;
      if (timer) return;
      // Due now: send at once (a busy import may not yield to timers before it ends); else once the interval is up.
      const wait = last + opts.intervalMs - Date.now();
      if (wait <= 0) fire();
      else timer = setTimeout(fire, wait);
    },
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await inflight;
      return sends > 0;
    },
  };
}
