// POST /api/tasks/:id/recheck-output - try a succeeded task's unreadable or missing output again (its owner or an admin)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { getTaskView } from "@/lib/server/tasks/read";
import { recheckOutput } from "@/lib/server/tasks/recheck";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const database = await db();
  await recheckOutput(database, user, id);
  return json({ task: await getTaskView(database, user, id) });
});
