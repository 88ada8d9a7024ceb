import "server-only";
import { AsyncLocalStorage } from "node:async_hooks";

// How long a request spent in Cutroom and how long waiting on providers, for a Server-Timing header
// (visible in the browser's network panel, read by the create-path benchmark). Provider calls add
// their time to the request they run in; work a request leaves running (a stream it follows) stops
// counting once the answer is sent.

type Clock = { providerMs: number };
const clocks = new AsyncLocalStorage<Clock>();

export function addProviderTime(ms: number): void {
  const clock = clocks.getStore();
  if (clock) clock.providerMs += ms;
}

/** Runs `work` and returns its value with a Server-Timing header value: app time and provider time. */
export async function withServerTiming<T>(work: () => Promise<T>): Promise<{ value: T; header: string }> {
  const clock: Clock = { providerMs: 0 };
  const started = performance.now();
  const value = await clocks.run(clock, work);
  const total = performance.now() - started;
  const app = Math.max(0, total - clock.providerMs);
  return { value, header: `app;dur=${app.toFixed(1)};desc="Cutroom", provider;dur=${clock.providerMs.toFixed(1)};desc="Provider calls"` };
}
