import "server-only";
import { Hono } from "hono";
import { bearerIs, mountControlPlane } from "../control-plane";
import { hashKey } from "../db";
import { createFaultKnobs, type LiveFaults } from "../fault-knobs";
import { readSandboxMedia } from "../local-media";
import { serveMedia } from "../media";
import type { Sandbox, SandboxCall, SandboxHost } from "../types";
import { tickSkillsVideo } from "./clock";
import type { SkillsVideoContext } from "./endpoint";
import { parseSkillsVideoFaults, skillsVideoFaultsSchema, type SkillsVideoEndpoint, type SkillsVideoFaults } from "./faults";
import { planWebhooks } from "./outbox";
import { mountCreateRoutes } from "./routes/create";
import { mountReadRoutes } from "./routes/read";
import * as store from "./store";

// A stand-in for the skills.video Open Platform (docs/provider-contracts.md §2) that speaks its wire contract: Bearer
// keys; POST /generation/{provider}/{model} and its SSE twin, whose data-only events carry the
// generation object until a terminal status; GET /generation/{id} with `data` null until it
// completes; GET /credits; `{error, code, message}` error bodies with *_GENERATION_* codes; and
// webhooks signed the Standard Webhooks way. Two models answer in the older vocabulary
// (starting/processing/succeeded), as their published docs do. Results are real media: the sample
// clips, or a PNG drawn for the request. Its state is in the host's database (store.ts), so a
// restart forgets nothing.

export type SkillsVideoSandbox = Sandbox<SkillsVideoFaults, SkillsVideoEndpoint> & { faults: LiveFaults<SkillsVideoFaults> };

export function createSkillsVideoSandbox(host: SandboxHost): SkillsVideoSandbox {
  const faults = createFaultKnobs(parseSkillsVideoFaults(host.faults));
  const context: SkillsVideoContext = {
    host,
    keyHash: hashKey(host.apiKey),
    faults,
    calls: [] as SandboxCall<SkillsVideoEndpoint>[],
    plan: (generation, statuses) => planWebhooks(faults, generation.id, statuses, Boolean(host.webhook), new Date()),
  };
  const app = new Hono({ strict: false }).basePath(host.basePath || "/");

  mountCreateRoutes(app, context);
  mountReadRoutes(app, context);
  serveMedia(app, host, faults.outputFaultOf);
  mountControlPlane(app, {
    authorized: bearerIs(host.apiKey),
    unauthorized: (c) => c.json({ error: "UNAUTHORIZED" }, 401),
    schema: skillsVideoFaultsSchema,
    faults,
    calls: context.calls,
  });
  app.notFound((c) => c.json({ error: "NOT_FOUND", message: "Not found." }, 404));

  return {
    app,
    tick: async () => tickSkillsVideo(await host.db(), context.plan, host.webhook, host.webhookTimeoutMs ?? 5000),
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
      // A generation that failed since the last request is refunded before the balance is read.
      await store.advanceDueGenerations(db, new Date(), context.plan);
      return store.balanceOf(db, context.keyHash, host.initialCredits);
    },
  };
}
