import * as z from "zod/mini";
import { AIVIDEOMAKER_MODELS, type ModelKind } from "./aivideomaker";
import { schemaForFields, type FieldSpec } from "./fields";

export const PROVIDER_IDS = ["aivideomaker"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  aivideomaker: "AIVideoMaker",
};

export type CatalogModel = {
  provider: ProviderId;
  id: string;
  label: string;
  kind: ModelKind;
  summary: string;
  fields: readonly FieldSpec[];
  typicalSeconds: number;
};

export const CATALOG: readonly CatalogModel[] = AIVIDEOMAKER_MODELS.map((model) => ({ ...model, provider: "aivideomaker" }));

export const KIND_LABELS: Record<ModelKind, string> = {
  "text-to-video": "Text to video",
  "image-to-video": "Image to video",
  "long-video": "Long video",
};

export function findModel(provider: string, id: string): CatalogModel | undefined {
  return CATALOG.find((model) => model.provider === provider && model.id === id);
}

const schemaCache = new Map<CatalogModel, ReturnType<typeof schemaForFields>>();

export function inputSchemaFor(model: CatalogModel) {
  let schema = schemaCache.get(model);
  if (!schema) {
    schema = schemaForFields(model.fields);
    schemaCache.set(model, schema);
  }
  return schema;
}

export const modelIdSchema = z.string({ error: "Choose a model." }).check(z.minLength(1, { error: "Choose a model." }), z.maxLength(100));

export const modelRefSchema = z.object({
  provider: z.enum(PROVIDER_IDS, { error: "Choose a provider." }),
  model: modelIdSchema,
});

/** The text shown for a task in lists: its prompt, or its segment prompts joined. */
export function promptTextFor(input: Record<string, unknown>): string {
  if (typeof input.prompt === "string") return input.prompt;
  if (Array.isArray(input.segments)) return input.segments.filter((part) => typeof part === "string").join(" / ");
  return "";
}

/** Length of the video the input asks for, in seconds, when the input decides it. */
export function videoSecondsFor(model: CatalogModel, input: Record<string, unknown>): number | undefined {
  for (const field of model.fields) {
    if (field.kind === "segments" && Array.isArray(input[field.name])) {
      return (input[field.name] as unknown[]).length * field.secondsEach;
    }
    if (field.kind === "choice" && field.name === "duration" && typeof input.duration === "string") {
      return Number(input.duration);
    }
  }
  return undefined;
}

export function imageFieldsOf(model: CatalogModel): string[] {
  return model.fields.filter((field) => field.kind === "image").map((field) => field.name);
}
