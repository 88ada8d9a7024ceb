import "server-only";
import type { Context } from "hono";
import { recordCall } from "../control-plane";
import type { SandboxDb as Db } from "../db";
import { sleep, type LiveFaults } from "../fault-knobs";
import type { SandboxCall, SandboxHost } from "../types";
import type { ApidotEndpoint, ApidotFaults } from "./faults";
import * as store from "./store";
import { fail } from "./wire";

/** What every APIDot route needs: the host's options and the sandbox's live parts. */
export type ApidotContext = {
  host: SandboxHost;
  keyHash: string;
  faults: LiveFaults<ApidotFaults>;
  calls: SandboxCall<ApidotEndpoint>[];
  plan: store.CallbackPlanner;
};

/**
 * Runs one endpoint under the rules they all share: the Bearer key first, then the latency knob,
 * a 429 storm (in the other, `{code, message}`, shape) and injected 500s. Due status changes are
 * applied first, so an answer is never older than the clock and a failed task's refund is in.
 */
export function endpoint(context: ApidotContext, name: ApidotEndpoint, handler: (c: Context, db: Db) => Promise<Response>) {
  const { host, faults } = context;
  return async (c: Context) => {
    const record = (response: Response) => recordCall(context.calls, name, response);
    if (c.req.header("authorization") !== `Bearer ${host.apiKey}`)
      return record(fail(c, 401, "authentication_error", "Unauthorized - Invalid API key"));
    if (faults.current.latencyMs) await sleep(faults.current.latencyMs);
    const retryAfter = faults.storming();
    if (retryAfter !== null) {
      c.header("Retry-After", String(retryAfter));
      return record(c.json({ code: 429, message: "Rate limit exceeded. Please slow down and retry later." }, 429));
    }
    if (faults.chance(faults.current.errorRate?.[name]))
      return record(c.json({ code: 500, message: "Internal server error (sandbox fault)." }, 500));
    const db = await host.db();
    await store.advanceDueTasks(db, new Date(), context.plan);
    return record(await handler(c, db));
  };
}
