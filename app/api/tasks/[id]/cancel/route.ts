// POST /api/tasks/:id/cancel - cancel a pending or queued task (its owner or an admin)
import { actorOf } from "@/lib/server/audit/log";
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { cancelTask } from "@/lib/server/tasks/cancel-task";
import { getTaskView } from "@/lib/server/tasks/read";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const database = await db();
  const outcome = await cancelTask(database, actorOf(request, user), id);
  return json({ task: await getTaskView(database, user, outcome.task.id), refunded: outcome.refunded });
});
