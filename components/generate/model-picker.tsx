"use client";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { KIND_LABELS, type CatalogModel } from "@/lib/shared/models/catalog";
import { modelKey, type ModelOption } from "@/lib/shared/models/options";

/** What a model offers, from its field list: durations, aspect ratios, segments, image input. */
export function modelFacts(model: CatalogModel): string[] {
  const facts: string[] = [];
  for (const field of model.fields) {
    if (field.kind === "choice" && field.name === "duration") facts.push(`${field.options.map((option) => option.value).join(" / ")} s`);
    if (field.kind === "choice" && field.name === "aspectRatio") facts.push(field.options.map((option) => option.value).join(" · "));
    if (field.kind === "segments") facts.push(`${field.min}–${field.max} × ${field.secondsEach} s segments`);
    if (field.kind === "image") facts.push("From an image");
  }
  return facts;
}

export function priceLabel(price: ModelOption["price"]): string {
  if (!price) return "Price unavailable";
  const unit = (value: number) => `${value.toLocaleString("en-US")} credit${value === 1 ? "" : "s"}`;
  return price.min === price.max ? unit(price.min) : `${price.min.toLocaleString("en-US")}–${unit(price.max)}`;
}

/** Every model as a card: provider (and Sandbox), what it makes, its settings and its price range. */
export function ModelPicker({ models, value, onChange }: { models: ModelOption[]; value: string; onChange: (key: string) => void }) {
  return (
    <div className="space-y-2">
      <p id="model-label" className="text-sm font-medium text-zinc-800">
        Model
      </p>
      <div role="radiogroup" aria-labelledby="model-label" className="grid gap-2 sm:grid-cols-2">
        {models.map((model) => {
          const key = modelKey(model);
          const checked = key === value;
          return (
            <label
              key={key}
              className={cn(
                "relative flex cursor-pointer flex-col gap-1.5 rounded-xl border p-3 text-sm transition-colors focus-within:ring-2 focus-within:ring-brand-500/40",
                checked ? "border-brand-500 bg-brand-50" : "border-zinc-200 bg-surface hover:border-zinc-300",
              )}
            >
              <input
                type="radio"
                name="model"
                value={key}
                checked={checked}
                onChange={() => onChange(key)}
                aria-label={`${model.label} (${model.id})`}
                aria-describedby={`model-${model.id}-facts`}
                className="absolute inset-0 cursor-pointer opacity-0"
              />
              <span className="flex flex-wrap items-center gap-1.5">
                <span className="font-medium text-zinc-900">{model.label}</span>
                <span className="text-xs text-zinc-600">{model.id}</span>
              </span>
              <span id={`model-${model.id}-facts`} className="flex flex-wrap items-center gap-1.5">
                <Badge tone="neutral">{model.providerLabel}</Badge>
                {model.sandbox ? <Badge tone="amber">Sandbox</Badge> : null}
                <Badge tone="brand">{KIND_LABELS[model.kind]}</Badge>
                <span className="text-xs text-zinc-600">{modelFacts(model).join(" · ")}</span>
                <span className="text-xs font-medium text-zinc-700">{priceLabel(model.price)}</span>
              </span>
            </label>
          );
        })}
      </div>
    </div>
  );
}
