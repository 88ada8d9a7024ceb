"use client";
import { CheckCircle2, XCircle } from "lucide-react";
import { Button } from "@/components/ui/button";
import { Dialog, closeEnclosingDialog } from "@/components/ui/dialog";
import type { BulkCancelResult } from "@/lib/client/tasks";
import type { TaskListItem } from "@/lib/shared/tasks";

const OUTCOME_LABELS: Record<BulkCancelResult["outcome"], string> = {
  canceled: "Cancelled",
  refused: "Not cancelled",
  not_found: "Not found",
  forbidden: "Not allowed",
  failed: "Provider did not answer",
};

/** What happened to each task of a bulk cancel, in a modal dialog. */
export function BulkCancelDialog({
  results,
  tasks,
  onClose,
}: {
  results: BulkCancelResult[] | null;
  tasks: TaskListItem[];
  onClose: () => void;
}) {
  const canceled = results?.filter((result) => result.outcome === "canceled").length ?? 0;
  return (
    <Dialog open={results !== null} onClose={onClose} title={`${canceled} of ${results?.length ?? 0} cancelled`}>
      <ul className="mt-4 max-h-80 space-y-3 overflow-y-auto">
        {results?.map((result) => {
          const ok = result.outcome === "canceled";
          const prompt = tasks.find((task) => task.id === result.id)?.prompt ?? result.id;
          return (
            <li key={result.id} className="flex gap-3 text-sm" data-outcome={result.outcome}>
              {ok ? (
                <CheckCircle2 className="mt-0.5 size-4 shrink-0 text-emerald-600" aria-hidden="true" />
              ) : (
                <XCircle className="mt-0.5 size-4 shrink-0 text-red-600" aria-hidden="true" />
              )}
              <div className="min-w-0">
                <p className="truncate font-medium">{prompt}</p>
                <p className="text-zinc-600">
                  {OUTCOME_LABELS[result.outcome]}: {result.message}
                </p>
              </div>
            </li>
          );
        })}
      </ul>
      <div className="mt-5 flex justify-end">
        <Button onClick={(event) => closeEnclosingDialog(event.currentTarget)}>Done</Button>
      </div>
    </Dialog>
  );
}

/**
 * Asks before a bulk cancel: which tasks (prompt, owner, model), so an admin sees whose work it
 * is before cancelling it.
 */
export function ConfirmBulkCancelDialog({
  tasks,
  busy,
  onConfirm,
  onClose,
}: {
  tasks: TaskListItem[] | null;
  busy: boolean;
  onConfirm: () => void;
  onClose: () => void;
}) {
  const count = tasks?.length ?? 0;
  const plural = count === 1 ? "" : "s";
  const owners = new Set(tasks?.map((task) => task.owner.id));
  return (
    <Dialog open={tasks !== null} onClose={onClose} title={`Cancel ${count} queued task${plural}?`}>
      <p className="mt-2 text-sm text-zinc-600">
        {owners.size > 1 ? `They belong to ${owners.size} people. ` : ""}Nothing of them has run yet; the provider is asked to cancel each
        one.
      </p>
      <ul className="mt-4 max-h-80 space-y-3 overflow-y-auto" aria-label="Tasks to cancel">
        {tasks?.map((task) => (
          <li key={task.id} className="min-w-0 text-sm" data-task-id={task.id}>
            <p className="truncate font-medium">{task.prompt || "(no prompt)"}</p>
            <p className="text-zinc-600">
              {task.owner.name} · {task.modelDisplayLabel}
            </p>
          </li>
        ))}
      </ul>
      <div className="mt-5 flex flex-wrap justify-end gap-2">
        <Button variant="ghost" onClick={(event) => closeEnclosingDialog(event.currentTarget)}>
          Keep them
        </Button>
        <Button variant="danger" busy={busy} onClick={onConfirm}>
          Cancel {count} task{plural}
        </Button>
      </div>
    </Dialog>
  );
}
