// POST /api/tasks/:id/as-input - the task's result as an image of mine: the image itself, or a
// video's last frame; answers the new upload, for the first frame of the next task
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { resultAsInput } from "@/lib/server/tasks/as-input";
import { toUploadView } from "@/lib/server/uploads/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const POST = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { upload, source } = await resultAsInput(await db(), user.id, id);
  return json({ upload: toUploadView(upload), source }, { status: 201 });
});
