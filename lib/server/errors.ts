import "server-only";

// The one error type the server throws on purpose. Its code decides the HTTP status; anything else
// that escapes a handler becomes a 500 whose details go to the log, not to the client.

export const ERROR_STATUS = {
  BAD_REQUEST: 400,
  UNAUTHENTICATED: 401,
  /** A spend limit (a budget) would be passed: nothing was sent or charged. */
  BUDGET_EXCEEDED: 402,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  UNSUPPORTED_MEDIA_TYPE: 415,
  VALIDATION_FAILED: 422,
  RATE_LIMITED: 429,
  INTERNAL: 500,
  PROVIDER_UNAVAILABLE: 502,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

export class AppError extends Error {
  readonly code: ErrorCode;
  readonly fields?: Record<string, string>;
  readonly details?: Record<string, unknown>;
  readonly retryAfterSeconds?: number;

  constructor(
    code: ErrorCode,
    message: string,
    options: { fields?: Record<string, string>; details?: Record<string, unknown>; retryAfterSeconds?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: options.cause });
    this.name = "AppError";
    this.code = code;
    this.fields = options.fields;
    this.details = options.details;
    this.retryAfterSeconds = options.retryAfterSeconds;
  }

  get status(): number {
    return ERROR_STATUS[this.code];
  }
}

export const unauthenticated = () => new AppError("UNAUTHENTICATED", "Sign in to continue.");
export const forbidden = (message = "You do not have access to this.") => new AppError("FORBIDDEN", message);
export const notFound = (what = "That item") => new AppError("NOT_FOUND", `${what} was not found.`);
export const validationFailed = (fields: Record<string, string>, message = "Some fields need attention.") =>
  new AppError("VALIDATION_FAILED", message, { fields });
