import "server-only";
import type { Db } from "../db";
import type { Task } from "../db/schema";
import { findTask } from "../db/queries/tasks";
import { AppError, forbidden, notFound } from "../errors";
import { recordAudit } from "../audit/log";
import { logger } from "../logger";
import { getProvider } from "../providers/registry";
import type { SessionUser } from "../auth/session";
import { cancelBlockedReason, noCancelReason, type BulkCancelResult } from "@/lib/shared/tasks";
import type { ProviderId } from "@/lib/shared/catalog";
import { applySnapshot } from "./apply-snapshot";
import { cancelAtProvider, notCanceledReason } from "./cancel-at-provider";
import { transition } from "./state-machine";
import { canManage } from "./view";

export type CancelOutcome = { task: Task; refunded: number | null };

/**
 * Cancels a task for its owner or an admin. `pending`: cancelled here, never sent (the submit path
 * cancels at the provider if its request was already in flight). `queued`: cancelled at the provider
 * first, then here, with the refund recorded. Anything else is refused with the reason.
 */
/** Who cancels: an admin's cancel (of anyone's task) goes into the audit log, with their address. */
type Canceller = SessionUser & { ip?: string | null };

export async function cancelTask(db: Db, user: Canceller, taskId: string): Promise<CancelOutcome> {
  const before = user.role === "admin" ? (await findTask(db, taskId))?.state : undefined;
  const outcome = await cancelOne(db, user, taskId);
  if (user.role === "admin") {
    await recordAudit(db, user, {
      action: "task_canceled",
      target: taskTarget(outcome.task),
      before: { state: before ?? null },
      after: { state: "canceled", refunded: outcome.refunded, ownerId: outcome.task.ownerId },
    });
  }
  return outcome;
}

const taskTarget = (task: Task) => ({
  type: "task" as const,
  id: task.id,
  label: `${task.provider} ${task.model} task ${task.id.slice(0, 8)}`,
});

async function cancelOne(db: Db, user: SessionUser, taskId: string): Promise<CancelOutcome> {
  const task = await findTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!canManage(user, task)) throw forbidden("Only the person who created this task, or an admin, can cancel it.");
  const refuse = (state: Task["state"]) =>
    new AppError("CONFLICT", `This task cannot be cancelled: ${cancelBlockedReason(state) ?? "its state changed."}`);

  if (task.state === "awaiting_approval") {
    const moved = await transition(db, taskId, "canceled", {
      source: "user",
      message: `Cancelled by ${user.name} while it waited for approval; nothing was sent.`,
    });
    if (moved.moved) return { task: moved.task, refunded: null };
    // Approved meanwhile: cancel it as the pending (or queued) task it has become.
    return cancelOne(db, user, taskId);
  }
  if (task.state === "pending") {
    const moved = await transition(db, taskId, "canceled", {
      source: "user",
      message: `Cancelled by ${user.name} before it reached the provider.`,
    });
    if (moved.moved) return { task: moved.task, refunded: null };
    // It left `pending` meanwhile (the provider accepted it): cancel it as a queued task instead.
    const fresh = await findTask(db, taskId);
    if (fresh?.state !== "queued") throw refuse(fresh?.state ?? task.state);
    return cancelQueued(db, user, fresh);
  }
  if (task.state === "queued") return cancelQueued(db, user, task);
  throw refuse(task.state);
}

async function cancelQueued(db: Db, user: SessionUser, task: Task): Promise<CancelOutcome> {
  const provider = getProvider(task.provider as ProviderId);
  if (!provider.cancel) throw new AppError("CONFLICT", `This task cannot be cancelled: ${noCancelReason(provider.label)}`);
  const outcome = await cancelAtProvider(provider, task.providerTaskId!);
  if (outcome.canceled) {
    const refunded = outcome.refunded ?? task.creditsCharged;
    const moved = await transition(db, task.id, "canceled", {
      source: "user",
      message: `Cancelled by ${user.name} at the provider${refunded ? `; ${refunded} credits refunded` : ""}.`,
      patch: { creditsRefunded: refunded, providerStatus: outcome.providerStatus },
    });
    logger().info({ event: "task_canceled", taskId: task.id, userId: user.id }, "task cancelled");
    return { task: moved.task ?? task, refunded };
  }
  // Not cancelled: the task's record is the truth, and the task is followed to its real end.
  const { record } = outcome;
  if (record?.state && record.state !== "queued") {
    await applySnapshot(db, provider, task, record, { source: "provider", detailed: true });
    throw new AppError("CONFLICT", `Could not cancel: ${notCanceledReason(provider.label, record)}`);
  }
  const why = outcome.failure?.errorMessage ?? notCanceledReason(provider.label, record);
  throw new AppError("PROVIDER_UNAVAILABLE", `${provider.label} did not cancel the task: ${why} Try again in a moment.`, {
    retryAfterSeconds: outcome.failure?.retryAfter ?? undefined,
  });
}

/** Cancels several tasks one by one and says, for each, what happened. */
export async function cancelTasks(db: Db, user: Canceller, ids: string[]): Promise<BulkCancelResult[]> {
  const results: BulkCancelResult[] = [];
  for (const id of ids) {
    try {
      const outcome = await cancelTask(db, user, id);
      results.push({
        id,
        outcome: "canceled",
        message: outcome.refunded ? `Cancelled; ${outcome.refunded} credits refunded.` : "Cancelled.",
        refunded: outcome.refunded,
      });
    } catch (error) {
      if (!(error instanceof AppError)) throw error;
      const outcome =
        error.code === "NOT_FOUND"
          ? "not_found"
          : error.code === "FORBIDDEN"
            ? "forbidden"
            : error.code === "CONFLICT"
              ? "refused"
              : "failed";
      results.push({ id, outcome, message: error.message, refunded: null });
    }
  }
  const canceled = results.filter((result) => result.outcome === "canceled").length;
  await recordAudit(db, user, {
    action: "tasks_bulk_canceled",
    target: { type: "task", id: null, label: `${ids.length} ${ids.length === 1 ? "task" : "tasks"}` },
    after: { requested: ids.length, canceled, notCanceled: ids.length - canceled, ids },
  });
  return results;
}
