import "server-only";
import type { Db } from "../db";
import { insertTaskEvent, lockTask, updateTask } from "../db/queries/tasks";
import type { Task, TaskEvent } from "../db/schema";
import { isTerminal, type TaskState } from "@/lib/shared/tasks";

// Every change of a task's state goes through here, whoever asks: the create path, the reconciler,
// a webhook or a user. Terminal states never change and a task never moves backwards, so a late,
// duplicated or reordered update is a no-op. Each transition writes its event in the same transaction.
// Two exceptions, both where the terminal state is Cutroom's verdict rather than the provider's word:
// `expired` (Cutroom gave up), which the provider's own final answer may still settle (a late
// success is recovered, not lost); and a create that ended SUBMIT_UNCONFIRMED, which a task found
// at the provider later by a safe match may adopt (canMoveAdopting).

const RANK: Record<TaskState, number> = {
  awaiting_approval: -1,
  pending: 0,
  queued: 1,
  running: 2,
  succeeded: 3,
  failed: 3,
  canceled: 3,
  expired: 3,
};

const LATE_ENDS: readonly TaskState[] = ["succeeded", "failed", "canceled"];

/** Where a task waiting for approval can go: sent (approved), refused or withdrawn, or timed out. */
const FROM_APPROVAL: readonly TaskState[] = ["pending", "canceled", "expired", "failed"];

export function canMove(from: TaskState, to: TaskState): boolean {
  if (from === "expired") return LATE_ENDS.includes(to);
  if (from === "awaiting_approval") return FROM_APPROVAL.includes(to);
  return !isTerminal(from) && RANK[to] > RANK[from];
}

/** The failure a create ends with when its answer was lost and it was not sent again (submit.ts). */
export const SUBMIT_UNCONFIRMED = "SUBMIT_UNCONFIRMED";

/**
 * Whether a task may be adopted: linked to a provider task found later (a safe match only, see
 * tasks/adopt.ts). That is a task that never learnt its provider task's id: still pending, or
 * failed with SUBMIT_UNCONFIRMED, which, like `expired`, is Cutroom's verdict ("it cannot tell
 * whether the provider has it"), not the provider's word.
 */
export function canAdopt(task: Pick<Task, "state" | "errorCode" | "providerTaskId">): boolean {
  if (task.providerTaskId !== null) return false;
  return task.state === "pending" || (task.state === "failed" && task.errorCode === SUBMIT_UNCONFIRMED);
}

/**
 * The second exception to "terminal never changes": an adopted SUBMIT_UNCONFIRMED task moves to
 * whatever state the provider has it in (even failed, now with the provider's reason), as a pending
 * one moves forward. Never to pending or back to awaiting approval, and never to expired, which is
 * the watchdog's verdict.
 */
export function canMoveAdopting(task: Pick<Task, "state" | "errorCode" | "providerTaskId">, to: TaskState): boolean {
  return canAdopt(task) && to !== "pending" && to !== "expired" && to !== "awaiting_approval";
}

export type EventSource = TaskEvent["source"];
export type EventKind = TaskEvent["kind"];

type TaskPatch = Partial<
  Pick<
    Task,
    | "providerTaskId"
    | "providerStatus"
    | "creditsCharged"
    | "creditsQuoted"
    | "creditsRefunded"
    | "errorCode"
    | "errorMessage"
    | "errorFields"
    | "outputUrl"
    | "outputKind"
    | "mediaPath"
    | "mediaMime"
    | "mediaBytes"
    | "mediaSha256"
    | "providerMissingCount"
    | "providerMissingAt"
    | "submitErrors"
    | "submitRetryAt"
    | "approvalDecision"
    | "approvalDecidedBy"
    | "approvalDecidedAt"
    | "approvalNote"
    | "deadlineAt"
    | "lastSubmitAt"
  >
>;

export type TransitionResult = { moved: true; task: Task; from: TaskState } | { moved: false; task: Task | undefined };

export type TransitionChange = {
  source: EventSource;
  message: string;
  patch?: TaskPatch;
  at?: Date;
  detail?: Record<string, unknown>;
  /** Moves only if this holds for the task as locked (e.g. "it still has no provider task"). */
  guard?: (current: Task) => boolean;
  /** Adopts the task for this provider task (canMoveAdopting), clearing the unconfirmed failure. */
  adopt?: { providerTaskId: string };
};

export async function transition(db: Db, taskId: string, to: TaskState, change: TransitionChange): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const current = await lockTask(tx, taskId);
    if (!current) return { moved: false, task: current };
    const allowed = change.adopt ? canMoveAdopting(current, to) : canMove(current.state, to);
    if (!allowed || (change.guard && !change.guard(current))) return { moved: false, task: current };
    const at = change.at ?? new Date();
    // An adopted task is no longer the failure it was; it stops holding the in-flight request slot
    // (requestHash), which a re-run of the same request may hold by now.
    const adoption: Partial<Task> = change.adopt
      ? {
          providerTaskId: change.adopt.providerTaskId,
          errorCode: null,
          errorMessage: null,
          errorFields: null,
          finishedAt: null,
          requestHash: null,
        }
      : {};
    const stamps: Partial<Task> = {};
    // Accepted by the provider, whether or not we saw the queued state itself.
    if (!current.queuedAt && (to === "queued" || to === "running" || to === "succeeded")) stamps.queuedAt = at;
    if (to === "running") stamps.startedAt = at;
    if (isTerminal(to)) stamps.finishedAt = at;
    const updated = await updateTask(tx, taskId, { ...adoption, ...change.patch, ...stamps, state: to, updatedAt: at });
    await insertTaskEvent(tx, {
      taskId,
      at,
      source: change.source,
      kind: "state",
      fromState: current.state,
      toState: to,
      message: change.message,
      detail: change.detail,
    });
    return { moved: true, task: updated!, from: current.state };
  });
}

/** Records a step on the timeline without a state change (a submit attempt, a webhook, an archive). */
export async function recordEvent(
  db: Db,
  taskId: string,
  event: { source: EventSource; kind: EventKind; message: string; detail?: Record<string, unknown> },
): Promise<void> {
  await insertTaskEvent(db, { taskId, ...event });
}
