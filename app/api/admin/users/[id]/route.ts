// PATCH /api/admin/users/:id - change a teammate's role, disable or enable them, or set a new password (admins)
// DELETE /api/admin/users/:id - delete a teammate; body {reassignTo: id | null} says who takes their tasks (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { deleteUser } from "@/lib/server/users/delete-user";
import { toUserView, updateUser } from "@/lib/server/users/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";
import { deleteUserSchema, userChangesSchema } from "@/lib/shared/users";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PATCH = handle<Context>(async (request, context) => {
  const admin = await requireAdmin(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const changes = await readJson(request, userChangesSchema);
  return json({ user: toUserView(await updateUser(await db(), actorOf(request, admin), id, changes)) });
});

export const DELETE = handle<Context>(async (request, context) => {
  const admin = await requireAdmin(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const input = await readJson(request, deleteUserSchema);
  const { user, tasksReassigned } = await deleteUser(await db(), actorOf(request, admin), id, input);
  return json({ user: toUserView(user), tasksReassigned });
});
