import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { cache } from "react";
import { TaskDetail } from "@/components/tasks/task-detail";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { env } from "@/lib/server/env";
import { getTaskView } from "@/lib/server/tasks/read";
import { taskIdSchema } from "@/lib/shared/tasks-api";
import { shortTitle } from "@/lib/shared/format";

export const dynamic = "force-dynamic";

type Props = { params: Promise<{ id: string }> };

/** The task as this viewer may see it, or null; read once for the title and the page. */
const viewOf = cache(async (id: string) => {
  const user = await requirePageUser(`/tasks/${id}`);
  if (!taskIdSchema.safeParse({ id }).success) return null;
  return getTaskView(await db(), user, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
});

// The tab names the task (its prompt, shortened), so several open tasks can be told apart.
export async function generateMetadata({ params }: Props): Promise<Metadata> {
  const view = await viewOf((await params).id);
  return { title: view ? shortTitle(view.prompt || view.modelLabel) : "Task" };
}

export default async function TaskPage({ params }: Props) {
  const view = await viewOf((await params).id);
  if (!view) notFound();
  return <TaskDetail initial={view} deleteGraceHours={env().DELETE_GRACE_HOURS} />;
}
