import { describe, expect, it } from "vitest";
import { findModel, inputSchemaFor } from ".";
import { APIDOT_MODELS } from "./apidot";

// The APIDot models' schemas: documented choices and the cross-field rules docs/provider-contracts.md §3.3 lists,
// checked by the same schema in the form and on the server.

const schema = (id: string) => inputSchemaFor(findModel("apidot", id)!);
const link = (name: string) => ({ url: `https://example.com/${name}.png` });
const issues = (id: string, input: Record<string, unknown>) => {
  const parsed = schema(id).safeParse(input);
  return parsed.success ? {} : Object.fromEntries(parsed.error.issues.map((issue) => [issue.path.join("."), issue.message]));
};

describe("APIDot model schemas", () => {
  it("offers the documented models", () => {
    expect(APIDOT_MODELS.map((model) => model.id)).toEqual([
      "seedance-2",
      "seedance-2-fast",
      "veo3.1-lite",
      "veo3.1-fast",
      "veo3.1-quality",
      "sora-2-official",
      "sora-2-pro-official",
      "happy-horse",
      "gpt-image-2",
      "gpt-image-2-edit",
    ]);
  });

  it("takes Seedance's documented values and coerces the form's text to the wire's types", () => {
    expect(schema("seedance-2").parse({ prompt: " cup ", duration: "15", resolution: "1080p", generate_audio: false })).toEqual({
      prompt: "cup",
      duration: 15,
      resolution: "1080p",
      generate_audio: false,
    });
    expect(issues("seedance-2-fast", { prompt: "p", duration: "5", resolution: "1080p" })).toHaveProperty("resolution");
    expect(issues("seedance-2", { prompt: "p", duration: "16", resolution: "720p" })).toHaveProperty("duration");
    expect(
      issues("seedance-2", { prompt: "p", duration: "5", resolution: "720p", image_urls: [link("a"), link("b"), link("c")] }),
    ).toHaveProperty("image_urls");
  });

  it("never mixes first/last frames with references", () => {
    const base = { prompt: "p", duration: "5", resolution: "720p" };
    expect(issues("seedance-2", { ...base, image_urls: [link("a")], reference_image_urls: [link("b")] })).toEqual({
      reference_image_urls: expect.stringMatching(/not both/),
    });
    expect(issues("seedance-2", { ...base, image_urls: [link("a")], reference_audio_urls: ["https://example.com/a.mp3"] })).toHaveProperty(
      "reference_audio_urls",
    );
    expect(
      issues("seedance-2", { ...base, reference_image_urls: [link("b")], reference_video_urls: ["https://example.com/v.mp4"] }),
    ).toEqual({});
    // Reference links must be public https links.
    expect(issues("seedance-2", { ...base, reference_video_urls: ["http://localhost/v.mp4"] })).toHaveProperty("reference_video_urls.0");
  });

  it("sends Veo images only with an image mode, and at most 2 for first/last frame", () => {
    expect(schema("veo3.1-fast").parse({ prompt: "p", generate_type: "" })).toEqual({ prompt: "p" });
    expect(issues("veo3.1-fast", { prompt: "p", generate_type: "frame" })).toEqual({
      image_urls: expect.stringMatching(/at least one image/),
    });
    expect(issues("veo3.1-fast", { prompt: "p", image_urls: [link("a")] })).toEqual({ generate_type: expect.stringMatching(/image mode/) });
    expect(issues("veo3.1-fast", { prompt: "p", generate_type: "frame", image_urls: [link("a"), link("b"), link("c")] })).toEqual({
      image_urls: expect.stringMatching(/at most 2/),
    });
    expect(issues("veo3.1-fast", { prompt: "p", generate_type: "reference", image_urls: [link("a"), link("b"), link("c")] })).toEqual({});
    // Quality has no reference mode; lite takes no images at all.
    expect(issues("veo3.1-quality", { prompt: "p", generate_type: "reference", image_urls: [link("a")] })).toHaveProperty("generate_type");
    expect(issues("veo3.1-lite", { prompt: "p", image_urls: [link("a")] })).not.toEqual({});
    expect(schema("veo3.1-lite").parse({ prompt: "p", duration: "8" })).toEqual({ prompt: "p", duration: 8 });
  });

  it("keeps Happy Horse's modes apart and GPT Image 2 edit's images required", () => {
    expect(issues("happy-horse", { prompt: "p", image_urls: [link("a")], video_url: "https://example.com/v.mp4" })).toHaveProperty(
      "video_url",
    );
    expect(issues("happy-horse", { prompt: "p", audio_setting: "auto" })).toEqual({ video_url: expect.stringMatching(/video to edit/) });
    expect(
      issues("happy-horse", {
        prompt: "p",
        video_url: "https://example.com/v.mp4",
        reference_image_urls: [link("r")],
        audio_setting: "auto",
      }),
    ).toEqual({});
    expect(issues("gpt-image-2-edit", { prompt: "p" })).toHaveProperty("image_urls");
    expect(issues("gpt-image-2", { prompt: "p", image_urls: [link("a")] })).not.toEqual({});
  });
});
