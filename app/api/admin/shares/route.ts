// GET /api/admin/shares - every share link, newest first, with its state, views and maker (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { listShares } from "@/lib/server/shares/service";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const admin = await requireAdmin(request);
  return json({ shares: await listShares(await db(), admin) });
});
