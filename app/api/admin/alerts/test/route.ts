// POST /api/admin/alerts/test - send a signed test alert to the team's webhook now (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { recentAlerts, sendTestAlert } from "@/lib/server/budgets/alerts";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  await requireAdmin(request);
  const database = await db();
  const outcome = await sendTestAlert(database);
  return json({ outcome, alerts: await recentAlerts(database) });
});
