// PATCH /api/comments/:id - edit a comment ({ body }); DELETE - delete it (its author only)
import { requireUser } from "@/lib/server/auth/session";
import { deleteComment, editComment } from "@/lib/server/comments/service";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { commentBodySchema } from "@/lib/shared/comments";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PATCH = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { body } = await readJson(request, commentBodySchema);
  return json({ comment: await editComment(await db(), user, id, body) });
});

export const DELETE = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await deleteComment(await db(), user, id);
  return json({ id, deleted: true });
});
