import "server-only";
import { recordAudit } from "../audit/log";
import type { Db } from "../db";
import { findTask, findVisibleTask, updateTask } from "../db/queries/tasks";
import { AppError, forbidden, notFound } from "../errors";
import { hasOutputProblem } from "../storage/media-types";
import { getProvider } from "../providers/registry";
import type { SessionUser } from "../auth/session";
import type { ProviderId } from "@/lib/shared/catalog";
import { isTerminal } from "@/lib/shared/tasks";
import { applySnapshot } from "./apply-snapshot";
import { archiveTask } from "./archive";
import { canManage } from "./view";
import { recordEvent } from "./state-machine";

/** An admin asks the provider about one task now (from the webhook inbox), and applies its answer. */
export async function recheckTask(
  db: Db,
  user: SessionUser & { ip?: string | null },
  taskId: string,
): Promise<{ providerStatus: string; changed: boolean }> {
  const task = await findTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!task.providerTaskId) throw new AppError("CONFLICT", "This task has not reached the provider, so there is nothing to ask it yet.");
  const provider = getProvider(task.provider as ProviderId);
  const result = await provider.fetchTask(task.providerTaskId);
  if (!result.ok) {
    throw new AppError("PROVIDER_UNAVAILABLE", `${provider.label} did not answer: ${result.errorMessage}`, {
      retryAfterSeconds: result.retryAfter ?? undefined,
    });
  }
  const changed = isTerminal(task.state) ? false : await applySnapshot(db, provider, task, result.data, { source: "user", detailed: true });
  await recordEvent(db, task.id, {
    source: "user",
    kind: "poll",
    message: `${user.name} asked the provider: it reports ${result.data.providerStatus}${changed ? "." : ", which Cutroom already knew."}`,
  });
  await recordAudit(db, user, {
    action: "task_rechecked",
    target: { type: "task", id: task.id, label: `${task.provider} ${task.model} task ${task.id.slice(0, 8)}` },
    before: { state: task.state },
    after: { providerStatus: result.data.providerStatus, changed },
  });
  return { providerStatus: result.data.providerStatus, changed };
}

/**
 * The owner or an admin asks Cutroom to try a succeeded task's output again (it was unreadable,
 * gone or refused): the provider's record is read afresh (its output link may have changed) and the
 * copy is made now. What comes of it is the task's new outcome.
 */
export async function recheckOutput(db: Db, user: SessionUser, taskId: string): Promise<void> {
  const task = await findVisibleTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!canManage(user, task)) throw forbidden("Only the person who created this task, or an admin, can re-check its output.");
  if (task.state !== "succeeded" || !hasOutputProblem(task.errorCode)) {
    throw new AppError("CONFLICT", "This task's output needs no re-check.");
  }
  const provider = getProvider(task.provider as ProviderId);
  const record = task.providerTaskId ? await provider.fetchTask(task.providerTaskId) : null;
  const outputUrl = record?.ok && record.data.state === "succeeded" && record.data.outputUrl ? record.data.outputUrl : task.outputUrl;
  await updateTask(db, task.id, {
    outputUrl,
    errorCode: null,
    errorMessage: null,
    archiveAttempts: 0,
    archiveRetryAt: null,
    posterAttempts: 0,
    updatedAt: new Date(),
  });
  await recordEvent(db, task.id, { source: "user", kind: "archive", message: `${user.name} asked Cutroom to try the output again.` });
  await archiveTask(db, task.id);
}
