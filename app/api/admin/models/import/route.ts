// POST /api/admin/models/import - admins: add or refresh skills.video models from its openapi.json
// (and optionally docs.json), sent as {openapi, docs?}
import { z } from "zod";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { importSkillsVideoModels } from "@/lib/server/models/imported";
import { forgetModelOptions } from "@/lib/server/models/prices";

export const dynamic = "force-dynamic";

// A platform openapi.json with every model runs to a few megabytes.
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

const bodySchema = z.strictObject({
  openapi: z.record(z.string(), z.unknown(), { error: "Choose the provider's openapi.json (a JSON object)." }),
  docs: z.record(z.string(), z.unknown(), { error: "docs.json must be a JSON object." }).optional(),
});

export const POST = handle(async (request) => {
  const admin = await requireAdmin(request);
  const body = await readJson(request, bodySchema, MAX_IMPORT_BYTES);
  const report = await importSkillsVideoModels(await db(), admin.id, body.openapi, body.docs);
  forgetModelOptions();
  return json({ report });
});
