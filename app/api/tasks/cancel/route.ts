// POST /api/tasks/cancel - cancel many tasks at once (admins), with what happened to each
import { z } from "zod";
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { cancelTasks } from "@/lib/server/tasks/cancel-task";

export const dynamic = "force-dynamic";

const bodySchema = z.strictObject({
  ids: z
    .array(z.uuid({ error: "Each id must be a task id." }), { error: "Send the ids of the tasks to cancel." })
    .min(1, { error: "Choose at least one task." })
    .max(200, { error: "Cancel at most 200 tasks at once." })
    .transform((ids) => [...new Set(ids)]),
});

export const POST = handle(async (request) => {
  const user = await requireAdmin(request);
  const { ids } = await readJson(request, bodySchema);
  const results = await cancelTasks(await db(), actorOf(request, user), ids);
  const canceled = results.filter((result) => result.outcome === "canceled").length;
  return json({ results, summary: { requested: ids.length, canceled, notCanceled: ids.length - canceled } });
});
