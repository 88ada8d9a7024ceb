// GET /api/models - the models the generate form offers: fields, sandbox or live, price range
import { requireUser } from "@/lib/server/auth/session";
import { handle, json } from "@/lib/server/http/respond";
import { modelOptions } from "@/lib/server/models/prices";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  return json({ models: await modelOptions() });
});
