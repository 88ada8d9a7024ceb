import "server-only";
import { randomBytes } from "node:crypto";
import type { Context, Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { findModel } from "@/lib/shared/catalog";
import { outputOf } from "@/lib/shared/catalog/ids";
import type { SandboxDb as Db } from "../../db";
import { SANDBOX_FAIL_MARKER, queuedMsFor, wantsFailure } from "../../markers";
import { aspectOfRatio } from "../../media";
import { endpoint, type SkillsVideoContext } from "../endpoint";
import { readCreateBody } from "../read-body";
import { checkRequest } from "../request-check";
import * as store from "../store";
import { TERMINAL, dueStatus, fail, generationView, type Status } from "../wire";

// POST /generation/{provider}/{model} and its SSE twin POST /generation/sse/{provider}/{model},
// whose data-only events carry the generation object until a terminal status.

const API = "/api/v1";
const STREAM_POLL_MS = 150;

/** Price in credits: video seconds x 8 (x1.5 for pro or 1080p), or 20 for an image. */
function priceOf(model: string, input: Record<string, unknown>): number {
  const kind = findModel("skills-video", model)?.kind;
  if (kind && outputOf(kind) === "image") return 20;
  const seconds = Number(input.duration ?? 5) || 5;
  const premium = input.quality === "pro" || input.resolution === "1080p" ? 1.5 : 1;
  return Math.round(seconds * 8 * premium);
}

/** Checks the body against the model's schema, charges the account and writes the generation. */
async function create(context: SkillsVideoContext, c: Context, db: Db): Promise<store.Generation | Response> {
  const { host, faults } = context;
  const model = c.req.path.slice(c.req.path.indexOf("/generation/") + "/generation/".length).replace(/^sse\//, "");
  const known = findModel("skills-video", model);
  if (!known) return fail(c, 400, "UNSUPPORTED_MODEL", `Unsupported model: ${model}`);
  const read = await readCreateBody(c);
  if (read instanceof Response) return read;
  if (known.requestSchema) {
    const errors = checkRequest(known.requestSchema, read.body, read.fromText);
    if (errors.length) return fail(c, 422, "INVALID_INPUT", "The request does not match this model's schema.", { errors });
  } else if (typeof read.body.prompt !== "string") {
    return fail(c, 422, "INVALID_INPUT", "prompt is required", { errors: [{ field: "prompt", message: "prompt is required" }] });
  }
  const cost = priceOf(model, read.body);
  const prompt = typeof read.body.prompt === "string" ? read.body.prompt : "";
  const marked = wantsFailure(prompt);
  const failing = marked || faults.chance(faults.current.failAfterAcceptRate);
  const now = Date.now();
  const queued = queuedMsFor(prompt, host.taskSeconds);
  const outcome = await store.createGeneration(
    db,
    {
      id: `gen_${randomBytes(9).toString("base64url")}`,
      keyHash: context.keyHash,
      model,
      input: read.body,
      output: outputOf(known.kind),
      aspect: aspectOfRatio(read.body.aspect_ratio),
      origin: new URL(c.req.url).origin,
      progressAt: new Date(now + queued),
      finishAt: new Date(now + queued + host.taskSeconds * 1000 * 0.8),
      outcome: failing ? "FAILED" : "COMPLETED",
      failureMessage: marked
        ? `The sandbox failed this generation on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}.`
        : failing
          ? "Generation failed upstream (sandbox fault)."
          : null,
      cost,
    },
    host.initialCredits,
    context.plan,
  );
  if (outcome.kind === "insufficient")
    return fail(c, 402, "INSUFFICIENT_CREDITS", `Insufficient credits for this generation (${cost} needed, ${outcome.balance} left).`);
  return outcome.generation;
}

export function mountCreateRoutes(app: Hono, context: SkillsVideoContext): void {
  const { host, faults } = context;

  app.post(
    `${API}/generation/sse/*`,
    endpoint(context, "stream", async (c, db) => {
      if (faults.current.streamRefuse) return fail(c, 503, "PROVIDER_UNAVAILABLE", "Streaming is unavailable right now (sandbox fault).");
      const created = await create(context, c, db);
      if (created instanceof Response) return created;
      const drop = faults.chance(faults.current.streamDropRate);
      // Bytes the stream may still send before it breaks (streamBreakAfterBytes), or no limit.
      let budget = faults.current.streamBreakAfterBytes ?? Number.POSITIVE_INFINITY;
      return streamSSE(c, async (stream) => {
        let generation = created;
        let last: Status | null = null;
        for (;;) {
          if (generation.status !== last) {
            const event = Buffer.from(`data: ${JSON.stringify(generationView(generation, host.basePath))}\n\n`);
            if (event.length > budget) {
              // Cut where the budget ends, even mid-event: the connection simply stops there.
              if (budget > 0) await stream.write(new Uint8Array(event.subarray(0, budget)));
              return;
            }
            budget -= event.length;
            await stream.write(new Uint8Array(event));
            last = generation.status;
            // The connection drops mid-way: no terminal event; the client must poll.
            if (drop && !TERMINAL.has(last)) return;
          }
          if (TERMINAL.has(generation.status) || stream.aborted) return;
          await stream.sleep(STREAM_POLL_MS);
          // The database is read only when the generation's times say it has moved on.
          const now = new Date();
          if (dueStatus(generation, now) !== generation.status) {
            await store.advanceDueGenerations(db, now, context.plan, generation.id);
            generation = (await store.findGeneration(db, context.keyHash, generation.id)) ?? generation;
          }
        }
      });
    }),
  );

  app.post(
    `${API}/generation/*`,
    endpoint(context, "create", async (c, db) => {
      const created = await create(context, c, db);
      return created instanceof Response ? created : c.json(generationView(created, host.basePath), 200);
    }),
  );
}
