import { describe, expect, it } from "vitest";
import { avmTaskSchema } from "./schemas";
import { snapshotOf, stateOf, toFormFields, toWireBody } from "./transform";

describe("AIVideoMaker status mapping", () => {
  it.each([
    ["SUBMITTED", "queued"],
    ["PROGRESS", "running"],
    ["COMPLETED", "succeeded"],
    ["FAILED", "failed"],
    ["CANCEL", "canceled"],
    ["CANCELLED", "canceled"],
    ["completed", "succeeded"],
  ])("%s -> %s", (status, state) => {
    expect(stateOf(status)).toBe(state);
  });

  it("treats an unknown status as still in flight, never as a result", () => {
    expect(stateOf("RETRYING")).toBeNull();
    const snapshot = snapshotOf(avmTaskSchema.parse({ id: "ck1", status: "RETRYING", output: { url: "https://cdn.example/x.mp4" } }));
    expect(snapshot).toMatchObject({ state: null, outputUrl: null, providerStatus: "RETRYING" });
  });
});

describe("AIVideoMaker task snapshots", () => {
  it("reads output.url first", () => {
    const task = avmTaskSchema.parse({
      id: "ck1",
      status: "COMPLETED",
      output: { url: "https://a/1.mp4", videoUrl: "https://a/2.mp4" },
      creditsCharged: 15,
    });
    expect(snapshotOf(task)).toMatchObject({ state: "succeeded", outputUrl: "https://a/1.mp4", outputKind: "video", creditsCharged: 15 });
  });

  it("falls back to output.videoUrl", () => {
    const task = avmTaskSchema.parse({ id: "ck1", status: "COMPLETED", output: { videoUrl: "https://a/2.mp4" } });
    expect(snapshotOf(task).outputUrl).toBe("https://a/2.mp4");
  });

  it("takes a failure's reason from output.error, as text or as an object", () => {
    expect(snapshotOf(avmTaskSchema.parse({ id: "a", status: "FAILED", output: { error: "moderation" } })).errorMessage).toBe("moderation");
    expect(snapshotOf(avmTaskSchema.parse({ id: "a", status: "FAILED", output: { error: { message: "timeout" } } })).errorMessage).toBe(
      "timeout",
    );
    expect(snapshotOf(avmTaskSchema.parse({ id: "a", status: "FAILED", output: null })).errorMessage).toBeNull();
  });

  it("keeps extra vendor fields without failing", () => {
    const task = avmTaskSchema.parse({
      id: "a",
      status: "PROGRESS",
      output: null,
      somethingNew: { nested: true },
      idempotencyKey: "cutroom-x",
    });
    expect(snapshotOf(task)).toMatchObject({ state: "running", idempotencyKey: "cutroom-x" });
  });
});

describe("Cutroom input to AIVideoMaker body", () => {
  const image = { mime: "image/png", bytes: Buffer.from([1, 2, 3]) };

  it("sends t2v fields as the vendor names them, duration as a string", () => {
    expect(toWireBody({ model: "t2v", input: { prompt: "p", aspectRatio: "9:16", duration: "8" }, images: {} })).toEqual({
      prompt: "p",
      aspectRatio: "9:16",
      duration: "8",
    });
  });

  it("sends an uploaded image as a data URI and leaves out an empty prompt", () => {
    expect(toWireBody({ model: "i2v_v3", input: { image: { uploadId: "u" }, duration: "10" }, images: { image } })).toEqual({
      image: "data:image/png;base64,AQID",
      duration: "10",
    });
  });

  it("sends long-video segments as the vendor's prompt array", () => {
    expect(toWireBody({ model: "lv", input: { image: { uploadId: "u" }, segments: ["a", "b"] }, images: { image } })).toEqual({
      image: "data:image/png;base64,AQID",
      prompt: ["a", "b"],
    });
  });

  it("renames the vendor's field hints back to the form's names", () => {
    expect(toFormFields("lv", { "prompt.1": "too long", image: "bad" })).toEqual({ "segments.1": "too long", image: "bad" });
    expect(toFormFields("t2v", { prompt: "empty" })).toEqual({ prompt: "empty" });
    expect(toFormFields("minimax", { content: "Required", duration: "Too big" })).toEqual({ prompt: "Required", duration: "Too big" });
    expect(toFormFields("happyhorse", { "image.1": "bad", image: "bad" })).toEqual({ "referenceImages.1": "bad", image: "bad" });
  });
});

describe("the newer models' wire bodies", () => {
  const image = { mime: "image/png", bytes: Buffer.from([1, 2, 3]) };
  const dataUri = "data:image/png;base64,AQID";
  const link = { url: "https://example.com/a.png" };

  it("minimax: the prompt as `content`, a number duration, and only the inputs given", () => {
    const input = { prompt: "p", duration: 12, resolution: "1080p", tier: "base", aspectRatio: "21:9" };
    expect(toWireBody({ model: "minimax", input, images: {} })).toEqual({
      content: "p",
      duration: 12,
      resolution: "1080p",
      tier: "base",
      aspectRatio: "21:9",
    });
    expect(
      toWireBody({
        model: "minimax",
        input: { ...input, imageUrl: { uploadId: "u" }, lastFrameUrl: link },
        images: { imageUrl: image, lastFrameUrl: link },
      }),
    ).toEqual({
      content: "p",
      duration: 12,
      resolution: "1080p",
      tier: "base",
      aspectRatio: "21:9",
      imageUrl: dataUri,
      lastFrameUrl: link.url,
    });
    expect(
      toWireBody({
        model: "minimax",
        input: { ...input, referenceVideoUrl: "https://example.com/v.mp4", referenceAudioUrls: ["https://example.com/a.mp3"] },
        images: { referenceImageUrls: [image, link] },
      }),
    ).toEqual({
      content: "p",
      duration: 12,
      resolution: "1080p",
      tier: "base",
      aspectRatio: "21:9",
      referenceImageUrls: [dataUri, link.url],
      referenceVideoUrl: "https://example.com/v.mp4",
      referenceAudioUrls: ["https://example.com/a.mp3"],
    });
  });

  it("seedance20: numbers for duration and resolution, `ratio`, and no empty prompt", () => {
    expect(toWireBody({ model: "seedance20", input: { prompt: "p", duration: 4, resolution: 480, ratio: "1:1" }, images: {} })).toEqual({
      prompt: "p",
      duration: 4,
      resolution: 480,
      ratio: "1:1",
    });
    expect(toWireBody({ model: "seedance20", input: { duration: 15, resolution: 720, ratio: "9:16" }, images: { image } })).toEqual({
      image: dataUri,
      duration: 15,
      resolution: 720,
      ratio: "9:16",
    });
  });

  it("wan27: a string duration, capital-P resolution, and promptExtend as a boolean", () => {
    expect(
      toWireBody({
        model: "wan27",
        input: { prompt: "p", duration: "10", resolution: "1080P", ratio: "4:3", promptExtend: false },
        images: {},
      }),
    ).toEqual({ prompt: "p", duration: "10", resolution: "1080P", ratio: "4:3", promptExtend: false });
    expect(
      toWireBody({ model: "wan27", input: { prompt: "p", duration: "5", resolution: "720P", ratio: "16:9" }, images: { image } }),
    ).toEqual({
      prompt: "p",
      image: dataUri,
      duration: "5",
      resolution: "720P",
      ratio: "16:9",
    });
  });

  it("happyhorse: one image string for a start image, an array for references, a ratio only without a start image", () => {
    const input = { prompt: "p", duration: 3, resolution: "720P", ratio: "9:16" };
    expect(toWireBody({ model: "happyhorse", input, images: {} })).toEqual({ prompt: "p", duration: 3, resolution: "720P", ratio: "9:16" });
    expect(toWireBody({ model: "happyhorse", input, images: { image } })).toEqual({
      prompt: "p",
      image: dataUri,
      duration: 3,
      resolution: "720P",
    });
    expect(toWireBody({ model: "happyhorse", input, images: { referenceImages: [image, link] } })).toEqual({
      prompt: "p",
      image: [dataUri, link.url],
      duration: 3,
      resolution: "720P",
      ratio: "9:16",
    });
    expect(toWireBody({ model: "happyhorse", input: { prompt: "p", duration: 15, resolution: "1080P" }, images: {} })).toEqual({
      prompt: "p",
      duration: 15,
      resolution: "1080P",
    });
  });
});
