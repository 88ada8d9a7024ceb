import "server-only";
import type { Db } from "../db";
import { updateTask } from "../db/queries/tasks";
import type { Task } from "../db/schema";
import type { ProviderTaskSnapshot, VideoProvider } from "../providers/types";
import { isTerminal } from "@/lib/shared/tasks";
import { scheduleArchive } from "./archive";
import { canMove, transition, type EventSource } from "./state-machine";

// What the provider says about a task, applied through the state machine: one step that the
// create path, the live-stream follower, the reconciler, cancels and re-checks all share.

/** Whether a terminal snapshot already carries what applying it needs, so no detail call is due. */
function isComplete(snapshot: ProviderTaskSnapshot): boolean {
  if (snapshot.state === "succeeded") return Boolean(snapshot.outputUrl);
  if (snapshot.state === "failed") return Boolean(snapshot.errorMessage);
  return true;
}

/**
 * Applies what the provider says about one task, through the state machine. A terminal status is
 * applied only from the provider's own API (a list entry or the task's record), never from a hint.
 */
export async function applySnapshot(
  db: Db,
  provider: VideoProvider,
  task: Task,
  snapshot: ProviderTaskSnapshot,
  options: { source: EventSource; detailed: boolean },
): Promise<boolean> {
  const { state } = snapshot;
  const progress = snapshot.progress ?? task.progress;
  if (!state || state === task.state || !canMove(task.state, state)) {
    if ((snapshot.providerStatus !== task.providerStatus || progress !== task.progress) && !isTerminal(task.state)) {
      await updateTask(db, task.id, { providerStatus: snapshot.providerStatus, progress, updatedAt: new Date() });
    }
    return false;
  }

  let final = snapshot;
  if (isTerminal(state) && !options.detailed && !isComplete(snapshot)) {
    const detail = await provider.fetchTask(snapshot.providerTaskId);
    if (!detail.ok) return false;
    final = detail.data;
    if (!final.state || !canMove(task.state, final.state)) return false;
  }

  const patch = {
    providerStatus: final.providerStatus,
    creditsCharged: final.creditsCharged ?? task.creditsCharged,
    providerMissingCount: 0,
    providerMissingAt: null,
    progress: final.progress ?? progress,
  };
  switch (final.state) {
    case "queued":
      return (await transition(db, task.id, "queued", { source: options.source, message: "Queued at the provider.", patch })).moved;
    case "running":
      return (await transition(db, task.id, "running", { source: options.source, message: "The provider started generating.", patch }))
        .moved;
    case "succeeded": {
      if (!final.outputUrl) {
        return (
          await transition(db, task.id, "failed", {
            source: options.source,
            message: "The provider reported success but returned no output.",
            patch: { ...patch, errorCode: "GENERATION_FAILED", errorMessage: "The provider finished without returning a video." },
          })
        ).moved;
      }
      const late = task.state === "expired";
      const moved = await transition(db, task.id, "succeeded", {
        source: options.source,
        message: late ? "The provider finished it after all, after Cutroom had stopped waiting." : "Finished generating.",
        patch: {
          ...patch,
          outputUrl: final.outputUrl,
          outputKind: final.outputKind ?? "video",
          creditsRefunded: final.creditsRefunded,
          ...(late ? { errorCode: null, errorMessage: null } : {}),
        },
      });
      if (moved.moved) await scheduleArchive(task.id);
      return moved.moved;
    }
    case "failed":
      return (
        await transition(db, task.id, "failed", {
          source: options.source,
          message: "The provider could not generate it.",
          patch: {
            ...patch,
            creditsRefunded: final.creditsRefunded,
            errorCode: "GENERATION_FAILED",
            errorMessage: final.errorMessage ?? "The provider reported that generation failed.",
          },
        })
      ).moved;
    case "canceled":
      return (
        await transition(db, task.id, "canceled", {
          source: options.source,
          message: "Cancelled at the provider.",
          patch: { ...patch, creditsRefunded: final.creditsRefunded },
        })
      ).moved;
    default:
      return false;
  }
}
