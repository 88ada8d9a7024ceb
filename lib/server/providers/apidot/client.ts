import "server-only";
import type { CallGate } from "../gate";
import { createHttpCore, type Answer, type Attempt } from "../http-core";
import { parseRetryAfter } from "../retry-after";
import { success, type ProviderFailure, type ProviderResult } from "../result";
import { providerFailure, withRetries } from "../retrying";
import { apidotTaskSchema, envelopeFailureCode, errorBodySchema, fieldHintsFrom, stableCodeFor, type ApidotTask } from "./wire";

// HTTP client for APIDot's unified async API (docs/provider-contracts.md §3): POST /api/generate/submit and
// GET /api/generate/status/{task_id}, Bearer auth. Submit and status have separate retry rules, as
// the vendor's async guide asks: a status read is retried on any transient failure; a submit (which
// costs money and has no idempotency key) is re-sent only when it surely never left this machine,
// or when APIDot answered 429/5xx (which created nothing). A submit whose answer was lost comes back
// as NETWORK_ERROR with `maybeCreated`, and is never sent again.

export type ApidotClientConfig = {
  baseUrl: string;
  apiKey: string;
  timeoutMs: number;
  /** Backoff schedule: minBackoffMs doubled per attempt, `retries` times (1, 2, 4, 8, 16 s). */
  retries?: number;
  minBackoffMs?: number;
  gate?: CallGate;
};

export type SubmitBody = { model: string; callback_url?: string; input: Record<string, unknown> };

type Raw = Answer;

export function createApidotClient(config: ApidotClientConfig) {
  const schedule = { retries: config.retries ?? 5, minBackoffMs: config.minBackoffMs ?? 1000 };
  const http = createHttpCore({
    label: "APIDot",
    baseUrl: config.baseUrl,
    timeoutMs: config.timeoutMs,
    authHeaders: { authorization: `Bearer ${config.apiKey}` },
    gate: config.gate,
  });

  const attempt = (method: "GET" | "POST", path: string, body?: SubmitBody) =>
    http.attempt({ kind: method === "GET" ? "query" : "create", method, path, json: body });

  /** The failure an attempt is, or null when it is a success (HTTP 2xx and a body that agrees). */
  function failureOf(result: Attempt, taskId: string | null = null): ProviderFailure | null {
    const unanswered = http.unansweredFailure(result, taskId);
    if (unanswered || !("response" in result)) return unanswered;
    const parsed = errorBodySchema.safeParse(result.body);
    const body = parsed.success ? parsed.data : null;
    const envelopeCode = result.response.ok ? envelopeFailureCode(body) : null;
    if (result.response.ok && envelopeCode === null) return null;
    // A code that is no HTTP status is a definite refusal of unknown kind: never retried.
    if (envelopeCode === 0) {
      return providerFailure({
        taskId,
        data: result.body,
        errorCode: "UNKNOWN_ERROR",
        errorMessage: body?.message ?? `APIDot refused the request (code ${String(body?.code)}).`,
        httpStatus: result.response.status,
      });
    }
    const httpStatus = envelopeCode || result.response.status;
    const errorCode = stableCodeFor(httpStatus, body);
    return providerFailure({
      taskId,
      data: result.body,
      errorCode,
      errorMessage: messageFor(errorCode, body?.message ?? null, httpStatus),
      retryAfter: parseRetryAfter(result.response.headers.get("retry-after")),
      httpStatus,
      ...(errorCode === "INVALID_PAYLOAD" ? { fieldHints: fieldHintsFrom(body?.message ?? null) } : {}),
      ...(body?.type ? { providerCode: body.type } : {}),
    });
  }

  function taskOf(raw: Raw, taskId: string | null): ProviderResult<ApidotTask> {
    const parsed = apidotTaskSchema.safeParse(raw.body);
    if (!parsed.success || !(parsed.data.taskId ?? taskId)) {
      return providerFailure({
        taskId,
        data: raw.body,
        errorCode: "UNKNOWN_ERROR",
        errorMessage: "APIDot answered with a response Cutroom does not understand.",
        httpStatus: raw.response.status,
        // On a submit, a 2xx we cannot read may still have created the task.
        maybeCreated: taskId === null,
      });
    }
    const task = { ...parsed.data, taskId: parsed.data.taskId ?? taskId };
    return success(task, raw.response.status, { status: task.status, taskId: task.taskId });
  }

  return {
    /** POST /api/generate/submit (billable). */
    submit(body: SubmitBody): Promise<ProviderResult<ApidotTask>> {
      return withRetries(
        async () => {
          const result = await attempt("POST", "/api/generate/submit", body);
          return failureOf(result) ?? taskOf(result as Raw, null);
        },
        { ...schedule, idempotent: false },
      );
    },

    /** GET /api/generate/status/{task_id}. */
    status(taskId: string): Promise<ProviderResult<ApidotTask>> {
      return withRetries(
        async () => {
          const result = await attempt("GET", `/api/generate/status/${encodeURIComponent(taskId)}`);
          return failureOf(result, taskId) ?? taskOf(result as Raw, taskId);
        },
        { ...schedule, idempotent: true },
      );
    },
  };
}

export type ApidotClient = ReturnType<typeof createApidotClient>;

/** The provider's own words when it gave some; ours when it did not (402 and 429 have no example body). */
function messageFor(code: string, message: string | null, httpStatus: number): string {
  if (code === "INSUFFICIENT_CREDITS") {
    return message ?? "APIDot says the account's credits cannot cover this task.";
  }
  if (code === "RATE_LIMITED") return message ?? "APIDot is pacing requests (HTTP 429).";
  if (code === "AUTH_FAILED") return message ?? "APIDot refused the API key. Check APIDOT_API_KEY.";
  return message ?? `APIDot answered HTTP ${httpStatus}.`;
}
