"use client";
import { lazyComponent as dynamic } from "@/components/ui/lazy";
import { useState, type ReactNode } from "react";
import { Badge } from "@/components/ui/badge";
import { modelKey, type ModelOption } from "@/lib/shared/catalog/options";

// The catalog's code loads when it is first opened: most visits keep the model they had.
const ModelCatalog = dynamic(() => import("./model-catalog").then((module) => module.ModelCatalog), {
  loading: () => <p className="rounded-xl border border-zinc-200 p-3 text-sm text-zinc-500">Loading the models…</p>,
});

/**
 * The chosen model as one line (name, provider, job, price) with Change, which opens the whole
 * catalog. Closed, it takes one row, so the prompt is in view below it.
 */
export function ModelPicker({
  models,
  value,
  onChange,
  aside,
}: {
  models: ModelOption[];
  value: string;
  onChange: (key: string) => void;
  /** Beside the "Model" label (Generate's Presets menu). */
  aside?: ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const chosen = models.find((model) => !model.unavailable && modelKey(model) === value);
  // A name two providers use carries its provider in the name itself, not after the id. This and
  // the model's line come worked out from the server (withPickerLines), so the closed picker needs
  // none of the catalog's code.
  const shared = chosen?.nameShared ?? false;

  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-3">
        <p id="model-label" className="text-sm font-medium text-zinc-800">
          Model
        </p>
        {aside}
      </div>
      <button
        type="button"
        aria-expanded={open}
        aria-controls="model-catalog"
        onClick={() => setOpen(!open)}
        data-testid="chosen-model"
        className="flex w-full items-center gap-3 rounded-xl border border-zinc-200 bg-surface px-3 py-2.5 text-left text-sm transition-colors hover:border-zinc-300 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40"
      >
        {chosen ? (
          <span className="min-w-0 flex-1">
            <span className="flex flex-wrap items-center gap-x-1.5 gap-y-0.5">
              <span className="font-medium text-zinc-900">
                {chosen.label}
                {shared ? ` · ${chosen.providerLabel}` : null}
              </span>
              <span className="text-xs text-zinc-600">({chosen.id})</span>
              {shared ? null : <span className="text-xs text-zinc-600">· {chosen.providerLabel}</span>}
              {chosen.sandbox ? <Badge tone="amber">Sandbox</Badge> : null}
            </span>
            <span className="mt-0.5 block truncate text-xs text-zinc-600">{chosen.summary}</span>
          </span>
        ) : (
          <span className="flex-1 text-zinc-600">Choose a model</span>
        )}
        <span className="shrink-0 text-sm font-medium text-brand-700">{open ? "Close" : "Change"}</span>
      </button>
      {open ? <ModelCatalog models={models} value={value} onChange={onChange} onClose={() => setOpen(false)} /> : null}
    </div>
  );
}
