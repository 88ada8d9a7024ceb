import { choiceLabel } from "../choice-labels";
import type { ChoiceField, FieldRule, FieldSpec, ImageField, ImageListField, NumberField, SegmentsField, TextField } from "./fields";
import type { ModelKind } from "./ids";

// AIVideoMaker models (docs/provider-contracts.md §1.3): the vendor's API page documents t2v, i2v,
// lv, t2v_v3 and i2v_v3; minimax, seedance20, wan27 and happyhorse come from the vendor's OpenAPI
// digest and integrators' measured notes ([T] in CONTRACTS.md). Field names here are Cutroom's; the
// provider folder maps them to the wire body (minimax's prompt is the vendor's `content`; Happy
// Horse's start image and reference images are both its `image`). `filterMode` appears only in one
// older skill copy and is not sent. Which of these the account may use is the account's word
// (`GET /api/v1/account` supportedModels), not this list's.

export const AIVIDEOMAKER_MODEL_IDS = ["t2v", "i2v", "lv", "t2v_v3", "i2v_v3", "minimax", "seedance20", "wan27", "happyhorse"] as const;
export type AivideomakerModelId = (typeof AIVIDEOMAKER_MODEL_IDS)[number];

const PROMPT_MAX = 2000;

const prompt = (required: boolean): TextField => ({
  kind: "text",
  name: "prompt",
  label: "Prompt",
  required,
  maxLength: PROMPT_MAX,
  placeholder: required
    ? "A cinematic sunset over a futuristic city skyline, slow dolly-in"
    : "Optional: describe the motion, e.g. the camera slowly pans right",
});

const ratioChoice = (name: string, values: readonly string[], extra: Partial<ChoiceField> = {}): ChoiceField => ({
  kind: "choice",
  name,
  label: "Aspect ratio",
  options: values.map((value) => ({ value, label: RATIO_LABELS[value] ?? choiceLabel(value) })),
  defaultValue: "16:9",
  ...extra,
});
// Here "auto" means the image decides; every other ratio reads as it does for any provider.
const RATIO_LABELS: Record<string, string> = { auto: "Auto (from the image)" };

const aspectRatio = ratioChoice("aspectRatio", ["16:9", "9:16", "1:1"]);

const seconds = (values: readonly string[], defaultValue: string): ChoiceField => ({
  kind: "choice",
  name: "duration",
  label: "Duration",
  options: values.map((value) => ({ value, label: `${value} s` })),
  defaultValue,
});

/** A duration the vendor takes as a number in a range (minimax, seedance20, happyhorse). */
const secondsRange = (min: number, max: number): NumberField => ({
  kind: "number",
  name: "duration",
  label: "Duration",
  // Whole seconds: whether the vendor takes fractions is unconfirmed (U33), so none are offered.
  integer: true,
  required: true,
  min,
  max,
  defaultValue: 5,
  help: `${min} to ${max} seconds.`,
});

const choice = (
  name: string,
  label: string,
  options: readonly [string, string][],
  defaultValue: string,
  extra: Partial<ChoiceField> = {},
) =>
  ({
    kind: "choice",
    name,
    label,
    options: options.map(([value, optionLabel]) => ({ value, label: optionLabel })),
    defaultValue,
    ...extra,
  }) satisfies ChoiceField;

const IMAGE_HELP = "PNG, JPEG or WebP, up to 10 MB.";
const image = (help: string, required = true, name = "image", label = "Image"): ImageField => ({
  kind: "image",
  name,
  label,
  required,
  help,
});
const imageList = (name: string, label: string, max: number, help: string): ImageListField => ({
  kind: "images",
  name,
  label,
  min: 0,
  max,
  help,
});

const segments: SegmentsField = {
  kind: "segments",
  name: "segments",
  label: "Segments",
  min: 1,
  max: 6,
  maxLength: PROMPT_MAX,
  secondsEach: 5,
  help: "Each segment is one prompt and 5 seconds of video, in order.",
};

// MiniMax H3 (§1.3.5): frames (first, last) or references (images, a video, audio), never both.
// Video and audio references are links only: the vendor takes no data URI for them.
const MINIMAX_FRAMES = ["imageUrl", "lastFrameUrl"];
const MINIMAX_REFERENCES = ["referenceImageUrls", "referenceVideoUrl", "referenceAudioUrls"];
const minimaxFields: FieldSpec[] = [
  prompt(true),
  secondsRange(5, 20),
  choice(
    "resolution",
    "Resolution",
    [
      ["720p", "720p"],
      ["1080p", "1080p"],
    ],
    "720p",
  ),
  choice(
    "tier",
    "Tier",
    [
      ["turbo", "Turbo (faster, cheaper)"],
      ["base", "Base"],
    ],
    "turbo",
  ),
  ratioChoice("aspectRatio", ["16:9", "9:16", "1:1", "21:9", "4:3", "3:4", "auto"]),
  image(`Optional: the first frame. ${IMAGE_HELP}`, false, "imageUrl", "First frame"),
  image(`Optional: the last frame. ${IMAGE_HELP}`, false, "lastFrameUrl", "Last frame"),
  imageList("referenceImageUrls", "Reference images", 4, "Optional: up to 4 images the video should draw on (reference mode)."),
  {
    kind: "text",
    name: "referenceVideoUrl",
    label: "Reference video",
    required: false,
    maxLength: 2048,
    format: "url",
    placeholder: "https://example.com/reference.mp4",
    help: "Optional: a public https link to a video (reference mode).",
  },
  {
    kind: "segments",
    name: "referenceAudioUrls",
    label: "Reference audio",
    min: 0,
    max: 2,
    maxLength: 2048,
    itemLabel: "Link",
    format: "url",
    help: "Optional: up to 2 public https links to audio (reference mode).",
  },
];
const minimaxRules: FieldRule[] = [
  {
    kind: "exclusive",
    groups: [MINIMAX_FRAMES, MINIMAX_REFERENCES],
    message: "Use first/last frames or references, not both: MiniMax H3 takes one mode per video.",
  },
];

// Seedance 2.0 (§1.3.6): a prompt, an image or both. The vendor also takes a `video` and an `audio`
// link; their formats and pairing rules are unconfirmed (U33), so the form does not offer them yet.
const seedanceFields: FieldSpec[] = [
  prompt(false),
  image(`Optional: an image for the video to start from. ${IMAGE_HELP}`, false),
  secondsRange(4, 15),
  choice(
    "resolution",
    "Resolution",
    [
      ["480", "480p"],
      ["720", "720p"],
    ],
    "720",
    { valueType: "integer" },
  ),
  ratioChoice("ratio", ["16:9", "9:16", "1:1"]),
];
const seedanceRules: FieldRule[] = [
  { kind: "anyOf", fields: ["prompt", "image"], message: "Write a prompt or choose an image: Seedance 2.0 needs at least one." },
];

// Wan 2.7 (§1.3.7): an image makes it image to video. Its duration is a string on the wire.
const wanFields: FieldSpec[] = [
  prompt(true),
  image(`Optional: animate this image (image to video). ${IMAGE_HELP}`, false),
  seconds(["5", "10", "15"], "5"),
  choice(
    "resolution",
    "Resolution",
    [
      ["720P", "720p"],
      ["1080P", "1080p"],
    ],
    "720P",
  ),
  ratioChoice("ratio", ["16:9", "9:16", "1:1", "4:3", "3:4"]),
  {
    kind: "switch",
    name: "promptExtend",
    label: "Enhance the prompt",
    defaultValue: false,
    optional: true,
    help: "The model rewrites the prompt with more detail before generating.",
  },
];

// HappyHorse 1.1 (§1.3.8): one image is image to video, several are reference to video; both are
// the vendor's `image`. Whether it has a ratio field at all is a conflict between sources (U32), so
// it is left out unless chosen, and never sent with a start image (the vendor ignores it there).
// The most reference images is not documented: 4 is a cautious limit.
const happyHorseFields: FieldSpec[] = [
  prompt(true),
  secondsRange(3, 15),
  choice(
    "resolution",
    "Resolution",
    [
      ["720P", "720p"],
      ["1080P", "1080p"],
    ],
    "720P",
  ),
  ratioChoice("ratio", ["", "16:9", "9:16", "1:1", "4:3", "3:4"], {
    defaultValue: "",
    options: [
      { value: "", label: "Model default" },
      ...["16:9", "9:16", "1:1", "4:3", "3:4"].map((value) => ({ value, label: RATIO_LABELS[value] ?? choiceLabel(value) })),
    ],
    help: "Text and reference videos only: a start image decides the shape itself.",
  }),
  image(`Optional: animate this image (image to video). ${IMAGE_HELP}`, false),
  imageList("referenceImages", "Reference images", 4, "Optional: characters or objects the video should show (reference to video)."),
];
const happyHorseRules: FieldRule[] = [
  {
    kind: "exclusive",
    groups: [["image"], ["referenceImages"]],
    message: "Use a start image or reference images, not both: HappyHorse takes one or the other.",
  },
];

export type AivideomakerModel = {
  id: AivideomakerModelId;
  label: string;
  kind: ModelKind;
  summary: string;
  fields: readonly FieldSpec[];
  rules?: readonly FieldRule[];
  /** Typical time the provider takes, for estimates on the task page. */
  typicalSeconds: number;
};

export const AIVIDEOMAKER_MODELS: readonly AivideomakerModel[] = [
  {
    id: "t2v",
    label: "Text to video",
    kind: "text-to-video",
    summary: "A 5 or 8 second clip from a text prompt.",
    fields: [prompt(true), aspectRatio, seconds(["5", "8"], "5")],
    typicalSeconds: 390,
  },
  {
    id: "i2v",
    label: "Image to video",
    kind: "image-to-video",
    summary: "Animates an image into a 5 or 8 second clip.",
    fields: [image(`The first frame of the video. ${IMAGE_HELP}`), prompt(false), seconds(["5", "8"], "5")],
    typicalSeconds: 390,
  },
  {
    id: "lv",
    label: "Long video",
    kind: "long-video",
    summary: "Up to 6 segments of 5 seconds each, starting from an image.",
    fields: [image(`The first frame of the first segment. ${IMAGE_HELP}`), segments],
    typicalSeconds: 900,
  },
  {
    id: "t2v_v3",
    label: "Text to video V3",
    kind: "text-to-video",
    summary: "The V3 model: 5 to 20 seconds from a text prompt.",
    fields: [prompt(true), aspectRatio, seconds(["5", "10", "15", "20"], "5")],
    typicalSeconds: 420,
  },
  {
    id: "i2v_v3",
    label: "Image to video V3",
    kind: "image-to-video",
    summary: "The V3 model: animates an image into 5 to 20 seconds.",
    fields: [image(`The first frame of the video. ${IMAGE_HELP}`), prompt(false), seconds(["5", "10", "15", "20"], "5")],
    typicalSeconds: 420,
  },
  // Run times below are not measured (only seedance20's 3.5 minutes for 5 s at 720 is): cautious guesses.
  {
    id: "minimax",
    label: "MiniMax H3",
    kind: "text-to-video",
    summary: "5 to 20 seconds at 720p or 1080p, from text, first/last frames or references.",
    fields: minimaxFields,
    rules: minimaxRules,
    typicalSeconds: 390,
  },
  {
    id: "seedance20",
    label: "Seedance 2.0",
    kind: "text-to-video",
    summary: "4 to 15 seconds at 480p or 720p, from a prompt, an image or both.",
    fields: seedanceFields,
    rules: seedanceRules,
    typicalSeconds: 210,
  },
  {
    id: "wan27",
    label: "Wan 2.7",
    kind: "text-to-video",
    summary: "5, 10 or 15 seconds at 720p or 1080p; add an image for image to video.",
    fields: wanFields,
    typicalSeconds: 300,
  },
  {
    id: "happyhorse",
    label: "HappyHorse 1.1",
    kind: "text-to-video",
    summary: "3 to 15 seconds at 720p or 1080p, from text, a start image or reference images.",
    fields: happyHorseFields,
    rules: happyHorseRules,
    typicalSeconds: 300,
  },
];
