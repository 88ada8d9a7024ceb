import { describe, expect, it } from "vitest";
import { findModel, inputSchemaFor } from ".";

// The newer AIVideoMaker models' schemas (docs/provider-contracts.md §1.3.5-§1.3.8): each one's
// documented values and cross-field rules, checked by the same schema in the form and on the server.

const schema = (id: string) => inputSchemaFor(findModel("aivideomaker", id)!);
const link = (name: string) => ({ url: `https://example.com/${name}.png` });
const issues = (id: string, input: Record<string, unknown>) => {
  const parsed = schema(id).safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("AIVideoMaker's newer model schemas", () => {
  it("minimax: a prompt, 5 to 20 whole seconds, 720p or 1080p, a tier and its aspect ratios", () => {
    const base = { prompt: "p", duration: "5", resolution: "720p", tier: "turbo", aspectRatio: "16:9" };
    expect(schema("minimax").parse({ ...base, duration: "20", resolution: "1080p", tier: "base", aspectRatio: "21:9" })).toEqual({
      prompt: "p",
      duration: 20,
      resolution: "1080p",
      tier: "base",
      aspectRatio: "21:9",
    });
    expect(issues("minimax", { ...base, prompt: "" })).toEqual({ prompt: "Enter a prompt." });
    expect(issues("minimax", { ...base, duration: "21" })).toEqual({ duration: "Duration must be a whole number from 5 to 20." });
    expect(issues("minimax", { ...base, duration: "7.5" })).toHaveProperty("duration");
    expect(issues("minimax", { ...base, resolution: "480p" })).toHaveProperty("resolution");
    expect(issues("minimax", { ...base, referenceImageUrls: [link("a"), link("b"), link("c"), link("d"), link("e")] })).toEqual({
      referenceImageUrls: "Reference images takes at most 4 images.",
    });
    expect(
      issues("minimax", {
        ...base,
        referenceAudioUrls: ["https://example.com/1.mp3", "https://example.com/2.mp3", "https://example.com/3.mp3"],
      }),
    ).toHaveProperty("referenceAudioUrls");
  });

  it("minimax: first/last frames or references, never both", () => {
    const base = { prompt: "p", duration: "5", resolution: "720p", tier: "turbo", aspectRatio: "16:9" };
    expect(issues("minimax", { ...base, imageUrl: link("first"), lastFrameUrl: link("last") })).toEqual({});
    expect(issues("minimax", { ...base, referenceImageUrls: [link("a")], referenceVideoUrl: "https://example.com/v.mp4" })).toEqual({});
    expect(issues("minimax", { ...base, imageUrl: link("first"), referenceImageUrls: [link("a")] })).toEqual({
      referenceImageUrls: expect.stringMatching(/not both/),
    });
    expect(issues("minimax", { ...base, lastFrameUrl: link("last"), referenceVideoUrl: "https://example.com/v.mp4" })).toEqual({
      referenceVideoUrl: expect.stringMatching(/not both/),
    });
  });

  it("seedance20: a prompt or an image, 4 to 15 seconds, resolution as a number, a required ratio", () => {
    expect(schema("seedance20").parse({ prompt: "p", duration: "4", resolution: "480", ratio: "9:16" })).toEqual({
      prompt: "p",
      duration: 4,
      resolution: 480,
      ratio: "9:16",
    });
    expect(issues("seedance20", { image: link("a"), duration: "15", resolution: "720", ratio: "1:1" })).toEqual({});
    expect(issues("seedance20", { prompt: " ", duration: "5", resolution: "720", ratio: "16:9" })).toEqual({
      prompt: "Write a prompt or choose an image: Seedance 2.0 needs at least one.",
    });
    expect(issues("seedance20", { prompt: "p", duration: "3", resolution: "1080", ratio: "4:3" })).toEqual({
      duration: "Duration must be a whole number from 4 to 15.",
      resolution: "Choose one of: 480p, 720p.",
      ratio: expect.stringMatching(/^Choose one of/),
    });
    expect(issues("seedance20", { prompt: "p", duration: "5", resolution: "720" })).toHaveProperty("ratio");
  });

  it("wan27: string durations, 720P/1080P, five ratios, an optional image and prompt enhancement", () => {
    expect(schema("wan27").parse({ prompt: "p", duration: "15", resolution: "1080P", ratio: "3:4", promptExtend: true })).toEqual({
      prompt: "p",
      duration: "15",
      resolution: "1080P",
      ratio: "3:4",
      promptExtend: true,
    });
    expect(issues("wan27", { prompt: "p", image: link("a"), duration: "5", resolution: "720P", ratio: "16:9" })).toEqual({});
    expect(issues("wan27", { prompt: "p", duration: "8", resolution: "720p", ratio: "21:9" })).toEqual({
      duration: "Choose one of: 5 s, 10 s, 15 s.",
      resolution: "Choose one of: 720p, 1080p.",
      ratio: expect.stringMatching(/^Choose one of/),
    });
  });

  it("happyhorse: 3 to 15 seconds, a start image or reference images (not both), an optional ratio", () => {
    const base = { prompt: "p", duration: "3", resolution: "720P" };
    expect(schema("happyhorse").parse({ ...base, ratio: "" })).toEqual({ prompt: "p", duration: 3, resolution: "720P" });
    expect(schema("happyhorse").parse({ ...base, ratio: "9:16" })).toMatchObject({ ratio: "9:16" });
    expect(issues("happyhorse", { ...base, referenceImages: [link("a"), link("b")] })).toEqual({});
    expect(issues("happyhorse", { ...base, image: link("start"), referenceImages: [link("a")] })).toEqual({
      referenceImages: expect.stringMatching(/not both/),
    });
    expect(issues("happyhorse", { ...base, duration: "16", resolution: "4K" })).toEqual({
      duration: "Duration must be a whole number from 3 to 15.",
      resolution: "Choose one of: 720p, 1080p.",
    });
  });
});
