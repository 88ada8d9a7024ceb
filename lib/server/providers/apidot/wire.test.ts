import { describe, expect, it } from "vitest";
import { apidotTaskSchema, envelopeFailureCode, errorBodySchema, fieldHintsFrom, snapshotOf, stableCodeFor, stateOf } from "./wire";

// APIDot's bodies exactly as docs/provider-contracts.md §3.4 to §3.6 quotes them, read into Cutroom's shapes.

describe("APIDot wire", () => {
  it("reads both documented result shapes and a flat callback body", () => {
    const shapeA = {
      code: 200,
      data: {
        task_id: "task-unified-example",
        status: "finished",
        output: { files: [{ file_url: "https://example.com/generated-video.mp4", file_type: "video" }] },
        error_message: null,
      },
    };
    const shapeB = {
      code: 200,
      data: {
        task_id: "FDR7H8Y7JAL97KCV",
        status: "finished",
        files: [{ file_url: "https://storage.apidot.ai/videos/FDR7H8Y7JAL97KCV/example.mp4", file_type: "video" }],
        created_time: "2025-11-10T13:28:02",
        progress: 100,
        error_message: null,
      },
    };
    expect(snapshotOf(apidotTaskSchema.parse(shapeA), "x")).toMatchObject({
      providerTaskId: "task-unified-example",
      state: "succeeded",
      outputUrl: "https://example.com/generated-video.mp4",
      outputKind: "video",
    });
    expect(snapshotOf(apidotTaskSchema.parse(shapeB), "x")).toMatchObject({
      providerTaskId: "FDR7H8Y7JAL97KCV",
      progress: 100,
      outputKind: "video",
    });
    const flat = apidotTaskSchema.parse({ task_id: "t", status: "running", progress: 42.5 });
    // Whole percentages only (the column is an integer).
    expect(snapshotOf(flat, "x")).toMatchObject({ state: "running", progress: 43, outputUrl: null });
  });

  it("prefers a video over other files, reads images, and takes no URL before a terminal success", () => {
    const files = [
      { file_url: "https://example.com/track.mp3", file_type: "audio" },
      { file_url: "https://example.com/still.png", file_type: "image" },
      { file_url: "https://example.com/clip.mp4", file_type: "video" },
    ];
    expect(snapshotOf(apidotTaskSchema.parse({ data: { task_id: "t", status: "finished", files } }), "t").outputUrl).toBe(
      "https://example.com/clip.mp4",
    );
    expect(snapshotOf(apidotTaskSchema.parse({ data: { task_id: "t", status: "finished", files: files.slice(0, 2) } }), "t")).toMatchObject(
      {
        outputKind: "image",
      },
    );
    expect(snapshotOf(apidotTaskSchema.parse({ data: { task_id: "t", status: "running", files } }), "t").outputUrl).toBeNull();
    const failed = snapshotOf(apidotTaskSchema.parse({ data: { task_id: "t", status: "failed", error_message: "Content rejected" } }), "t");
    expect(failed).toMatchObject({ state: "failed", errorMessage: "Content rejected" });
  });

  it("reads processing as running, with its progress, in both shapes and a flat callback", () => {
    const bodies = [
      { code: 200, data: { task_id: "t", status: "processing", files: [], progress: 37, error_message: null } },
      { code: 200, data: { task_id: "t", status: "processing", output: null, error_message: null } },
      { task_id: "t", status: "PROCESSING", progress: 12 },
    ];
    expect(bodies.map((body) => snapshotOf(apidotTaskSchema.parse(body), "t"))).toMatchObject([
      { state: "running", providerStatus: "processing", progress: 37, outputUrl: null },
      { state: "running", providerStatus: "processing", progress: null, outputUrl: null },
      { state: "running", providerStatus: "PROCESSING", progress: 12 },
    ]);
  });

  it("treats unknown statuses as still running", () => {
    expect(stateOf("not_started")).toBe("queued");
    expect(stateOf("processing")).toBe("running");
    expect(stateOf("FINISHED")).toBe("succeeded");
    expect(stateOf("paused")).toBeNull();
    expect(stateOf(null)).toBeNull();
  });

  it("maps both error bodies onto stable codes", () => {
    const invalid = errorBodySchema.parse({
      code: 400,
      error: { message: "image_urls and reference_*_urls cannot be used together", type: "invalid_request_error" },
    });
    expect(stableCodeFor(400, invalid)).toBe("INVALID_PAYLOAD");
    expect(fieldHintsFrom(invalid.message)).toEqual({ image_urls: invalid.message });
    expect(
      stableCodeFor(
        401,
        errorBodySchema.parse({ code: 401, error: { message: "Unauthorized - Invalid API key", type: "authentication_error" } }),
      ),
    ).toBe("AUTH_FAILED");
    expect(stableCodeFor(402, errorBodySchema.parse({}))).toBe("INSUFFICIENT_CREDITS");
    const flat = errorBodySchema.parse({ code: 429, message: "Too many requests" });
    expect(flat.message).toBe("Too many requests");
    expect(stableCodeFor(429, flat)).toBe("RATE_LIMITED");
    // HTTP 200 with a failing code in the body is a failure too (the site's client checks this).
    expect(envelopeFailureCode(errorBodySchema.parse({ code: 402, message: "Insufficient credits" }))).toBe(402);
    expect(envelopeFailureCode(errorBodySchema.parse({ code: 200, data: {} }))).toBeNull();
    // A business code that is no HTTP status is a refusal of unknown kind, never a retryable 5xx.
    expect(envelopeFailureCode(errorBodySchema.parse({ code: 40002, message: "bad" }))).toBe(0);
  });
});
