import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATE_LABELS, type TaskState } from "@/lib/shared/tasks";

const TONE: Record<TaskState, BadgeTone> = {
  awaiting_approval: "amber",
  pending: "neutral",
  queued: "sky",
  running: "brand",
  succeeded: "green",
  failed: "red",
  canceled: "neutral",
  expired: "amber",
};

/** The task's state, and for a succeeded task without a showable output, which problem it has. */
export function StateBadge({ state, problem }: { state: TaskState; problem?: string | null }) {
  return (
    <Badge tone={problem ? "amber" : TONE[state]}>
      {state === "running" || state === "queued" || state === "pending" ? (
        <span className="relative flex size-1.5" aria-hidden="true">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-current opacity-60" />
          <span className="relative inline-flex size-1.5 rounded-full bg-current" />
        </span>
      ) : null}
      <span data-testid="task-state">{STATE_LABELS[state]}</span>
      {problem ? <span data-testid="task-output-problem">· {problem}</span> : null}
    </Badge>
  );
}
