// PUT /api/tasks/:id/tags - replace a task's tags (its owner or an admin); answers the saved set
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { setTags } from "@/lib/server/tasks/organise";
import { tagsBodySchema } from "@/lib/shared/library";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PUT = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { tags } = await readJson(request, tagsBodySchema);
  return json({ id, tags: await setTags(await db(), user, id, tags) });
});
