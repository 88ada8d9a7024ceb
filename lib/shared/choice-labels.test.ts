import { describe, expect, it } from "vitest";
import { choiceLabel } from "./choice-labels";

describe("choice labels", () => {
  it("names the values providers use", () => {
    expect(choiceLabel("text-image")).toBe("Text and image");
    expect(choiceLabel("reference")).toBe("Reference images");
    expect(choiceLabel("frames")).toBe("First and last frames");
    expect(choiceLabel("standard")).toBe("Standard");
    expect(choiceLabel("pro")).toBe("Pro");
    expect(choiceLabel("16:9")).toBe("16:9 landscape");
    expect(choiceLabel(true)).toBe("On");
  });

  it("spells resolutions the usual way and leaves numbers and ratios alone", () => {
    expect(choiceLabel("4k")).toBe("4K");
    expect(choiceLabel("2K")).toBe("2K");
    expect(choiceLabel("1080P")).toBe("1080p");
    expect(choiceLabel("720p")).toBe("720p");
    expect(choiceLabel("21:9")).toBe("21:9");
    expect(choiceLabel(8)).toBe("8");
    expect(choiceLabel("V3")).toBe("V3");
  });

  it("turns other snake and kebab values into words", () => {
    expect(choiceLabel("slow_motion")).toBe("Slow motion");
    expect(choiceLabel("first-last-frame")).toBe("First last frame");
    expect(choiceLabel("cinematic")).toBe("Cinematic");
    expect(choiceLabel("v2_turbo")).toBe("V2 turbo");
    // Mixed case or spaces are someone's own spelling: kept.
    expect(choiceLabel("Model A")).toBe("Model A");
  });
});
