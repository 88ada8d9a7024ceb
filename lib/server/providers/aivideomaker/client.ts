import "server-only";
import pRetry, { AbortError } from "p-retry";
import type { z } from "zod";
import type { CallGate, CallKind } from "../gate";
import { reportToGate } from "../gate-outcome";
import { success, type ProviderFailure, type ProviderResult } from "../result";
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

export type CreateOptions = { idempotencyKey: string; webhookUrl?: string };

type Attempt = { response: Response; body: unknown } | { networkError: string } | { blocked: ProviderFailure };

// The vendor's /ar/skill header table lists this user-agent as required; the English page does not.
// Sending it costs nothing (CONTRACTS 1.1, unconfirmed).
const USER_AGENT = "Mozilla/5.0 (compatible; Cutroom)";

function callKindOf(method: string, path: string): CallKind {
  if (method === "GET" && path.startsWith("/api/v1/tasks")) return "query";
  if (path.startsWith("/api/v1/quote/") || path === "/api/v1/account") return "optional";
  return "command";
}

class RetryableFailure extends Error {
  constructor(readonly failure: ProviderFailure) {
    super(failure.errorMessage);
  }
}

export function createAivideoClient(config: AivideoClientConfig) {
  const baseUrl = config.baseUrl.replace(/\/+$/, "");
  const maxRetryAfter = config.maxRetryAfterSeconds ?? 30;

  async function attempt(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> } = {}): Promise<Attempt> {
    // The task reads are the "task query endpoints" the vendor limits per IP; creates and cancels
    // are commands outside that budget; a quote or the account "doctor" endpoint is optional: no
    // task waits on it, so its 429 must not pause the provider for the team.
    const kind = callKindOf(method, path);
    const blocked = await config.gate?.before(kind);
    if (blocked) return { blocked };
    const result = await send(method, path, init);
    await reportToGate(config.gate, kind, result);
    return result;
  }

  async function send(method: string, path: string, init: { body?: unknown; headers?: Record<string, string> }): Promise<Attempt> {
    const headers: Record<string, string> = { key: config.apiKey, accept: "application/json", "user-agent": USER_AGENT, ...init.headers };
    if (init.body !== undefined) headers["content-type"] = "application/json";
    try {
      const response = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        body: init.body === undefined ? undefined : JSON.stringify(init.body),
        signal: AbortSignal.timeout(config.timeoutMs),
        redirect: "error",
        cache: "no-store",
      });
      const text = await response.text();
      let body: unknown = null;
      try {
        body = text ? JSON.parse(text) : null;
      } catch {
        body = null;
      }
      return { response, body };
    } catch (error) {
      const timedOut = error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError");
      return { networkError: timedOut ? `No answer from AIVideoMaker within ${config.timeoutMs} ms.` : "Could not reach AIVideoMaker." };
    }
  }

  function failureOf(result: Attempt, taskId: string | null = null): ProviderFailure | null {
    if ("blocked" in result) return { ...result.blocked, taskId };
    if ("networkError" in result) {
      return {
        ok: false,
        status: null,
        taskId,
        data: null,
        errorCode: "NETWORK_ERROR",
        errorMessage: result.networkError,
        retryAfter: null,
        httpStatus: 0,
      };
    }
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
  async function read<S extends z.ZodType>(path: string, schema: S, taskId: string | null = null): Promise<ProviderResult<z.infer<S>>> {
    try {
      return await pRetry(
        async () => {
          const result = await attempt("GET", path);
          const failure = failureOf(result, taskId);
          if (!failure) return parseBody(schema, result as { response: Response; body: unknown }, taskId);
          // With a shared gate, a 429 pauses every instance (gate.after) instead of this call waiting.
          const retryable =
            !failure.blocked &&
            (failure.errorCode === "NETWORK_ERROR" || failure.httpStatus >= 500 || (failure.httpStatus === 429 && !config.gate));
          if (!retryable) return failure;
          if (failure.retryAfter !== null && failure.retryAfter > maxRetryAfter) throw new AbortError(new RetryableFailure(failure));
          throw new RetryableFailure(failure);
        },
        {
          retries: config.maxRetries,
          minTimeout: config.minBackoffMs ?? 800,
          maxTimeout: config.maxBackoffMs ?? 8000,
          factor: 2,
          randomize: true,
          // Wait out Retry-After before p-retry's own backoff, so a retry never comes early.
          onFailedAttempt: async ({ error, retriesLeft }) => {
            const seconds = error instanceof RetryableFailure ? error.failure.retryAfter : null;
            if (seconds && seconds > 0 && retriesLeft > 0) await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
          },
        },
      );
    } catch (error) {
      if (error instanceof RetryableFailure) return error.failure;
      throw error;
    }
  }

  return {
    /** POST /api/v1/generate/{model}: billable. Sent exactly once per call. */
    async generate(model: string, body: Record<string, unknown>, options: CreateOptions) {
      const headers: Record<string, string> = { "Idempotency-Key": options.idempotencyKey };
      if (options.webhookUrl) headers.webhookUrl = options.webhookUrl;
      const result = await attempt("POST", `/api/v1/generate/${encodeURIComponent(model)}`, { body, headers });
      return failureOf(result) ?? parseBody(avmSubmittedSchema, result as { response: Response; body: unknown }, null);
    },

    /** POST /api/v1/quote/{model}: same validation and pricing as generate, creates nothing. */
    async quote(model: string, body: Record<string, unknown>) {
      const result = await attempt("POST", `/api/v1/quote/${encodeURIComponent(model)}`, { body });
      return failureOf(result) ?? parseBody(avmQuoteSchema, result as { response: Response; body: unknown }, null);
    },

    listTasks: () => read("/api/v1/tasks", avmTaskListSchema),
    getTask: (taskId: string) => read(`/api/v1/tasks/${encodeURIComponent(taskId)}`, avmTaskSchema, taskId),
    getStatus: (taskId: string) => read(`/api/v1/tasks/${encodeURIComponent(taskId)}/status`, avmStatusSchema, taskId),
    account: () => read("/api/v1/account", avmAccountSchema),

    /** PUT /api/v1/tasks/{id}/cancel: only works while the task is SUBMITTED. Not retried. */
    async cancel(taskId: string) {
      const result = await attempt("PUT", `/api/v1/tasks/${encodeURIComponent(taskId)}/cancel`);
      return failureOf(result, taskId) ?? parseBody(avmCancelSchema, result as { response: Response; body: unknown }, taskId);
    },
  };
}

export type AivideoClient = ReturnType<typeof createAivideoClient>;
