// PUT /api/tasks/:id/review - approve an output or ask for changes, with an optional note, or clear the review with
// { state: null } (any teammate; a succeeded task only)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { reviewTask } from "@/lib/server/tasks/review";
import { reviewBodySchema } from "@/lib/shared/review";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PUT = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const body = await readJson(request, reviewBodySchema);
  return json({ id, review: await reviewTask(await db(), { kind: "member", user }, id, body) });
});
