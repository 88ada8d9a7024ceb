import "server-only";
import { z } from "zod";
import { asyncSnapshot } from "../async-snapshot";
import type { TaskState } from "@/lib/shared/tasks";
import { stableCodeForHttp, type StableErrorCode } from "../result";
import type { ProviderTaskSnapshot } from "../types";

// skills.video's JSON, read defensively (docs/provider-contracts.md §2.3 to §2.7): two generations of the docs differ
// in the status vocabulary, the id may come under several names (the vendor's own helper accepts
// all of them), and the output shape of video generations is unpublished, so `data` is searched
// for anything with a URL rather than read at one path.

const usageSchema = z.looseObject({ total: z.number().optional() });

/**
 * The Idempotency-Key Cutroom sent with the create, if a body carries it back. skills.video does not
 * document the header, nor any field that echoes it (UNCONFIRMED); the names a provider would use
 * are read at the top of the object and under `metadata`. Only a key of Cutroom's own form counts.
 */
export function echoedKeyOf(record: unknown): string | null {
  if (!record || typeof record !== "object") return null;
  const object = record as Record<string, unknown>;
  const metadata = object.metadata && typeof object.metadata === "object" ? (object.metadata as Record<string, unknown>) : {};
  for (const value of [object.idempotency_key, object.idempotencyKey, metadata.idempotency_key, metadata.idempotencyKey]) {
    if (typeof value === "string" && /^cutroom-[0-9a-f-]{36}$/i.test(value)) return value;
  }
  return null;
}

export const generationSchema = z
  .looseObject({
    id: z.string().optional(),
    generation_id: z.string().optional(),
    generationId: z.string().optional(),
    prediction_id: z.string().optional(),
    predictionId: z.string().optional(),
    task_id: z.string().optional(),
    taskId: z.string().optional(),
    status: z.string().optional(),
    state: z.string().optional(),
    data: z.unknown().optional(),
    usage: usageSchema.nullish(),
    code: z.string().nullish(),
    error: z.unknown().optional(),
    message: z.string().nullish(),
  })
  .transform((body) => ({
    id:
      body.id ?? body.generation_id ?? body.generationId ?? body.prediction_id ?? body.predictionId ?? body.task_id ?? body.taskId ?? null,
    status: body.status ?? body.state ?? null,
    data: body.data ?? null,
    creditsUsed: typeof body.usage?.total === "number" ? body.usage.total : null,
    failure: body.message ?? (typeof body.error === "string" ? body.error : null) ?? body.code ?? null,
    echoedKey: echoedKeyOf(body),
  }));
export type Generation = z.infer<typeof generationSchema>;

const STATE_BY_STATUS: Record<string, TaskState> = {
  // QueueState (current docs)
  IN_QUEUE: "queued",
  IN_PROGRESS: "running",
  COMPLETED: "succeeded",
  FAILED: "failed",
  CANCELED: "canceled",
  // PredictionStatus (older docs) and the webhook's prediction.state
  STARTING: "queued",
  QUEUED: "queued",
  PROCESSING: "running",
  RUNNING: "running",
  SUCCEEDED: "succeeded",
  // The vendor's skill also accepts this spelling as terminal.
  CANCELLED: "canceled",
};

/** Unknown statuses are still in flight (null), never a result. */
export function stateOf(status: string | null): TaskState | null {
  return status ? (STATE_BY_STATUS[status.toUpperCase()] ?? null) : null;
}

type Media = { url: string; kind: "video" | "image" };

/** The first output in `data`: any object with an http(s) `url`, typed by content_type or extension. */
export function findOutput(data: unknown, depth = 0): Media | null {
  if (!data || typeof data !== "object" || depth > 4) return null;
  if (Array.isArray(data)) {
    for (const item of data) {
      const found = findOutput(item, depth + 1);
      if (found) return found;
    }
    return null;
  }
  const record = data as Record<string, unknown>;
  if (typeof record.url === "string" && /^https?:\/\//i.test(record.url)) {
    const type = typeof record.content_type === "string" ? record.content_type : "";
    const hint = typeof record.type === "string" ? record.type : "";
    const kind = /^image\//.test(type) || hint === "image" || /\.(png|jpe?g|webp|gif)(\?|$)/i.test(record.url) ? "image" : "video";
    return { url: record.url, kind };
  }
  // Prefer the keys the docs name (video/videos, image/images) before anything else.
  const keys = Object.keys(record).sort((a, b) => Number(/^(video|image)s?$/.test(b)) - Number(/^(video|image)s?$/.test(a)));
  for (const key of keys) {
    const found = findOutput(record[key], depth + 1);
    if (found) return { ...found, kind: typeof record.type === "string" && record.type === "image" ? "image" : found.kind };
  }
  return null;
}

export function snapshotOf(generation: Generation, fallbackId: string): ProviderTaskSnapshot {
  // `data` is null until completion; a result is read only from a terminal success.
  return asyncSnapshot({
    providerTaskId: generation.id ?? fallbackId,
    status: generation.status,
    state: stateOf(generation.status),
    output: () => findOutput(generation.data),
    failure: generation.failure,
    failureFallback: "skills.video reported that generation failed.",
    creditsCharged: generation.creditsUsed,
    idempotencyKey: generation.echoedKey,
  });
}

export const errorBodySchema = z
  .looseObject({ code: z.unknown().optional(), error: z.unknown().optional(), message: z.unknown().optional() })
  .transform((body) => {
    const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
    const nested = body.error && typeof body.error === "object" ? (body.error as Record<string, unknown>) : null;
    return {
      code: text(body.code) ?? text(body.error) ?? text(nested?.code),
      message: text(body.message) ?? text(nested?.message),
      details: body as Record<string, unknown>,
    };
  });
export type ErrorBody = z.infer<typeof errorBodySchema>;

/**
 * A stable code from the machine code first (`*_INSUFFICIENT_CREDITS`, `*_RATE_LIMITED`...), then
 * the HTTP status (docs/provider-contracts.md §2.7).
 */
export function stableCodeFor(httpStatus: number, body: ErrorBody | null): StableErrorCode {
  const code = body?.code?.toUpperCase() ?? "";
  if (code.endsWith("INSUFFICIENT_CREDITS") || /insufficient credits/i.test(body?.message ?? "")) return "INSUFFICIENT_CREDITS";
  if (code.endsWith("RATE_LIMITED")) return "RATE_LIMITED";
  if (code.endsWith("UNSUPPORTED_MODEL")) return "INVALID_MODEL";
  if (code.endsWith("INVALID_INPUT") || code.endsWith("CONTENT_REJECTED")) return "INVALID_PAYLOAD";
  if (code.endsWith("PROVIDER_UNAVAILABLE") || code.endsWith("TIMEOUT") || code.endsWith("_FAILED")) return "UNKNOWN_ERROR";
  return stableCodeForHttp(httpStatus);
}

/**
 * Field messages from a 422, keyed by field name. The body's shape is unpublished; the common
 * ones are read: `errors: {field: msg}`, `errors|details|issues: [{field|path|loc, message|msg}]`.
 */
export function fieldHintsFrom(body: ErrorBody | null): Record<string, string> | undefined {
  if (!body) return undefined;
  const hints: Record<string, string> = {};
  for (const key of ["errors", "details", "issues", "fields"]) {
    const value = body.details[key];
    if (Array.isArray(value)) {
      for (const item of value) {
        if (!item || typeof item !== "object") continue;
        const entry = item as Record<string, unknown>;
        const where = entry.field ?? entry.path ?? entry.loc;
        const name = Array.isArray(where) ? where.filter((part) => part !== "body").join(".") : typeof where === "string" ? where : null;
        const message = typeof entry.message === "string" ? entry.message : typeof entry.msg === "string" ? entry.msg : null;
        if (name && message) hints[name] ??= message;
      }
    } else if (value && typeof value === "object") {
      for (const [name, message] of Object.entries(value as Record<string, unknown>)) {
        const text = Array.isArray(message) ? message[0] : message;
        if (typeof text === "string") hints[name] ??= text;
      }
    }
  }
  return Object.keys(hints).length > 0 ? hints : undefined;
}

/** The balance from GET /credits, whose shape is unpublished: the first number under a likely key. */
export function creditsFrom(body: unknown): number | null {
  if (typeof body === "number") return body;
  if (!body || typeof body !== "object") return null;
  const record = body as Record<string, unknown>;
  for (const key of ["credits", "balance", "remaining", "available", "total_credits", "totalCredits", "total"]) {
    const value = record[key];
    if (typeof value === "number" && Number.isFinite(value)) return value;
    if (value && typeof value === "object") {
      const inner = creditsFrom(value);
      if (inner !== null) return inner;
    }
  }
  return record.data !== undefined ? creditsFrom(record.data) : null;
}
