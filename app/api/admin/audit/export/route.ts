// GET /api/admin/audit/export - the filtered audit log as a CSV download (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { auditCsv } from "@/lib/server/audit/csv";
import { auditFilterOf } from "@/lib/server/audit/filter";
import { db } from "@/lib/server/db";
import { handle } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { contentDisposition } from "@/lib/server/http/file-response";
import { auditFiltersSchema } from "@/lib/shared/audit";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  const filters = readQuery(request, auditFiltersSchema);
  const day = new Date().toISOString().slice(0, 10);
  return new Response(auditCsv(await db(), auditFilterOf(filters)), {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": contentDisposition("attachment", `cutroom-audit-${day}.csv`),
      "cache-control": "private, no-store",
    },
  });
});
