// GET /api/admin/webhooks - recent webhook deliveries with their task and outcome (admins)
import { z } from "zod";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { listDeliveries } from "@/lib/server/db/queries/webhooks";
import { validationFailed } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { recentRefusals } from "@/lib/server/webhooks/refusals";
import { toDeliveryView } from "@/lib/server/webhooks/view";
import type { WebhookInboxPage } from "@/lib/shared/webhooks";

export const dynamic = "force-dynamic";

const querySchema = z.strictObject({
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number({ error: "limit must be a number." }).int().min(1).max(100).default(50),
});

export const GET = handle(async (request) => {
  await requireAdmin(request);
  const { cursor, limit } = readQuery(request, querySchema);
  const page = await listDeliveries(await db(), { limit, cursor: cursor ?? null });
  if (!page) throw validationFailed({ cursor: "This page link is not valid; start from the first page." });
  const body: WebhookInboxPage = { items: page.rows.map(toDeliveryView), nextCursor: page.next, refused: cursor ? [] : recentRefusals() };
  return json(body);
});
