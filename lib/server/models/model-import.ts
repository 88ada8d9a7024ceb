import "server-only";
import type { ModelKind } from "@/lib/shared/catalog/ids";
import type { JsonSchema } from "@/lib/shared/catalog/json-schema";

// What a provider's model import reads from an admin's upload (skills.video: its openapi.json and
// docs.json), before it is stored: each model with its request schema, and what was skipped.

export type ImportedModelDraft = {
  id: string;
  label: string;
  kind: ModelKind;
  summary: string;
  requestSchema: JsonSchema;
  /** Why the form cannot be built (the model is stored, but offered as unavailable). */
  problems: string[];
};

export type OpenApiReading = { models: ImportedModelDraft[]; skipped: { endpoint: string; reason: string }[] };

/** The upload cannot be imported, with the reason (it names the model and the limit it broke). */
export class ImportError extends Error {}

/** A provider whose models can be added from its published API description. */
export type ModelImport = {
  read(openapi: unknown, docs?: unknown): OpenApiReading;
};
