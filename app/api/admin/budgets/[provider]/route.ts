// PUT /api/admin/budgets/:provider - replace one provider's team budget, member limits and overrides (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { saveProviderLimits } from "@/lib/server/budgets/limits";
import { budgetOverview } from "@/lib/server/budgets/overview";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { limitsUpdateSchema, providerParamSchema } from "@/lib/shared/budgets";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ provider: string }> };

export const PUT = handle<Context>(async (request, context) => {
  const admin = await requireAdmin(request);
  const { provider } = readParams(await context.params, providerParamSchema);
  const update = await readJson(request, limitsUpdateSchema);
  const database = await db();
  await saveProviderLimits(database, actorOf(request, admin), provider, update);
  return json({ providers: await budgetOverview(database) });
});
