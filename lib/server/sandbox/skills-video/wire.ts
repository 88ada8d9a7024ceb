import "server-only";
import type { Context } from "hono";
import type { ContentfulStatusCode } from "hono/utils/http-status";
import { findModel } from "@/lib/shared/catalog";
import { clipSeconds, mediaFileName, mediaUrl } from "../media";
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

/** A video's length: the input's `duration`, else the model's documented default, else 5 s. */
function secondsOf(generation: Generation): number {
  const fallback = findModel("skills-video", generation.model)?.requestSchema?.properties?.duration?.default;
  return clipSeconds(generation.input.duration, typeof fallback === "number" ? fallback : 5);
}

function mediaOf(generation: Generation, basePath: string) {
  const media =
    generation.output === "image"
      ? ({ aspect: generation.aspect, output: "image" } as const)
      : ({ aspect: generation.aspect, output: "video", seconds: secondsOf(generation) } as const);
  return {
    url: mediaUrl(`${generation.origin}${basePath}`, generation.id, media),
    content_type: generation.output === "image" ? "image/png" : "video/mp4",
    file_name: mediaFileName(media),
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
