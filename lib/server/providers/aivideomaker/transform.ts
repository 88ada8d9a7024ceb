import "server-only";
import type { TaskState } from "@/lib/shared/tasks";
import type { ProviderTaskSnapshot, ResolvedImage, SubmissionRequest } from "../types";
import type { AvmTask } from "./schemas";

// Cutroom's model input <-> AIVideoMaker's wire JSON. Field names differ only for long video:
// Cutroom's `segments` is the vendor's `prompt: string[]`.

function imageValue(value: ResolvedImage | ResolvedImage[] | undefined): string | undefined {
  // AIVideoMaker models take one image per field.
  const image = Array.isArray(value) ? value[0] : value;
  if (!image) return undefined;
  if (image.url) return image.url;
  return `data:${image.mime};base64,${image.bytes!.toString("base64")}`;
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
      if (typeof input.prompt === "string" && input.prompt.length > 0) body.prompt = input.prompt;
      return body;
    }
    case "lv":
      return { image: imageValue(images.image), prompt: input.segments };
    default:
      throw new Error(`AIVideoMaker model ${request.model} has no wire mapping`);
  }
}

/** Vendor field paths in hints ("prompt.2" for lv) renamed to Cutroom's form fields ("segments.2"). */
export function toFormFields(model: string, hints: Record<string, string> | undefined): Record<string, string> | undefined {
  if (!hints) return undefined;
  if (model !== "lv") return hints;
  return Object.fromEntries(Object.entries(hints).map(([key, message]) => [key.replace(/^prompt(?=\.|$)/, "segments"), message]));
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
