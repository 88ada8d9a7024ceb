// GET /api/providers/status - whether each provider is working, in words (for Generate's banner)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { providerStatuses } from "@/lib/server/providers/status";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  return json({ providers: await providerStatuses(await db()) });
});
