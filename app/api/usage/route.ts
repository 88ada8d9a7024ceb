// GET /api/usage - spend per day, member, model and provider over a period, with what is left of
// the budgets (members: their own; admins: the team's, or one member's with ?member=)
import { requireUser } from "@/lib/server/auth/session";
import { usageReport } from "@/lib/server/budgets/usage";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { usageFiltersSchema } from "@/lib/shared/usage";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const filters = readQuery(request, usageFiltersSchema);
  return json({ usage: await usageReport(await db(), user, filters) });
});
