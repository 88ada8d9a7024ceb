import "server-only";
import { boolean, first, has, integer, oneOf, ratio, url, urls, used, type Input } from "./field-checks";

// Each model's input rules as APIDot's docs state them (docs/provider-contracts.md §3.3), checked on the wire on the
// sandbox's own reading of the docs, so it catches the client's bugs rather than sharing them.

const SEEDANCE_REFERENCES = ["reference_image_urls", "reference_video_urls", "reference_audio_urls"];
const SIZES = ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9"];

function seedanceRules(input: Input, resolutions: readonly string[]): string | null {
  return first(
    () => integer(input, "duration", { min: 4, max: 15, required: true }),
    () => oneOf(input, "resolution", resolutions, true),
    () => oneOf(input, "aspect_ratio", ["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]),
    () => boolean(input, "generate_audio"),
    () => integer(input, "seed"),
    () => urls(input, "image_urls", { max: 2 }),
    () => urls(input, "reference_image_urls"),
    () => urls(input, "reference_video_urls"),
    () => urls(input, "reference_audio_urls"),
    () =>
      used(input, "image_urls") && SEEDANCE_REFERENCES.some((name) => used(input, name))
        ? "image_urls and reference_*_urls cannot be used together"
        : null,
  );
}

function veoRules(model: string, input: Input): string | null {
  return first(
    () => integer(input, "duration", { min: 8, max: 8 }),
    () => oneOf(input, "aspect_ratio", ["16:9", "9:16"]),
    () => oneOf(input, "resolution", ["720p", "1080p", "4k"]),
    () => oneOf(input, "generate_type", ["frame", "reference"]),
    () => urls(input, "image_urls"),
    () =>
      input.generate_type === "reference" && model !== "veo3.1-fast"
        ? "input.generate_type reference is only supported by veo3.1-fast"
        : null,
    () =>
      has(input, "image_urls") && !has(input, "generate_type") ? "input.image_urls needs input.generate_type (frame or reference)" : null,
    () => (input.generate_type === "frame" ? urls(input, "image_urls", { min: 1, max: 2 }) : null),
    () => (input.generate_type === "reference" ? urls(input, "image_urls", { min: 1, max: 3 }) : null),
  );
}

export const MODEL_RULES: Record<string, (input: Input) => string | null> = {
  "seedance-2": (input) => seedanceRules(input, ["480p", "720p", "1080p"]),
  "seedance-2-fast": (input) => seedanceRules(input, ["480p", "720p"]),
  "veo3.1-lite": (input) => veoRules("veo3.1-lite", input),
  "veo3.1-fast": (input) => veoRules("veo3.1-fast", input),
  "veo3.1-quality": (input) => veoRules("veo3.1-quality", input),
  "sora-2-official": (input) =>
    first(
      () => integer(input, "duration", { min: 8, max: 8 }),
      () => oneOf(input, "aspect_ratio", ["16:9"]),
    ),
  "sora-2-pro-official": (input) =>
    first(
      () => integer(input, "duration", { min: 8, max: 8 }),
      () => oneOf(input, "aspect_ratio", ["auto", "16:9"]),
      () => oneOf(input, "resolution", ["1024p"]),
      () => urls(input, "image_urls", { max: 1 }),
    ),
  "happy-horse": (input) =>
    first(
      () => integer(input, "duration", { min: 1 }),
      () => ratio(input, "aspect_ratio"),
      () => oneOf(input, "resolution", ["1080p"]),
      () => integer(input, "seed"),
      () => boolean(input, "enable_safety_checker"),
      () => urls(input, "image_urls"),
      () => urls(input, "reference_image_urls"),
      () => url(input, "video_url"),
      () => oneOf(input, "audio_setting", ["auto"]),
      () =>
        used(input, "image_urls") && (used(input, "reference_image_urls") || used(input, "video_url"))
          ? "image_urls cannot be used together with reference_image_urls or video_url"
          : null,
    ),
  "gpt-image-2": (input) => oneOf(input, "size", SIZES),
  "gpt-image-2-edit": (input) =>
    first(
      () => oneOf(input, "size", SIZES),
      () => urls(input, "image_urls", { min: 1 }),
    ),
};

/** Fields a model refuses outright, with the docs' reason (checked before unknown fields). */
export const REFUSED_FIELDS: Record<string, { fields: string[]; message: string }> = {
  "veo3.1-lite": {
    fields: ["generate_type", "image_urls"],
    message: "veo3.1-lite is text to video only: it does not accept input.generate_type or input.image_urls",
  },
  "gpt-image-2": { fields: ["image_urls"], message: "gpt-image-2 does not accept input.image_urls: use gpt-image-2-edit to edit images" },
};
