// POST /api/account/password - change one's own password; the other sessions end, this one stays
import { actorOf } from "@/lib/server/audit/log";
import { requireUserSession } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { changeOwnPassword } from "@/lib/server/users/password-change";
import { passwordChangeSchema } from "@/lib/shared/account";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const { user, sessionId } = await requireUserSession(request);
  const input = await readJson(request, passwordChangeSchema);
  return json(await changeOwnPassword(await db(), actorOf(request, user), sessionId, input));
});
