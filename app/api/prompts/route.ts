// GET /api/prompts - my own latest prompts, newest first, each once (Generate's prompt history)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { recentPrompts } from "@/lib/server/tasks/recent-prompts";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  return json({ prompts: await recentPrompts(await db(), user.id) });
});
