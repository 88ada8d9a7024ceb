// GET /api/admin/invites - pending invitation links (admins only)
// POST /api/admin/invites - invite a teammate by email and role: answers the one-time link, once (admins only)
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { publicOrigin } from "@/lib/server/http/client-info";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { createInvite, inviteLink, listPendingInvites, toInviteView } from "@/lib/server/users/invites";
import { inviteSchema } from "@/lib/shared/invites";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireAdmin(request);
  return json({ invites: await listPendingInvites(await db()) });
});

export const POST = handle(async (request) => {
  const admin = await requireAdmin(request);
  const input = await readJson(request, inviteSchema);
  const { invite, token } = await createInvite(await db(), actorOf(request, admin), input);
  return json({ invite: toInviteView(invite, admin.name), link: inviteLink(publicOrigin(request), token) }, { status: 201 });
});
