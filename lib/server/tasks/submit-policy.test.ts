import { describe, expect, it } from "vitest";
import { blockedFailure } from "../providers/result";
import { providerFailure } from "../providers/retrying";
import { RESEND_DELAYS_MS, classifyCreateFailure, resendAt } from "./submit-policy";

// What a failed create means for its task, from the answer alone: every 5xx and every answer that
// leaves it open whether the task was made is "unclear" (never a refusal); only 4xx refuse.

describe("create failure classes", () => {
  const answered = (httpStatus: number, errorCode: Parameters<typeof providerFailure>[0]["errorCode"] = "UNKNOWN_ERROR") =>
    providerFailure({ errorCode, errorMessage: "x", httpStatus });

  it.each([500, 502, 503, 504])("calls a %i an unclear error answer, whatever the client flagged", (status) => {
    expect(classifyCreateFailure(answered(status))).toEqual({ kind: "unclear", cause: "error" });
    expect(classifyCreateFailure({ ...answered(status), maybeCreated: true })).toEqual({ kind: "unclear", cause: "error" });
  });

  it("tells a lost answer from one Cutroom could not read", () => {
    const lost = providerFailure({ errorCode: "NETWORK_ERROR", errorMessage: "No answer.", maybeCreated: true });
    expect(classifyCreateFailure(lost)).toEqual({ kind: "unclear", cause: "lost" });
    expect(classifyCreateFailure({ ...answered(200), maybeCreated: true })).toEqual({ kind: "unclear", cause: "unreadable" });
  });

  it("holds back, not counts, what surely made nothing: a 429, a request that never left, Cutroom's own hold", () => {
    expect(classifyCreateFailure(answered(429, "RATE_LIMITED"))).toEqual({ kind: "held" });
    expect(classifyCreateFailure(providerFailure({ errorCode: "NETWORK_ERROR", errorMessage: "Could not reach." }))).toEqual({
      kind: "held",
    });
    expect(classifyCreateFailure(blockedFailure("breaker", "Paused.", 30))).toEqual({ kind: "held" });
  });

  it.each([400, 401, 402, 409, 422])("keeps a %i a refusal", (status) => {
    expect(classifyCreateFailure(answered(status, "INVALID_PAYLOAD"))).toEqual({ kind: "refused" });
  });
});

describe("resend schedule", () => {
  const now = new Date("2026-01-01T00:00:00Z");
  const wait = (resend: number, retryAfter: number | null = null) => resendAt(resend, retryAfter, now).getTime() - now.getTime();

  it("spaces resends from tens of seconds to minutes, never within one call", () => {
    expect([1, 2, 3].map((resend) => wait(resend))).toEqual([30_000, 120_000, 480_000]);
    expect(RESEND_DELAYS_MS).toHaveLength(3);
  });

  it("waits out a longer Retry-After, up to 15 minutes", () => {
    expect(wait(1, 90)).toBe(90_000);
    expect(wait(1, 10)).toBe(30_000);
    expect(wait(1, 24 * 3600)).toBe(15 * 60_000);
  });
});
