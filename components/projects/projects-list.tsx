"use client";
import { FolderOpen, Plus } from "lucide-react";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Dialog } from "@/components/ui/dialog";
import { useCreateProject, useProjects } from "@/lib/client/projects";
import type { ProjectView } from "@/lib/shared/projects";
import { ProjectForm } from "./project-form";

const count = (value: number, one: string, many: string) => `${value.toLocaleString("en-US")} ${value === 1 ? one : many}`;

/** The team's projects as cards (poster, name, description, counts), and starting a new one. */
export function ProjectsList({ initial }: { initial: ProjectView[] }) {
  const projects = useProjects(initial);
  const create = useCreateProject();
  const router = useRouter();
  const [starting, setStarting] = useState(false);
  const list = projects.data ?? initial;
  return (
    <div className="space-y-5">
      <div className="flex justify-end">
        <Button onClick={() => setStarting(true)}>
          <Plus className="size-4" aria-hidden="true" /> New project
        </Button>
      </div>
      {list.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 p-10 text-center">
          <FolderOpen className="size-8 text-zinc-300" aria-hidden="true" />
          <p className="font-medium text-zinc-800">
            No projects yet: start one to group the team&apos;s videos for a campaign, a client or a film.
          </p>
        </Card>
      ) : (
        <ul className="grid gap-4 sm:grid-cols-2 lg:grid-cols-3" aria-label="Projects">
          {list.map((project) => (
            <li key={project.id}>
              <Link
                href={`/projects/${project.id}`}
                className="group block overflow-hidden rounded-xl border border-zinc-200 bg-surface shadow-sm hover:border-brand-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/60"
              >
                <span className="block aspect-video bg-zinc-100">
                  {project.posterUrl ? (
                    // eslint-disable-next-line @next/next/no-img-element -- a poster from our own API, sized by its box
                    <img src={project.posterUrl} alt="" loading="lazy" className="size-full object-cover" />
                  ) : (
                    <span className="flex size-full items-center justify-center">
                      <FolderOpen className="size-8 text-zinc-300" aria-hidden="true" />
                    </span>
                  )}
                </span>
                <span className="block space-y-1 p-4">
                  <span className="block truncate font-medium text-zinc-900 group-hover:text-brand-700">{project.name}</span>
                  {project.description ? <span className="line-clamp-2 block text-sm text-zinc-600">{project.description}</span> : null}
                  <span className="block text-xs text-zinc-500">
                    {count(project.outputs, "output", "outputs")} · {count(project.tasks, "task", "tasks")} · started by{" "}
                    {project.createdBy.name}
                  </span>
                </span>
              </Link>
            </li>
          ))}
        </ul>
      )}
      <Dialog open={starting} onClose={() => setStarting(false)} title="New project">
        {starting ? (
          <div className="mt-4">
            <ProjectForm
              submitLabel="Start project"
              busy={create.isPending}
              serverError={create.error}
              onCancel={() => setStarting(false)}
              onSubmit={(input) =>
                create.mutate(input, {
                  onSuccess: ({ project }) => {
                    setStarting(false);
                    router.push(`/projects/${project.id}`);
                  },
                })
              }
            />
          </div>
        ) : null}
      </Dialog>
    </div>
  );
}
