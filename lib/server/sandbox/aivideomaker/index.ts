import "server-only";
import { Hono } from "hono";
import { mountControlPlane } from "../control-plane";
import { hashKey } from "../db";
import { readSandboxMedia } from "../local-media";
import { serveMedia } from "../media";
import { createRateLimiter } from "../rate-limit";
import type { Sandbox, SandboxCall, SandboxHost } from "../types";
import { tickAivideomaker } from "./clock";
import type { AivideomakerContext } from "./endpoint";
import { createFaultState, parseSandboxFaults, sandboxFaultsSchema, type SandboxEndpoint, type SandboxFaults } from "./faults";
import { planDeliveries } from "./outbox";
import { mountAccountRoutes } from "./routes/account";
import { mountGenerateRoute } from "./routes/generate";
import { mountTaskRoutes } from "./routes/tasks";
import * as store from "./store";
import { AUTH_FAILED_MESSAGE, fail } from "./wire";

// A stand-in for aivideomaker.ai API v1 that speaks its wire contract: the `key` header, the error
// envelope `{status: "FAILED", errorCode, message}`, Idempotency-Key replays and conflicts, a credit
// balance, SUBMITTED -> PROGRESS -> COMPLETED | FAILED over time, 60 query calls/min/IP with 429 +
// Retry-After, PUT-only cancel while SUBMITTED, and a POST to `webhookUrl` on every status change.
// Fault knobs (faults.ts) make it misbehave on purpose. Its state is in the host's database
// (store.ts), so a restart forgets nothing.

export type AivideomakerSandbox = Sandbox<SandboxFaults, SandboxEndpoint> & { faults: ReturnType<typeof createFaultState> };

export function createAivideomakerSandbox(host: SandboxHost): AivideomakerSandbox {
  const faults = createFaultState(parseSandboxFaults(host.faults));
  const context: AivideomakerContext = {
    host,
    keyHash: hashKey(host.apiKey),
    faults,
    calls: [] as SandboxCall<SandboxEndpoint>[],
    limiter: createRateLimiter(host.queryLimit?.limit ?? 60, host.queryLimit?.windowMs ?? 60_000),
    plan: (task, statuses) => planDeliveries(faults, task, statuses, new Date()),
  };
  const app = new Hono({ strict: false }).basePath(host.basePath || "/");

  mountAccountRoutes(app, context);
  mountGenerateRoute(app, context);
  mountTaskRoutes(app, context);
  serveMedia(app, host, faults.outputFaultOf, { videosOnly: true });
  mountControlPlane(app, {
    authorized: (c) => c.req.header("key") === host.apiKey,
    unauthorized: (c) => fail(c, 401, "AUTH_FAILED", AUTH_FAILED_MESSAGE),
    schema: sandboxFaultsSchema,
    faults,
    calls: context.calls,
  });
  app.notFound((c) => fail(c, 404, null, "Not found"));

  return {
    app,
    tick: async () => tickAivideomaker(await host.db(), context.plan, host.basePath, host.webhookTimeoutMs ?? 5000),
    faults,
    calls: context.calls,
    readMedia: (outputUrl) =>
      readSandboxMedia(outputUrl, {
        mediaDir: host.mediaDir,
        cacheDir: host.cacheDir,
        basePaths: [host.basePath],
        outputFaultOf: faults.outputFaultOf,
      }),
    balance: async () => {
      const db = await host.db();
      // A task that failed since the last request is refunded before the balance is read.
      await store.advanceDueTasks(db, new Date(), context.plan);
      return store.balanceOf(db, context.keyHash, host.initialCredits);
    },
  };
}
