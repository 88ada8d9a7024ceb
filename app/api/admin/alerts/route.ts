// GET /api/admin/alerts - where alerts go and the latest ones; PUT - set the webhook URL or a new secret (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { alertSettingsView, recentAlerts, saveAlertSettings } from "@/lib/server/budgets/alerts";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { alertSettingsSchema } from "@/lib/shared/budgets";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  const database = await db();
  return json({ settings: await alertSettingsView(database), alerts: await recentAlerts(database) });
});

export const PUT = handle(async (request) => {
  const admin = await requireAdmin(request);
  const update = await readJson(request, alertSettingsSchema);
  const database = await db();
  return json({ settings: await saveAlertSettings(database, actorOf(request, admin), update), alerts: await recentAlerts(database) });
});
