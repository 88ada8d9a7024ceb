// GET /api/team - who is on the team (names only) and the models there are, for list filters
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { listUsers } from "@/lib/server/db/queries/users";
import { handle, json } from "@/lib/server/http/respond";
import { refreshImportedModels } from "@/lib/server/models/imported";
import { PROVIDER_LABELS, allModels } from "@/lib/shared/catalog";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  await requireUser(request);
  const database = await db();
  await refreshImportedModels(database);
  const users = await listUsers(database);
  return json({
    members: users.map((user) => ({ id: user.id, name: user.name })),
    models: allModels()
      .filter((model) => !model.unavailable)
      .map((model) => ({
        provider: model.provider,
        providerLabel: PROVIDER_LABELS[model.provider],
        id: model.id,
        label: model.label,
      })),
  });
});
