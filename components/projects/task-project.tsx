"use client";
import Link from "next/link";
import { useId } from "react";
import { ProjectOptions } from "@/components/filters/filter-controls";
import { controlClass } from "@/components/ui/field";
import { labelErrorText } from "@/lib/client/labels";
import { useSetTaskProject } from "@/lib/client/projects";
import type { TaskView } from "@/lib/shared/tasks";

/** The project a task belongs to: a choice for its owner and admins, a link for everyone else. */
export function TaskProject({ task }: { task: TaskView }) {
  const move = useSetTaskProject(task.id);
  const id = useId();
  if (!task.canOrganise) {
    return task.project ? (
      <Link href={`/projects/${task.project.id}`} className="text-sm font-medium text-brand-700 hover:underline">
        {task.project.name}
      </Link>
    ) : (
      <p className="text-sm text-zinc-500">Not in a project.</p>
    );
  }
  const error = labelErrorText(move.error);
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="sr-only">
        Project
      </label>
      <select
        id={id}
        value={task.project?.id ?? ""}
        disabled={move.isPending}
        onChange={(event) => move.mutate(event.target.value || null)}
        className={controlClass(Boolean(error), { size: "compact" })}
        aria-invalid={error ? true : undefined}
      >
        {/* The task's own project is an option even before the list has loaded. */}
        {task.project ? <option value={task.project.id}>{task.project.name}</option> : null}
        <ProjectOptions none="No project" exclude={task.project?.id} />
      </select>
      {task.project ? (
        <Link href={`/projects/${task.project.id}`} className="inline-block text-sm text-brand-700 hover:underline">
          Open the project&apos;s board
        </Link>
      ) : null}
      {error ? (
        <p role="alert" className="text-sm text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
