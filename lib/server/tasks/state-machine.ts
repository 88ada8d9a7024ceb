import "server-only";
import type { Db } from "../db";
import { insertTaskEvent, lockTask, updateTask } from "../db/queries/tasks";
import type { Task, TaskEvent } from "../db/schema";
import { isTerminal, type TaskState } from "@/lib/shared/tasks";

// Every change of a task's state goes through here, whoever asks: the create path, the reconciler,
// a webhook or a user. Terminal states never change and a task never moves backwards, so a late,
// duplicated or reordered update is a no-op. Each transition writes its event in the same transaction.
// One exception: `expired` is Cutroom giving up, not the provider's word, so the provider's own
// final answer may still arrive and settle it (a late success is recovered, not lost).

const RANK: Record<TaskState, number> = { pending: 0, queued: 1, running: 2, succeeded: 3, failed: 3, canceled: 3, expired: 3 };

const LATE_ENDS: readonly TaskState[] = ["succeeded", "failed", "canceled"];

export function canMove(from: TaskState, to: TaskState): boolean {
  if (from === "expired") return LATE_ENDS.includes(to);
  return !isTerminal(from) && RANK[to] > RANK[from];
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
  >
>;

export type TransitionResult = { moved: true; task: Task; from: TaskState } | { moved: false; task: Task | undefined };

export async function transition(
  db: Db,
  taskId: string,
  to: TaskState,
  change: { source: EventSource; message: string; patch?: TaskPatch; at?: Date; detail?: Record<string, unknown> },
): Promise<TransitionResult> {
  return db.transaction(async (tx) => {
    const current = await lockTask(tx, taskId);
    if (!current || !canMove(current.state, to)) return { moved: false, task: current };
    const at = change.at ?? new Date();
    const stamps: Partial<Task> = {};
    // Accepted by the provider, whether or not we saw the queued state itself.
    if (!current.queuedAt && (to === "queued" || to === "running" || to === "succeeded")) stamps.queuedAt = at;
    if (to === "running") stamps.startedAt = at;
    if (isTerminal(to)) stamps.finishedAt = at;
    const updated = await updateTask(tx, taskId, { ...change.patch, ...stamps, state: to, updatedAt: at });
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
