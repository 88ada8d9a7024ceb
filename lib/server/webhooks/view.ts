import "server-only";
import type { DeliveryRow } from "../db/queries/webhooks";
import { findDescriptor } from "../providers/registry";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";
import type { TaskState } from "@/lib/shared/tasks";
import type { DeliveryView } from "@/lib/shared/webhooks";

export function toDeliveryView(row: DeliveryRow): DeliveryView {
  return {
    id: row.id,
    provider: row.provider,
    providerLabel: PROVIDER_LABELS[row.provider as ProviderId] ?? row.provider,
    receivedAt: row.receivedAt.toISOString(),
    status: row.statusHint,
    // Only verified deliveries are stored; forged ones are refused unwritten.
    verification: findDescriptor(row.provider)?.webhook.kind === "signed" ? "Signature valid" : "Token valid",
    outcome: row.outcome,
    result: row.processedAt
      ? (row.reason ?? "Processed.")
      : row.outcome === "duplicate"
        ? "Ignored as a repeat."
        : "Waiting to be processed.",
    task: { id: row.taskId, prompt: row.taskPrompt, state: row.taskState as TaskState, ownerName: row.ownerName },
  };
}
