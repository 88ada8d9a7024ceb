import "server-only";
import type { ProviderFailure } from "../providers/result";
import type { ProviderTaskSnapshot, VideoProvider } from "../providers/types";

// Asking a provider to cancel a task, and believing only its cancelled status. A cancel answered
// 200 with another status ("PROGRESS", "COMPLETED", "FAILED") did not cancel anything: the task
// runs on (and is charged) or has ended another way. Whatever the answer, when it is not plainly
// "cancelled" the task's own record is read as well, so one ambiguous answer never decides: the
// caller applies that record and follows the task to its real end.

export type CancelOutcome =
  | { canceled: true; refunded: number | null; providerStatus: string }
  | {
      canceled: false;
      /** The task's own record after the attempt, when it could be read. */
      record: ProviderTaskSnapshot | null;
      /** The cancel's own failure, when the provider refused or could not be reached. */
      failure: ProviderFailure | null;
    };

export async function cancelAtProvider(provider: VideoProvider, providerTaskId: string): Promise<CancelOutcome> {
  if (!provider.cancel) return { canceled: false, record: null, failure: null };
  const answer = await provider.cancel(providerTaskId);
  if (answer.ok && answer.status && provider.mapStatus(answer.status) === "canceled") {
    return { canceled: true, refunded: answer.data.creditsRefunded, providerStatus: answer.status };
  }
  const read = await provider.fetchTask(providerTaskId);
  if (read.ok && read.data.state === "canceled") {
    return {
      canceled: true,
      refunded: read.data.creditsRefunded ?? (answer.ok ? answer.data.creditsRefunded : null),
      providerStatus: read.data.providerStatus,
    };
  }
  return { canceled: false, record: read.ok ? read.data : null, failure: answer.ok ? null : answer };
}

/** "AIVideoMaker says it is already running." and the like, for a cancel that did not cancel. */
export function notCanceledReason(providerLabel: string, record: ProviderTaskSnapshot | null): string {
  switch (record?.state) {
    case undefined:
    case null:
      return `${providerLabel} did not confirm the cancel.`;
    case "queued":
    case "pending":
      return `${providerLabel} did not cancel it, and says it is still queued.`;
    case "running":
      return `${providerLabel} says it is already running.`;
    case "succeeded":
      return `${providerLabel} says it is already finished.`;
    default:
      return `${providerLabel} says it has already ${record?.state === "expired" ? "expired" : record?.state}.`;
  }
}
