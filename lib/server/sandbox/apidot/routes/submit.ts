import "server-only";
import { randomBytes } from "node:crypto";
import type { Hono } from "hono";
import type { ApidotModel } from "@/lib/shared/catalog/apidot";
import { outputOf } from "@/lib/shared/catalog/ids";
import { SANDBOX_FAIL_MARKER, queuedMsFor, wantsFailure } from "../../markers";
import { aspectOfRatio, clipSeconds } from "../../media";
import { endpoint, type ApidotContext } from "../endpoint";
import type { Input } from "../field-checks";
import * as store from "../store";
import { checkSubmit } from "../submit-check";
import { fail, timeOf } from "../wire";

// POST /api/generate/submit `{model, callback_url?, input}`: checks the body by the docs, charges
// the account and answers a `task-unified-…` id.

const ALNUM = "abcdefghijklmnopqrstuvwxyz0123456789";

function taskIdAt(now: Date): string {
  const suffix = Array.from(randomBytes(8), (byte) => ALNUM[byte % ALNUM.length]).join("");
  return `task-unified-${Math.floor(now.getTime() / 1000)}-${suffix}`;
}

/** Price in credits: video seconds (input.duration or 8) x 10 (x1.5 at 1080p, 4k or 1024p), or 30 for an image. */
function priceOf(output: "video" | "image", input: Input): number {
  if (output === "image") return 30;
  const seconds = typeof input.duration === "number" && input.duration > 0 ? input.duration : 8;
  const premium = ["1080p", "4k", "1024p"].includes(String(input.resolution)) ? 1.5 : 1;
  return Math.round(seconds * 10 * premium);
}

/** A video's length: input.duration, else the model's default in the catalog, else 8 s (Veo's and Sora's only length). */
function secondsOf(model: ApidotModel, input: Input): number {
  const field = model.fields.find((candidate) => candidate.name === "duration");
  const fallback = Number(field && "defaultValue" in field ? field.defaultValue : 8);
  return clipSeconds(input.duration, Number.isFinite(fallback) && fallback > 0 ? fallback : 8);
}

export function mountSubmitRoute(app: Hono, context: ApidotContext): void {
  const { host, faults } = context;

  app.post(
    "/api/generate/submit",
    endpoint(context, "submit", async (c, db) => {
      const checked = await checkSubmit(c);
      if (checked instanceof Response) return checked;
      const { model, input } = checked;
      const output = outputOf(model.kind);
      const cost = priceOf(output, input);
      const marked = wantsFailure(input.prompt);
      const failing = marked || faults.chance(faults.current.failAfterAcceptRate);
      const now = new Date();
      const queued = queuedMsFor(input.prompt, host.taskSeconds);
      const outcome = await store.submitTask(
        db,
        {
          id: taskIdAt(now),
          keyHash: context.keyHash,
          output,
          aspect: aspectOfRatio(input.aspect_ratio ?? input.size),
          seconds: output === "video" ? secondsOf(model, input) : null,
          origin: new URL(c.req.url).origin,
          createdAt: now,
          progressAt: new Date(now.getTime() + queued),
          finishAt: new Date(now.getTime() + queued + host.taskSeconds * 1000 * 0.8),
          outcome: failing ? "failed" : "finished",
          failureMessage: marked
            ? `The sandbox failed this task on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}. Credits were refunded.`
            : failing
              ? "Generation failed upstream (sandbox fault). Credits were refunded."
              : null,
          cost,
          callbackUrl: checked.callbackUrl,
        },
        faults.current.resultShape,
        host.initialCredits,
      );
      if (outcome.kind === "insufficient")
        return fail(
          c,
          402,
          "insufficient_credits",
          `Insufficient credits: this task needs ${cost} credits and ${outcome.balance} are left.`,
        );
      return c.json({ code: 200, data: { task_id: outcome.task.id, status: "not_started", created_time: timeOf(now) } }, 200);
    }),
  );
}
