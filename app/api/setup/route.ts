// POST /api/setup - create the first admin; refused once any user exists
import { db } from "@/lib/server/db";
import { clientIp } from "@/lib/server/http/client-info";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { createFirstAdmin, toUserView } from "@/lib/server/users/service";
import { setupSchema } from "@/lib/shared/users";

export const dynamic = "force-dynamic";

export const POST = handle(async (request) => {
  const input = await readJson(request, setupSchema);
  const user = await createFirstAdmin(await db(), input, { ip: clientIp(request) });
  return json({ user: toUserView(user) }, { status: 201 });
});
