// PUT /api/tasks/:id/project - move a task into a project, or out of any with null (its owner or an admin)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { setTaskProject } from "@/lib/server/projects/service";
import { taskProjectBodySchema } from "@/lib/shared/projects";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PUT = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const { projectId } = await readJson(request, taskProjectBodySchema);
  return json({ id, project: await setTaskProject(await db(), user, id, projectId) });
});
