// GET /api/tasks/:id - one task with its timeline, read from Cutroom's database (never the provider)
// DELETE /api/tasks/:id - delete a finished task's output (its owner or an admin): gone from every
// view at once, files kept for the grace period (admins may restore it), the provider never asked
import { actorOf } from "@/lib/server/audit/log";
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { deleteTask } from "@/lib/server/tasks/delete-task";
import { getTaskView } from "@/lib/server/tasks/read";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json({ task: await getTaskView(await db(), user, id) });
});

export const DELETE = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await deleteTask(await db(), actorOf(request, user), id);
  return json({ id, deleted: true });
});
