import type { JsonSchema } from "./json-schema";
import type { ModelKind } from "./ids";

// skills.video models (docs/provider-contracts.md §2.2 and §2.9, the ai-image skill's endpoint list).
// The id is the path after /generation/, e.g. "kling-ai/kling-v2.6". A model is offered only with
// a request schema the provider published (docs.skills.video/api-reference); the others are listed
// as unavailable until an admin imports the provider's openapi.json, because guessing fields would
// send requests the provider may charge for and reject.
//
// Left out on purpose from the documented schemas: `n` (Cutroom keeps one output per task), the
// motion-control fields of kling-v2.6 (they belong to the motion-control endpoint), and fields the
// copies we have cut off (veo-3.1-lite's image fields).

export type SkillsVideoModel = {
  id: string;
  label: string;
  kind: ModelKind;
  summary: string;
  typicalSeconds: number;
  schema?: JsonSchema;
};

const aspect = (values: string[], fallback: string): JsonSchema => ({ type: "string", enum: values, default: fallback });
const prompt: JsonSchema = { type: "string", description: "What to generate." };
const negativePrompt: JsonSchema = { anyOf: [{ type: "string" }, { type: "null" }], description: "What to keep out of the result." };
const uri = (description: string): JsonSchema => ({ type: "string", format: "uri", description });
const audio: JsonSchema = { type: "boolean", default: true, description: "Generate a soundtrack with the video." };
const quality = (fallback: string): JsonSchema => ({ type: "string", enum: ["standard", "pro"], default: fallback });
const seed: JsonSchema = { anyOf: [{ type: "integer" }, { type: "null" }], description: "Same seed, same settings: a similar result." };

const body = (required: string[], properties: Record<string, JsonSchema>): JsonSchema => ({ type: "object", required, properties });

const veo31 = body(["prompt"], {
  prompt,
  mode: { type: "string", enum: ["text-image", "reference", "frames"], default: "text-image" },
  first_frame_url: uri("The first frame (text-image and frames modes)."),
  last_frame_url: uri("The last frame (frames mode)."),
  reference_image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 3, description: "Reference mode." },
  // The docs give the default (8); 4, 6 and 8 are the lengths Veo 3.1 generates.
  duration: { type: "integer", enum: [4, 6, 8], default: 8 },
  resolution: { type: "string", enum: ["720p", "1080p"], default: "1080p" },
  aspect_ratio: aspect(["16:9", "9:16"], "16:9"),
  generate_audio: audio,
  negative_prompt: negativePrompt,
  seed,
});

const DOCUMENTED: SkillsVideoModel[] = [
  {
    id: "kling-ai/kling-v2.6",
    label: "Kling 2.6",
    kind: "text-to-video",
    summary: "5 or 10 seconds from a prompt, or from a first (and last) frame, with sound.",
    typicalSeconds: 180,
    schema: body(["prompt"], {
      prompt,
      image_url: uri("Optional first frame: makes it image-to-video."),
      end_image_url: uri("Optional last frame."),
      generate_audio: audio,
      aspect_ratio: aspect(["16:9", "9:16", "1:1"], "16:9"),
      negative_prompt: negativePrompt,
      quality: quality("standard"),
      // The docs give the default (5); Kling 2.6 renders 5 or 10 second clips.
      duration: { type: "integer", enum: [5, 10], default: 5 },
    }),
  },
  {
    id: "kling-ai/v3/video",
    label: "Kling 3.0",
    kind: "text-to-video",
    summary: "3 to 15 seconds, optional first and last frames, with sound.",
    typicalSeconds: 240,
    schema: body(["prompt"], {
      prompt,
      image_url: uri("Optional source image: makes it image-to-video."),
      last_frame_url: uri("Optional last frame."),
      duration: { type: "integer", minimum: 3, maximum: 15, default: 5 },
      generate_audio: audio,
      quality: quality("standard"),
      aspect_ratio: aspect(["16:9", "9:16", "1:1"], "16:9"),
      negative_prompt: negativePrompt,
    }),
  },
  {
    id: "kling-ai/kling-v2.5-turbo",
    label: "Kling 2.5 Turbo",
    kind: "text-to-video",
    summary: "Fast 5 or 10 second clips from a prompt.",
    typicalSeconds: 120,
    schema: body(["prompt"], {
      prompt,
      duration: { type: "integer", enum: [5, 10], default: 5 },
      aspect_ratio: aspect(["16:9", "9:16", "1:1"], "16:9"),
      negative_prompt: negativePrompt,
    }),
  },
  {
    id: "kling-ai/o3/video",
    label: "Kling O3",
    kind: "text-to-video",
    summary: "3 to 15 seconds; frames or up to 4 reference images; with sound.",
    typicalSeconds: 240,
    schema: body(["prompt"], {
      prompt,
      image_url: uri("Optional source image."),
      end_image_url: uri("Optional last frame."),
      image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 4, description: "Reference images." },
      duration: { type: "integer", minimum: 3, maximum: 15, default: 5 },
      generate_audio: audio,
      keep_audio: { type: "boolean", default: false, description: "Keep the source's audio." },
      quality: quality("pro"),
      aspect_ratio: aspect(["16:9", "9:16", "1:1"], "16:9"),
    }),
  },
  {
    id: "google/veo-3.1",
    label: "Veo 3.1",
    kind: "text-to-video",
    summary: "4 to 8 seconds up to 1080p, with sound.",
    typicalSeconds: 150,
    schema: veo31,
  },
  {
    id: "google/veo-3.1-fast",
    label: "Veo 3.1 Fast",
    kind: "text-to-video",
    summary: "Veo 3.1, faster and cheaper.",
    typicalSeconds: 90,
    schema: veo31,
  },
  {
    id: "google/veo-3.1-lite",
    label: "Veo 3.1 Lite",
    kind: "text-to-video",
    summary: "The lightest Veo 3.1, from a prompt.",
    typicalSeconds: 60,
    schema: body(["prompt"], {
      prompt,
      resolution: { type: "string", enum: ["720p", "1080p"], default: "720p" },
      aspect_ratio: aspect(["16:9", "9:16"], "16:9"),
      negative_prompt: negativePrompt,
      seed,
    }),
  },
  {
    id: "bytedance/seedance-1.5",
    label: "Seedance 1.5",
    kind: "text-to-video",
    summary: "4 to 12 seconds, six aspect ratios, up to 1080p.",
    typicalSeconds: 150,
    schema: body(["prompt"], {
      prompt,
      image_url: uri("Optional first frame: makes it image-to-video."),
      end_frame_url: uri("Optional last frame."),
      aspect_ratio: aspect(["21:9", "16:9", "4:3", "1:1", "3:4", "9:16"], "16:9"),
      resolution: { type: "string", enum: ["480p", "720p", "1080p"], default: "720p" },
      duration: { type: "integer", minimum: 4, maximum: 12, default: 5 },
      camera_fixed: { type: "boolean", default: false, description: "Keep the camera still." },
      generate_audio: audio,
      seed: { type: "integer", minimum: -1, default: -1, description: "-1 picks one at random." },
    }),
  },
  {
    id: "google/nano-banana-pro",
    label: "Nano Banana Pro",
    kind: "text-to-image",
    summary: "Images from a prompt, or edits of up to 8 images.",
    typicalSeconds: 30,
    // From the quickstart (prompt, repeatable image_urls, aspect_ratio, resolution). The value lists
    // are the ones Google documents for this model; the quickstart shows 1:1 and 2K.
    schema: body(["prompt"], {
      prompt,
      image_urls: { type: "array", items: { type: "string", format: "uri" }, maxItems: 8, description: "Images to edit or combine." },
      aspect_ratio: aspect(["1:1", "16:9", "9:16", "4:3", "3:4"], "1:1"),
      resolution: { type: "string", enum: ["1K", "2K", "4K"], default: "2K" },
    }),
  },
];

const listed = (kind: ModelKind, typicalSeconds: number) => (entry: [string, string]) => ({
  id: entry[0],
  label: entry[1],
  kind,
  summary: "",
  typicalSeconds,
});

// In the provider's docs.json snapshot (2026-03-20), without a request schema we could read.
const UNDOCUMENTED: SkillsVideoModel[] = [
  ...(
    [
      ["openai/sora-2-pro", "Sora 2 Pro"],
      ["openai/sora-2", "Sora 2"],
      ["google/veo-2", "Veo 2"],
      ["bytedance/seedance-1-pro", "Seedance 1 Pro"],
      ["bytedance/seedance-1-pro-fast", "Seedance 1 Pro Fast"],
      ["xai/grok-imagine-video", "Grok Imagine Video"],
      ["kling-ai/o1/video", "Kling O1"],
      ["kling-ai/motion-control-v2.6", "Kling 2.6 Motion Control"],
      ["runwayml/gen-4.5", "Runway Gen-4.5"],
      ["runwayml/gen4-turbo", "Runway Gen-4 Turbo"],
      ["wan/wan-v2.6", "Wan 2.6"],
      ["luma/ray-2", "Luma Ray 2"],
      ["luma/ray-2-flash", "Luma Ray 2 Flash"],
      ["vidu/q2/video-turbo", "Vidu Q2 Turbo"],
      ["vidu/q3", "Vidu Q3"],
      ["minimax/hailuo-2.3", "Hailuo 2.3"],
      ["minimax/hailuo-2.3-fast", "Hailuo 2.3 Fast"],
      ["lightricks/ltx-2.3", "LTX 2.3"],
      ["lightricks/ltx-2.3/audio-to-video", "LTX 2.3 Audio to video"],
      ["pixverse/v5.6", "PixVerse 5.6"],
      ["bytedance/omnihuman-v1.5", "OmniHuman 1.5"],
      ["sync/lipsync-2", "Sync Lipsync 2"],
      ["veed/lipsync", "VEED Lipsync"],
      ["pixverse/lipsync", "PixVerse Lipsync"],
    ] as [string, string][]
  ).map(listed("text-to-video", 180)),
  ...(
    [
      ["kling-ai/o3/edit", "Kling O3 Edit"],
      ["kling-ai/o1/edit", "Kling O1 Edit"],
      ["runwayml/gen4-aleph", "Runway Aleph"],
      ["lightricks/ltx-2.3/extend-video", "LTX 2.3 Extend"],
      ["lightricks/ltx-2.3/retake-video", "LTX 2.3 Retake"],
      ["topaz/upscale/video", "Topaz Video Upscale"],
      ["runwayml/upscale-v1", "Runway Upscale"],
    ] as [string, string][]
  ).map(listed("video-to-video", 180)),
  ...(
    [
      ["google/nano-banana-2", "Nano Banana 2"],
      ["google/nano-banana", "Nano Banana"],
      ["openai/gpt-image-1.5", "GPT Image 1.5"],
      ["openai/gpt-image-1", "GPT Image 1"],
      ["kling-ai/v3/image", "Kling 3.0 Image"],
      ["kling-ai/o3-image", "Kling O3 Image"],
      ["kling-ai/o1-image", "Kling O1 Image"],
      ["xai/grok-imagine-image", "Grok Imagine Image"],
      ["bytedance/seedream-5-lite", "Seedream 5 Lite"],
      ["bytedance/seedream-4.5", "Seedream 4.5"],
      ["bytedance/seedream-4.0", "Seedream 4.0"],
      ["qwen/qwen-image-2-pro", "Qwen Image 2 Pro"],
      ["qwen/qwen-image-2", "Qwen Image 2"],
      ["qwen/qwen-image", "Qwen Image"],
      ["vidu/q2/text-to-image", "Vidu Q2 Image"],
      ["runwayml/gen4-image", "Runway Gen-4 Image"],
      ["runwayml/gen4-image-turbo", "Runway Gen-4 Image Turbo"],
      ["black-forest-labs/flux-2-pro", "FLUX.2 Pro"],
      ["black-forest-labs/kontext", "FLUX Kontext"],
      ["ideogram/ideogram", "Ideogram"],
      ["z-image/z-image", "Z-Image"],
    ] as [string, string][]
  ).map(listed("text-to-image", 30)),
  ...([["topaz/upscale/image", "Topaz Image Upscale"]] as [string, string][]).map(listed("image-to-image", 30)),
];

export const SKILLS_VIDEO_MODELS: readonly SkillsVideoModel[] = [...DOCUMENTED, ...UNDOCUMENTED];

export const NO_SCHEMA_REASON =
  "skills.video has not published this model's request schema. An admin can import the provider's openapi.json to enable it.";
