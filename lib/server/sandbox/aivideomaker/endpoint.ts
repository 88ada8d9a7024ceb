import "server-only";
import type { Context } from "hono";
import { recordCall } from "../control-plane";
import type { SandboxDb as Db } from "../db";
import { sleep } from "../fault-knobs";
import type { createRateLimiter } from "../rate-limit";
import type { SandboxCall, SandboxHost } from "../types";
import { QUERY_ENDPOINTS, type FaultState, type SandboxEndpoint } from "./faults";
import * as store from "./store";
import { AUTH_FAILED_MESSAGE, clientAddress, fail } from "./wire";

/** What every AIVideoMaker route needs: the host's options and the sandbox's live parts. */
export type AivideomakerContext = {
  host: SandboxHost;
  keyHash: string;
  faults: FaultState;
  calls: SandboxCall<SandboxEndpoint>[];
  limiter: ReturnType<typeof createRateLimiter>;
  plan: store.DeliveryPlanner;
};

/**
 * Runs one endpoint under the fault knobs and the rules every endpoint shares: the `key` header
 * first, then latency, injected 500s, the per-IP budget and 429 storms for queries, and hangs.
 * Due status changes are applied first, so an answer is never older than the clock.
 */
export function endpoint(context: AivideomakerContext, name: SandboxEndpoint, handler: (c: Context, db: Db) => Promise<Response>) {
  const { host, faults, limiter } = context;
  return async (c: Context) => {
    const record = (response: Response) => recordCall(context.calls, name, response);
    if (c.req.header("key") !== host.apiKey) return record(fail(c, 401, "AUTH_FAILED", AUTH_FAILED_MESSAGE));
    if (faults.current.latencyMs) await sleep(faults.current.latencyMs);
    if (faults.shouldError(name)) return record(fail(c, 500, null, "Internal server error (sandbox fault)."));
    const query = QUERY_ENDPOINTS.has(name);
    const wait = faults.stormRetryAfter(name) ?? (query ? limiter.hit(clientAddress(c)) : null);
    if (wait !== null) {
      c.header("Retry-After", String(wait));
      const message = query ? "Too many requests: task queries are limited to 60 per minute per IP." : "Too many requests. Slow down.";
      return record(fail(c, 429, "RATE_LIMITED", message));
    }
    const db = await host.db();
    await store.advanceDueTasks(db, new Date(), context.plan);
    const hang = faults.shouldHang(name);
    const response = record(await handler(c, db));
    // The work is done but the answer never comes: the client sees a timeout (a lost answer).
    if (hang) await sleep(10 * 60_000);
    return response;
  };
}
