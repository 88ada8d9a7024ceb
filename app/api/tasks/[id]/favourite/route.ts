// PUT /api/tasks/:id/favourite - mark a task (mine or a teammate's) as one of my favourites
// DELETE /api/tasks/:id/favourite - clear the mark; both are idempotent and private to me
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { setFavourite } from "@/lib/server/tasks/favourites";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

const mark = (favourite: boolean) =>
  handle<Context>(async (request, context) => {
    const user = await requireUser(request);
    const { id } = readParams(await context.params, taskIdSchema);
    await setFavourite(await db(), user.id, id, favourite);
    return json({ id, favourite });
  });

export const PUT = mark(true);
export const DELETE = mark(false);
