// GET /api/tags?q= - the team's tags, most used first (those starting with q), for suggestions and filters
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readQuery } from "@/lib/server/http/parse";
import { suggestTags } from "@/lib/server/tasks/organise";
import { tagSuggestQuerySchema } from "@/lib/shared/library";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  return json({ tags: await suggestTags(await db(), readQuery(request, tagSuggestQuerySchema)) });
});
