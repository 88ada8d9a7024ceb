// POST /api/admin/tasks/:id/recheck - ask the provider about one task now and apply its answer (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { recheckTask } from "@/lib/server/tasks/recheck";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = handle<Context>(async (request, context) => {
  const admin = await requireAdmin(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json(await recheckTask(await db(), actorOf(request, admin), id));
});
