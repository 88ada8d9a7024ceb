// POST /api/admin/models/import - admins: add or refresh a provider's models from its openapi.json
// (and optionally docs.json), sent as {provider, openapi, docs?}
import { z } from "zod";
import { actorOf } from "@/lib/server/audit/log";
import { requireAdmin } from "@/lib/server/auth/session";
import { db } from "@/lib/server/db";
import { validationFailed } from "@/lib/server/errors";
import { handle, json } from "@/lib/server/http/respond";
import { readJson } from "@/lib/server/http/parse";
import { importProviderModels } from "@/lib/server/models/imported";
import { forgetModelOptions } from "@/lib/server/models/prices";
import { findDescriptor } from "@/lib/server/providers/registry";

export const dynamic = "force-dynamic";

// A platform openapi.json with every model runs to a few megabytes.
const MAX_IMPORT_BYTES = 8 * 1024 * 1024;

const bodySchema = z.strictObject({
  provider: z.string({ error: "Choose the provider to import models for." }).max(100),
  openapi: z.record(z.string(), z.unknown(), { error: "Choose the provider's openapi.json (a JSON object)." }),
  docs: z.record(z.string(), z.unknown(), { error: "docs.json must be a JSON object." }).optional(),
});

export const POST = handle(async (request) => {
  const admin = await requireAdmin(request);
  const body = await readJson(request, bodySchema, MAX_IMPORT_BYTES);
  const descriptor = findDescriptor(body.provider);
  if (!descriptor?.modelImport) throw validationFailed({ provider: "This provider's models cannot be imported." });
  const report = await importProviderModels(
    await db(),
    { id: descriptor.id, modelImport: descriptor.modelImport },
    actorOf(request, admin),
    body.openapi,
    body.docs,
  );
  forgetModelOptions();
  return json({ report });
});
