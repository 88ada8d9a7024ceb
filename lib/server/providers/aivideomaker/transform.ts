import "server-only";
import type { TaskState } from "@/lib/shared/tasks";
import type { ProviderTaskSnapshot, ResolvedImage, SubmissionRequest } from "../types";
import type { AvmTask } from "./schemas";

// Cutroom's model input <-> AIVideoMaker's wire JSON (docs/provider-contracts.md §1.3). Field types
// differ per model and are sent exactly as each model takes them: a string duration for t2v/i2v/
// wan27, a number for minimax/seedance20/happyhorse. Names differ in three places: long video's
// `segments` is the vendor's `prompt: string[]`, minimax's prompt is `content`, and HappyHorse's
// reference images go in `image` as an array. Images (uploads as data URIs, links as they are)
// are the vendor's image strings; that the newer models take data URIs as i2v does is documented
// for minimax only (U33): a refusal comes back as the vendor's field hint on the image.

function imageString(image: ResolvedImage): string {
  if (image.url) return image.url;
  return `data:${image.mime};base64,${image.bytes!.toString("base64")}`;
}

function imageValue(value: ResolvedImage | ResolvedImage[] | undefined): string | undefined {
  // These fields take one image each.
  const image = Array.isArray(value) ? value[0] : value;
  return image ? imageString(image) : undefined;
}

function imageList(value: ResolvedImage | ResolvedImage[] | undefined): string[] | undefined {
  const list = value === undefined ? [] : Array.isArray(value) ? value : [value];
  return list.length > 0 ? list.map(imageString) : undefined;
}

const isText = (value: unknown): value is string => typeof value === "string" && value.length > 0;

/** The body without the fields left out (undefined), so nothing the person did not set is sent. */
function present(body: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(body).filter(([, value]) => value !== undefined));
}

export function toWireBody(request: SubmissionRequest): Record<string, unknown> {
  const { input, images } = request;
  switch (request.model) {
    case "t2v":
    case "t2v_v3":
      return { prompt: input.prompt, aspectRatio: input.aspectRatio, duration: input.duration };
    case "i2v":
    case "i2v_v3": {
      const body: Record<string, unknown> = { image: imageValue(images.image), duration: input.duration };
      if (isText(input.prompt)) body.prompt = input.prompt;
      return body;
    }
    case "lv":
      return { image: imageValue(images.image), prompt: input.segments };
    case "minimax":
      // The defaults (duration 5, 720p, turbo, 16:9) are the vendor's too; the form always sends them.
      return present({
        content: input.prompt,
        duration: input.duration,
        resolution: input.resolution,
        tier: input.tier,
        aspectRatio: input.aspectRatio,
        imageUrl: imageValue(images.imageUrl),
        lastFrameUrl: imageValue(images.lastFrameUrl),
        referenceImageUrls: imageList(images.referenceImageUrls),
        referenceVideoUrl: isText(input.referenceVideoUrl) ? input.referenceVideoUrl : undefined,
        referenceAudioUrls:
          Array.isArray(input.referenceAudioUrls) && input.referenceAudioUrls.length ? input.referenceAudioUrls : undefined,
      });
    case "seedance20":
      return present({
        prompt: isText(input.prompt) ? input.prompt : undefined,
        image: imageValue(images.image),
        duration: input.duration,
        resolution: input.resolution,
        ratio: input.ratio,
      });
    case "wan27":
      return present({
        prompt: input.prompt,
        image: imageValue(images.image),
        duration: input.duration,
        resolution: input.resolution,
        ratio: input.ratio,
        promptExtend: typeof input.promptExtend === "boolean" ? input.promptExtend : undefined,
      });
    case "happyhorse": {
      const start = imageValue(images.image);
      return present({
        prompt: input.prompt,
        // One string is image to video, an array reference to video (the vendor's one field).
        image: start ?? imageList(images.referenceImages),
        duration: input.duration,
        resolution: input.resolution,
        // Ignored by the vendor with a start image, and its existence is a conflict (U32): only
        // sent when chosen, and never with a start image.
        ratio: start === undefined && isText(input.ratio) ? input.ratio : undefined,
      });
    }
    default:
      throw new Error(`AIVideoMaker model ${request.model} has no wire mapping`);
  }
}

/** Vendor field paths renamed back to the form's ("prompt.2" -> "segments.2" for lv, "content" -> "prompt" for minimax). */
export function toFormFields(model: string, hints: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!hints) return undefined;
  const rename = (pattern: RegExp, to: string) =>
    Object.fromEntries(Object.entries(hints).map(([key, message]) => [key.replace(pattern, to), message]));
  if (model === "lv") return rename(/^prompt(?=\.|$)/, "segments");
  if (model === "minimax") return rename(/^content(?=\.|$)/, "prompt");
  // An item of HappyHorse's image array is one of the reference images.
  if (model === "happyhorse") return rename(/^image(?=\.)/, "referenceImages");
  return hints;
}

const STATE_BY_STATUS: Record<string, TaskState> = {
  SUBMITTED: "queued",
  PROGRESS: "running",
  COMPLETED: "succeeded",
  FAILED: "failed",
  CANCEL: "canceled",
  // Not in the docs; accepted in case the vendor spells it the usual way.
  CANCELED: "canceled",
  CANCELLED: "canceled",
};

/** Unknown statuses map to null: the task is treated as still in flight, never as finished. */
export function stateOf(status: string): TaskState | null {
  return STATE_BY_STATUS[status.toUpperCase()] ?? null;
}

function errorText(task: AvmTask): string | null {
  const error = task.output?.error;
  if (typeof error === "string" && error) return error;
  if (error && typeof error === "object" && typeof (error as { message?: unknown }).message === "string") {
    return (error as { message: string }).message;
  }
  return task.status === "FAILED" ? (task.output?.msg ?? null) : null;
}

export function snapshotOf(task: AvmTask): ProviderTaskSnapshot {
  const state = stateOf(task.status);
  // output.url is the measured field; output.videoUrl appears in the vendor skill's examples.
  const outputUrl = state === "succeeded" ? (task.output?.url ?? task.output?.videoUrl ?? null) : null;
  return {
    providerTaskId: task.id,
    state,
    providerStatus: task.status,
    outputUrl,
    outputKind: outputUrl ? "video" : null,
    errorMessage: errorText(task),
    creditsCharged: task.creditsCharged ?? null,
    creditsRefunded: task.creditsRefunded ?? null,
    idempotencyKey: typeof task.idempotencyKey === "string" ? task.idempotencyKey : null,
  };
}
