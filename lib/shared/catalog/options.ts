import type { CatalogModel } from "./model";

/** A model as the generate form offers it: provider label, sandbox or not, and its price range. */
export type ModelOption = CatalogModel & {
  sandbox: boolean;
  providerLabel: string;
  /** "quoted": the provider prices a request before it runs; "per-run": only once it has run. */
  pricing: "quoted" | "per-run";
  price: { min: number; max: number } | null;
  /** Set when images can only be given as links for this model's provider, saying why. */
  uploadsBlocked?: string;
  /**
   * What Generate's picker says of it in one line (kind, settings, price) and whether another
   * provider has a model of that name: worked out by the page on the server (withPickerLines in
   * components/generate/model-facts.ts), so the browser ships none of that code.
   */
  summary?: string;
  nameShared?: boolean;
};

export const modelKey = (model: { provider: string; id: string }) => `${model.provider}/${model.id}`;

/** The kinds of generation the provider skills name (t2v, i2v, t2i, i2i, v2v) that a model does. */
export const GENERATION_MODES = [
  { id: "t2v", label: "Text to video" },
  { id: "i2v", label: "Image to video" },
  { id: "t2i", label: "Text to image" },
  { id: "i2i", label: "Image edit" },
  { id: "v2v", label: "Video to video" },
] as const;
export type GenerationMode = (typeof GENERATION_MODES)[number]["id"];

export function modesOf(model: Pick<CatalogModel, "kind" | "fields">): GenerationMode[] {
  const takesImage = model.fields.some((field) => field.kind === "image" || field.kind === "images");
  const needsImage = model.fields.some((field) => (field.kind === "image" && field.required) || (field.kind === "images" && field.min > 0));
  switch (model.kind) {
    case "video-to-video":
      return ["v2v"];
    case "text-to-image":
    case "image-to-image":
      return [
        ...(model.kind === "text-to-image" && !needsImage ? (["t2i"] as const) : []),
        ...(takesImage || model.kind === "image-to-image" ? (["i2i"] as const) : []),
      ];
    default:
      return [...(!needsImage ? (["t2v"] as const) : []), ...(takesImage || model.kind !== "text-to-video" ? (["i2v"] as const) : [])];
  }
}

/**
 * The model an image (a result used as input) starts on: one that makes video from an image and
 * takes uploads, with the image in its first image field. Models that need an image come first
 * (they are image-to-video proper), then those that merely accept one; the earlier provider wins.
 */
export function modelForImage(
  models: readonly ModelOption[],
  uploadId: string,
): { model: ModelOption; values: Record<string, unknown> } | undefined {
  const candidates = models.filter((model) => !model.unavailable && !model.uploadsBlocked && modesOf(model).includes("i2v"));
  const needsImage = (model: ModelOption) => !modesOf(model).includes("t2v");
  const model = candidates.find(needsImage) ?? candidates[0];
  return model ? { model, values: imageValuesFor(model, uploadId) } : undefined;
}

/** The values that put an uploaded image into a model's first image field (a one-item list for a list). */
export function imageValuesFor(model: Pick<CatalogModel, "fields">, uploadId: string): Record<string, unknown> {
  const field = model.fields.find((candidate) => candidate.kind === "image" || candidate.kind === "images");
  if (!field) return {};
  return { [field.name]: field.kind === "images" ? [{ uploadId }] : { uploadId } };
}
