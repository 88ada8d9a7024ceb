"use client";
import { RotateCcw, Trash2 } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { LocalTime } from "@/components/ui/local-time";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import { useDeletedTasks, useRestoreTask } from "@/lib/client/deleting";
import { labelErrorText } from "@/lib/client/labels";

/** The outputs people deleted, newest first: who, when, when the files go, and Restore until then. */
export function DeletedOutputs() {
  const deleted = useDeletedTasks();
  const restore = useRestoreTask();
  if (deleted.isPending) return <Spinner className="size-5" />;
  if (deleted.isError)
    return (
      <Alert tone="error" title="Could not load the deleted outputs.">
        {isApiError(deleted.error) ? deleted.error.message : "Check your connection and reload the page."}
      </Alert>
    );
  if (deleted.data.length === 0)
    return (
      <Card className="flex flex-col items-center gap-3 p-10 text-center">
        <Trash2 className="size-8 text-zinc-300" aria-hidden="true" />
        <p className="font-medium text-zinc-800">Nothing has been deleted.</p>
      </Card>
    );
  return (
    <div className="space-y-3">
      {restore.error ? (
        <Alert tone="error" title="Could not restore it.">
          {labelErrorText(restore.error)}
        </Alert>
      ) : null}
      <ul className="divide-y divide-zinc-200 overflow-hidden rounded-xl border border-zinc-200 bg-surface" aria-label="Deleted outputs">
        {deleted.data.map((task) => (
          <li key={task.id} className="flex flex-col gap-3 p-4 sm:flex-row sm:items-center sm:justify-between">
            <div className="min-w-0 space-y-1">
              <p className="line-clamp-2 break-words font-medium text-zinc-900">{task.prompt || task.model}</p>
              <p className="text-sm text-zinc-500">
                {task.owner}&apos;s · deleted{task.byRetention ? " by the retention rule" : task.deletedBy ? ` by ${task.deletedBy}` : ""}{" "}
                <LocalTime iso={task.deletedAt} />
              </p>
              <p className="text-sm text-zinc-500">
                {task.filesRemovedAt ? (
                  <>
                    <Badge>Files removed</Badge> <LocalTime iso={task.filesRemovedAt} />
                  </>
                ) : (
                  <>
                    Files kept until <LocalTime iso={task.filesRemoveAfter!} />
                  </>
                )}
              </p>
            </div>
            {task.restorable ? (
              <Button
                variant="secondary"
                size="sm"
                busy={restore.isPending && restore.variables === task.id}
                onClick={() => restore.mutate(task.id)}
                aria-label={`Restore “${task.prompt || task.model}”`}
              >
                <RotateCcw className="size-4" aria-hidden="true" /> Restore
              </Button>
            ) : null}
          </li>
        ))}
      </ul>
    </div>
  );
}
