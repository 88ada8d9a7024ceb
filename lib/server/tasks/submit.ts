import "server-only";
import type { Db } from "../db";
import { claimSubmitAttempt, clearProviderStatusIf, findTask, updateTask } from "../db/queries/tasks";
import type { Task } from "../db/schema";
import { logger } from "../logger";
import { isTransient } from "../providers/result";
import type { ResolvedImage, VideoProvider } from "../providers/types";
import { linkBaseFor, signedUploadUrl } from "../uploads/links";
import { findUpload, resolveUpload } from "../uploads/service";
import { webhookUrlFor } from "../webhooks/token";
import { findModel, imageFieldsOf, type ProviderId } from "@/lib/shared/catalog";
import { followUpdates } from "./follow";
import { applySnapshot } from "./apply-snapshot";
import { cancelAtProvider, notCanceledReason } from "./cancel-at-provider";
import { SUBMIT_UNCONFIRMED, recordEvent, transition } from "./state-machine";

// Sends a pending task to its provider. Used by the create path and, for tasks whose first attempt
// got no clear answer (or whose process died), by the reconciler: every attempt carries the task's
// stored Idempotency-Key, so the provider returns the original task instead of charging again.

/**
 * Marks a pending task whose create is on its way to a provider without idempotent creates. If the
 * process dies before the answer is recorded, the mark tells the reconciler that the provider may
 * have the task, so it must not be sent again.
 */
export const SENDING = "cutroom:sending";

/** After this long without a definite answer from the provider, a pending task is given up. */
export const SUBMIT_GIVE_UP_MS = 15 * 60 * 1000;

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
  options: { claimBefore?: Date } = {},
): Promise<Task | undefined> {
  // Without idempotent creates, the mark says the provider may have the task if this process dies.
  const task = await claimSubmitAttempt(
    db,
    taskId,
    provider.capabilities.idempotentCreate ? {} : { providerStatus: SENDING },
    options.claimBefore,
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
  const result = await provider.submit(
    { model: task.model, input: task.input, images },
    { idempotencyKey: task.idempotencyKey, webhookUrl },
  );

  if (result.ok) {
    const moved = await transition(db, taskId, "queued", {
      source: "provider",
      message: result.data.replay ? "Accepted by the provider (an earlier attempt had already reached it)." : "Accepted by the provider.",
      patch: { providerTaskId: result.data.providerTaskId, providerStatus: result.status, creditsCharged: result.data.creditsCharged },
      detail: { replay: result.data.replay, creditsCharged: result.data.creditsCharged, webhook: Boolean(webhookUrl) },
    });
    if (moved.moved) {
      log.info({ event: "task_submitted", replay: result.data.replay }, "task accepted by provider");
      const { initial, updates } = result.data;
      if (initial?.state && initial.state !== "queued" && moved.task) {
        await applySnapshot(db, provider, moved.task, initial, { source: "provider", detailed: true });
      }
      // The provider keeps talking (an SSE stream): follow it here, in the background.
      if (updates) void followUpdates(db, provider, taskId, result.data.providerTaskId, updates);
      return (await findTask(db, taskId)) ?? moved.task;
    }
    // Another attempt (same idempotency key, so the same provider task) already recorded it.
    if (moved.task?.state !== "canceled") return moved.task;
    // The task was cancelled while the request was in flight. The provider has it now, so cancel it
    // there too rather than leave a paid task nobody wants.
    return cancelAcceptedAfterCancel(db, provider, taskId, result.data.providerTaskId, result.data.creditsCharged);
  }

  if (result.maybeCreated && !provider.capabilities.idempotentCreate) {
    // The request left but its answer was lost, and this provider can neither dedupe a second
    // create nor list its tasks: sending it again could charge twice, so it is not sent again.
    log.warn({ event: "task_submit_unconfirmed", errorCode: result.errorCode }, "create answer lost; not resending");
    return failUnconfirmed(db, provider, taskId);
  }
  // A definite answer: whatever happens next, this attempt created nothing.
  if (!provider.capabilities.idempotentCreate) {
    await clearProviderStatusIf(db, taskId, SENDING);
  }

  if (isTransient(result) && Date.now() - task.createdAt.getTime() < SUBMIT_GIVE_UP_MS) {
    log.warn(
      { event: "task_submit_retry", errorCode: result.errorCode, httpStatus: result.httpStatus, blocked: result.blocked },
      "no clear answer; will retry",
    );
    await recordEvent(db, taskId, {
      source: "system",
      kind: "submit",
      message: result.blocked
        ? `Held back: ${result.errorMessage} Cutroom will send it when it may.`
        : `The provider could not be reached (${result.errorCode}). Cutroom will try again with the same idempotency key.`,
      detail: { errorCode: result.errorCode, httpStatus: result.httpStatus },
    });
    return task;
  }

  log.info({ event: "task_rejected", errorCode: result.errorCode, httpStatus: result.httpStatus }, "provider refused task");
  return fail(result.errorCode, result.errorMessage, `The provider refused the task: ${result.errorMessage}`, result.fieldHints);
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
 * Ends a task whose create may or may not have reached a provider that cannot be asked, unless it
 * has been linked to its provider task meanwhile (a webhook adopted it, tasks/adopt.ts).
 */
export async function failUnconfirmed(db: Db, provider: VideoProvider, taskId: string): Promise<Task | undefined> {
  return (
    await transition(db, taskId, "failed", {
      guard: (current) => current.providerTaskId === null,
      source: "system",
      message: `The answer from ${provider.label} was lost; the task was not sent again.`,
      patch: {
        errorCode: SUBMIT_UNCONFIRMED,
        errorMessage: `The connection to ${provider.label} was lost while it was accepting the task, so Cutroom cannot tell whether it was created. It was not sent again, so you are not charged twice.`,
        providerStatus: null,
      },
    })
  ).task;
}
