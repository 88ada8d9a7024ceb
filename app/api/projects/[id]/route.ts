// GET /api/projects/:id - one project with its counts
// PATCH /api/projects/:id - rename it or change its description (whoever started it, or an admin)
// DELETE /api/projects/:id - delete it; its tasks stay, in no project
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { deleteProject, getProject, updateProject } from "@/lib/server/projects/service";
import { updateProjectSchema } from "@/lib/shared/projects";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const GET = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json({ project: await getProject(await db(), user, id) });
});

export const PATCH = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const input = await readJson(request, updateProjectSchema);
  return json({ project: await updateProject(await db(), user, id, input) });
});

export const DELETE = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  return json({ id, deleted: true, ...(await deleteProject(await db(), user, id)) });
});
