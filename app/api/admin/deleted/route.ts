// GET /api/admin/deleted - deleted outputs, newest first, with when their files go (admins)
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { listDeletedTasks } from "@/lib/server/tasks/delete-task";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ tasks: await listDeletedTasks(await db()) });
});
