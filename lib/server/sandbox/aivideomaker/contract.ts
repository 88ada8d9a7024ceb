import "server-only";
import { imageSize } from "image-size";
import { z } from "zod";

// The AIVideoMaker request contract (docs/provider-contracts.md §1.3), used by the sandbox to accept
// or refuse bodies as the real API does, and to price them at the rates measured live in 2026-09
// (§1.3.10 item 4; the vendor's skill page gives other, older formulas).

const DATA_URI = /^data:image\/(png|jpeg|jpg|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

const imageInput = z
  .string({ error: "Expected a public image URL or data:image/...;base64,..." })
  .refine((value) => DATA_URI.test(value) || /^https?:\/\/\S+$/.test(value), {
    error: "Expected a public image URL or data:image/...;base64,...",
  })
  .refine((value) => !value.startsWith("data:") || imageDimensions(value) !== null, {
    error: "The image data could not be decoded as PNG, JPEG or WebP.",
  });
/** Video and audio inputs: a public link only, never a data URI (minimax, §1.3.5). */
const mediaLink = z
  .string({ error: "Expected a public http(s) URL" })
  .regex(/^https?:\/\/\S+$/, { error: "Expected a public http(s) URL" });

const prompt = z.string({ error: "Expected string" }).min(1, { error: "Prompt must not be empty" });
const aspectRatio = z.enum(["16:9", "9:16", "1:1"]);
const shortDuration = z.enum(["5", "8"]);
const v3Duration = z.enum(["5", "10", "15", "20"]);
const wholeSeconds = (min: number, max: number) =>
  z
    .number({ error: "Expected number" })
    .int()
    .min(min, { error: `Duration must be ${min} to ${max} seconds` })
    .max(max, {
      error: `Duration must be ${min} to ${max} seconds`,
    });

const isSet = (value: unknown) => value !== undefined && value !== null && !(Array.isArray(value) && value.length === 0);

// MiniMax H3: `content`, not `prompt`; frames and references never together.
const minimax = z
  .strictObject({
    content: prompt,
    duration: wholeSeconds(5, 20).optional(),
    resolution: z.enum(["720p", "1080p"]).optional(),
    tier: z.enum(["turbo", "base"]).optional(),
    aspectRatio: z.enum(["auto", "21:9", "16:9", "4:3", "1:1", "3:4", "9:16"]).optional(),
    imageUrl: imageInput.nullish(),
    lastFrameUrl: imageInput.nullish(),
    referenceImageUrls: z.array(imageInput).max(4, { error: "At most 4 reference images" }).optional(),
    referenceVideoUrl: mediaLink.nullish(),
    referenceAudioUrls: z.array(mediaLink).max(2, { error: "At most 2 reference audio files" }).optional(),
  })
  .superRefine((body, ctx) => {
    const frames = isSet(body.imageUrl) || isSet(body.lastFrameUrl);
    const references = isSet(body.referenceImageUrls) || isSet(body.referenceVideoUrl) || isSet(body.referenceAudioUrls);
    if (frames && references) {
      ctx.addIssue({
        code: "custom",
        path: ["referenceImageUrls"],
        message: "Frame inputs (imageUrl, lastFrameUrl) and reference inputs are mutually exclusive",
      });
    }
  });

// Seedance 2.0: at least one of prompt, image, video; audio never alone.
const seedance20 = z
  .strictObject({
    prompt: z.string().nullish(),
    image: imageInput.nullish(),
    video: mediaLink.nullish(),
    audio: mediaLink.nullish(),
    duration: wholeSeconds(4, 15),
    resolution: z.union([z.literal(480), z.literal(720)], { error: "Expected 480 | 720" }),
    ratio: z.enum(["16:9", "9:16", "1:1"]),
  })
  .superRefine((body, ctx) => {
    if (!body.prompt && !isSet(body.image) && !isSet(body.video)) {
      ctx.addIssue({ code: "custom", path: ["prompt"], message: "At least one of prompt, image or video is required" });
    }
  });

const wan27 = z.strictObject({
  prompt,
  image: imageInput.nullish(),
  duration: z.enum(["5", "10", "15"]),
  resolution: z.enum(["720P", "1080P"]),
  ratio: z.enum(["16:9", "9:16", "1:1", "4:3", "3:4"]),
  promptExtend: z.boolean().optional(),
});

// HappyHorse: one image string (image to video) or an array (reference to video). The sandbox
// takes the ratio field one source lists (U32) and ignores it with a start image, as that source says.
const happyhorse = z.strictObject({
  prompt,
  image: z.union([imageInput, z.array(imageInput).min(1)]).nullish(),
  duration: wholeSeconds(3, 15),
  resolution: z.enum(["720P", "1080P"]),
  ratio: z.enum(["16:9", "9:16", "3:4", "4:3", "1:1"]).nullish(),
});

export const SANDBOX_MODEL_SCHEMAS = {
  t2v: z.strictObject({ prompt, aspectRatio, duration: shortDuration }),
  i2v: z.strictObject({ image: imageInput, prompt: z.string().nullish(), duration: shortDuration }),
  lv: z.strictObject({ image: imageInput, prompt: z.array(prompt).min(1).max(6, { error: "At most 6 prompts" }) }),
  t2v_v3: z.strictObject({ prompt, aspectRatio, duration: v3Duration }),
  i2v_v3: z.strictObject({ image: imageInput, prompt: z.string().nullish(), duration: v3Duration }),
  minimax,
  seedance20,
  wan27,
  happyhorse,
} as const;

export type SandboxModel = keyof typeof SANDBOX_MODEL_SCHEMAS;
export const SANDBOX_MODELS = Object.keys(SANDBOX_MODEL_SCHEMAS) as SandboxModel[];

/**
 * What the sandbox account's `supportedModels` says by default: the list measured live (2026-09),
 * which leaves out `lv` (U7). A fault knob (faults.ts `supportedModels`) changes it.
 */
export const DEFAULT_SUPPORTED_MODELS: readonly SandboxModel[] = [
  "t2v",
  "i2v",
  "minimax",
  "t2v_v3",
  "i2v_v3",
  "seedance20",
  "wan27",
  "happyhorse",
];

export function isSandboxModel(model: string): model is SandboxModel {
  return Object.hasOwn(SANDBOX_MODEL_SCHEMAS, model);
}

/** Credits per second, by setting. */
const MINIMAX_RATE = { "720p": { turbo: 3, base: 4 }, "1080p": { turbo: 4, base: 5 } } as const;
const SEEDANCE_RATE = { 480: 10.2, 720: 22 } as const;
const WAN_RATE = { "720P": 10, "1080P": 15 } as const;
const HAPPYHORSE_RATE = { "720P": 25, "1080P": 50 } as const;

/**
 * The price of a valid body, in credits. Measured live for 5 seconds (§1.3.10 item 4): t2v/i2v 15,
 * the _v3 pair 20, minimax 15/20/20/25 (720p turbo/base, 1080p turbo/base; the same rates llms.txt
 * gives in dollars), seedance20 51/110 (480/720), wan27 50/75, happyhorse 125/250 (720P/1080P).
 * Other durations scale per second, which the official formulas confirm for all but seedance20,
 * whose formula is unpublished: its per-second rate (10.2, 22) and rounding up are the sandbox's
 * assumptions. `lv` was not measured (not offered live): it keeps the skill page's 75 a segment.
 */
export function priceOf(model: SandboxModel, body: Record<string, unknown>): number {
  const seconds = Number(body.duration ?? 5);
  switch (model) {
    case "t2v":
    case "i2v":
      return seconds * 3;
    case "t2v_v3":
    case "i2v_v3":
      return seconds * 4;
    case "lv":
      return (body.prompt as unknown[]).length * 5 * 15;
    case "minimax": {
      const resolution = body.resolution === "1080p" ? "1080p" : "720p";
      return seconds * MINIMAX_RATE[resolution][body.tier === "base" ? "base" : "turbo"];
    }
    case "seedance20":
      return Math.ceil(seconds * SEEDANCE_RATE[body.resolution === 480 ? 480 : 720] - 1e-9);
    case "wan27":
      return seconds * WAN_RATE[body.resolution === "1080P" ? "1080P" : "720P"];
    case "happyhorse":
      return seconds * HAPPYHORSE_RATE[body.resolution === "1080P" ? "1080P" : "720P"];
  }
}

export function imageDimensions(dataUri: string): { width: number; height: number } | null {
  const match = DATA_URI.exec(dataUri);
  if (!match?.[2]) return null;
  try {
    const size = imageSize(Buffer.from(match[2], "base64"));
    return size.width && size.height ? { width: size.width, height: size.height } : null;
  } catch {
    return null;
  }
}

export type SampleAspect = "landscape" | "portrait" | "square";

/** Which sample clip answers a request: the asked aspect ratio, else the first frame's shape. */
export function sampleAspectFor(body: Record<string, unknown>): SampleAspect {
  const ratio = body.aspectRatio ?? body.ratio;
  if (ratio === "9:16" || ratio === "3:4") return "portrait";
  if (ratio === "1:1") return "square";
  if (ratio === "16:9" || ratio === "21:9" || ratio === "4:3") return "landscape";
  const first = body.image ?? body.imageUrl;
  const image = Array.isArray(first) ? first[0] : first;
  const size = typeof image === "string" ? imageDimensions(image) : null;
  if (!size) return "landscape";
  const ratioOfSize = size.width / size.height;
  if (ratioOfSize > 1.15) return "landscape";
  if (ratioOfSize < 0.87) return "portrait";
  return "square";
}

/**
 * How long the result of a request is, in seconds: `duration` (a string on this wire), or for `lv`
 * 5 s per segment prompt (the skill page: no duration field). A model without either gets 5 s.
 */
export function clipSecondsFor(model: string, input: Record<string, unknown>): number {
  if (model === "lv" && Array.isArray(input.prompt)) return input.prompt.length * 5;
  const seconds = Number(input.duration);
  return Number.isFinite(seconds) && seconds > 0 ? seconds : 5;
}
