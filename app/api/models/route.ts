// GET /api/models - the models the generate form offers: fields, sandbox or live, price range, and
// which of them the signed-in member may use
import { requireUser } from "@/lib/server/auth/session";
import { handle, json } from "@/lib/server/http/respond";
import { modelOptionsFor } from "@/lib/server/models/member-options";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  return json({ models: await modelOptionsFor(await requireUser(request)) });
});
