import { describe, expect, it } from "vitest";
import { AIVIDEOMAKER_MODELS } from "./catalog/aivideomaker";
import { createPresetSchema, presetSettingsFrom, updatePresetSchema } from "./presets";

const fieldsOf = (id: string) => AIVIDEOMAKER_MODELS.find((model) => model.id === id)!.fields;

describe("presetSettingsFrom", () => {
  it("keeps the model's own settings and leaves out the prompt, images and values of other models", () => {
    const values = { prompt: "a kite", aspectRatio: "9:16", duration: "8", image: { uploadId: "u" }, seed: 4, segments: ["x"] };
    expect(presetSettingsFrom(fieldsOf("t2v"), values)).toEqual({ aspectRatio: "9:16", duration: "8" });
    expect(presetSettingsFrom(fieldsOf("i2v"), values)).toEqual({ duration: "8" });
    expect(presetSettingsFrom(fieldsOf("lv"), values)).toEqual({ segments: ["x"] });
  });
});

describe("preset schemas", () => {
  const content = { provider: "aivideomaker", model: "t2v", settings: {} };
  it("trims the name, defaults to private with no prompt, and refuses unknown keys", () => {
    expect(createPresetSchema.parse({ name: "  Teaser ", ...content })).toEqual({ name: "Teaser", shared: false, prompt: "", ...content });
    expect(createPresetSchema.safeParse({ name: "Teaser", ...content, owner: "someone" }).success).toBe(false);
    expect(createPresetSchema.safeParse({ name: "   ", ...content }).success).toBe(false);
  });
  it("takes new settings only with their provider and model, and refuses an empty change", () => {
    expect(updatePresetSchema.safeParse({ shared: true }).success).toBe(true);
    expect(updatePresetSchema.safeParse(content).success).toBe(true);
    expect(updatePresetSchema.safeParse({ settings: {} }).success).toBe(false);
    expect(updatePresetSchema.safeParse({}).success).toBe(false);
  });
});
