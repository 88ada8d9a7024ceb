// GET /api/admin/budgets - each provider's spend limits and this month's spend, team and per member (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { budgetOverview } from "@/lib/server/budgets/overview";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ providers: await budgetOverview(await db()) });
});
