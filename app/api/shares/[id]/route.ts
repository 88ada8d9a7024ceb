// DELETE /api/shares/:id - revoke a share link (whoever made it, or an admin); it answers 404 from then on
import { actorOf } from "@/lib/server/audit/log";
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readParams } from "@/lib/server/http/parse";
import { revokeShare } from "@/lib/server/shares/service";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const DELETE = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await revokeShare(await db(), actorOf(request, user), id);
  return json({ id, revoked: true });
});
