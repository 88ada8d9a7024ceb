// PATCH /api/presets/:id - rename, share or unshare, or replace the settings of one of my presets
// DELETE /api/presets/:id - delete one of my presets (admins: a shared one too)
import { requireUser } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson, readParams } from "@/lib/server/http/parse";
import { deletePreset, updatePreset } from "@/lib/server/presets/service";
import { updatePresetSchema } from "@/lib/shared/presets";
import { taskIdSchema } from "@/lib/shared/tasks-api";

export const dynamic = "force-dynamic";

type Context = { params: Promise<{ id: string }> };

export const PATCH = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  const input = await readJson(request, updatePresetSchema);
  return json({ preset: await updatePreset(await db(), user, id, input) });
});

export const DELETE = handle<Context>(async (request, context) => {
  const user = await requireUser(request);
  const { id } = readParams(await context.params, taskIdSchema);
  await deletePreset(await db(), user, id);
  return json({ id, deleted: true });
});
