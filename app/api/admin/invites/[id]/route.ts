// DELETE /api/admin/invites/:id - withdraw a pending invitation: its link stops working (admins only)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { revokeInvite } from "@/lib/server/users/invites";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const DELETE = handle<Context>(async (request, context) => {
  const admin = await requireAdmin(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await revokeInvite(await db(), actorOf(request, admin), id);
  return json({ id, withdrawn: true });
});
