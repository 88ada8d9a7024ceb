import "server-only";
import { createHash } from "node:crypto";
import type { Context } from "hono";
import { clipSeconds, mediaUrl, type Aspect } from "../media";
import { clipSecondsFor } from "./contract";
import type { SandboxTask } from "./store";

// JSON shapes the sandbox sends, as AIVideoMaker documents them (docs/provider-contracts.md §1.4 and §1.6).

const RETENTION_MESSAGE = "The file will only be saved for 24 hours, please download it promptly.";

export type ErrorStatus = 400 | 401 | 402 | 404 | 405 | 409 | 422 | 429 | 500;

export const AUTH_FAILED_MESSAGE = "Invalid API key. Check the `key` header.";

/** The vendor's error envelope: `status: "FAILED"`, then `errorCode` when there is one. */
export function fail(c: Context, httpStatus: ErrorStatus, errorCode: string | null, message: string, extra: Record<string, unknown> = {}) {
  const body = errorCode ? { status: "FAILED", errorCode, message, error: errorCode, ...extra } : { status: "FAILED", message, ...extra };
  return c.json(body, httpStatus);
}

/** A finished task's video: its shape and length as asked, at the sandbox's origin. */
function outputUrlOf(task: SandboxTask, basePath: string): string {
  const seconds = clipSeconds(clipSecondsFor(task.model, task.input), 5);
  // The column holds what sampleAspectFor chose when the task was created.
  return mediaUrl(`${task.origin}${basePath}`, task.id, { aspect: task.aspect as Aspect, output: "video", seconds });
}

/** A task as GET /api/v1/tasks/{id} returns it; `status` may be overridden for stale webhook repeats. */
export function taskView(task: SandboxTask, basePath: string, status: string = task.status) {
  const output =
    status === "COMPLETED"
      ? { url: outputUrlOf(task, basePath), msg: RETENTION_MESSAGE, error: null }
      : status === "FAILED"
        ? { url: null, msg: null, error: task.failureMessage }
        : null;
  const finished = status === task.status && task.completedAt;
  return {
    id: task.id,
    createdAt: task.createdAt.toISOString(),
    model: task.model,
    input: task.input,
    output,
    status,
    creditsCharged: task.creditsCharged,
    creditsRefunded: task.creditsRefunded,
    listValueCents: task.creditsCharged - task.creditsRefunded,
    idempotencyKey: task.idempotencyKey,
    completedAt: finished ? task.completedAt!.toISOString() : null,
  };
}

/** Stable JSON of a body, so the same request in another key order hashes the same. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonical(item)}`).join(",")}}`;
  }
  return JSON.stringify(value);
}

/** What the sandbox keeps of an input: each data URI is replaced by a digest, as the vendor keeps a URL. */
export function storedInput(body: Record<string, unknown>): Record<string, unknown> {
  const stored = (value: unknown): unknown => {
    if (Array.isArray(value)) return value.map(stored);
    if (typeof value !== "string" || !value.startsWith("data:")) return value;
    return `sandbox-upload:${createHash("sha256").update(value).digest("hex").slice(0, 16)}`;
  };
  return Object.fromEntries(Object.entries(body).map(([key, value]) => [key, stored(value)]));
}

export function clientAddress(c: Context): string {
  const forwarded = c.req.header("x-forwarded-for")?.split(",")[0]?.trim();
  if (forwarded) return forwarded;
  const incoming = (c.env as { incoming?: { socket?: { remoteAddress?: string } } } | undefined)?.incoming;
  return incoming?.socket?.remoteAddress ?? "local";
}
