// GET /api/admin/providers - each provider: live or sandbox, health, balance, call budget in use (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { providerOverviews } from "@/lib/server/providers/overview";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ providers: await providerOverviews(await db()) });
});
