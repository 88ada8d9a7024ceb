// GET /api/tasks/:id - one task with its timeline, read from Cutroom's database (never the provider)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findTaskWithOwner, listTaskEvents } from "@/lib/server/db/queries/tasks";
import { notFound } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { toTaskView } from "@/lib/server/tasks/view";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const database = await db();
  const task = await findTaskWithOwner(database, id);
  if (!task) throw notFound("That task");
  return json({ task: toTaskView(task, user, await listTaskEvents(database, id)) });
});
