import type { TaskState } from "./tasks";

export type DeliveryView = {
  id: string;
  provider: string;
  providerLabel: string;
  receivedAt: string;
  status: string | null;
  verification: string;
  outcome: "accepted" | "duplicate";
  result: string;
  task: { id: string; prompt: string; state: TaskState; ownerName: string };
};

/** A delivery refused before anything was written (kept in memory only; see webhooks/refusals). */
export type RefusalView = { at: string; provider: string; taskId: string | null; reason: string };

export type WebhookInboxPage = { items: DeliveryView[]; nextCursor: string | null; refused: RefusalView[] };
