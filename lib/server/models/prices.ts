import "server-only";
import sharp from "sharp";
import { db } from "../db";
import { logger } from "../logger";
import { importsLoadedAt, refreshImportedModels } from "./imported";
import { modelNotOffered } from "../providers/account";
import { getProvider, isSandboxed } from "../providers/registry";
import type { ResolvedImage } from "../providers/types";
import { linkBaseFor } from "../uploads/links";
import { PROVIDER_LABELS, allModels, type CatalogModel, type ProviderId } from "@/lib/shared/catalog";
import { uploadsUnreachableReason } from "@/lib/shared/catalog/uploads";
import { typedChoice, type FieldSpec } from "@/lib/shared/catalog/fields";
import type { ModelOption } from "@/lib/shared/catalog/options";

// Each model's price range for the model picker, asked of the provider's own quote endpoint (which
// charges nothing) for the cheapest and the dearest settings. Prices do not depend on the prompt or
// the image, so a fixed prompt and a small grey image stand in for them; the answer is kept for ten
// minutes per instance.

const PRICE_TTL_MS = 10 * 60_000;
const globalForPrices = globalThis as unknown as { cutroomPrices?: { at: number; value: Promise<ModelOption[]> } };

let sampleImage: Promise<ResolvedImage> | undefined;
function priceCheckImage(): Promise<ResolvedImage> {
  sampleImage ??= sharp({ create: { width: 64, height: 64, channels: 3, background: "#808080" } })
    .png()
    .toBuffer()
    .then((bytes) => ({ mime: "image/png", bytes }));
  return sampleImage;
}

function inputAt(fields: readonly FieldSpec[], extreme: "low" | "high"): Record<string, unknown> {
  const input: Record<string, unknown> = {};
  for (const field of fields) {
    // Every text but a link: a model that needs a prompt or an image (Seedance 2.0) gets its prompt.
    if (field.kind === "text" && (field.required || field.format !== "url")) input[field.name] = "price check";
    // Choices are listed cheapest first (shorter, lower resolution, faster tier), as are ranges.
    // Typed as the form's schema would type them ("480" -> 480); an empty option means left out.
    if (field.kind === "choice") {
      const value = (extreme === "low" ? field.options[0] : field.options.at(-1))!.value;
      if (value !== "") input[field.name] = typedChoice(field, value);
    }
    if (field.kind === "number" && field.required) {
      const bound = extreme === "low" ? field.min : field.max;
      if (bound !== undefined) input[field.name] = bound;
    }
    // Lists of links (reference audio) are left out: any link would do as well as none for a price.
    if (field.kind === "segments" && field.format !== "url")
      input[field.name] = Array(extreme === "low" ? field.min : field.max).fill("price check");
  }
  return input;
}

async function priceRange(model: CatalogModel): Promise<{ min: number; max: number } | null> {
  const provider = getProvider(model.provider);
  if (model.unavailable || !provider.capabilities.quote || (await modelNotOffered(model))) return null;
  const images: Record<string, ResolvedImage> = {};
  for (const field of model.fields) {
    if (field.kind === "image" && field.required) images[field.name] = await priceCheckImage();
  }
  const [low, high] = await Promise.all(
    (["low", "high"] as const).map((extreme) => provider.quote({ model: model.id, input: inputAt(model.fields, extreme), images })),
  );
  if (!low?.ok || !high?.ok || low.data.credits === null || high.data.credits === null) {
    logger().warn({ event: "price_check_failed", provider: model.provider, model: model.id }, "could not price a model");
    return null;
  }
  return { min: low.data.credits, max: high.data.credits };
}

async function loadOptions(): Promise<ModelOption[]> {
  return Promise.all(
    // The form needs the field list, not the raw request schema it came from: leaving the schema
    // out keeps the page's payload (every page that lists models carries it) small.
    allModels().map(async ({ requestSchema: _schema, ...model }) => ({
      ...model,
      sandbox: isSandboxed(model.provider),
      providerLabel: PROVIDER_LABELS[model.provider],
      pricing: getProvider(model.provider).capabilities.quote ? ("quoted" as const) : ("per-run" as const),
      price: await priceRange({ ...model }).catch(() => null),
      ...uploadsBlockedFor(model.provider),
    })),
  );
}

/** For providers that fetch images by link while Cutroom has no address they can reach: why not. */
function uploadsBlockedFor(provider: ProviderId): { uploadsBlocked?: string } {
  const target = getProvider(provider);
  return linkBaseFor(target) === null ? { uploadsBlocked: uploadsUnreachableReason(target.label) } : {};
}

/** Forgets the cached options (after an import changed the catalog). */
export function forgetModelOptions(): void {
  globalForPrices.cutroomPrices = undefined;
}

/** The catalog as the picker shows it: with sandbox labels and price ranges. */
export async function modelOptions(): Promise<ModelOption[]> {
  // Another instance may have imported models: pick them up (at most every 30 s).
  const before = importsLoadedAt();
  await refreshImportedModels(await db());
  if (importsLoadedAt() !== before) forgetModelOptions();
  const cached = globalForPrices.cutroomPrices;
  const options = cached && Date.now() - cached.at < PRICE_TTL_MS ? cached.value : cachedOptions();
  return withAccountOffers(await options);
}

/**
 * The models the provider's account does not offer, marked unavailable with the reason. Applied
 * on every read (the account's answer is kept for a minute), not kept with the ten-minute prices.
 */
async function withAccountOffers(options: ModelOption[]): Promise<ModelOption[]> {
  return Promise.all(
    options.map(async (option) => {
      if (option.unavailable) return option;
      const notOffered = await modelNotOffered(option);
      return notOffered ? { ...option, unavailable: notOffered, price: null } : option;
    }),
  );
}

function cachedOptions(): Promise<ModelOption[]> {
  const value = loadOptions();
  globalForPrices.cutroomPrices = { at: Date.now(), value };
  // A failed price check is not cached for long: the next request tries again after a minute.
  value.then((options) => {
    if (options.some((option) => option.price === null)) globalForPrices.cutroomPrices = { at: Date.now() - PRICE_TTL_MS + 60_000, value };
  });
  return value;
}
