import "server-only";
import { Hono } from "hono";
import { bearerIs, mountControlPlane } from "../control-plane";
import { hashKey } from "../db";
import { createFaultKnobs, type LiveFaults } from "../fault-knobs";
import { readSandboxMedia } from "../local-media";
import { serveMedia } from "../media";
import type { Sandbox, SandboxCall, SandboxHost } from "../types";
import { tickApidot } from "./clock";
import type { ApidotContext } from "./endpoint";
import { apidotFaultsSchema, parseApidotFaults, type ApidotEndpoint, type ApidotFaults } from "./faults";
import { planCallbacks } from "./outbox";
import { mountStatusRoute } from "./routes/status";
import { mountSubmitRoute } from "./routes/submit";
import * as store from "./store";
import { fail } from "./wire";

// A stand-in for the APIDot API (docs/provider-contracts.md §3) that speaks its wire contract: Bearer keys; POST
// /api/generate/submit `{model, callback_url?, input}` answering a `task-unified-…` id;
// GET /api/generate/status/{task_id} through not_started, running (or processing, which some of
// the vendor's service types say: the runningStatus knob), finished | failed, in either of
// the two documented result shapes (data.output.files, or data.files with progress), alternating
// per task so a client must read both; `{code, error:{message, type}}` errors (429 in the other,
// `{code, message}`, shape); and callbacks to callback_url on the terminal status, wrapped or flat.
// It checks bodies on the wire by the vendor's docs, on its own, so it catches the client's bugs.
// Results are real media: the sample clips, or a PNG drawn for the request. Its state is in the
// host's database (store.ts), so a restart forgets nothing.

export type ApidotSandbox = Sandbox<ApidotFaults, ApidotEndpoint> & { faults: LiveFaults<ApidotFaults> };

export function createApidotSandbox(host: SandboxHost): ApidotSandbox {
  const faults = createFaultKnobs(parseApidotFaults(host.faults));
  const context: ApidotContext = {
    host,
    keyHash: hashKey(host.apiKey),
    faults,
    calls: [] as SandboxCall<ApidotEndpoint>[],
    plan: (task) => planCallbacks(faults, task, task.status, new Date()),
  };
  const app = new Hono({ strict: false }).basePath(host.basePath || "/");

  mountSubmitRoute(app, context);
  mountStatusRoute(app, context);
  serveMedia(app, host, faults.outputFaultOf);
  mountControlPlane(app, {
    authorized: bearerIs(host.apiKey),
    unauthorized: (c) => c.json({ error: "UNAUTHORIZED" }, 401),
    schema: apidotFaultsSchema,
    faults,
    calls: context.calls,
  });
  // Ends the wait of every task held by the [sandbox:hold] marker: APIDot cannot cancel, so tests
  // that hold a task let it run to the end here instead of leaving it in flight.
  app.post("/_sandbox/release", async (c) =>
    c.json({ released: await store.releaseQueuedTasks(await host.db(), context.keyHash, new Date()) }),
  );
  app.notFound((c) => fail(c, 404, "not_found", "Not found"));

  return {
    app,
    tick: async () => tickApidot(await host.db(), context.plan, host.basePath, host.webhookTimeoutMs ?? 5000, faults.current.runningStatus),
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
      // A task that ended since the last request is refunded before the balance is read.
      await store.advanceDueTasks(db, new Date(), context.plan);
      return store.balanceOf(db, context.keyHash, host.initialCredits);
    },
  };
}
