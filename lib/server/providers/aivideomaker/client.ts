import "server-only";
import type { z } from "zod";
import type { CallGate, CallKind } from "../gate";
import { createHttpCore, type Answer, type PlainAttempt } from "../http-core";
import { success, type ProviderFailure, type ProviderResult } from "../result";
import { withRetries } from "../retrying";
import { fieldHintsFrom, parseRetryAfter, stableCodeFor } from "./errors";
import {
  avmAccountSchema,
  avmCancelSchema,
  avmErrorSchema,
  avmQuoteSchema,
  avmStatusSchema,
  avmSubmittedSchema,
  avmTaskListSchema,
  avmTaskSchema,
  type AvmError,
} from "./schemas";

// HTTP client for AIVideoMaker API v1. Reads (GET) retry on network errors, 429 and 5xx with jittered
// backoff and never sooner than Retry-After; creates are sent once per call, and a caller that
// re-sends one must pass the same Idempotency-Key (the task service stores it before the first try).

export type AivideoClientConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  maxRetries: number;
  /** Longest Retry-After the client waits out itself; longer ones are returned to the caller. */
  maxRetryAfterSeconds?: number;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** Consulted before and after every HTTP attempt: the shared call budget and circuit breaker. */
  gate?: CallGate;
};

/** `maxCredits` goes out as `X-Max-Credits`: the vendor refuses a dearer create before charging. */
export type CreateOptions = { idempotencyKey: string; webhookUrl?: string; maxCredits?: number };

// The vendor's /ar/skill header table lists this user-agent as required; the English page does not.
// Sending it costs nothing (docs/provider-contracts.md §1.1, unconfirmed).
const USER_AGENT = "Mozilla/5.0 (compatible; Cutroom)";

export function createAivideoClient(config: AivideoClientConfig) {
  const http = createHttpCore({
    label: "AIVideoMaker",
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    authHeaders: { key: config.apiKey, "user-agent": USER_AGENT },
    gate: config.gate,
  });
  const schedule = {
    retries: config.maxRetries,
    minBackoffMs: config.minBackoffMs ?? 800,
    maxBackoffMs: config.maxBackoffMs ?? 8000,
    jitter: true,
    maxRetryAfterSeconds: config.maxRetryAfterSeconds ?? 30,
  };

  // The task reads are the "task query endpoints" the vendor limits per IP; price checks and the
  // account "doctor" endpoint are optional (nothing waits on them, so their 429 pauses nothing);
  // creates and cancels are commands.
  const kindOf = (method: string, path: string): CallKind =>
    method === "GET" && path.startsWith("/api/v1/tasks")
      ? "query"
      : path.startsWith("/api/v1/quote/") || path === "/api/v1/account"
        ? "optional"
        : method === "POST" && path.startsWith("/api/v1/generate/")
          ? "create"
          : "command";

  const attempt = (method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}) =>
    http.attempt({ kind: kindOf(method, path), method, path, json: init.body, headers: init.headers });

  function failureOf(result: PlainAttempt, taskId: string | null = null): ProviderFailure | null {
    const unanswered = http.unansweredFailure(result, taskId);
    if (unanswered || !("response" in result)) return unanswered;
    const { response, body } = result;
    const parsedError = avmErrorSchema.safeParse(body);
    const envelope: AvmError | null = parsedError.success ? parsedError.data : null;
    // Some business errors arrive as HTTP 200 with an error envelope, so the body decides too: an
    // errorCode, or `status: "FAILED"` on something that is not a task (a failed task has an id).
    const looksLikeTask = Boolean(body && typeof body === "object" && ("id" in body || "taskId" in body));
    const isError = !response.ok || Boolean(envelope?.errorCode) || (envelope?.status === "FAILED" && !looksLikeTask);
    if (!isError) return null;
    const errorCode = stableCodeFor(response.status, envelope);
    return {
      ok: false,
      status: envelope?.status ?? null,
      taskId,
      data: body,
      errorCode,
      errorMessage: envelope?.message ?? `AIVideoMaker answered HTTP ${response.status}.`,
      retryAfter: parseRetryAfter(response.headers.get("retry-after")),
      httpStatus: response.status,
      fieldHints: errorCode === "INVALID_PAYLOAD" ? fieldHintsFrom(envelope) : undefined,
    };
  }

  function parseBody<S extends z.ZodType>(
    schema: S,
    result: { response: Response; body: unknown },
    taskId: string | null,
  ): ProviderResult<z.infer<S>> {
    const parsed = schema.safeParse(result.body);
    if (!parsed.success) {
      return {
        ok: false,
        status: null,
        taskId,
        data: result.body,
        errorCode: "UNKNOWN_ERROR",
        errorMessage: "AIVideoMaker answered with a response Cutroom does not understand.",
        retryAfter: null,
        httpStatus: result.response.status,
      };
    }
    const data = parsed.data as { status?: unknown; taskId?: unknown; id?: unknown };
    return success(parsed.data, result.response.status, {
      status: typeof data.status === "string" ? data.status : null,
      taskId: typeof data.taskId === "string" ? data.taskId : typeof data.id === "string" ? data.id : taskId,
    });
  }

  /** A GET with retries: network errors, 429 and 5xx are tried again, up to maxRetries times. */
  function read<S extends z.ZodType>(path: string, schema: S, taskId: string | null = null): Promise<ProviderResult<z.infer<S>>> {
    return withRetries(
      async () => {
        const result = await attempt("GET", path);
        return failureOf(result, taskId) ?? parseBody(schema, result as Answer, taskId);
      },
      // With a shared gate, a 429 pauses every instance (gate.after) instead of this call waiting.
      { ...schedule, idempotent: true, optional: kindOf("GET", path) === "optional", retryRateLimited: !config.gate },
    );
  }

  return {
    /** POST /api/v1/generate/{model}: billable. Sent exactly once per call. */
    async generate(model: string, body: Record<string, unknown>, options: CreateOptions) {
      const headers: Record<string, string> = { "Idempotency-Key": options.idempotencyKey };
      if (options.webhookUrl) headers.webhookUrl = options.webhookUrl;
      if (options.maxCredits !== undefined) headers["X-Max-Credits"] = String(Math.max(0, Math.floor(options.maxCredits)));
      const result = await attempt("POST", `/api/v1/generate/${encodeURIComponent(model)}`, { body, headers });
      const failed = failureOf(result);
      if (failed) return failed;
      const submitted = parseBody(avmSubmittedSchema, result as Answer, null);
      // A success answer Cutroom cannot read may still have made the task.
      return submitted.ok ? submitted : { ...submitted, maybeCreated: true };
    },

    /** POST /api/v1/quote/{model}: same validation and pricing as generate, creates nothing. */
    async quote(model: string, body: Record<string, unknown>) {
      const result = await attempt("POST", `/api/v1/quote/${encodeURIComponent(model)}`, { body });
      return failureOf(result) ?? parseBody(avmQuoteSchema, result as Answer, null);
    },

    listTasks: () => read("/api/v1/tasks", avmTaskListSchema),
    getTask: (taskId: string) => read(`/api/v1/tasks/${encodeURIComponent(taskId)}`, avmTaskSchema, taskId),
    getStatus: (taskId: string) => read(`/api/v1/tasks/${encodeURIComponent(taskId)}/status`, avmStatusSchema, taskId),
    account: () => read("/api/v1/account", avmAccountSchema),

    /** PUT /api/v1/tasks/{id}/cancel: only works while the task is SUBMITTED. Not retried. */
    async cancel(taskId: string) {
      const result = await attempt("PUT", `/api/v1/tasks/${encodeURIComponent(taskId)}/cancel`);
      return failureOf(result, taskId) ?? parseBody(avmCancelSchema, result as Answer, taskId);
    },
  };
}

export type AivideoClient = ReturnType<typeof createAivideoClient>;
