import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaskDetail } from "@/components/tasks/task-detail";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { findTaskWithOwner, listTaskEvents } from "@/lib/server/db/queries/tasks";
import { toTaskView } from "@/lib/server/tasks/view";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Task" };

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/tasks/${id}`);
  if (!taskIdSchema.safeParse({ id }).success) notFound();
  const database = await db();
  const task = await findTaskWithOwner(database, id);
  if (!task) notFound();
  return <TaskDetail initial={toTaskView(task, user, await listTaskEvents(database, id))} />;
}
