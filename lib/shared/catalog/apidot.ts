import { choiceLabel } from "../choice-labels";
import type { ChoiceField, FieldRule, FieldSpec, ImageListField, NumberField, SegmentsField, SwitchField, TextField } from "./fields";
import type { CatalogModel } from "./model";

// APIDot models with documented fields (docs/provider-contracts.md §3.3: the vendor's docs JSON for Seedance 2,
// Veo 3.1 and GPT Image 2, its cURL quickstarts for Sora 2 Official and Happy Horse). Field names
// are the wire's own: the provider folder sends the input as it is, with images made links.
// Where the docs give no bound (how many reference images, Happy Horse's durations) the limit here
// is a cautious one and says so; APIDot's own 400 is still read if it disagrees.

const PROMPT_MAX = 4000;

const prompt = (placeholder: string): TextField => ({
  kind: "text",
  name: "prompt",
  label: "Prompt",
  required: true,
  multiline: true,
  maxLength: PROMPT_MAX,
  placeholder,
});

const choice = (
  name: string,
  label: string,
  values: readonly string[],
  defaultValue: string,
  extra: Partial<ChoiceField> = {},
): ChoiceField => ({
  kind: "choice",
  name,
  label,
  options: values.map((value) => ({ value, label: choiceLabel(value) })),
  defaultValue,
  ...extra,
});

/** A fixed value the docs require on the wire (Veo and Sora take 8 seconds and nothing else). */
const fixedSeconds = (seconds: number): ChoiceField => ({
  kind: "choice",
  name: "duration",
  label: "Duration",
  options: [{ value: String(seconds), label: `${seconds} s` }],
  defaultValue: String(seconds),
  valueType: "integer",
  optional: true,
  help: `This model always makes ${seconds} seconds.`,
});

const images = (name: string, label: string, max: number, help: string, min = 0): ImageListField => ({
  kind: "images",
  name,
  label,
  min,
  max,
  help,
});

const links = (name: string, label: string, max: number, help: string): SegmentsField => ({
  kind: "segments",
  name,
  label,
  min: 0,
  max,
  maxLength: 2048,
  itemLabel: "Link",
  format: "url",
  help,
});

const seed: NumberField = {
  kind: "number",
  name: "seed",
  label: "Seed",
  required: false,
  integer: true,
  min: 0,
  max: 2_147_483_647,
  help: "The same seed and settings give a similar result.",
};

const audio: SwitchField = {
  kind: "switch",
  name: "generate_audio",
  label: "Generate audio",
  defaultValue: true,
  optional: true,
  help: "Synchronised sound made together with the video.",
};

// Seedance 2 (docs models/seedance-2): first/last frame OR multimodal references, never both.
const SEEDANCE_REFERENCES = ["reference_image_urls", "reference_video_urls", "reference_audio_urls"];
const seedanceFields = (resolutions: readonly string[]): FieldSpec[] => [
  prompt("A slow dolly-in on a ceramic cup of espresso, morning light"),
  {
    kind: "number",
    name: "duration",
    label: "Duration",
    required: true,
    integer: true,
    min: 4,
    max: 15,
    defaultValue: 5,
  },
  choice("aspect_ratio", "Aspect ratio", ["16:9", "21:9", "4:3", "1:1", "3:4", "9:16"], "16:9", { optional: true }),
  choice("resolution", "Resolution", resolutions, "720p"),
  audio,
  images("image_urls", "First and last frame", 2, "Optional: the first frame, and a second image for the last frame."),
  // The docs give no maximum for references; 4 of each is a cautious limit (unconfirmed).
  images("reference_image_urls", "Reference images", 4, "Optional: images the video should draw on (reference mode)."),
  links("reference_video_urls", "Reference videos", 3, "Optional: public https links to videos (reference mode)."),
  links("reference_audio_urls", "Reference audio", 3, "Optional: public https links to audio (reference mode)."),
  seed,
];
const seedanceRules: FieldRule[] = [
  {
    kind: "exclusive",
    groups: [["image_urls"], SEEDANCE_REFERENCES],
    message: "Use first/last frame images or references, not both: APIDot refuses image_urls together with reference links.",
  },
];

// Veo 3.1 (docs models/veo-3-1): 8 s; images only with generate_type; lite takes text only.
const veoFields = (generateTypes: readonly ("frame" | "reference")[]): FieldSpec[] => [
  prompt("A miniature city waking up at sunrise, cinematic light, smooth camera motion"),
  fixedSeconds(8),
  choice("aspect_ratio", "Aspect ratio", ["16:9", "9:16"], "16:9", { optional: true }),
  choice("resolution", "Resolution", ["720p", "1080p", "4k"], "720p", { optional: true }),
  ...(generateTypes.length
    ? [
        {
          kind: "choice" as const,
          name: "generate_type",
          label: "Image mode",
          options: [
            { value: "", label: "No images (text to video)" },
            { value: "frame", label: "First and last frame (1-2 images)" },
            ...(generateTypes.includes("reference") ? [{ value: "reference", label: "Reference images (1-3)" }] : []),
          ],
          defaultValue: "",
          optional: true,
        },
        images("image_urls", "Images", generateTypes.includes("reference") ? 3 : 2, "Used with an image mode."),
      ]
    : []),
];
const veoRules: FieldRule[] = [
  { kind: "requires", field: "generate_type", needs: "image_urls", message: "Add at least one image for this image mode." },
  { kind: "requires", field: "image_urls", needs: "generate_type", message: "Choose an image mode for these images." },
  {
    kind: "maxItemsWhen",
    field: "image_urls",
    when: { field: "generate_type", equals: "frame" },
    max: 2,
    message: "First and last frame takes at most 2 images.",
  },
];

// Happy Horse (cURL quickstart): text, image (image_urls), references (reference_image_urls) or an
// edit of a video (video_url, with optional references and audio_setting). Durations 5 and 6 are
// the documented examples; the range here is a cautious guess (unconfirmed).
const happyHorseFields: FieldSpec[] = [
  prompt("A compact electric city bike gliding through a bright morning street market, smooth tracking shot"),
  { kind: "number", name: "duration", label: "Duration", required: false, integer: true, min: 3, max: 15, defaultValue: 5 },
  choice("aspect_ratio", "Aspect ratio", ["", "16:9", "9:16", "1:1"], "16:9", {
    optional: true,
    options: [{ value: "", label: "Model default" }, ...["16:9", "9:16", "1:1"].map((value) => ({ value, label: choiceLabel(value) }))],
  }),
  choice("resolution", "Resolution", ["1080p"], "1080p", { optional: true }),
  images("image_urls", "Start image", 1, "Optional: animate this image (image to video)."),
  images("reference_image_urls", "Reference images", 4, "Optional: characters or objects the video should show."),
  {
    kind: "text",
    name: "video_url",
    label: "Video to edit",
    required: false,
    maxLength: 2048,
    format: "url",
    placeholder: "https://example.com/source-video.mp4",
    help: "Optional: a public https link to a video to edit.",
  },
  {
    kind: "choice",
    name: "audio_setting",
    label: "Audio of the edited video",
    options: [
      { value: "", label: "Not set" },
      { value: "auto", label: "Auto" },
    ],
    defaultValue: "",
    optional: true,
  },
  seed,
  { kind: "switch", name: "enable_safety_checker", label: "Safety checker", defaultValue: true, optional: true },
];
const happyHorseRules: FieldRule[] = [
  {
    kind: "exclusive",
    groups: [["image_urls"], ["reference_image_urls", "video_url"]],
    message: "A start image cannot be combined with references or a video to edit.",
  },
  { kind: "requires", field: "audio_setting", needs: "video_url", message: "Audio applies to a video edit: add the video to edit." },
];

const SIZES = ["auto", "1:1", "2:3", "3:2", "3:4", "4:3", "4:5", "5:4", "9:16", "16:9"];

export type ApidotModel = Pick<CatalogModel, "id" | "label" | "kind" | "summary" | "fields" | "rules" | "typicalSeconds">;

export const APIDOT_MODELS: readonly ApidotModel[] = [
  {
    id: "seedance-2",
    label: "Seedance 2",
    kind: "text-to-video",
    summary: "ByteDance Seedance 2: 4 to 15 seconds up to 1080p, with audio, frames or references.",
    fields: seedanceFields(["480p", "720p", "1080p"]),
    rules: seedanceRules,
    typicalSeconds: 240,
  },
  {
    id: "seedance-2-fast",
    label: "Seedance 2 Fast",
    kind: "text-to-video",
    summary: "The faster Seedance 2 for iterating: 4 to 15 seconds at 480p or 720p.",
    fields: seedanceFields(["480p", "720p"]),
    rules: seedanceRules,
    typicalSeconds: 120,
  },
  {
    id: "veo3.1-lite",
    label: "Veo 3.1 Lite",
    kind: "text-to-video",
    summary: "Google Veo 3.1, text only and lowest cost: 8 seconds.",
    fields: veoFields([]),
    typicalSeconds: 90,
  },
  {
    id: "veo3.1-fast",
    label: "Veo 3.1 Fast",
    kind: "text-to-video",
    summary: "Veo 3.1 Fast: 8 seconds from text, first/last frames or reference images.",
    fields: veoFields(["frame", "reference"]),
    rules: veoRules,
    typicalSeconds: 120,
  },
  {
    id: "veo3.1-quality",
    label: "Veo 3.1 Quality",
    kind: "text-to-video",
    summary: "Veo 3.1 at its best quality: 8 seconds from text or first/last frames.",
    fields: veoFields(["frame"]),
    rules: veoRules,
    typicalSeconds: 240,
  },
  {
    id: "sora-2-official",
    label: "Sora 2 Official",
    kind: "text-to-video",
    summary: "OpenAI Sora 2: an 8 second 16:9 clip from a prompt.",
    fields: [
      prompt("A cinematic tracking shot of a compact electric car driving through neon-lit rain"),
      fixedSeconds(8),
      choice("aspect_ratio", "Aspect ratio", ["16:9"], "16:9"),
    ],
    typicalSeconds: 240,
  },
  {
    id: "sora-2-pro-official",
    label: "Sora 2 Pro Official",
    kind: "text-to-video",
    summary: "Sora 2 Pro at 1024p: 8 seconds from a prompt, optionally guided by an image.",
    fields: [
      prompt("Animate the product as a premium launch teaser, slow dolly-in, clean studio lighting"),
      fixedSeconds(8),
      choice("aspect_ratio", "Aspect ratio", ["auto", "16:9"], "auto"),
      choice("resolution", "Resolution", ["1024p"], "1024p"),
      images("image_urls", "Reference image", 1, "Optional: an image to guide the video."),
    ],
    typicalSeconds: 360,
  },
  {
    id: "happy-horse",
    label: "Happy Horse",
    kind: "text-to-video",
    summary: "Text, image or reference to video at 1080p, or an edit of an existing video.",
    fields: happyHorseFields,
    rules: happyHorseRules,
    typicalSeconds: 180,
  },
  {
    id: "gpt-image-2",
    label: "GPT Image 2",
    kind: "text-to-image",
    summary: "OpenAI GPT Image 2: one image from a prompt.",
    fields: [
      prompt("A premium product photo of a silver espresso machine on a clean white studio background"),
      choice("size", "Size", SIZES, "auto", { optional: true }),
    ],
    typicalSeconds: 45,
  },
  {
    id: "gpt-image-2-edit",
    label: "GPT Image 2 Edit",
    kind: "image-to-image",
    summary: "Edits images with GPT Image 2: one result from one or more source images.",
    fields: [
      prompt("Keep the product centered, replace the background with a clean white studio backdrop"),
      choice("size", "Size", SIZES, "auto", { optional: true }),
      // "One or more" per the docs; 5 is a cautious limit (unconfirmed).
      images("image_urls", "Source images", 5, "The images to edit.", 1),
    ],
    typicalSeconds: 60,
  },
];
