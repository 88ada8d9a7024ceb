"use client";
import { Trash2 } from "lucide-react";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { labelErrorText } from "@/lib/client/labels";
import { useDeleteTask } from "@/lib/client/deleting";
import { useToasts } from "@/lib/client/toasts";
import type { TaskView } from "@/lib/shared/tasks";

const plural = (count: number, unit: string) => `${count} ${unit}${count === 1 ? "" : "s"}`;

/** Deletes a finished task's output after a confirmation, then goes back to Tasks. */
export function DeleteTaskButton({ task, graceHours }: { task: TaskView; graceHours: number }) {
  const remove = useDeleteTask();
  const router = useRouter();
  const { show } = useToasts();
  const grace = graceHours >= 24 ? plural(Math.round(graceHours / 24), "day") : plural(Math.round(graceHours), "hour");
  const [asking, setAsking] = useState(false);
  return (
    <>
      <Button variant="danger" onClick={() => setAsking(true)}>
        <Trash2 className="size-4" aria-hidden="true" /> Delete
      </Button>
      <ConfirmDialog
        open={asking}
        title="Delete this output?"
        confirmLabel="Delete"
        busy={remove.isPending}
        error={labelErrorText(remove.error)}
        onClose={() => setAsking(false)}
        onConfirm={() =>
          remove.mutate(task.id, {
            onSuccess: () => {
              show({ tone: "success", title: "Output deleted", body: task.prompt || task.modelLabel });
              router.push("/tasks");
            },
          })
        }
      >
        <p className="break-words">“{task.prompt || task.modelLabel}” leaves Tasks, the gallery and its project for everyone, now.</p>
        <p className="mt-2">
          {graceHours > 0
            ? `An admin can restore it for ${grace}; then its files are removed for good.`
            : "Its files are removed at the next clean-up, for good."}{" "}
          What it cost stays in Usage.
        </p>
      </ConfirmDialog>
    </>
  );
}
