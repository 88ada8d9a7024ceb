import { describe, expect, it } from "vitest";
import { CATALOG, findModel, inputSchemaFor, promptTextFor, videoSecondsFor } from ".";
import { issuesOf } from "@/tests/support/zod-issues";

const schema = (id: string) => inputSchemaFor(findModel("aivideomaker", id)!);
const upload = { uploadId: "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e" };

describe("model schemas built from the form's field list", () => {
  it("offers exactly the contract's AIVideoMaker models", () => {
    expect(CATALOG.filter((model) => model.provider === "aivideomaker").map((model) => model.id)).toEqual([
      "t2v",
      "i2v",
      "lv",
      "t2v_v3",
      "i2v_v3",
      "minimax",
      "seedance20",
      "wan27",
      "happyhorse",
    ]);
  });

  it("accepts each model's documented choices and nothing else", () => {
    expect(issuesOf(schema("t2v").safeParse({ prompt: "p", aspectRatio: "1:1", duration: "8" }))).toEqual([]);
    expect(issuesOf(schema("t2v").safeParse({ prompt: "p", aspectRatio: "1:1", duration: "10" }))).toEqual([
      "duration: Choose one of: 5 s, 8 s.",
    ]);
    expect(issuesOf(schema("t2v_v3").safeParse({ prompt: "p", aspectRatio: "1:1", duration: "20" }))).toEqual([]);
    expect(issuesOf(schema("t2v_v3").safeParse({ prompt: "p", aspectRatio: "1:1", duration: "8" }))).toEqual([
      "duration: Choose one of: 5 s, 10 s, 15 s, 20 s.",
    ]);
    // i2v takes its shape from the image: an aspect ratio is a field it does not have.
    expect(issuesOf(schema("i2v").safeParse({ image: upload, duration: "5", aspectRatio: "1:1" }))).toEqual([
      "(root): unknown aspectRatio",
    ]);
  });

  it("trims text and treats an empty optional prompt as absent", () => {
    expect(schema("i2v").parse({ image: upload, prompt: "   ", duration: "5" })).toEqual({ image: upload, duration: "5" });
    expect(schema("t2v").parse({ prompt: "  hi ", aspectRatio: "16:9", duration: "5" })).toMatchObject({ prompt: "hi" });
  });

  it("refuses control characters in text, keeping line breaks in prompts", () => {
    const errors = (id: string, input: Record<string, unknown>) => {
      const parsed = schema(id).safeParse(input);
      return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
    };
    const controls = /control characters/;
    expect(errors("t2v", { prompt: "a\u0000b", aspectRatio: "1:1", duration: "5" })).toEqual({ prompt: expect.stringMatching(controls) });
    expect(errors("t2v", { prompt: "\u001b[2J", aspectRatio: "1:1", duration: "5" })).toEqual({ prompt: expect.stringMatching(controls) });
    expect(errors("t2v", { prompt: "line one\n\tline two", aspectRatio: "1:1", duration: "5" })).toEqual({});
    expect(errors("lv", { segments: ["fine", "bad\u0007"] })["segments.1"]).toMatch(controls);
    expect(errors("i2v", { image: { url: "https://example.com/a\u0000.png" }, duration: "5" })).toEqual({
      image: expect.stringMatching(/https/),
    });
  });

  it("holds long video to 1-6 non-empty segments", () => {
    expect(issuesOf(schema("lv").safeParse({ image: upload, segments: ["a"] }))).toEqual([]);
    expect(issuesOf(schema("lv").safeParse({ image: upload, segments: Array(6).fill("a") }))).toEqual([]);
    expect(issuesOf(schema("lv").safeParse({ image: upload, segments: Array(7).fill("a") }))).toEqual([
      "segments: Segments takes at most 6 segments.",
    ]);
    expect(issuesOf(schema("lv").safeParse({ image: upload, segments: [] }))).toEqual(["segments: Add at least 1 segment."]);
    expect(issuesOf(schema("lv").safeParse({ image: { uploadId: "../../etc/passwd" }, segments: ["a"] }))).toEqual([
      "image: Upload the image again: this reference is not valid.",
    ]);
  });

  it("describes a task for lists and estimates", () => {
    expect(promptTextFor({ segments: ["a", "b"] })).toBe("a / b");
    expect(videoSecondsFor(findModel("aivideomaker", "lv")!, { segments: ["a", "b", "c"] })).toBe(15);
    expect(videoSecondsFor(findModel("aivideomaker", "t2v_v3")!, { duration: "15" })).toBe(15);
  });
});
