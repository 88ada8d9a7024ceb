import type { ChoiceField, FieldSpec, ImageField, SegmentsField, TextField } from "./fields";
import type { ModelKind } from "./ids";

// AIVideoMaker models as the vendor's API page documents them (shared/seeds, API v1 "Model
// parameters"): t2v, i2v, lv, t2v_v3, i2v_v3. Field names here are Cutroom's; the provider folder
// maps them to the wire body. `filterMode` appears only in one older skill copy and is not sent.

export const AIVIDEOMAKER_MODEL_IDS = ["t2v", "i2v", "lv", "t2v_v3", "i2v_v3"] as const;
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

const aspectRatio: ChoiceField = {
  kind: "choice",
  name: "aspectRatio",
  label: "Aspect ratio",
  options: [
    { value: "16:9", label: "16:9 landscape" },
    { value: "9:16", label: "9:16 portrait" },
    { value: "1:1", label: "1:1 square" },
  ],
  defaultValue: "16:9",
};

const seconds = (values: readonly string[], defaultValue: string): ChoiceField => ({
  kind: "choice",
  name: "duration",
  label: "Duration",
  options: values.map((value) => ({ value, label: `${value} s` })),
  defaultValue,
});

const image = (help: string): ImageField => ({ kind: "image", name: "image", label: "Image", required: true, help });

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

export type AivideomakerModel = {
  id: AivideomakerModelId;
  label: string;
  kind: ModelKind;
  summary: string;
  fields: readonly FieldSpec[];
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
    fields: [image("The first frame of the video. PNG, JPEG or WebP, up to 10 MB."), prompt(false), seconds(["5", "8"], "5")],
    typicalSeconds: 390,
  },
  {
    id: "lv",
    label: "Long video",
    kind: "long-video",
    summary: "Up to 6 segments of 5 seconds each, starting from an image.",
    fields: [image("The first frame of the first segment. PNG, JPEG or WebP, up to 10 MB."), segments],
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
    fields: [image("The first frame of the video. PNG, JPEG or WebP, up to 10 MB."), prompt(false), seconds(["5", "10", "15", "20"], "5")],
    typicalSeconds: 420,
  },
];
