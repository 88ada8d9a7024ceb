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

/**
 * Deliveries refused before anything was written, counted per provider and reason (in memory only,
 * see webhooks/refusals). `taskId`: the latest one that named a task Cutroom has.
 */
export type RefusalView = {
  provider: string;
  providerLabel: string;
  reason: string;
  count: number;
  firstAt: string;
  lastAt: string;
  taskId: string | null;
};

export type WebhookInboxPage = { items: DeliveryView[]; nextCursor: string | null; refused: RefusalView[] };
