import { describe, expect, it } from "vitest";
import { CATALOG, findModel } from ".";
import { inputSchemaFor } from "./fields";
import { fieldsFromJsonSchema, humanize } from "./json-schema";
import { issuesOf } from "@/tests/support/zod-issues";

describe("request schemas become forms and validators", () => {
  it("labels enum values for people and keeps the raw values for the provider", () => {
    const veo = findModel("skills-video", "google/veo-3.1")!;
    const mode = veo.fields.find((field) => field.name === "mode");
    expect(mode?.kind === "choice" ? mode.options : null).toEqual([
      { value: "text-image", label: "Text and image" },
      { value: "reference", label: "Reference images" },
      { value: "frames", label: "First and last frames" },
    ]);
    const { fields } = fieldsFromJsonSchema({
      type: "object",
      properties: { quality: { type: "string", enum: ["standard", "pro", "ultra_hd"] } },
    });
    expect(fields[0]?.kind === "choice" ? fields[0].options.map((option) => option.label) : null).toEqual(["Standard", "Pro", "Ultra hd"]);
    const parsed = inputSchemaFor(veo).safeParse({ prompt: "a fox", mode: "frames" });
    expect(parsed.success && parsed.data.mode).toBe("frames");
  });

  it("maps each JSON Schema shape to its control", () => {
    const { fields, problems } = fieldsFromJsonSchema({
      type: "object",
      required: ["prompt"],
      properties: {
        seed: { anyOf: [{ type: "integer" }, { type: "null" }] },
        prompt: { type: "string", description: "What to make." },
        duration: { type: "integer", enum: [5, 10], default: 10 },
        steps: { type: "integer", minimum: 1, maximum: 50 },
        loop: { type: "boolean", default: true },
        image_url: { type: "string", format: "uri" },
        video_url: { type: "string", format: "uri" },
        reference_image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 3 },
        tags: { type: "array", items: { type: "string" } },
        extra: { type: "object" },
      },
    });
    expect(problems).toEqual([]);
    expect(fields.map((field) => [field.name, field.kind])).toEqual([
      ["prompt", "text"],
      ["seed", "number"],
      ["duration", "choice"],
      ["steps", "number"],
      ["loop", "switch"],
      ["image_url", "image"],
      ["video_url", "text"],
      ["reference_image_urls", "images"],
      ["tags", "segments"],
    ]);
    expect(fields[2]).toMatchObject({ valueType: "integer", defaultValue: "10", optional: true });
    expect(fields[3]).toMatchObject({ min: 1, max: 50, integer: true, required: false });
    expect(fields[6]).toMatchObject({ format: "url" });
    expect(fields[7]).toMatchObject({ min: 0, max: 3 });
  });

  it("makes a model unavailable, with the field named, when a required field cannot be shown", () => {
    const { problems } = fieldsFromJsonSchema({ type: "object", required: ["mask"], properties: { mask: { type: "object" } } });
    expect(problems).toEqual(['The required field "mask" cannot be shown: Mask is of type object, which Cutroom cannot show.']);
  });

  it("validates typed values on the way in and sends only what the schema defines", () => {
    const kling = findModel("skills-video", "kling-ai/kling-v2.6")!;
    const schema = inputSchemaFor(kling);
    expect(schema.parse({ prompt: " a fox ", duration: "10", generate_audio: false })).toEqual({
      prompt: "a fox",
      duration: 10,
      generate_audio: false,
    });
    expect(issuesOf(schema.safeParse({ prompt: "x", duration: "7", colour: "red" }))).toEqual([
      "duration: Choose one of: 5 s, 10 s.",
      "(root): unknown colour",
    ]);

    const kling3 = inputSchemaFor(findModel("skills-video", "kling-ai/v3/video")!);
    expect(issuesOf(kling3.safeParse({ prompt: "x", duration: "16" }))).toEqual([
      "duration: Duration must be a whole number from 3 to 15.",
    ]);
    expect(kling3.parse({ prompt: "x", duration: "15" })).toMatchObject({ duration: 15 });
  });

  it("offers only documented skills.video models, and says why the others are not offered", () => {
    const skills = CATALOG.filter((model) => model.provider === "skills-video");
    const usable = skills.filter((model) => !model.unavailable).map((model) => model.id);
    expect(usable).toEqual([
      "kling-ai/kling-v2.6",
      "kling-ai/v3/video",
      "kling-ai/kling-v2.5-turbo",
      "kling-ai/o3/video",
      "google/veo-3.1",
      "google/veo-3.1-fast",
      "google/veo-3.1-lite",
      "bytedance/seedance-1.5",
      "google/nano-banana-pro",
    ]);
    const sora = findModel("skills-video", "openai/sora-2")!;
    expect(sora.unavailable).toMatch(/has not published this model's request schema/);
    expect(sora.fields).toEqual([]);
    // Video-to-video exists only as models without a published schema: plainly unavailable.
    expect(skills.filter((model) => model.kind === "video-to-video").every((model) => model.unavailable)).toBe(true);
  });

  it("labels fields the way people read them", () => {
    expect(humanize("aspect_ratio")).toBe("Aspect ratio");
    expect(humanize("reference_image_urls")).toBe("Reference image URLs");
    expect(humanize("generateAudio")).toBe("Generate audio");
  });
});
