import "server-only";
// The normalised result every provider call returns (the AIVideoMaker executor's contract): callers
// branch on `ok` and `errorCode`, never on a vendor's HTTP status or JSON.

export const STABLE_ERROR_CODES = [
  "INVALID_MODEL",
  "INVALID_PAYLOAD",
  "AUTH_FAILED",
  "RATE_LIMITED",
  "INSUFFICIENT_CREDITS",
  "TASK_NOT_FOUND",
  "NETWORK_ERROR",
  "UNKNOWN_ERROR",
  "IDEMPOTENCY_CONFLICT",
  "BUDGET_EXCEEDED",
] as const;
export type StableErrorCode = (typeof STABLE_ERROR_CODES)[number];

export type ProviderSuccess<T> = {
  ok: true;
  status: string | null;
  taskId: string | null;
  data: T;
  errorCode: null;
  errorMessage: null;
  retryAfter: null;
  httpStatus: number;
};

export type ProviderFailure = {
  ok: false;
  status: string | null;
  taskId: string | null;
  data: unknown;
  errorCode: StableErrorCode;
  errorMessage: string;
  /** Seconds the provider asked us to wait (Retry-After), when it said. */
  retryAfter: number | null;
  /** 0 when no HTTP response arrived (network error or timeout). */
  httpStatus: number;
  /** Field-level hints for INVALID_PAYLOAD, keyed by the vendor's field names. */
  fieldHints?: Record<string, string>;
  /**
   * A create whose answer was lost after the request left: the provider may have made the task.
   * Providers without idempotent creates must not send it again.
   */
  maybeCreated?: boolean;
  /** The provider's own machine code, when it sent one (e.g. VIDEO_GENERATION_INSUFFICIENT_CREDITS). */
  providerCode?: string;
  /** Set when Cutroom itself held the call back (no request was sent): why. */
  blocked?: "budget" | "paused" | "breaker";
};

export type ProviderResult<T> = ProviderSuccess<T> | ProviderFailure;

export function success<T>(data: T, httpStatus: number, meta: { status?: string | null; taskId?: string | null } = {}): ProviderSuccess<T> {
  return {
    ok: true,
    status: meta.status ?? null,
    taskId: meta.taskId ?? null,
    data,
    errorCode: null,
    errorMessage: null,
    retryAfter: null,
    httpStatus,
  };
}

export function blockedFailure(blocked: NonNullable<ProviderFailure["blocked"]>, message: string, retryAfter: number): ProviderFailure {
  return {
    ok: false,
    status: null,
    taskId: null,
    data: null,
    errorCode: blocked === "breaker" ? "NETWORK_ERROR" : "RATE_LIMITED",
    errorMessage: message,
    retryAfter,
    httpStatus: 0,
    blocked,
  };
}

/** Failures worth trying again unchanged: the provider did not reject the request itself. */
export function isTransient(failure: ProviderFailure): boolean {
  return failure.errorCode === "NETWORK_ERROR" || failure.errorCode === "RATE_LIMITED" || failure.httpStatus >= 500;
}

/** The stable code an HTTP status means when the body says nothing more specific. */
export function stableCodeForHttp(httpStatus: number): StableErrorCode {
  switch (httpStatus) {
    case 400:
    case 422:
      return "INVALID_PAYLOAD";
    case 401:
    case 403:
      return "AUTH_FAILED";
    case 402:
      return "INSUFFICIENT_CREDITS";
    case 404:
      return "TASK_NOT_FOUND";
    case 429:
      return "RATE_LIMITED";
    default:
      return "UNKNOWN_ERROR";
  }
}
