import "server-only";
import type { Context } from "hono";
import { recordCall } from "../control-plane";
import type { SandboxDb as Db } from "../db";
import { sleep, type LiveFaults } from "../fault-knobs";
import type { SandboxCall, SandboxHost } from "../types";
import type { SkillsVideoEndpoint, SkillsVideoFaults } from "./faults";
import * as store from "./store";
import { fail } from "./wire";

/** What every skills.video route needs: the host's options and the sandbox's live parts. */
export type SkillsVideoContext = {
  host: SandboxHost;
  keyHash: string;
  faults: LiveFaults<SkillsVideoFaults>;
  calls: SandboxCall<SkillsVideoEndpoint>[];
  plan: store.WebhookPlanner;
};

/**
 * Runs one endpoint under the rules they all share: the Bearer key first, then the latency knob,
 * a 429 storm and injected 500s. Due status changes are applied first, so an answer is never older
 * than the clock.
 */
export function endpoint(context: SkillsVideoContext, name: SkillsVideoEndpoint, handler: (c: Context, db: Db) => Promise<Response>) {
  const { host, faults } = context;
  return async (c: Context) => {
    const record = (response: Response) => recordCall(context.calls, name, response);
    if (c.req.header("authorization") !== `Bearer ${host.apiKey}`) {
      return record(c.json({ error: "UNAUTHORIZED", message: "Missing or invalid API key." }, 401));
    }
    if (faults.current.latencyMs) await sleep(faults.current.latencyMs);
    const retryAfter = faults.storming();
    if (retryAfter !== null) {
      c.header("Retry-After", String(retryAfter));
      return record(fail(c, 429, "RATE_LIMITED", "Rate limit exceeded. Please retry later."));
    }
    if (faults.chance(faults.current.errorRate?.[name])) return record(fail(c, 500, "FAILED", "Internal server error (sandbox fault)."));
    const db = await host.db();
    await store.advanceDueGenerations(db, new Date(), context.plan);
    return record(await handler(c, db));
  };
}
