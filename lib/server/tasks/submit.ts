import "server-only";
import type { Db } from "../db";
import { claimSubmitAttempt, clearProviderStatusIf, findTask, updateTask } from "../db/queries/tasks";
import type { Task } from "../db/schema";
import { logger } from "../logger";
import type { ProviderFailure } from "../providers/result";
import type { ResolvedImage, VideoProvider } from "../providers/types";
import { linkBaseFor, signedUploadUrl } from "../uploads/links";
import { findUpload, resolveUpload } from "../uploads/service";
import { webhookUrlFor } from "../webhooks/token";
import { timeProvider, type ProviderClock } from "../http/server-timing";
import { findModel, imageFieldsOf, type ProviderId } from "@/lib/shared/catalog";
import { followUpdates } from "./follow";
import { applySnapshot } from "./apply-snapshot";
import { cancelAtProvider, notCanceledReason } from "./cancel-at-provider";
import { SUBMIT_UNCONFIRMED, recordEvent, transition } from "./state-machine";
import {
  SUBMIT_GIVE_UP_MS,
  UNCONFIRMED_MESSAGES,
  classifyCreateFailure,
  resendAt,
  unclearAnswerText,
  waitText,
  type UnclearCause,
} from "./submit-policy";

// Sends a pending task to its provider. Used by the create path and, for tasks whose first attempt
// got no clear answer (or whose process died), by the reconciler: every attempt carries the task's
// stored Idempotency-Key, so a provider that honours it returns the original task instead of
// charging again. What a failed attempt leads to (refusal, a later try, a bounded resend or
// SUBMIT_UNCONFIRMED) is decided in submit-policy.ts.

/**
 * Marks a pending task whose create is on its way to a provider without idempotent creates. If the
 * process dies before the answer is recorded, the mark tells the reconciler that the provider may
 * have the task, so it must not be sent again.
 */
export const SENDING = "cutroom:sending";

type ImageRef = { uploadId?: string; url?: string };

/**
 * One image reference as what the provider gets: its bytes, or for a provider that takes links only,
 * a signed expiring link to it under `linkBase`. Null when an upload can no longer be read.
 */
async function resolveRef(db: Db, ref: ImageRef, linkBase: string | null | undefined): Promise<ResolvedImage | null> {
  // A link the user gave: passed to the provider as it is; Cutroom never fetches it.
  if (ref.url) return { url: ref.url };
  if (!ref.uploadId) return null;
  const upload = await findUpload(db, ref.uploadId);
  if (!upload) return null;
  if (linkBase !== undefined) return linkBase ? { url: signedUploadUrl(linkBase, upload.id) } : null;
  try {
    return await resolveUpload(upload);
  } catch {
    return null;
  }
}

export async function resolveImages(
  db: Db,
  task: Pick<Task, "provider" | "model" | "input">,
  linkBase?: string | null,
): Promise<Record<string, ResolvedImage | ResolvedImage[]> | null> {
  const model = findModel(task.provider, task.model);
  if (!model) return null;
  const images: Record<string, ResolvedImage | ResolvedImage[]> = {};
  for (const field of imageFieldsOf(model)) {
    const value = task.input[field] as ImageRef | ImageRef[] | undefined;
    if (!value) continue;
    const refs = Array.isArray(value) ? value : [value];
    const resolved: ResolvedImage[] = [];
    for (const ref of refs) {
      const image = await resolveRef(db, ref, linkBase);
      if (!image) return null;
      resolved.push(image);
    }
    images[field] = Array.isArray(value) ? resolved : resolved[0]!;
  }
  return images;
}

export async function submitTask(
  db: Db,
  provider: VideoProvider,
  taskId: string,
  options: { claimBefore?: Date; now?: Date; knownQuote?: number; clock?: ProviderClock } = {},
): Promise<Task | undefined> {
  // Without idempotent creates, the mark says the provider may have the task if this process dies.
  const task = await claimSubmitAttempt(
    db,
    taskId,
    provider.capabilities.idempotentCreate ? {} : { providerStatus: SENDING },
    options.claimBefore,
    options.now,
  );
  if (!task) return undefined;
  const log = logger().child({ taskId, provider: provider.id, model: task.model, attempt: task.submitAttempts });
  const fail = async (errorCode: string, errorMessage: string, message: string, fieldHints?: Record<string, string>) =>
    (
      await transition(db, taskId, "failed", {
        source: "provider",
        message,
        patch: { errorCode, errorMessage, errorFields: fieldHints ?? null },
      })
    ).task;

  const images = await resolveImages(db, task, linkBaseFor(provider));
  if (!images) {
    return fail(
      "INVALID_PAYLOAD",
      "The input image is no longer available. Upload it again and re-run the task.",
      "The input image could not be read, so the task was not sent.",
    );
  }

  await recordEvent(db, taskId, {
    source: "system",
    kind: "submit",
    message:
      task.submitAttempts === 1
        ? `Sending to ${provider.label}.`
        : `Sending to ${provider.label} again (attempt ${task.submitAttempts}), with the same idempotency key.`,
  });
  const webhookUrl = webhookUrlFor(provider.id as ProviderId, taskId);
  const result = await timeProvider(options.clock, () =>
    provider.submit(
      { model: task.model, input: task.input, images },
      // The cap a provider takes (X-Max-Credits) is the hold placed against budgets at create.
      {
        idempotencyKey: task.idempotencyKey,
        webhookUrl,
        ...(task.holdCredits !== null ? { maxCredits: task.holdCredits } : {}),
        // Only the first attempt of a create: the price was asked for this request just now.
        ...(options.knownQuote !== undefined && task.submitAttempts === 1 ? { knownQuote: options.knownQuote } : {}),
      },
    ),
  );

  if (result.ok) {
    const moved = await transition(db, taskId, "queued", {
      source: "provider",
      message: result.data.replay ? "Accepted by the provider (an earlier attempt had already reached it)." : "Accepted by the provider.",
      patch: {
        providerTaskId: result.data.providerTaskId,
        providerStatus: result.status,
        creditsCharged: result.data.creditsCharged,
        creditsQuoted: result.data.creditsQuoted ?? null,
      },
      detail: { replay: result.data.replay, creditsCharged: result.data.creditsCharged, webhook: Boolean(webhookUrl) },
    });
    if (moved.moved) {
      log.info({ event: "task_submitted", replay: result.data.replay }, "task accepted by provider");
      const { initial, updates } = result.data;
      const moreToApply = Boolean(initial?.state && initial.state !== "queued" && moved.task);
      if (moreToApply) await applySnapshot(db, provider, moved.task!, initial!, { source: "provider", detailed: true });
      // The provider keeps talking (an SSE stream): follow it here, in the background.
      if (updates) void followUpdates(db, provider, taskId, result.data.providerTaskId, updates);
      // The row as the transition left it, unless the provider's first answer moved it further.
      return moreToApply ? ((await findTask(db, taskId)) ?? moved.task) : moved.task;
    }
    // Another attempt (same idempotency key, so the same provider task) already recorded it.
    if (moved.task?.state !== "canceled") return moved.task;
    // The task was cancelled while the request was in flight. The provider has it now, so cancel it
    // there too rather than leave a paid task nobody wants.
    return cancelAcceptedAfterCancel(db, provider, taskId, result.data.providerTaskId, result.data.creditsCharged);
  }

  const outcome = classifyCreateFailure(result);
  if (outcome.kind === "unclear") return afterUnclearAnswer(db, provider, task, result, outcome.cause);
  // A definite answer: whatever happens next, this attempt created nothing.
  if (!provider.capabilities.idempotentCreate) {
    await clearProviderStatusIf(db, taskId, SENDING);
  }

  if (outcome.kind === "held") {
    const waited = Date.now() - task.createdAt.getTime();
    if (waited < SUBMIT_GIVE_UP_MS) {
      log.warn(
        { event: "task_submit_retry", errorCode: result.errorCode, httpStatus: result.httpStatus, blocked: result.blocked },
        "not sent; will retry",
      );
      await recordEvent(db, taskId, {
        source: "system",
        kind: "submit",
        message: result.blocked
          ? `Held back: ${result.errorMessage} Cutroom will send it when it may.`
          : result.errorCode === "RATE_LIMITED"
            ? `${provider.label} asked Cutroom to slow down (HTTP 429). Cutroom will send it again shortly.`
            : `The provider could not be reached (${result.errorCode}). Cutroom will try again shortly.`,
        detail: { errorCode: result.errorCode, httpStatus: result.httpStatus },
      });
      return task;
    }
    const minutes = Math.round(waited / 60_000);
    // An earlier attempt may have made the task: that uncertainty outlives this clear "not now".
    if (task.submitErrors > 0) {
      return failUnconfirmed(db, provider, taskId, {
        cause: "earlier",
        message: `Cutroom stopped trying to send the task after ${minutes} minutes (last: ${result.errorMessage}); an earlier attempt got no clear answer.`,
      });
    }
    log.info({ event: "task_submit_given_up", errorCode: result.errorCode, httpStatus: result.httpStatus }, "could not send task");
    return fail(
      result.errorCode,
      result.errorMessage,
      `Cutroom stopped trying to send the task after ${minutes} minutes: ${result.errorMessage}`,
    );
  }

  log.info({ event: "task_rejected", errorCode: result.errorCode, httpStatus: result.httpStatus }, "provider refused task");
  const earlier =
    task.submitErrors > 0 ? ` An earlier attempt got no clear answer: check the ${provider.label} dashboard in case it made the task.` : "";
  return fail(result.errorCode, result.errorMessage, `The provider refused the task: ${result.errorMessage}${earlier}`, result.fieldHints);
}

/**
 * After an answer that leaves it open whether the provider made the task: sent again later with
 * the same key while the provider's resends last (counted in the row, so restarts do not reset
 * them), else the task ends SUBMIT_UNCONFIRMED.
 */
async function afterUnclearAnswer(
  db: Db,
  provider: VideoProvider,
  task: Task,
  result: ProviderFailure,
  cause: UnclearCause,
): Promise<Task | undefined> {
  const errors = task.submitErrors + 1;
  const allowed = provider.capabilities.createResends;
  const answer = `${provider.label} ${unclearAnswerText(result, cause)}`;
  const log = logger().child({ taskId: task.id, provider: provider.id, model: task.model });
  const fields = { errorCode: result.errorCode, httpStatus: result.httpStatus, cause, unclearAnswers: errors };
  if (errors > allowed) {
    log.warn({ event: "task_submit_unconfirmed", ...fields }, "no clear answer to a create; not sending it again");
    return failUnconfirmed(db, provider, task.id, {
      cause,
      submitErrors: errors,
      message:
        allowed === 0
          ? `${answer}. It may have made the task, and ${provider.label} documents no idempotency key, so it was not sent again: a second one could be charged twice.`
          : `${answer}. ${errors} sends with the same idempotency key got no clear answer; Cutroom stopped sending it.`,
    });
  }
  // Cancelled while the request was out: nothing more to send (the orphan check looks for it).
  const current = await findTask(db, task.id);
  if (current?.state !== "pending") return current;
  const now = new Date();
  const at = resendAt(errors, result.retryAfter, now);
  await updateTask(db, task.id, { submitErrors: errors, submitRetryAt: at, updatedAt: now });
  const look = provider.capabilities.listTasks ? "look for it in the provider's list by its idempotency key and otherwise " : "";
  await recordEvent(db, task.id, {
    source: "system",
    kind: "submit",
    message: `${answer}. It may have made the task: Cutroom will ${look}send it again with the same key in ${waitText(at.getTime() - now.getTime())} (resend ${errors} of ${allowed}).`,
    detail: { ...fields, retryAt: at.toISOString() },
  });
  log.warn({ event: "task_submit_resend_scheduled", ...fields }, "no clear answer to a create; will resend with the same key");
  return findTask(db, task.id);
}

async function cancelAcceptedAfterCancel(
  db: Db,
  provider: VideoProvider,
  taskId: string,
  providerTaskId: string,
  charged: number | null,
): Promise<Task | undefined> {
  await updateTask(db, taskId, { providerTaskId, creditsCharged: charged, updatedAt: new Date() });
  if (!provider.cancel) {
    await recordEvent(db, taskId, {
      source: "system",
      kind: "cancel",
      message: `${provider.label} accepted it just as it was cancelled here; it offers no way to cancel, so it runs to the end there.`,
    });
    return findTask(db, taskId);
  }
  const canceled = await cancelAtProvider(provider, providerTaskId);
  const refunded = canceled.canceled ? (canceled.refunded ?? charged) : null;
  const row = await updateTask(db, taskId, { creditsRefunded: refunded, updatedAt: new Date() });
  await recordEvent(db, taskId, {
    source: "system",
    kind: "cancel",
    message: canceled.canceled
      ? `The provider accepted it just as it was cancelled here; cancelled there too${refunded ? `, ${refunded} credits refunded` : ""}.`
      : `The provider accepted it just as it was cancelled here, and did not cancel it: ${canceled.failure?.errorMessage ?? notCanceledReason(provider.label, canceled.record)}`,
  });
  logger().warn({ event: "task_canceled_during_submit", taskId, providerCanceled: canceled.canceled }, "task cancelled while submitting");
  return row;
}

/**
 * Ends a task whose create may or may not have made a task at the provider, unless it has been
 * linked to its provider task meanwhile (a webhook adopted it, tasks/adopt.ts).
 */
export async function failUnconfirmed(
  db: Db,
  provider: VideoProvider,
  taskId: string,
  change: { cause: UnclearCause | "earlier"; message: string; submitErrors?: number },
): Promise<Task | undefined> {
  return (
    await transition(db, taskId, "failed", {
      guard: (current) => current.providerTaskId === null,
      source: "system",
      message: change.message,
      patch: {
        errorCode: SUBMIT_UNCONFIRMED,
        errorMessage: UNCONFIRMED_MESSAGES[change.cause],
        providerStatus: null,
        ...(change.submitErrors === undefined ? {} : { submitErrors: change.submitErrors }),
      },
      detail: { provider: provider.id, cause: change.cause },
    })
  ).task;
}
