/**
 * Time as the sandbox sees it. Production uses the wall clock; tests may inject a clock whose `sleep` returns at
 * once and advances `now`, to run the realistic latency profile (deployment stages, startup windows, slow sites)
 * without waiting for it. Every wait is cancellable, so `close()` never waits for a pending delay.
 */
export interface SandboxClock {
  now(): number;
  /** Resolves after `ms`, or as soon as `signal` aborts. Never rejects. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

export const systemClock: SandboxClock = {
  now: () => Date.now(),
  sleep: (ms, signal) =>
    new Promise<void>((resolve) => {
      if (signal.aborted || ms <= 0) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    }),
};

/** Waits on the clock, cut short when the sandbox closes or the given request goes away. */
export interface Sleeper {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
  /** Ends every pending sleep; later sleeps return at once. */
  close(): void;
  readonly closed: boolean;
}

/** A sleeper over `clock` whose pending and future sleeps all end when it is closed. */
export function createSleeper(clock: SandboxClock): Sleeper {
  const closing = new AbortController();
  return {
    now: () => clock.now(),
    sleep: (ms, signal) => clock.sleep(ms, signal ? AbortSignal.any([closing.signal, signal]) : closing.signal),
    close: () => closing.abort(),
    get closed() {
      return closing.signal.aborted;
    },
  };
}
