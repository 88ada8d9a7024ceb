// GET /api/tasks/:id - one task with its timeline, read from Cutroom's database (never the provider)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { getTaskView } from "@/lib/server/tasks/read";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json({ task: await getTaskView(await db(), user, id) });
});
