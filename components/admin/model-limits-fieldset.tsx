"use client";
import { Plus, Trash2 } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
import type { ModelLimit, ProviderBudgetView } from "@/lib/shared/budgets";
import type { ModelOption } from "@/lib/shared/catalog/options";
import { BAD_AMOUNT, parseAmount } from "./credit-amount";

// Admin > Budgets, one provider: caps on single models' monthly spend, the team's together and each
// member's, on top of the provider's limits (for example, Sora 2 Pro kept to a share of the budget).

export type ModelLimitDraft = { model: string; teamMonthly: string; memberMonthly: string };

const toText = (value: number | null) => (value === null ? "" : String(value));

export const toModelDrafts = (models: ProviderBudgetView["models"]): ModelLimitDraft[] =>
  models.map((entry) => ({ model: entry.model, teamMonthly: toText(entry.teamMonthly), memberMonthly: toText(entry.memberMonthly) }));

/** The drafts as the API takes them; a bad box or a row with no model is written into `found`. */
export function modelLimitsOf(drafts: ModelLimitDraft[], found: Record<string, string>): ModelLimit[] {
  return drafts.map((draft, index) => {
    const amount = (key: "teamMonthly" | "memberMonthly") => {
      const value = parseAmount(draft[key]);
      if (value === "bad") found[`models.${index}.${key}`] = BAD_AMOUNT;
      return value === "bad" ? null : value;
    };
    if (!draft.model) found[`models.${index}.model`] = "Choose a model.";
    return { model: draft.model, teamMonthly: amount("teamMonthly"), memberMonthly: amount("memberMonthly") };
  });
}

const credits = (value: number) => value.toLocaleString("en-US");

export function ModelLimitsFieldset({
  provider,
  drafts,
  onChange,
  models,
  spent,
  errors,
}: {
  provider: string;
  drafts: ModelLimitDraft[];
  onChange: (drafts: ModelLimitDraft[]) => void;
  models: ModelOption[];
  spent: ProviderBudgetView["models"];
  errors: Record<string, string>;
}) {
  const labelOf = (id: string) => models.find((model) => model.id === id)?.label ?? spent.find((entry) => entry.model === id)?.label ?? id;
  const update = (index: number, change: Partial<ModelLimitDraft>) =>
    onChange(drafts.map((item, at) => (at === index ? { ...item, ...change } : item)));
  return (
    <fieldset className="space-y-2">
      <legend className="text-sm font-medium text-zinc-800">Per-model limits</legend>
      <p className="text-sm text-zinc-500">A model&rsquo;s monthly spend, on top of the limits above. Empty: no cap.</p>
      {drafts.length > 0 ? (
        <ul className="space-y-2">
          <li aria-hidden="true" className="hidden gap-2 px-2 text-xs font-medium text-zinc-500 sm:flex">
            <span className="w-56">Model</span>
            <span className="w-36">Team per month</span>
            <span className="w-36">Each member per month</span>
          </li>
          {drafts.map((draft, index) => {
            const rowError = (["model", "teamMonthly", "memberMonthly"] as const)
              .map((key) => errors[`models.${index}.${key}`])
              .find(Boolean);
            const used = spent.find((entry) => entry.model === draft.model)?.spentThisMonth;
            const cell = (key: "teamMonthly" | "memberMonthly", label: string) => (
              <label className="flex min-w-0 flex-1 flex-col gap-0.5 sm:flex-none">
                <span className="text-xs text-zinc-500 sm:hidden">{label}</span>
                <input
                  aria-label={`${label} for ${draft.model ? labelOf(draft.model) : "this model"}`}
                  inputMode="numeric"
                  placeholder="No cap"
                  className={cn(controlClass(Boolean(errors[`models.${index}.${key}`]), { size: "sm" }), "sm:w-36")}
                  value={draft[key]}
                  onChange={(event) => update(index, { [key]: event.target.value })}
                />
              </label>
            );
            return (
              <li key={index} className="rounded-lg border border-zinc-200 p-2 sm:border-0 sm:p-0 sm:px-2" data-testid="model-limit">
                <div className="flex flex-col gap-2 sm:flex-row sm:items-center">
                  <select
                    aria-label="Model"
                    className={cn(controlClass(Boolean(errors[`models.${index}.model`]), { size: "sm" }), "sm:w-56")}
                    value={draft.model}
                    onChange={(event) => update(index, { model: event.target.value })}
                  >
                    <option value="">Choose a model…</option>
                    {models
                      .filter((model) => model.id === draft.model || !drafts.some((item) => item.model === model.id))
                      .map((model) => (
                        <option key={model.id} value={model.id}>
                          {model.label}
                        </option>
                      ))}
                  </select>
                  <div className="flex items-end gap-2 sm:items-center">
                    {cell("teamMonthly", "Team per month")}
                    {cell("memberMonthly", "Each member per month")}
                    <Button
                      type="button"
                      variant="ghost"
                      size="sm"
                      aria-label={`Remove the cap on ${draft.model ? labelOf(draft.model) : "this row"}`}
                      onClick={() => onChange(drafts.filter((_, at) => at !== index))}
                    >
                      <Trash2 className="size-4" aria-hidden="true" />
                    </Button>
                  </div>
                  {used !== undefined ? <span className="text-xs text-zinc-500 sm:ml-2">{credits(used)} credits this month</span> : null}
                </div>
                {rowError ? (
                  <p className="mt-1 text-sm text-red-700" role="alert">
                    {rowError}
                  </p>
                ) : null}
              </li>
            );
          })}
        </ul>
      ) : null}
      <Button
        type="button"
        variant="secondary"
        size="sm"
        data-provider={provider}
        onClick={() => onChange([...drafts, { model: "", teamMonthly: "", memberMonthly: "" }])}
        disabled={drafts.length >= models.length}
      >
        <Plus className="size-4" aria-hidden="true" /> Add a model
      </Button>
    </fieldset>
  );
}
