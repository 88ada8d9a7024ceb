import { vi } from "vitest";

// The sandboxes move a task on the wall clock (queued, then running, then done over
// SANDBOX_TASK_SECONDS), so a test that polls for an intermediate state races the machine. These
// tests run the sandbox in their own process: stopping the clock there (Date only; timers, sockets
// and the sandboxes' own ticks keep running) lets the test, not the machine's speed, decide when
// each state is reached.

export type StoppedClock = {
  /** Sets the clock to this many milliseconds after it was stopped. */
  advanceTo: (elapsedMs: number) => void;
};

export async function withStoppedClock<T>(work: (clock: StoppedClock) => Promise<T>): Promise<T> {
  vi.useFakeTimers({ toFake: ["Date"] });
  const stoppedAt = Date.now();
  try {
    return await work({ advanceTo: (elapsedMs) => vi.setSystemTime(stoppedAt + elapsedMs) });
  } finally {
    vi.useRealTimers();
  }
}
