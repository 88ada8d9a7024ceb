// GET /api/team - who is on the team (names only), for owner filters
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";
import { handle, json } from "@/lib/server/http/respond";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  const users = await listUsers(await db());
  return json({ members: users.map((user) => ({ id: user.id, name: user.name })) });
});
