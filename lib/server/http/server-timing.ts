import "server-only";

// How long a request spent in Cutroom and how long waiting on providers, for a Server-Timing header
// (visible in the browser's network panel, read by the create-path benchmark). The request carries
// a clock that the provider calls it makes add their time to. (Passed explicitly: an
// AsyncLocalStorage set in the route did not reach the provider clients in the production build.)

export type ProviderClock = { providerMs: number };

export const newProviderClock = (): ProviderClock => ({ providerMs: 0 });

/** Runs one provider call, adding its time to `clock` (when the request keeps one). */
export async function timeProvider<T>(clock: ProviderClock | undefined, call: () => Promise<T>): Promise<T> {
  if (!clock) return call();
  const started = performance.now();
  try {
    return await call();
  } finally {
    clock.providerMs += performance.now() - started;
  }
}

/** The Server-Timing value for a request that started at `started` (performance.now()). */
export function serverTimingHeader(started: number, clock: ProviderClock): string {
  const total = performance.now() - started;
  const app = Math.max(0, total - clock.providerMs);
  return `app;dur=${app.toFixed(1)};desc="Cutroom", provider;dur=${clock.providerMs.toFixed(1)};desc="Provider calls"`;
}
