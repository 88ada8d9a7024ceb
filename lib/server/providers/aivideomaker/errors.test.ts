import { describe, expect, it } from "vitest";
import { fieldHintsFrom, parseRetryAfter, stableCodeFor } from "./errors";

describe("stable error codes", () => {
  it("trusts the body's errorCode before the HTTP status", () => {
    expect(stableCodeFor(200, { errorCode: "INSUFFICIENT_CREDITS" })).toBe("INSUFFICIENT_CREDITS");
    expect(stableCodeFor(400, { errorCode: "AUTH_FAILED" })).toBe("AUTH_FAILED");
    expect(stableCodeFor(409, { errorCode: "IDEMPOTENCY_CONFLICT" })).toBe("IDEMPOTENCY_CONFLICT");
    expect(stableCodeFor(422, { errorCode: "BUDGET_EXCEEDED" })).toBe("BUDGET_EXCEEDED");
  });

  it("reads the documented message when there is no errorCode", () => {
    expect(stableCodeFor(400, { status: "FAILED", message: "Insufficient credits" })).toBe("INSUFFICIENT_CREDITS");
    expect(stableCodeFor(400, { status: "FAILED", message: "Unsupported model: foo" })).toBe("INVALID_MODEL");
  });

  it.each([
    [401, "AUTH_FAILED"],
    [403, "AUTH_FAILED"],
    [402, "INSUFFICIENT_CREDITS"],
    [404, "TASK_NOT_FOUND"],
    [409, "IDEMPOTENCY_CONFLICT"],
    [429, "RATE_LIMITED"],
    [400, "INVALID_PAYLOAD"],
    [422, "INVALID_PAYLOAD"],
    [500, "UNKNOWN_ERROR"],
    [503, "UNKNOWN_ERROR"],
  ] as const)("falls back to HTTP %i -> %s", (status, code) => {
    expect(stableCodeFor(status, null)).toBe(code);
  });

  it("maps an unknown errorCode by status rather than passing it on", () => {
    expect(stableCodeFor(500, { errorCode: "SOMETHING_NEW" })).toBe("UNKNOWN_ERROR");
  });
});

describe("field hints", () => {
  it("accepts zod-style issues and flat field maps", () => {
    expect(
      fieldHintsFrom({
        issues: [
          { path: ["duration"], message: "Invalid option" },
          { path: ["prompt", 2], message: "Too long" },
        ],
      }),
    ).toEqual({
      duration: "Invalid option",
      "prompt.2": "Too long",
    });
    expect(fieldHintsFrom({ fieldErrors: { image: ["Required"], prompt: "Empty" } })).toEqual({ image: "Required", prompt: "Empty" });
    expect(fieldHintsFrom({ message: "nothing specific" })).toBeUndefined();
  });
});

describe("Retry-After", () => {
  it("reads seconds and HTTP dates", () => {
    expect(parseRetryAfter("7")).toBe(7);
    expect(parseRetryAfter(new Date(Date.UTC(2030, 0, 1, 0, 0, 30)).toUTCString(), Date.UTC(2030, 0, 1))).toBe(30);
    expect(parseRetryAfter("soon")).toBeNull();
    expect(parseRetryAfter(null)).toBeNull();
  });
});
