// GET /api/admin/approvals - tasks waiting for approval, oldest first; POST - approve or refuse some (admins)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { decideApprovals, listAwaiting } from "@/lib/server/budgets/approvals";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { approvalDecisionSchema } from "@/lib/shared/budgets";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ items: await listAwaiting(await db()) });
});

export const POST = handle(async (request) => {
  const admin = await requireAdmin(request);
  const decision = await readJson(request, approvalDecisionSchema);
  return json({ results: await decideApprovals(await db(), actorOf(request, admin), decision) });
});
