import type { CatalogModel } from "@/lib/shared/catalog";
import { KIND_LABELS } from "@/lib/shared/catalog/ids";
import { nameIsShared } from "@/lib/shared/catalog/model-names";
import type { ModelOption } from "@/lib/shared/catalog/options";
import { choiceLabel } from "@/lib/shared/choice-labels";

// How a model is described on Generate: its settings in a few words, and its price.

/** What a model offers, from its field list: durations, aspect ratios, segments, image input. */
export function modelFacts(model: CatalogModel): string[] {
  const facts: string[] = [];
  for (const field of model.fields) {
    if (field.kind === "choice" && field.name === "duration") facts.push(`${field.options.map((option) => option.value).join(" / ")} s`);
    if (field.kind === "number" && field.name === "duration" && field.min !== undefined && field.max !== undefined) {
      facts.push(`${field.min}–${field.max} s`);
    }
    if (field.kind === "choice" && /^(aspect_?)?ratio$/i.test(field.name)) {
      facts.push(
        field.options
          .map((option) => option.value)
          .filter(Boolean)
          // A ratio reads as itself; a word ("auto") as the same word the form shows.
          .map((value) => (/^\d+:\d+$/.test(value) ? value : choiceLabel(value)))
          .join(" · "),
      );
    }
    if (field.kind === "segments" && field.secondsEach) facts.push(`${field.min}–${field.max} × ${field.secondsEach} s segments`);
  }
  const image = model.fields.find((field) => field.kind === "image" || field.kind === "images");
  if (image)
    facts.push(
      (image.kind === "image" && image.required) || (image.kind === "images" && image.min > 0) ? "From an image" : "Image optional",
    );
  return facts;
}

export function priceLabel(model: Pick<ModelOption, "price" | "pricing">): string {
  if (model.pricing === "per-run") return "Priced per run";
  const { price } = model;
  if (!price) return "Price unavailable";
  const unit = (value: number) => `${value.toLocaleString("en-US")} credit${value === 1 ? "" : "s"}`;
  return price.min === price.max ? unit(price.min) : `${price.min.toLocaleString("en-US")}–${unit(price.max)}`;
}

/**
 * The models with what the closed picker shows of each (its one line, and whether its name needs
 * the provider's), for the page to work out on the server: the picker is on every Generate load,
 * the catalog that needs these functions in the browser loads only when opened.
 */
export function withPickerLines(models: ModelOption[]): ModelOption[] {
  return models.map((model) => ({
    ...model,
    summary: `${KIND_LABELS[model.kind]} · ${modelFacts(model).join(" · ")} · ${priceLabel(model)}`,
    nameShared: nameIsShared(model, models),
  }));
}
