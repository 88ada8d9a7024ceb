import { AIVIDEOMAKER_MODELS } from "./aivideomaker";
import { APIDOT_MODELS } from "./apidot";
import { type ProviderId } from "./ids";
import { fieldsFromJsonSchema, type JsonSchema } from "./json-schema";
import type { CatalogModel } from "./model";
import { NO_SCHEMA_REASON, SKILLS_VIDEO_MODELS } from "./skills-video";

export { inputSchemaFor } from "./fields";
export type { CatalogModel } from "./model";
export * from "./ids";

// Every model Cutroom knows, from every provider. Pages get it through /api/models (with sandbox
// labels and prices); only server code and the generate form's schema builder import this module.

/** A model described by a JSON Schema: its fields, or the reason it cannot be offered. */
export function modelFromSchema(
  provider: ProviderId,
  base: Omit<CatalogModel, "provider" | "fields" | "unavailable" | "requestSchema" | "importedAt"> & { importedAt?: string },
  schema: JsonSchema | undefined,
): CatalogModel {
  if (!schema) return { ...base, provider, fields: [], unavailable: NO_SCHEMA_REASON };
  const { fields, problems } = fieldsFromJsonSchema(schema);
  return {
    ...base,
    provider,
    fields,
    requestSchema: schema,
    ...(problems.length ? { unavailable: `Cutroom cannot build a form for this model. ${problems.join(" ")}` } : {}),
  };
}

export const CATALOG: readonly CatalogModel[] = [
  ...AIVIDEOMAKER_MODELS.map((model) => ({ ...model, provider: "aivideomaker" as const })),
  ...SKILLS_VIDEO_MODELS.map(({ schema, ...model }) => modelFromSchema("skills-video", model, schema)),
  ...APIDOT_MODELS.map((model) => ({ ...model, provider: "apidot" as const })),
];

// Models imported from a provider's openapi.json (server only: loaded from the database by
// lib/server/models/imported.ts). Kept on globalThis so every bundle of the server sees one list.
const globalForCatalog = globalThis as unknown as { cutroomImportedModels?: readonly CatalogModel[] };

export function setImportedModels(models: readonly CatalogModel[]): void {
  globalForCatalog.cutroomImportedModels = models;
}

const sameModel = (a: Pick<CatalogModel, "provider" | "id">, b: Pick<CatalogModel, "provider" | "id">) =>
  a.provider === b.provider && a.id === b.id;

/** The built-in catalog with imported models: an import replaces the built-in entry of the same id. */
export function allModels(): readonly CatalogModel[] {
  const imported = globalForCatalog.cutroomImportedModels ?? [];
  if (imported.length === 0) return CATALOG;
  const replaced = CATALOG.map((model) => imported.find((candidate) => sameModel(candidate, model)) ?? model);
  return [...replaced, ...imported.filter((model) => !CATALOG.some((builtIn) => sameModel(builtIn, model)))];
}

export function findModel(provider: string, id: string): CatalogModel | undefined {
  const imported = globalForCatalog.cutroomImportedModels?.find((model) => model.provider === provider && model.id === id);
  return imported ?? CATALOG.find((model) => model.provider === provider && model.id === id);
}

/** The text shown for a task in lists: its prompt, or its segment prompts joined. */
export function promptTextFor(input: Record<string, unknown>): string {
  if (typeof input.prompt === "string") return input.prompt;
  if (Array.isArray(input.segments)) return input.segments.filter((part) => typeof part === "string").join(" / ");
  return "";
}

/** Length of the video the input asks for, in seconds, when the input decides it. */
export function videoSecondsFor(model: CatalogModel, input: Record<string, unknown>): number | undefined {
  for (const field of model.fields) {
    if (field.kind === "segments" && field.secondsEach && Array.isArray(input[field.name])) {
      return (input[field.name] as unknown[]).length * field.secondsEach;
    }
    if (field.name === "duration") {
      const value = Number(input.duration);
      if (Number.isFinite(value) && value > 0) return value;
    }
  }
  return undefined;
}

/** Every uploaded image an input refers to, in any image field, single or several. */
export function uploadIdsOf(model: CatalogModel, input: Record<string, unknown>): { field: string; uploadId: string }[] {
  const found: { field: string; uploadId: string }[] = [];
  for (const field of imageFieldsOf(model)) {
    const value = input[field];
    for (const ref of Array.isArray(value) ? value : [value]) {
      if (ref && typeof ref === "object" && typeof (ref as { uploadId?: unknown }).uploadId === "string") {
        found.push({ field, uploadId: (ref as { uploadId: string }).uploadId });
      }
    }
  }
  return found;
}

/** Names of a model's image fields, single or several. */
export function imageFieldsOf(model: CatalogModel): string[] {
  return model.fields.filter((field) => field.kind === "image" || field.kind === "images").map((field) => field.name);
}
