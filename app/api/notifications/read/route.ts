// POST /api/notifications/read - mark my notices read: { ids: [...] } or { all: true }
import { requireUser } from "@/lib/server/auth/session";
import { markRead } from "@/lib/server/comments/notifications";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { markReadSchema } from "@/lib/shared/comments";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const which = await readJson(request, markReadSchema);
  return json(await markRead(await db(), user.id, which));
});
