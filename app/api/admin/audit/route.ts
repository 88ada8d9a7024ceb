// GET /api/admin/audit - the audit log, newest first, filtered by action, person and time (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { listAudit, toAuditView } from "@/lib/server/audit/log";
import { auditFilterOf } from "@/lib/server/audit/filter";
import { db } from "@/lib/server/db";
import { validationFailed } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { auditQuerySchema, type AuditPage } from "@/lib/shared/audit";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  const query = readQuery(request, auditQuerySchema);
  const page = await listAudit(await db(), auditFilterOf(query), { limit: query.limit, cursor: query.cursor ?? null });
  if (!page) throw validationFailed({ cursor: "This page link is not valid; start from the first page." });
  const body: AuditPage = { items: page.rows.map(toAuditView), nextCursor: page.next };
  return json(body);
});
