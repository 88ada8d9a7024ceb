// GET /api/admin/retention[?days=N] - the retention rule and how many outputs it (or N days) would delete now;
// PUT - set it ({ days } or { days: null } to turn it off) (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readQuery } from "@/lib/server/http/parse";
import { retentionView, setRetention } from "@/lib/server/tasks/retention";
import { retentionBodySchema, retentionPreviewQuerySchema } from "@/lib/shared/retention";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  const query = readQuery(request, retentionPreviewQuerySchema);
  return json({ retention: await retentionView(await db(), query.days) });
});

export const PUT = handle(async (request) => {
  const admin = await requireAdmin(request);
  const body = await readJson(request, retentionBodySchema);
  return json({ retention: await setRetention(await db(), actorOf(request, admin), body.days) });
});
