import type { Metadata } from "next";
import { notFound } from "next/navigation";
import { TaskDetail } from "@/components/tasks/task-detail";
import { requirePageUser } from "@/lib/server/auth/page-guard";
import { db } from "@/lib/server/db";
import { AppError } from "@/lib/server/errors";
import { getTaskView } from "@/lib/server/tasks/read";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";
export const metadata: Metadata = { title: "Task" };

export default async function TaskPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await requirePageUser(`/tasks/${id}`);
  if (!taskIdSchema.safeParse({ id }).success) notFound();
  const view = await getTaskView(await db(), user, id).catch((error: unknown) => {
    if (error instanceof AppError && error.code === "NOT_FOUND") return null;
    throw error;
  });
  if (!view) notFound();
  return <TaskDetail initial={view} />;
}
