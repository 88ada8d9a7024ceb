import "server-only";
import { recordAudit, type AuditActor } from "../audit/log";
import { eq } from "drizzle-orm";
import type { Db } from "../db";
import { providerModels } from "../db/schema";
import { validationFailed } from "../errors";
import { logger } from "../logger";
import { findModel, modelFromSchema, setImportedModels, type CatalogModel } from "@/lib/shared/catalog";
import { MODEL_KINDS, type ModelKind, type ProviderId } from "@/lib/shared/catalog/ids";
import type { JsonSchema } from "@/lib/shared/catalog/json-schema";
import type { ProviderDescriptor } from "../providers/descriptor";
import { ImportError, type ModelImport } from "./model-import";
import { schemaLimitProblem } from "./schema-limits";

// Imported models live in the database, so every instance offers the same ones; each instance
// keeps them in memory (the catalog's lookups are synchronous) and re-reads them at most every
// REFRESH_MS, and at once after an import it made itself.

const REFRESH_MS = 30_000;
const globalForImports = globalThis as unknown as { cutroomImportsLoadedAt?: number; cutroomImportsLoading?: Promise<void> };

function toCatalogModel(row: typeof providerModels.$inferSelect): CatalogModel {
  const kind = (MODEL_KINDS as readonly string[]).includes(row.kind) ? (row.kind as ModelKind) : "text-to-video";
  const typicalSeconds = findModel(row.provider, row.modelId)?.typicalSeconds ?? (kind === "text-to-image" ? 30 : 180);
  const base = { id: row.modelId, label: row.label, kind, summary: row.summary, typicalSeconds, importedAt: row.importedAt.toISOString() };
  // Imported before the limits existed: its form (a 300,000-value enum) would go to every user.
  const overLimit = row.requestSchema ? schemaLimitProblem(row.requestSchema) : null;
  if (overLimit) {
    logger().warn({ event: "imported_model_over_limits", modelId: row.modelId }, "an imported model's stored schema is over the limits");
    return {
      ...modelFromSchema(row.provider as ProviderId, base, undefined),
      unavailable: `Its request schema is too large for Cutroom: ${overLimit} Import the provider's openapi.json again.`,
    };
  }
  return modelFromSchema(row.provider as ProviderId, base, (row.requestSchema as JsonSchema | null) ?? undefined);
}

/** When this instance last read the imported models (changes mean the catalog may have). */
export function importsLoadedAt(): number {
  return globalForImports.cutroomImportsLoadedAt ?? 0;
}

export async function loadImportedModels(db: Db): Promise<void> {
  const rows = await db.select().from(providerModels);
  // Built before the catalog changes, so an entry's typical duration comes from the built-in one.
  setImportedModels([]);
  setImportedModels(rows.map(toCatalogModel));
  globalForImports.cutroomImportsLoadedAt = Date.now();
}

/** Re-reads imported models when the in-memory copy is older than REFRESH_MS. */
export async function refreshImportedModels(db: Db): Promise<void> {
  if (Date.now() - (globalForImports.cutroomImportsLoadedAt ?? 0) < REFRESH_MS) return;
  globalForImports.cutroomImportsLoading ??= loadImportedModels(db).finally(() => {
    globalForImports.cutroomImportsLoading = undefined;
  });
  await globalForImports.cutroomImportsLoading;
}

export type ImportReport = {
  added: { id: string; label: string; usable: boolean }[];
  updated: { id: string; label: string; usable: boolean }[];
  skipped: { endpoint: string; reason: string }[];
};

/** Adds or refreshes a provider's models from its openapi.json (and docs.json), in one transaction. */
export async function importProviderModels(
  db: Db,
  descriptor: Pick<ProviderDescriptor, "id"> & { modelImport: ModelImport },
  actor: AuditActor & { id: string },
  openapi: unknown,
  docs?: unknown,
): Promise<ImportReport> {
  const provider = descriptor.id;
  let reading;
  try {
    reading = descriptor.modelImport.read(openapi, docs);
  } catch (error) {
    if (error instanceof ImportError) throw validationFailed({ openapi: error.message }, error.message);
    throw error;
  }
  const report: ImportReport = { added: [], updated: [], skipped: reading.skipped };
  await db.transaction(async (tx) => {
    const existing = new Set(
      (await tx.select({ id: providerModels.modelId }).from(providerModels).where(eq(providerModels.provider, provider))).map(
        (row) => row.id,
      ),
    );
    for (const model of reading.models) {
      const values = {
        provider,
        modelId: model.id,
        label: model.label,
        kind: model.kind,
        summary: model.summary,
        requestSchema: model.requestSchema as Record<string, unknown>,
        importedAt: new Date(),
        importedBy: actor.id,
      };
      await tx
        .insert(providerModels)
        .values(values)
        .onConflictDoUpdate({ target: [providerModels.provider, providerModels.modelId], set: values });
      // A model listed before without a schema counts as added: it could not be used until now.
      const known = existing.has(model.id) || Boolean(findModel(provider, model.id)?.requestSchema);
      (known ? report.updated : report.added).push({ id: model.id, label: model.label, usable: model.problems.length === 0 });
    }
    await recordAudit(tx, actor, {
      action: "models_imported",
      target: { type: "provider", id: provider, label: provider },
      after: {
        added: report.added.map((model) => model.id),
        updated: report.updated.map((model) => model.id),
        skipped: report.skipped.length,
      },
    });
  });
  await loadImportedModels(db);
  logger().info(
    {
      event: "models_imported",
      provider,
      added: report.added.length,
      updated: report.updated.length,
      skipped: report.skipped.length,
    },
    "imported models from openapi.json",
  );
  return report;
}
