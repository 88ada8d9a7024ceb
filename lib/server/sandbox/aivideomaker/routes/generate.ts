import "server-only";
import { createHash } from "node:crypto";
import type { Context, Hono } from "hono";
import { SANDBOX_FAIL_MARKER, queuedMsFor, wantsFailure } from "../../markers";
import { priceOf, sampleAspectFor } from "../contract";
import { endpoint, type AivideomakerContext } from "../endpoint";
import { validatedRequest } from "../request";
import * as store from "../store";
import { canonical, fail, storedInput } from "../wire";

// POST /api/v1/generate/{model}: charges the account and creates a task, honouring Idempotency-Key
// (the same key and body replays the task, another body is a 409) and X-Max-Credits (a price above
// the cap is refused with 422 BUDGET_EXCEEDED before anything is charged; a price equal to it
// passes; no header, no cap). A replay charges nothing, so it is not checked against the cap (U27).

/** The X-Max-Credits header: absent (null), a whole number of credits, or malformed. */
function maxCreditsOf(header: string | undefined): number | null | "malformed" {
  if (header === undefined || header.trim() === "") return null;
  return /^\d{1,9}$/.test(header.trim()) ? Number(header.trim()) : "malformed";
}

export function mountGenerateRoute(app: Hono, context: AivideomakerContext): void {
  const { host, keyHash, faults } = context;
  const taskUrl = (c: Context, id: string) => `${new URL(c.req.url).origin}${host.basePath}/api/v1/tasks/${id}`;

  app.post(
    "/api/v1/generate/:model",
    endpoint(context, "generate", async (c, db) => {
      const idempotencyKey = c.req.header("idempotency-key") ?? null;
      if (idempotencyKey !== null && (idempotencyKey.length < 8 || idempotencyKey.length > 128)) {
        return fail(c, 400, "INVALID_PAYLOAD", "Idempotency-Key must be 8 to 128 characters.");
      }
      const maxCredits = maxCreditsOf(c.req.header("x-max-credits"));
      // How the live API answers a malformed cap is unpublished (U27): refused here as a bad request.
      if (maxCredits === "malformed") return fail(c, 400, "INVALID_PAYLOAD", "X-Max-Credits must be a whole number of credits.");
      const request = await validatedRequest(c, faults);
      if (request instanceof Response) return request;
      const requestHash = createHash("sha256")
        .update(`${request.model}\n${canonical(request.body)}`)
        .digest("hex");

      const submitted = (task: store.SandboxTask, replay: boolean) =>
        c.json({
          status: replay ? task.status : "SUBMITTED",
          taskId: task.id,
          creditsCharged: task.creditsCharged,
          idempotentReplay: replay,
          responseUrl: taskUrl(c, task.id),
          statusUrl: `${taskUrl(c, task.id)}/status`,
          cancelUrl: `${taskUrl(c, task.id)}/cancel`,
        });
      const replayOrConflict = (task: store.SandboxTask) =>
        task.requestHash === requestHash
          ? submitted(task, true)
          : fail(c, 409, "IDEMPOTENCY_CONFLICT", "This Idempotency-Key was already used with a different request body.");

      if (idempotencyKey) {
        const existing = await store.findByIdempotencyKey(db, keyHash, idempotencyKey);
        if (existing) return replayOrConflict(existing);
      }

      const price = priceOf(request.model, request.body) + (faults.current.priceRiseAtCreate ?? 0);
      if (maxCredits !== null && price > maxCredits && !faults.current.ignoreMaxCredits) {
        return fail(c, 422, "BUDGET_EXCEEDED", `Quoted ${price} credits exceeds X-Max-Credits ${maxCredits}.`);
      }

      const now = Date.now();
      const markerFailure = wantsFailure(request.body.prompt);
      const failing = markerFailure || faults.shouldFailAfterAccept();
      const queuedMs = queuedMsFor(request.body.prompt, host.taskSeconds);
      const outcome = await store.createTask(
        db,
        {
          keyHash,
          model: request.model,
          input: storedInput(request.body),
          idempotencyKey,
          requestHash,
          webhookUrl: c.req.header("webhookurl") ?? null,
          outcome: failing ? "FAILED" : "COMPLETED",
          failureMessage: markerFailure
            ? `The sandbox failed this task on purpose because its prompt contains ${SANDBOX_FAIL_MARKER}. Credits were refunded.`
            : failing
              ? "Generation failed after the task was accepted (sandbox fault). Credits were refunded."
              : null,
          aspect: sampleAspectFor(request.body),
          origin: new URL(c.req.url).origin,
          progressAt: new Date(now + queuedMs),
          finishAt: new Date(now + queuedMs + host.taskSeconds * 1000 * 0.8),
          creditsCharged: price,
        },
        host.initialCredits,
        context.plan,
      );
      if (outcome.kind === "insufficient") {
        return fail(c, 402, "INSUFFICIENT_CREDITS", `Current balance ${outcome.balance} is below required ${price}`);
      }
      if (outcome.kind === "existing") return replayOrConflict(outcome.task);
      // The task is made and charged, and the answer says otherwise (errorAfterCreateRate).
      if (faults.shouldErrorAfterCreate()) return fail(c, 500, null, "Internal server error (sandbox fault, after the task was made).");
      return submitted(outcome.task, false);
    }),
  );
}
