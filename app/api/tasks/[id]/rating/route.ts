// PUT /api/tasks/:id/rating - set a task's star rating, 1 to 5, or clear it with null (its owner or an admin)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { setRating } from "@/lib/server/tasks/organise";
import { ratingBodySchema } from "@/lib/shared/library";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PUT = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { rating } = await readJson(request, ratingBodySchema);
  return json({ id, rating: await setRating(await db(), user, id, rating) });
});
