import "server-only";
import { z } from "zod";
import { asyncSnapshot } from "../async-snapshot";
import type { TaskState } from "@/lib/shared/tasks";
import { stableCodeForHttp, type StableErrorCode } from "../result";
import type { ProviderTaskSnapshot } from "../types";

// APIDot's JSON, read defensively (docs/provider-contracts.md §3.4 to §3.7). The task object comes wrapped in
// `{code, data}` from submit and status; the callback's body is undocumented, so the flat form
// (fields at the top, as the vendor's own receivers also accept) is read too. Results are under
// `data.output.files` in the examples and `data.files` on the site: both are read.

const fileSchema = z.looseObject({ file_url: z.string().optional(), file_type: z.string().nullish() });
const filesSchema = z.array(z.unknown()).nullish();

const taskFields = {
  task_id: z.string().optional(),
  status: z.string().optional(),
  output: z.looseObject({ files: filesSchema }).nullish(),
  files: filesSchema,
  progress: z.unknown().optional(),
  error_message: z.string().nullish(),
  created_time: z.string().nullish(),
};

/** A task as submit, status or a callback gives it: wrapped in `data`, or flat. */
export const apidotTaskSchema = z
  .looseObject({ code: z.unknown().optional(), data: z.looseObject(taskFields).nullish(), ...taskFields })
  .transform((body) => {
    const task = body.data ?? body;
    const files = (task.output?.files ?? task.files ?? [])
      .map((file) => fileSchema.safeParse(file))
      .flatMap((parsed) => (parsed.success && parsed.data.file_url ? [parsed.data] : []));
    // A whole percentage (the column is an integer; a provider may send 42.5).
    const progress =
      typeof task.progress === "number" && Number.isFinite(task.progress) ? Math.round(Math.min(100, Math.max(0, task.progress))) : null;
    return {
      taskId: task.task_id ?? null,
      status: task.status ?? null,
      files: files.map((file) => ({ url: file.file_url!, type: file.file_type ?? null })),
      progress,
      errorMessage: task.error_message ?? null,
    };
  });
export type ApidotTask = z.infer<typeof apidotTaskSchema>;

// not_started -> running -> finished | failed (ModelAPI.tsx); `processing` appears in some of the
// site's service types. Anything else is still in flight (null), as the docs advise.
const STATE_BY_STATUS: Record<string, TaskState> = {
  not_started: "queued",
  running: "running",
  processing: "running",
  finished: "succeeded",
  failed: "failed",
};

export function stateOf(status: string | null): TaskState | null {
  return status ? (STATE_BY_STATUS[status.toLowerCase()] ?? null) : null;
}

/** The output to keep: the first video file, else the first image (by file_type, else extension). */
function outputOf(files: ApidotTask["files"]): { url: string; kind: "video" | "image" } | null {
  const typed = files
    .filter((file) => /^https?:\/\//i.test(file.url))
    .map((file) => ({
      url: file.url,
      kind:
        file.type === "image" || (!file.type && /\.(png|jpe?g|webp|gif)(\?|$)/i.test(file.url)) ? ("image" as const) : ("video" as const),
      audio: file.type === "audio",
    }))
    .filter((file) => !file.audio);
  const chosen = typed.find((file) => file.kind === "video") ?? typed[0];
  return chosen ? { url: chosen.url, kind: chosen.kind } : null;
}

export function snapshotOf(task: ApidotTask, fallbackId: string): ProviderTaskSnapshot {
  const state = stateOf(task.status);
  // Result URLs are taken only from a terminal success (the async guide's rule).
  return asyncSnapshot({
    providerTaskId: task.taskId ?? fallbackId,
    status: task.status,
    state,
    output: () => outputOf(task.files),
    failure: task.errorMessage,
    failureFallback: "APIDot reported that the task failed.",
    progress: state === "succeeded" ? 100 : task.progress,
  });
}

/** `{code, error: {message, type}}` (the docs) or `{code, message}` (what the site's client reads). */
export const errorBodySchema = z
  .looseObject({ code: z.unknown().optional(), error: z.unknown().optional(), message: z.unknown().optional() })
  .transform((body) => {
    const text = (value: unknown) => (typeof value === "string" && value.trim() ? value.trim() : null);
    const nested = body.error && typeof body.error === "object" ? (body.error as Record<string, unknown>) : null;
    return {
      code: typeof body.code === "number" ? body.code : Number.isFinite(Number(body.code)) ? Number(body.code) : null,
      type: text(nested?.type),
      message: text(nested?.message) ?? text(body.message) ?? text(body.error),
    };
  });
export type ApidotError = z.infer<typeof errorBodySchema>;

/**
 * The body's `code` when it says the call failed though HTTP said 200 (the site's client checks
 * `code !== 0 && code !== 200`). An HTTP-like 4xx/5xx is read as that status; any other code is a
 * refusal of unknown kind (0 stands for "not an HTTP status", so it is never retried).
 */
export function envelopeFailureCode(body: ApidotError | null): number | null {
  const code = body?.code;
  if (code === null || code === undefined || code === 0 || code === 200) return null;
  return code >= 400 && code <= 599 ? code : 0;
}

/** A stable code from the error's type first, then the HTTP status (docs/provider-contracts.md §3.6). */
export function stableCodeFor(httpStatus: number, body: ApidotError | null): StableErrorCode {
  switch (body?.type) {
    case "invalid_request_error":
    case "invalid_request":
      return "INVALID_PAYLOAD";
    case "authentication_error":
      return "AUTH_FAILED";
    case "insufficient_credits":
      return "INSUFFICIENT_CREDITS";
    case "rate_limited":
    case "rate_limit_error":
      return "RATE_LIMITED";
  }
  return stableCodeForHttp(httpStatus);
}

/** The field a 400's message names ("image_urls and reference_*_urls ..." -> image_urls). */
export function fieldHintsFrom(message: string | null): Record<string, string> | undefined {
  if (!message) return undefined;
  const field = /\b(?:input\.)?([a-z][a-z0-9]*(?:_[a-z0-9*]+)+|prompt|duration|resolution|size|seed)\b/.exec(message)?.[1];
  return field && !field.includes("*") ? { [field]: message } : undefined;
}
