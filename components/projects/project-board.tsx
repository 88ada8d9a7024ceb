"use client";
import { ArrowLeft, Pencil, Trash2 } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { ShareButton } from "@/components/share/share-dialog";
import { Gallery } from "@/components/gallery/gallery";
import { Button, buttonClass } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Dialog } from "@/components/ui/dialog";
import { useDeleteProject, useProject, useUpdateProject } from "@/lib/client/projects";
import { labelErrorText } from "@/lib/client/labels";
import type { ProjectView } from "@/lib/shared/projects";
import { ProjectForm } from "./project-form";

/**
 * A project's page: its name and description, and its outputs as a board (the gallery, narrowed
 * to the project, with the other filters). Whoever started it, or an admin, renames or deletes it.
 */
export function ProjectBoard({ initial, first }: { initial: ProjectView; first?: Parameters<typeof Gallery>[0]["first"] }) {
  const project = useProject(initial.id, initial).data ?? initial;
  const update = useUpdateProject(project.id);
  const remove = useDeleteProject(project.id);
  const router = useRouter();
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  return (
    <div className="space-y-6">
      <Link href="/projects" className="inline-flex items-center gap-1 text-sm text-zinc-500 hover:text-zinc-800">
        <ArrowLeft className="size-4" aria-hidden="true" /> All projects
      </Link>
      <div className="flex flex-wrap items-start justify-between gap-4">
        <div className="min-w-0 space-y-1">
          <h1 className="break-words text-2xl font-semibold tracking-tight text-zinc-900">{project.name}</h1>
          {project.description ? (
            <p className="max-w-prose whitespace-pre-line break-words text-sm text-zinc-600">{project.description}</p>
          ) : null}
          <p className="text-xs text-zinc-500">
            Started by {project.createdBy.name} · {project.outputs.toLocaleString("en-US")} of {project.tasks.toLocaleString("en-US")}{" "}
            {project.tasks === 1 ? "task has" : "tasks have"} an output
            {project.outputs > 0
              ? ` · ${project.review.approved.toLocaleString("en-US")} approved · ${project.review.changesRequested.toLocaleString("en-US")} with changes requested`
              : ""}
          </p>
        </div>
        <div className="flex shrink-0 flex-wrap gap-2">
          <Link href={`/generate?project=${project.id}`} className={buttonClass("primary", "md")}>
            Generate for this project
          </Link>
          {project.canEdit ? (
            <>
              <ShareButton target={{ kind: "projectId", id: project.id }} defaultTitle={project.name} />
              <Button variant="secondary" onClick={() => setEditing(true)}>
                <Pencil className="size-4" aria-hidden="true" /> Edit
              </Button>
              <Button variant="danger" onClick={() => setDeleting(true)}>
                <Trash2 className="size-4" aria-hidden="true" /> Delete
              </Button>
            </>
          ) : null}
        </div>
      </div>

      <Gallery first={first} project={project.id} />

      <Dialog open={editing} onClose={() => setEditing(false)} title="Edit project">
        {editing ? (
          <div className="mt-4">
            <ProjectForm
              initial={{ name: project.name, description: project.description }}
              submitLabel="Save"
              busy={update.isPending}
              serverError={update.error}
              onCancel={() => setEditing(false)}
              onSubmit={(input) => update.mutate(input, { onSuccess: () => setEditing(false) })}
            />
          </div>
        ) : null}
      </Dialog>
      <ConfirmDialog
        open={deleting}
        title={`Delete “${project.name}”?`}
        confirmLabel="Delete project"
        busy={remove.isPending}
        error={labelErrorText(remove.error)}
        onClose={() => setDeleting(false)}
        onConfirm={() => remove.mutate(undefined, { onSuccess: () => router.push("/projects") })}
      >
        <p>
          {project.tasks === 0
            ? "It holds no tasks. Nothing else is deleted."
            : `Its ${project.tasks.toLocaleString("en-US")} ${project.tasks === 1 ? "task stays" : "tasks stay"} in Tasks and the gallery, in no project. Nothing is deleted but the project itself.`}
        </p>
      </ConfirmDialog>
    </div>
  );
}
