"use client";
import { useEffect, useRef, useState } from "react";
import { Badge } from "@/components/ui/badge";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
import { KIND_LABELS } from "@/lib/shared/catalog/ids";
import { modelDisplayLabel } from "@/lib/shared/catalog/model-names";
import { GENERATION_MODES, modesOf, modelKey, type GenerationMode, type ModelOption } from "@/lib/shared/catalog/options";
import { modelFacts, priceLabel } from "./model-facts";

// Generate's whole catalog, opened from the model picker (loaded only then): a search, chips that
// narrow it to one job, and every model as a card grouped by provider (with Sandbox when it is
// one). Models that cannot be used are listed apart, each with the reason.

type Filter = "all" | GenerationMode;

/** Whether a model matches what was typed into the search: its name, id, provider or job. */
function matchesSearch(model: ModelOption, search: string): boolean {
  const words = search.toLowerCase().split(/\s+/).filter(Boolean);
  const text = `${model.label} ${model.id} ${model.providerLabel} ${KIND_LABELS[model.kind]}`.toLowerCase();
  return words.every((word) => text.includes(word));
}

export function ModelCatalog({
  models,
  value,
  onChange,
  onClose,
}: {
  models: ModelOption[];
  value: string;
  onChange: (key: string) => void;
  onClose: () => void;
}) {
  const [filter, setFilter] = useState<Filter>("all");
  const [search, setSearch] = useState("");
  const listRef = useRef<HTMLDivElement>(null);
  const searchRef = useRef<HTMLInputElement>(null);
  // On opening: the search takes the keyboard, and the chosen model is in view (it may be far down).
  useEffect(() => {
    searchRef.current?.focus();
    const list = listRef.current;
    const checked = list?.querySelector<HTMLInputElement>("input[type=radio]:checked");
    const card = checked?.closest("label");
    if (list && card) list.scrollTop = Math.max(0, card.offsetTop - list.offsetTop - 48);
  }, []);
  const usable = models.filter((model) => !model.unavailable);
  const chosen = usable.find((model) => modelKey(model) === value);
  const matches = (model: ModelOption) => (filter === "all" || modesOf(model).includes(filter)) && matchesSearch(model, search);
  const unavailable = models.filter((model) => model.unavailable && matches(model));
  const groups = [...new Set(usable.map((model) => model.provider))].map((provider) => ({
    provider,
    models: usable.filter((model) => model.provider === provider && (matches(model) || (modelKey(model) === value && !search))),
  }));
  const matching = usable.filter(matches).length;
  const doing = (job: Filter) => (job === "all" ? usable : usable.filter((model) => modesOf(model).includes(job)));
  // Narrowing to a job the chosen model does not do chooses that job's first model, so the form
  // below is always one for what the chip says.
  const choose = (job: Filter) => {
    setFilter(job);
    if (job === "all") return;
    if (chosen && modesOf(chosen).includes(job)) return;
    const first = doing(job)[0];
    if (first) onChange(modelKey(first));
  };

  return (
    <div id="model-catalog" className="space-y-3 rounded-xl border border-zinc-200 bg-zinc-50/50 p-2 sm:p-3">
      <div className="flex flex-col gap-2 sm:flex-row sm:items-center sm:justify-between">
        <label className="sr-only" htmlFor="model-search">
          Search models
        </label>
        <input
          ref={searchRef}
          id="model-search"
          type="search"
          placeholder="Search models"
          value={search}
          onChange={(event) => setSearch(event.target.value)}
          onKeyDown={(event) => {
            if (event.key === "Escape") onClose();
          }}
          className={cn(controlClass(false, { size: "sm" }), "sm:w-56")}
        />
        <div role="group" aria-label="Show models that do" className="flex flex-wrap gap-1.5">
          {([{ id: "all", label: "All" }, ...GENERATION_MODES] as { id: Filter; label: string }[]).map((job) => {
            const none = doing(job.id).length === 0;
            return (
              <button
                key={job.id}
                type="button"
                aria-pressed={filter === job.id}
                onClick={() => choose(job.id)}
                className={cn(
                  "rounded-full border px-2.5 py-1 text-xs font-medium transition-colors focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40",
                  filter === job.id
                    ? "border-brand-500 bg-brand-50 text-brand-700"
                    : "border-zinc-300 bg-surface text-zinc-600 hover:border-zinc-400",
                )}
              >
                {job.label}
                {none ? <span className="font-normal text-zinc-500"> · none usable</span> : null}
              </button>
            );
          })}
        </div>
      </div>
      {/* A long catalog scrolls in its own box. */}
      <div
        ref={listRef}
        role="radiogroup"
        aria-labelledby="model-label"
        className="max-h-[24rem] space-y-4 overflow-y-auto overscroll-contain"
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
                  <ModelCard
                    key={modelKey(model)}
                    model={model}
                    name={modelDisplayLabel(model, models)}
                    checked={modelKey(model) === value}
                    onChange={onChange}
                    onPicked={onClose}
                  />
                ))}
              </div>
            </section>
          ),
        )}
        {matching === 0 ? (
          <p className="rounded-lg border border-dashed border-zinc-300 p-4 text-sm text-zinc-600">
            {search
              ? "No model matches that search."
              : "No model that can be used does this yet. The ones below would, once their provider publishes how to call them."}
          </p>
        ) : null}
      </div>
      {unavailable.length > 0 ? <UnavailableModels models={unavailable} /> : null}
    </div>
  );
}

function ModelCard({
  model,
  name,
  checked,
  onChange,
  onPicked,
}: {
  model: ModelOption;
  /** The model's name, with its provider when another provider has a model of that name. */
  name: string;
  checked: boolean;
  onChange: (key: string) => void;
  onPicked: () => void;
}) {
  const key = modelKey(model);
  const factsId = `model-${key.replace(/[^a-z0-9]+/gi, "-")}-facts`;
  const pointed = useRef(false);
  return (
    <label
      // A click or tap on a card chooses it and closes the catalog; arrow keys move through the
      // cards without closing it.
      onPointerDown={() => {
        pointed.current = true;
      }}
      onClick={() => {
        // The chosen card again: nothing changes, the catalog closes.
        if (checked && pointed.current) {
          pointed.current = false;
          onPicked();
        }
      }}
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
        onChange={() => {
          onChange(key);
          if (pointed.current) onPicked();
          pointed.current = false;
        }}
        aria-label={`${name} (${model.id})`}
        aria-describedby={factsId}
        className="absolute inset-0 cursor-pointer opacity-0"
      />
      <span className="flex flex-wrap items-center gap-1.5">
        <span className="font-medium text-zinc-900">{name}</span>
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
