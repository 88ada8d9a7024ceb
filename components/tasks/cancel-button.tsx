"use client";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { isApiError } from "@/lib/client/api";
import { useCancelTask } from "@/lib/client/tasks";
import { CANCELLABLE_STATES, type TaskListItem } from "@/lib/shared/tasks";

/**
 * Cancel with a confirmation step. Shown only while a task may still be cancelled; when the viewer
 * may not cancel it, the button is disabled and says why.
 */
export function CancelButton({ task, size = "sm", showReason = false }: { task: TaskListItem; size?: "sm" | "md"; showReason?: boolean }) {
  const cancel = useCancelTask();
  const [confirming, setConfirming] = useState(false);
  const reasonId = useId();
  const cancellableState = CANCELLABLE_STATES.includes(task.state);
  if (!cancellableState) return null;
  if (!task.canCancel) {
    return (
      <div className="flex flex-col items-end gap-1">
        <Button variant="secondary" size={size} disabled title={task.cancelBlockedReason ?? undefined} aria-describedby={reasonId}>
          Cancel
        </Button>
        {/* A touch screen has no hover for the tooltip: there the reason is always shown as text. */}
        <p
          id={reasonId}
          className={cn("max-w-xs text-right text-xs text-zinc-500", showReason ? null : "sr-only pointer-coarse:not-sr-only")}
        >
          {task.cancelBlockedReason}
        </p>
      </div>
    );
  }
  const failure = cancel.error ? (isApiError(cancel.error) ? cancel.error.message : "Could not cancel the task.") : null;
  return (
    <div className="flex flex-col items-end gap-1">
      {confirming ? (
        <div className="flex items-center gap-2">
          <Button
            variant="danger"
            size={size}
            busy={cancel.isPending}
            onClick={() => cancel.mutate(task.id, { onSettled: () => setConfirming(false) })}
          >
            Yes, cancel
          </Button>
          <Button variant="ghost" size={size} onClick={() => setConfirming(false)} disabled={cancel.isPending}>
            Keep
          </Button>
        </div>
      ) : (
        <Button variant="danger" size={size} onClick={() => setConfirming(true)}>
          Cancel
        </Button>
      )}
      {failure ? (
        <p className="max-w-xs text-right text-xs text-red-700" role="alert">
          {failure}
        </p>
      ) : null}
    </div>
  );
}
