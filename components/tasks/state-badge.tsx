import { Badge, type BadgeTone } from "@/components/ui/badge";
import { STATE_LABELS, type TaskState } from "@/lib/shared/tasks";

const TONE: Record<TaskState, BadgeTone> = {
  pending: "neutral",
  queued: "sky",
  running: "brand",
  succeeded: "green",
  failed: "red",
  canceled: "neutral",
  expired: "amber",
};

export function StateBadge({ state }: { state: TaskState }) {
  return (
    <Badge tone={TONE[state]}>
      {state === "running" || state === "queued" || state === "pending" ? (
        <span className="relative flex size-1.5" aria-hidden="true">
          <span className="absolute inline-flex size-full animate-ping rounded-full bg-current opacity-60" />
          <span className="relative inline-flex size-1.5 rounded-full bg-current" />
        </span>
      ) : null}
      <span data-testid="task-state">{STATE_LABELS[state]}</span>
    </Badge>
  );
}
