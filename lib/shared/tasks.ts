import type { TaskSetting } from "./catalog/task-settings";
import type { ReviewView } from "./review";
import type { ExpectedCost } from "./spend";
// Task states and the rules both sides need (labels, what is terminal, what can be cancelled).

// "awaiting_approval": held for an admin's approval (its expected cost is above the threshold);
// nothing has been sent, and its hold counts against budgets meanwhile.
export const TASK_STATES = ["awaiting_approval", "pending", "queued", "running", "succeeded", "failed", "canceled", "expired"] as const;
export type TaskState = (typeof TASK_STATES)[number];

export const TERMINAL_STATES: ReadonlySet<TaskState> = new Set(["succeeded", "failed", "canceled", "expired"]);
export const IN_FLIGHT_STATES: readonly TaskState[] = ["pending", "queued", "running"];

export function isTerminal(state: TaskState): boolean {
  return TERMINAL_STATES.has(state);
}

export const STATE_LABELS: Record<TaskState, string> = {
  awaiting_approval: "Awaiting approval",
  pending: "Pending",
  queued: "Queued",
  running: "Running",
  succeeded: "Succeeded",
  failed: "Failed",
  canceled: "Canceled",
  expired: "Expired",
};

/** A succeeded task whose output cannot be shown, by its code: a distinct outcome, never a dead player. */
export const OUTPUT_PROBLEM_LABELS: Record<string, string> = {
  OUTPUT_REFUSED: "output refused",
  OUTPUT_UNREADABLE: "output unreadable",
  OUTPUT_GONE: "output gone",
};

export const outputProblemOf = (task: { state: TaskState; error: { code: string } | null }): string | null =>
  task.state === "succeeded" && task.error ? (OUTPUT_PROBLEM_LABELS[task.error.code] ?? null) : null;

/** Why a provider without a cancel endpoint cannot stop a task it has accepted. */
export const noCancelReason = (providerLabel: string) =>
  `${providerLabel} offers no way to cancel a task it has accepted, so it runs to the end there.`;

/**
 * Why a task cannot be cancelled right now, or null when it can (by its owner or an admin).
 * `providerCancels` is false for providers without a cancel endpoint: only a pending task, which
 * never reached them, can be cancelled.
 */
/** States in which a task may still be cancelled (by its owner or an admin): nothing runs yet. */
export const CANCELLABLE_STATES: readonly TaskState[] = ["awaiting_approval", "pending", "queued"];

export function cancelBlockedReason(state: TaskState, provider?: { label: string; cancels: boolean }): string | null {
  switch (state) {
    case "awaiting_approval":
    case "pending":
      return null;
    case "queued":
      return provider && !provider.cancels ? noCancelReason(provider.label) : null;
    case "running":
      return "It is already being generated; the provider only cancels tasks that have not started.";
    default:
      return `It has already ${state === "succeeded" ? "finished" : state === "expired" ? "expired" : `been ${state}`}.`;
  }
}

export type TaskView = {
  id: string;
  provider: string;
  providerLabel: string;
  model: string;
  modelLabel: string;
  /** The model's name with its provider beside it when another provider has one of that name (see model-names.ts). */
  modelDisplayLabel: string;
  sandbox: boolean;
  state: TaskState;
  prompt: string;
  input: Record<string, unknown>;
  /** The input's settings as people read them, in the form's order (see catalog/task-settings.ts). */
  settings: TaskSetting[];
  owner: { id: string; name: string };
  /** Set on variants made together from one request: they share it. */
  batchId: string | null;
  createdAt: string;
  queuedAt: string | null;
  startedAt: string | null;
  finishedAt: string | null;
  creditsCharged: number | null;
  creditsRefunded: number | null;
  error: { code: string; message: string; advice: string; fields?: Record<string, string> } | null;
  media: { url: string; downloadUrl: string; posterUrl: string | null; kind: "video" | "image" } | null;
  videoSeconds: number | null;
  typicalSeconds: number;
  /** The provider's own percentage, when it reports one (APIDot); else the page estimates. */
  progress: number | null;
  canCancel: boolean;
  /** The owner or an admin may ask Cutroom to try the output again (it is unreadable or gone). */
  canRecheckOutput: boolean;
  cancelBlockedReason: string | null;
  /** What the task held against budgets when it was created. */
  hold: (ExpectedCost & { text: string }) | null;
  /** Set for a task that waited (or waits) for an admin's approval. */
  approval: {
    decision: "awaiting" | "approved" | "rejected" | "expired";
    by: string | null;
    note: string | null;
    at: string | null;
    expiresAt: string | null;
  } | null;
  /** `saved`: the step that stored Cutroom's own copy of the output (a milestone people look for). */
  events: { at: string; source: string; kind: string; message: string; toState: string | null; saved: boolean }[];
  /** When the server read this view (its clock), for times the page shows before the browser's own. */
  readAt: string;
  /** One of the viewer's own favourites (each person has theirs; nobody sees another's). */
  favourite: boolean;
  /** The team's tags on the output, sorted (see lib/shared/library.ts). */
  tags: string[];
  /** The team's star rating, 1 to 5, or null. */
  rating: number | null;
  /** The output's review, or null when nobody has reviewed it. */
  review: ReviewView | null;
  /** The viewer may review it (any teammate, once it has succeeded). */
  canReview: boolean;
  /** The viewer may change the tags, the rating and the project (the owner and admins). */
  canOrganise: boolean;
  /** The project it belongs to, if any. */
  project: { id: string; name: string } | null;
  /** The viewer may delete it (the owner and admins, once it has finished). */
  canDelete: boolean;
};

export type TaskListItem = Omit<
  TaskView,
  | "input"
  | "settings"
  | "events"
  | "progress"
  | "readAt"
  | "hold"
  | "approval"
  | "favourite"
  | "tags"
  | "rating"
  | "canOrganise"
  | "project"
  | "canDelete"
  | "review"
  | "canReview"
>;

/** The most tasks a list counts: past it, the count says "more than" (see TaskPage.totalCapped). */
export const TASK_COUNT_CAP = 10_000;

/**
 * One page of tasks. `prevCursor` opens the page before this one (null on the first page).
 * `total` (when counted) is how many tasks match the filters, up to TASK_COUNT_CAP; `totalCapped`
 * says there are more than that.
 */
export type TaskPage = {
  items: TaskListItem[];
  nextCursor: string | null;
  prevCursor: string | null;
  total?: number;
  totalCapped?: boolean;
};

/** How many of my latest tasks Generate's feed shows. */
export const RECENT_TASKS = 8;

/** What happened to one task of a bulk cancel. */
export type BulkCancelResult = {
  id: string;
  outcome: "canceled" | "refused" | "not_found" | "forbidden" | "failed";
  message: string;
  refunded: number | null;
};
