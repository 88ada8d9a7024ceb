import { describe, expect, it } from "vitest";
import { findModel } from ".";
import { taskSettingsOf } from "./task-settings";

describe("a task's settings as its page lists them", () => {
  it("names and values each setting as the form did, in the form's order", () => {
    const veo = findModel("skills-video", "google/veo-3.1")!;
    const settings = taskSettingsOf(veo, {
      prompt: "a fox",
      resolution: "1080p",
      mode: "frames",
      duration: 8,
      first_frame_url: { url: "https://example.com/a.jpg" },
      reference_image_urls: [],
    });
    expect(settings).toEqual([
      { name: "mode", label: "Mode", value: "First and last frames" },
      { name: "resolution", label: "Resolution", value: "1080p" },
    ]);
  });

  it("falls back to worded names and raw free text when the model is gone", () => {
    expect(
      taskSettingsOf(undefined, {
        aspectRatio: "16:9",
        negative_prompt: "blurry",
        loop: true,
        camera_motion: "slow_pan",
        tags: ["a", "b"],
      }),
    ).toEqual([
      { name: "aspectRatio", label: "Aspect ratio", value: "16:9" },
      { name: "camera_motion", label: "Camera motion", value: "slow_pan" },
      { name: "loop", label: "Loop", value: "On" },
      { name: "negative_prompt", label: "Negative prompt", value: "blurry" },
      { name: "tags", label: "Tags", value: "a, b" },
    ]);
  });
});
