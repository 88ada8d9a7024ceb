// GET /api/tasks/:id/comments - the task's comments, oldest first; POST - add one ({ body }, "@Name" mentions a
// teammate, who is notified) (any teammate)
import { requireUser } from "@/lib/server/auth/session";
import { addComment, listComments } from "@/lib/server/comments/service";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { commentBodySchema } from "@/lib/shared/comments";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json({ comments: await listComments(await db(), user, id) });
});

export const POST = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { body } = await readJson(request, commentBodySchema);
  return json({ comment: await addComment(await db(), user, id, body) }, { status: 201 });
});
