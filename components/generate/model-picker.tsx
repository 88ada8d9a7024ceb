"use client";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import type { CatalogModel } from "@/lib/shared/catalog";
import { KIND_LABELS } from "@/lib/shared/catalog/ids";
import { GENERATION_MODES, modesOf, modelKey, type GenerationMode, type ModelOption } from "@/lib/shared/catalog/options";

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

type Filter = "all" | GenerationMode;

/**
 * Every model as a card, grouped by provider (with Sandbox when it is one): what it makes, its
 * settings and its price. Chips narrow the list to one job; models that cannot be used are listed
 * apart, each with the reason.
 */
export function ModelPicker({ models, value, onChange }: { models: ModelOption[]; value: string; onChange: (key: string) => void }) {
  const [filter, setFilter] = useState<Filter>("all");
  const listRef = useRef<HTMLDivElement>(null);
  // The chosen model is in view when the page opens (it may be far down the list).
  useEffect(() => {
    const list = listRef.current;
    const checked = list?.querySelector<HTMLInputElement>("input[type=radio]:checked");
    const card = checked?.closest("label");
    if (list && card) list.scrollTop = Math.max(0, card.offsetTop - list.offsetTop - 48);
    // Only on mount: later choices are made where the person is looking already.
  }, []);
  const matches = (model: ModelOption) => filter === "all" || modesOf(model).includes(filter);
  const usable = models.filter((model) => !model.unavailable);
  const unavailable = models.filter((model) => model.unavailable && matches(model));
  const groups = [...new Set(usable.map((model) => model.provider))].map((provider) => ({
    provider,
    models: usable.filter((model) => model.provider === provider && (matches(model) || modelKey(model) === value)),
  }));
  const matching = usable.filter(matches).length;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p id="model-label" className="text-sm font-medium text-zinc-800">
          Model
        </p>
        <div role="group" aria-label="Show models that do" className="flex flex-wrap gap-1.5">
          {([{ id: "all", label: "All" }, ...GENERATION_MODES] as { id: Filter; label: string }[]).map((job) => (
            <button
              key={job.id}
              type="button"
              aria-pressed={filter === job.id}
              onClick={() => setFilter(job.id)}
              className={cn(
                "rounded-full border px-2.5 py-1 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40",
                filter === job.id
                  ? "border-brand-500 bg-brand-50 text-brand-700"
                  : "border-zinc-300 bg-surface text-zinc-600 hover:border-zinc-400",
              )}
            >
              {job.label}
            </button>
          ))}
        </div>
      </div>
      {/* A long catalog scrolls in its own box, so the form stays in reach below it. */}
      <div
        ref={listRef}
        role="radiogroup"
        aria-labelledby="model-label"
        className="max-h-[28rem] space-y-4 overflow-y-auto overscroll-contain rounded-lg border border-zinc-100 bg-zinc-50/50 p-2 sm:p-3"
      >
        {groups.map((group) =>
          group.models.length === 0 ? null : (
            <section key={group.provider} aria-label={group.models[0]!.providerLabel} className="space-y-2">
              <h2 className="flex items-center gap-2 text-xs font-semibold uppercase tracking-wide text-zinc-500">
                {group.models[0]!.providerLabel}
                {group.models[0]!.sandbox ? <Badge tone="amber">Sandbox</Badge> : null}
              </h2>
              <div className="grid gap-2 sm:grid-cols-2">
                {group.models.map((model) => (
                  <ModelCard key={modelKey(model)} model={model} checked={modelKey(model) === value} onChange={onChange} />
                ))}
              </div>
            </section>
          ),
        )}
        {matching === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-sm text-zinc-600">
            No model that can be used does this yet. The ones below would, once their provider publishes how to call them.
          </p>
        ) : null}
      </div>
      {unavailable.length > 0 ? <UnavailableModels models={unavailable} /> : null}
    </div>
  );
}

function ModelCard({ model, checked, onChange }: { model: ModelOption; checked: boolean; onChange: (key: string) => void }) {
  const key = modelKey(model);
  const factsId = `model-${key.replace(/[^a-z0-9]+/gi, "-")}-facts`;
  return (
    <label
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
        aria-describedby={factsId}
        className="absolute inset-0 cursor-pointer opacity-0"
      />
      <span className="flex flex-wrap items-center gap-1.5">
        <span className="font-medium text-zinc-900">{model.label}</span>
        <span className="text-xs text-zinc-600">{model.id}</span>
      </span>
      <span id={factsId} className="flex flex-wrap items-center gap-1.5">
        <span className="sr-only">
          {model.providerLabel}
          {model.sandbox ? ", Sandbox" : ""}.{" "}
        </span>
        <Badge tone="brand">{KIND_LABELS[model.kind]}</Badge>
        <span className="text-xs text-zinc-600">{modelFacts(model).join(" · ")}</span>
        <span className="text-xs font-medium text-zinc-700">{priceLabel(model)}</span>
      </span>
    </label>
  );
}

function UnavailableModels({ models }: { models: ModelOption[] }) {
  const reasons = [...new Set(models.map((model) => model.unavailable!))];
  return (
    <details className="group rounded-lg border border-zinc-200 bg-zinc-50/60 text-sm">
      <summary className="cursor-pointer select-none px-3 py-2 font-medium text-zinc-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
        Not available ({models.length})
      </summary>
      <div className="space-y-3 border-t border-zinc-200 px-3 py-3">
        {reasons.map((reason) => (
          <div key={reason} className="space-y-1.5">
            <p className="text-zinc-600">{reason}</p>
            <ul className="flex flex-wrap gap-1.5">
              {models
                .filter((model) => model.unavailable === reason)
                .map((model) => (
                  <li key={modelKey(model)} className="rounded-md bg-surface px-2 py-1 text-xs text-zinc-600 ring-1 ring-zinc-200">
                    <span className="font-medium text-zinc-800">{model.label}</span> · {model.providerLabel} · {KIND_LABELS[model.kind]}
                  </li>
                ))}
            </ul>
          </div>
        ))}
      </div>
    </details>
  );
}
