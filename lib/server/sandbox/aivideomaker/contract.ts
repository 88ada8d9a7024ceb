import "server-only";
import { imageSize } from "image-size";
import { z } from "zod";

// The AIVideoMaker request contract as the vendor's API page states it (shared/seeds, API v1), used
// by the sandbox to accept or refuse bodies exactly as the real API does, and to price them with
// the page's formulas: t2v/i2v = duration x 1, *_v3 = duration x 10, lv = prompts x 5 x 15.

const DATA_URI = /^data:image\/(png|jpeg|jpg|webp);base64,([A-Za-z0-9+/]+={0,2})$/;

const imageInput = z
  .string({ error: "Expected a public image URL or data:image/...;base64,..." })
  .refine((value) => DATA_URI.test(value) || /^https?:\/\/\S+$/.test(value), {
    error: "Expected a public image URL or data:image/...;base64,...",
  })
  .refine((value) => !value.startsWith("data:") || imageDimensions(value) !== null, {
    error: "The image data could not be decoded as PNG, JPEG or WebP.",
  });

const prompt = z.string({ error: "Expected string" }).min(1, { error: "Prompt must not be empty" });
const aspectRatio = z.enum(["16:9", "9:16", "1:1"]);
const shortDuration = z.enum(["5", "8"]);
const v3Duration = z.enum(["5", "10", "15", "20"]);

export const SANDBOX_MODEL_SCHEMAS = {
  t2v: z.strictObject({ prompt, aspectRatio, duration: shortDuration }),
  i2v: z.strictObject({ image: imageInput, prompt: z.string().nullish(), duration: shortDuration }),
  lv: z.strictObject({ image: imageInput, prompt: z.array(prompt).min(1).max(6, { error: "At most 6 prompts" }) }),
  t2v_v3: z.strictObject({ prompt, aspectRatio, duration: v3Duration }),
  i2v_v3: z.strictObject({ image: imageInput, prompt: z.string().nullish(), duration: v3Duration }),
} as const;

export type SandboxModel = keyof typeof SANDBOX_MODEL_SCHEMAS;
export const SANDBOX_MODELS = Object.keys(SANDBOX_MODEL_SCHEMAS) as SandboxModel[];

export function isSandboxModel(model: string): model is SandboxModel {
  return Object.hasOwn(SANDBOX_MODEL_SCHEMAS, model);
}

export function priceOf(model: SandboxModel, body: Record<string, unknown>): number {
  switch (model) {
    case "t2v":
    case "i2v":
      return Number(body.duration) * 1;
    case "t2v_v3":
    case "i2v_v3":
      return Number(body.duration) * 10;
    case "lv":
      return (body.prompt as unknown[]).length * 5 * 15;
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
  if (body.aspectRatio === "9:16") return "portrait";
  if (body.aspectRatio === "1:1") return "square";
  if (body.aspectRatio === "16:9") return "landscape";
  const size = typeof body.image === "string" ? imageDimensions(body.image) : null;
  if (!size) return "landscape";
  const ratio = size.width / size.height;
  if (ratio > 1.15) return "landscape";
  if (ratio < 0.87) return "portrait";
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
