// GET /api/projects - the team's projects, by name, with their counts
// POST /api/projects - start a project (any member): name (unique regardless of case), description
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { createProject, listProjects } from "@/lib/server/projects/service";
import { createProjectSchema } from "@/lib/shared/projects";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  return json({ projects: await listProjects(await db(), user) });
});

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const input = await readJson(request, createProjectSchema);
  return json({ project: await createProject(await db(), user, input) }, { status: 201 });
});
