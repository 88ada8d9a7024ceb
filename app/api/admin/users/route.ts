// GET /api/admin/users - everyone on the team (admins only)
// POST /api/admin/users - add a teammate as member or admin (admins only)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { createUser, toUserView } from "@/lib/server/users/service";
import { newUserSchema } from "@/lib/shared/users";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ users: (await listUsers(await db())).map(toUserView) });
});

export const POST = handle(async (request) => {
  const admin = await requireAdmin(request);
  const input = await readJson(request, newUserSchema);
  const user = await createUser(await db(), input, actorOf(request, admin));
  return json({ user: toUserView(user) }, { status: 201 });
});
