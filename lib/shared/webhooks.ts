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

/**
 * A provider task signed deliveries named that no task here was linked to when they came (see
 * webhooks/unlinked): `lookedUp` is what the provider's own record said, `linkedTaskId` the task it
 * turned out to be, once a safe match found one.
 */
export type UnlinkedView = {
  id: string;
  provider: string;
  providerLabel: string;
  providerTaskId: string;
  status: string | null;
  deliveries: number;
  firstSeenAt: string;
  lastSeenAt: string;
  lookedUp: { at: string; status: string | null } | null;
  linkedTaskId: string | null;
  note: string | null;
};

export type WebhookInboxPage = { items: DeliveryView[]; nextCursor: string | null; refused: RefusalView[]; unlinked: UnlinkedView[] };
