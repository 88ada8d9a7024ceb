// GET /api/usage/export - the Usage page's tasks as CSV, one row per task (same filters and scope)
import { requireUser } from "@/lib/server/auth/session";
import { usageCsv } from "@/lib/server/budgets/usage-csv";
import { usagePeriod, usageScope } from "@/lib/server/budgets/usage";
import { db } from "@/lib/server/db";
import { contentDisposition } from "@/lib/server/http/file-response";
import { handle } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { usageFiltersSchema } from "@/lib/shared/usage";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const filters = readQuery(request, usageFiltersSchema);
  const database = await db();
  const period = usagePeriod(filters);
  const scope = await usageScope(database, user, filters.member);
  return new Response(usageCsv(database, period, scope, filters.provider), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition("attachment", `cutroom-usage-${period.fromDay}-to-${period.toDay}.csv`),
      "cache-control": "private, no-store",
    },
  });
});
