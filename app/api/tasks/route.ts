// GET /api/tasks - the team's tasks: filters, search, sort by created or duration, keyset pages both ways, how many match
// POST /api/tasks - create a generation task, or up to 4 variants of it (written before the provider is called)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readQuery } from "@/lib/server/http/parse";
import { createTasks } from "@/lib/server/tasks/create-task";
import { newProviderClock, serverTimingHeader } from "@/lib/server/http/server-timing";
import { ownTaskView, readTaskPage } from "@/lib/server/tasks/read";
import { createTaskSchema } from "@/lib/shared/tasks-api";
import { taskListQuerySchema } from "@/lib/shared/task-filters";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const { cursor, limit, count, ...filters } = readQuery(request, taskListQuerySchema);
  return json(await readTaskPage(await db(), user, filters, { limit, cursor, count: count === "1" }));
});

export const POST = handle(async (request) => {
  // Server-Timing: Cutroom's own time and the provider's, apart (the create-path benchmark reads it).
  const started = performance.now();
  const clock = newProviderClock();
  const user = await requireUser(request);
  const body = await readJson(request, createTaskSchema);
  const database = await db();
  const made = await createTasks(database, user, body, clock);
  const views = await Promise.all(made.map((task) => ownTaskView(database, user, task)));
  // `task` is the first (or only) one; `tasks` every variant made, in order.
  return json({ task: views[0], tasks: views }, { status: 201, headers: { "server-timing": serverTimingHeader(started, clock) } });
});
