// GET /api/notifications - my notices (mentions), newest first, with the unread count;
// ?summary=1 - only the count and the newest unread one (the header's poll)
import { requireUser } from "@/lib/server/auth/session";
import { listNotifications, notificationSummary } from "@/lib/server/comments/notifications";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { notificationsQuerySchema } from "@/lib/shared/comments";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  const query = readQuery(request, notificationsQuerySchema);
  const database = await db();
  const summary = await notificationSummary(database, user.id);
  return json(query.summary ? summary : { ...summary, items: await listNotifications(database, user.id) });
});
