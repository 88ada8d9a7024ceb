// POST /api/invites/accept - create one's account from a one-time invitation link (no session: the token is the permission)
import { db } from "@/lib/server/db";
import { clientIp } from "@/lib/server/http/client-info";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { acceptInvite } from "@/lib/server/users/invites";
import { toUserView } from "@/lib/server/users/service";
import { acceptInviteSchema } from "@/lib/shared/invites";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const input = await readJson(request, acceptInviteSchema);
  const user = await acceptInvite(await db(), input, { ip: clientIp(request) });
  return json({ user: toUserView(user) }, { status: 201 });
});
