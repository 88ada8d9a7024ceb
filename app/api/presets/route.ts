// GET /api/presets - my presets and the team's shared ones (Generate's Presets menu)
// POST /api/presets - save a model, its settings and a prompt under a name, private or shared
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { createPreset, listPresets } from "@/lib/server/presets/service";
import { createPresetSchema } from "@/lib/shared/presets";

export const dynamic = "force-dynamic";

export const GET = handle(async (request) => {
  const user = await requireUser(request);
  return json({ presets: await listPresets(await db(), user) });
});

export const POST = handle(async (request) => {
  const user = await requireUser(request);
  const input = await readJson(request, createPresetSchema);
  return json({ preset: await createPreset(await db(), user, input) }, { status: 201 });
});
