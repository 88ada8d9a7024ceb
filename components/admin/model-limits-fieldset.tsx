"use client";
import { Plus } from "lucide-react";
import { Button } from "@/components/ui/button";
import { cn } from "@/components/ui/cn";
import { controlClass } from "@/components/ui/field";
import type { ModelLimit, ProviderBudgetView } from "@/lib/shared/budgets";
import type { ModelOption } from "@/lib/shared/catalog/options";
import { BAD_AMOUNT, parseAmount } from "./credit-amount";
import { CreditCell, LimitRow } from "./limit-row";

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
            const of = draft.model ? labelOf(draft.model) : "this model";
            const cell = (key: "teamMonthly" | "memberMonthly", label: string) => (
              <CreditCell
                label={label}
                of={of}
                placeholder="No cap"
                invalid={Boolean(errors[`models.${index}.${key}`])}
                value={draft[key]}
                onChange={(value) => update(index, { [key]: value })}
              />
            );
            return (
              <LimitRow
                key={index}
                testId="model-limit"
                picker={
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
                }
                cells={
                  <>
                    {cell("teamMonthly", "Team per month")}
                    {cell("memberMonthly", "Each member per month")}
                  </>
                }
                removeLabel={`Remove the cap on ${draft.model ? labelOf(draft.model) : "this row"}`}
                onRemove={() => onChange(drafts.filter((_, at) => at !== index))}
                aside={
                  used !== undefined ? <span className="text-xs text-zinc-500 sm:ml-2">{credits(used)} credits this month</span> : null
                }
                error={rowError}
              />
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
