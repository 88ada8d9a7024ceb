// GET /api/tasks - the team's tasks: filters, search, sort by created or duration, keyset pages
// POST /api/tasks - create a generation task (written before the provider is called)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { findTaskWithOwner } from "@/lib/server/db/queries/tasks";
import { decodeListCursor, listTasks } from "@/lib/server/db/queries/task-list";
import { validationFailed } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readQuery } from "@/lib/server/http/parse";
import { createTask } from "@/lib/server/tasks/create-task";
import { toTaskListItem, toTaskView } from "@/lib/server/tasks/view";
import { listTaskEvents } from "@/lib/server/db/queries/tasks";
import { createTaskSchema } from "@/lib/shared/tasks-api";
import { taskListQuerySchema } from "@/lib/shared/task-filters";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const { cursor: rawCursor, limit, ...filters } = readQuery(request, taskListQuerySchema);
  const cursor = rawCursor ? decodeListCursor(rawCursor, filters.sort === "duration" ? "number" : "time") : null;
  if (rawCursor && !cursor) throw validationFailed({ cursor: "This page link is not valid; start from the first page." });
  const page = await listTasks(await db(), filters, { viewerId: user.id, limit, cursor });
  return json({ items: page.rows.map((task) => toTaskListItem(task, user)), nextCursor: page.next });
});

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const body = await readJson(request, createTaskSchema);
  const database = await db();
  const task = await createTask(database, user, body);
  const view = toTaskView((await findTaskWithOwner(database, task.id))!, user, await listTaskEvents(database, task.id));
  return json({ task: view }, { status: 201 });
});
