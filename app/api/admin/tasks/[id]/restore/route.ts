// POST /api/admin/tasks/:id/restore - bring a deleted output back, while its files are kept (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { restoreTask } from "@/lib/server/tasks/delete-task";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = handle<Context>(async (request, context) => {
  const user = await requireAdmin(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await restoreTask(await db(), actorOf(request, user), id);
  return json({ id, restored: true });
});
