import "server-only";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import type { Generation } from "./store";

// JSON shapes the skills.video sandbox sends (docs/provider-contracts.md §2): the generation object in the model's
// vocabulary, the `{error, code, message}` error body, and the webhook events.

export type Status = Generation["status"];
export const TERMINAL: ReadonlySet<Status> = new Set(["COMPLETED", "FAILED", "CANCELED"]);

const LEGACY: Record<Status, string> = {
  IN_QUEUE: "starting",
  IN_PROGRESS: "processing",
  COMPLETED: "succeeded",
  FAILED: "failed",
  CANCELED: "canceled",
};
/** These models' published docs use PredictionStatus; the sandbox answers them that way. */
const LEGACY_MODELS = new Set(["bytedance/seedance-1.5", "google/veo-3.1-lite"]);

export const WEBHOOK_EVENT: Record<Status, { type: string; state: string }> = {
  IN_QUEUE: { type: "task.created", state: "queued" },
  IN_PROGRESS: { type: "task.started", state: "running" },
  COMPLETED: { type: "task.completed", state: "succeeded" },
  FAILED: { type: "task.failed", state: "failed" },
  CANCELED: { type: "task.canceled", state: "canceled" },
};

export const fail = (c: Context, status: ContentfulStatusCode, sub: string, message: string, extra: Record<string, unknown> = {}) =>
  c.json({ error: sub, code: `VIDEO_GENERATION_${sub}`, message, ...extra }, status);

/** The status a generation's times say it has reached by `now` (the store moves it there). */
export function dueStatus(generation: Generation, now: Date): Status {
  if (now < generation.progressAt) return "IN_QUEUE";
  if (now < generation.finishAt) return "IN_PROGRESS";
  return generation.outcome;
}

function mediaOf(generation: Generation, basePath: string) {
  const file = `${generation.aspect}.${generation.output === "image" ? "png" : "mp4"}`;
  return {
    url: `${generation.origin}${basePath}/media/${file}`,
    content_type: generation.output === "image" ? "image/png" : "video/mp4",
    file_name: file,
  };
}

/** The generation object, in the model's vocabulary; `data` only once it has completed. */
export function generationView(generation: Generation, basePath: string) {
  const { status } = generation;
  const media = status === "COMPLETED" ? mediaOf(generation, basePath) : null;
  const data = media
    ? generation.output === "image"
      ? { type: "image", n: 1, images: [media], image: media }
      : { type: "video", n: 1, videos: [media], video: media }
    : null;
  const charged = status === "FAILED" ? 0 : generation.cost;
  return {
    id: generation.id,
    status: LEGACY_MODELS.has(generation.model) ? LEGACY[status] : status,
    input: generation.input,
    data,
    usage: { total: charged, subscription: 0, permanent: charged },
    ...(status === "FAILED" ? { code: "VIDEO_GENERATION_FAILED", message: generation.failureMessage } : {}),
  };
}
