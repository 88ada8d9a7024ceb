// GET /api/admin/access - which models members may use; PUT - set or clear one list (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { listModelAccess, saveModelAccess } from "@/lib/server/budgets/access";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { accessUpdateSchema } from "@/lib/shared/budgets";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ access: await listModelAccess(await db()) });
});

export const PUT = handle(async (request) => {
  const admin = await requireAdmin(request);
  const update = await readJson(request, accessUpdateSchema);
  const database = await db();
  await saveModelAccess(database, actorOf(request, admin), update);
  return json({ access: await listModelAccess(database) });
});
