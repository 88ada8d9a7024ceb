import "server-only";
import type { TaskState } from "@/lib/shared/tasks";
import type { ProviderTaskSnapshot } from "./types";

// skills.video and APIDot both describe a task as an id, a status word, a result and a failure
// text. The rules for turning that into a snapshot are the same for both: a result is read only
// from a terminal success, a failure text only from a failure, and an idempotency key only when the
// record carries one back.

type Output = { url: string; kind: "video" | "image" };

export function asyncSnapshot(task: {
  providerTaskId: string;
  status: string | null | undefined;
  state: TaskState | null;
  /** Finds the result; called only when the task succeeded. */
  output: () => Output | null;
  failure: string | null | undefined;
  /** Said when a failed task comes without a reason. */
  failureFallback: string;
  creditsCharged?: number | null;
  progress?: number | null;
  /** The create's key, when the provider's record carries it back. */
  idempotencyKey?: string | null;
}): ProviderTaskSnapshot {
  const output = task.state === "succeeded" ? task.output() : null;
  return {
    providerTaskId: task.providerTaskId,
    state: task.state,
    providerStatus: task.status ?? "unknown",
    outputUrl: output?.url ?? null,
    outputKind: output?.kind ?? null,
    errorMessage: task.state === "failed" ? (task.failure ?? task.failureFallback) : null,
    creditsCharged: task.creditsCharged ?? null,
    creditsRefunded: null,
    idempotencyKey: task.idempotencyKey ?? null,
    ...(task.progress !== undefined ? { progress: task.progress } : {}),
  };
}
