import "server-only";
import { STABLE_ERROR_CODES, type StableErrorCode } from "../result";
import type { AvmError } from "./schemas";

// Codes the vendor itself may send; NETWORK_ERROR and UNKNOWN_ERROR are only ever ours.
const PASS_THROUGH: ReadonlySet<string> = new Set(
  STABLE_ERROR_CODES.filter((code) => code !== "NETWORK_ERROR" && code !== "UNKNOWN_ERROR"),
);

/**
 * Maps an AIVideoMaker error to a stable code: the body's `errorCode` first (the envelope shares
 * `status: "FAILED"` with failed tasks), then the message, then the HTTP status. The HTTP status per
 * code is unconfirmed upstream, so the status alone is only the last resort.
 */
export function stableCodeFor(httpStatus: number, body: AvmError | null): StableErrorCode {
  const declared = body?.errorCode ?? (typeof body?.error === "string" ? body.error : null);
  if (declared && PASS_THROUGH.has(declared)) return declared as StableErrorCode;
  const message = body?.message ?? "";
  if (/insufficient credits|balance .* below/i.test(message)) return "INSUFFICIENT_CREDITS";
  if (/unsupported model/i.test(message)) return "INVALID_MODEL";
  if (httpStatus === 401 || httpStatus === 403) return "AUTH_FAILED";
  if (httpStatus === 402) return "INSUFFICIENT_CREDITS";
  if (httpStatus === 404) return "TASK_NOT_FOUND";
  if (httpStatus === 409) return "IDEMPOTENCY_CONFLICT";
  if (httpStatus === 429) return "RATE_LIMITED";
  if (httpStatus >= 400 && httpStatus < 500) return "INVALID_PAYLOAD";
  return "UNKNOWN_ERROR";
}

/** Field hints from an INVALID_PAYLOAD body, keyed by the vendor's field path ("prompt", "prompt.2"). */
export function fieldHintsFrom(body: AvmError | null): Record<string, string> | undefined {
  if (!body) return undefined;
  const hints: Record<string, string> = {};
  for (const issue of body.issues ?? []) {
    const key = (issue.path ?? []).map(String).join(".") || "_form";
    hints[key] ??= issue.message;
  }
  for (const [key, value] of Object.entries(body.fieldErrors ?? {})) {
    hints[key] ??= Array.isArray(value) ? (value[0] ?? "") : value;
  }
  return Object.keys(hints).length > 0 ? hints : undefined;
}

export { parseRetryAfter } from "../retry-after";
