import * as z from "zod/mini";

// The small, client-safe facts about providers and model kinds. The catalog itself (every model's
// fields) stays on the server and reaches the browser through /api/models, so pages that only
// filter by provider or kind do not ship it.

export const PROVIDER_IDS = ["aivideomaker", "skills-video", "apidot"] as const;
export type ProviderId = (typeof PROVIDER_IDS)[number];

export const PROVIDER_LABELS: Record<ProviderId, string> = {
  aivideomaker: "AIVideoMaker",
  "skills-video": "skills.video",
  apidot: "APIDot",
};

export const MODEL_KINDS = ["text-to-video", "image-to-video", "long-video", "video-to-video", "text-to-image", "image-to-image"] as const;
export type ModelKind = (typeof MODEL_KINDS)[number];

export const KIND_LABELS: Record<ModelKind, string> = {
  "text-to-video": "Text to video",
  "image-to-video": "Image to video",
  "long-video": "Long video",
  "video-to-video": "Video to video",
  "text-to-image": "Image",
  "image-to-image": "Image edit",
};

/** What a model makes. */
export const outputOf = (kind: ModelKind): "video" | "image" => (kind === "text-to-image" || kind === "image-to-image" ? "image" : "video");

export const modelIdSchema = z.string({ error: "Choose a model." }).check(z.minLength(1, { error: "Choose a model." }), z.maxLength(100));
