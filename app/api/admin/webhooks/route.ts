// GET /api/admin/webhooks - recent webhook deliveries with their task and outcome, and provider
// tasks deliveries named that no task here had (admins)
import { z } from "zod";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { recentUnlinked } from "@/lib/server/db/queries/unlinked";
import { listDeliveries } from "@/lib/server/db/queries/webhooks";
import { validationFailed } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { recentRefusals } from "@/lib/server/webhooks/refusals";
import { toUnlinkedView } from "@/lib/server/webhooks/unlinked";
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
  const database = await db();
  const page = await listDeliveries(database, { limit, cursor: cursor ?? null });
  if (!page) throw validationFailed({ cursor: "This page link is not valid; start from the first page." });
  const body: WebhookInboxPage = {
    items: page.rows.map(toDeliveryView),
    nextCursor: page.next,
    // The first page carries the lists that are not paged.
    refused: cursor ? [] : recentRefusals(),
    unlinked: cursor ? [] : (await recentUnlinked(database)).map(toUnlinkedView),
  };
  return json(body);
});
