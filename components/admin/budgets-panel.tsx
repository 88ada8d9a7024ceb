"use client";
import { Plus } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { SpendMeter } from "@/components/ui/spend-meter";
import { isApiError } from "@/lib/client/api";
import { useBudgets, useSaveLimits } from "@/lib/client/budgets";
import { useToasts } from "@/lib/client/toasts";
import { useUsers } from "@/lib/client/users";
import { UNLIMITED, type LimitsUpdate, type MemberOverride, type ProviderBudgetView, type TeamLimits } from "@/lib/shared/budgets";
import type { ModelOption } from "@/lib/shared/catalog/options";
import type { UserView } from "@/lib/shared/users";
import { BAD_AMOUNT, parseAmount } from "./credit-amount";
import { CreditCell, LimitRow } from "./limit-row";
import { ModelLimitsFieldset, modelLimitsOf, toModelDrafts, type ModelLimitDraft } from "./model-limits-fieldset";

// Admin > Budgets: per provider, the team's monthly budget, every member's default daily and monthly
// limits, per-person overrides, per-model caps, and this month's spend. Amounts are in the provider's credits; an
// empty box means no limit (or, for an override, the team default).

const credits = (value: number) => value.toLocaleString("en-US");
const money = (value: number, rate: number | null) =>
  rate === null ? "" : ` (US$${(value * rate).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })})`;

export function BudgetsPanel({ initialUsers, models }: { initialUsers: UserView[]; models: ModelOption[] }) {
  const budgets = useBudgets();
  const users = useUsers(initialUsers).data ?? initialUsers;
  if (budgets.isPending) return <p className="text-sm text-zinc-500">Loading budgets…</p>;
  if (budgets.isError) return <Alert tone="error" title="The budgets could not be loaded." />;
  return (
    <div className="space-y-6">
      {budgets.data.map((view) => (
        // Re-keyed on a save, so the form starts again from what was stored.
        <ProviderBudget
          key={`${view.provider}:${JSON.stringify([view.team, view.overrides, view.models])}`}
          view={view}
          users={users}
          models={models.filter((model) => model.provider === view.provider)}
        />
      ))}
    </div>
  );
}

type Draft = { [K in keyof TeamLimits]: string };
type OverrideDraft = { userId: string; memberDaily: string; memberMonthly: string; approvalAbove: string };
type OverrideKey = "memberDaily" | "memberMonthly" | "approvalAbove";

const toText = (value: number | null) => (value === null ? "" : String(value));
/** An override cell: "" is the team default, "none" no limit, else a number. */
const overrideText = (value: number | null) => (value === null ? "" : value === UNLIMITED ? "none" : String(value));

function ProviderBudget({ view, users, models }: { view: ProviderBudgetView; users: UserView[]; models: ModelOption[] }) {
  const save = useSaveLimits(view.provider);
  const toasts = useToasts();
  const [team, setTeam] = useState<Draft>({
    teamMonthly: toText(view.team.teamMonthly),
    memberDaily: toText(view.team.memberDaily),
    memberMonthly: toText(view.team.memberMonthly),
    defaultHold: toText(view.team.defaultHold),
    approvalAbove: toText(view.team.approvalAbove),
  });
  const [overrides, setOverrides] = useState<OverrideDraft[]>(
    view.overrides.map((entry) => ({
      userId: entry.userId,
      memberDaily: overrideText(entry.memberDaily),
      memberMonthly: overrideText(entry.memberMonthly),
      approvalAbove: overrideText(entry.approvalAbove),
    })),
  );
  const [modelDrafts, setModelDrafts] = useState<ModelLimitDraft[]>(toModelDrafts(view.models));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [problem, setProblem] = useState<string | null>(null);
  const id = (name: string) => `${view.provider}-${name}`;
  const members = users.filter((user) => !user.disabled);
  const nameOf = (userId: string) => users.find((user) => user.id === userId)?.name ?? "Someone who left";

  const submit = () => {
    const found: Record<string, string> = {};
    const amount = (key: string, text: string) => {
      const value = parseAmount(text);
      if (value === "bad") found[key] = BAD_AMOUNT;
      return value === "bad" ? null : value;
    };
    const override = (key: string, text: string) => (text.trim().toLowerCase() === "none" ? UNLIMITED : amount(key, text));
    const update: LimitsUpdate = {
      team: {
        teamMonthly: amount("team.teamMonthly", team.teamMonthly),
        memberDaily: amount("team.memberDaily", team.memberDaily),
        memberMonthly: amount("team.memberMonthly", team.memberMonthly),
        defaultHold: amount("team.defaultHold", team.defaultHold),
        approvalAbove: amount("team.approvalAbove", team.approvalAbove),
      },
      overrides: overrides.map((entry, index): MemberOverride => ({
        userId: entry.userId,
        memberDaily: override(`overrides.${index}.memberDaily`, entry.memberDaily),
        memberMonthly: override(`overrides.${index}.memberMonthly`, entry.memberMonthly),
        approvalAbove: override(`overrides.${index}.approvalAbove`, entry.approvalAbove),
      })),
      models: modelLimitsOf(modelDrafts, found),
    };
    overrides.forEach((entry, index) => {
      if (!entry.userId) found[`overrides.${index}.userId`] = "Choose a person.";
    });
    setErrors(found);
    setProblem(null);
    if (Object.keys(found).length > 0) return;
    save.mutate(update, {
      onSuccess: () => toasts.show({ tone: "success", title: `${view.label} limits saved.` }),
      onError: (error) => {
        if (isApiError(error) && Object.keys(error.fields).length > 0) setErrors(error.fields);
        else setProblem(isApiError(error) ? error.message : "The limits could not be saved. Try again.");
      },
    });
  };

  const budget = view.team.teamMonthly;
  const headingId = id("heading");
  return (
    <Card className="p-4 sm:p-5" aria-labelledby={headingId} role="region" data-provider={view.provider}>
      <div className="flex flex-wrap items-baseline justify-between gap-x-4 gap-y-1">
        <h2 id={headingId} className="text-base font-semibold text-zinc-900">
          {view.label}
        </h2>
        <p className="text-xs text-zinc-500">
          {view.creditValueUsd !== null ? `1 credit = US$${view.creditValueUsd.toFixed(2)} · ` : ""}
          {view.quoted ? "priced before it runs" : "priced once it has run: holds are estimates"}
        </p>
      </div>
      <div className="mt-3 space-y-1.5" data-testid="month-spend">
        <p className="text-sm text-zinc-700">
          <span className="font-semibold text-zinc-900">{credits(view.spentThisMonth)}</span> credits
          {money(view.spentThisMonth, view.creditValueUsd)} this month
          {budget !== null ? ` of ${credits(budget)}` : ""}, {credits(view.spentToday)} today. Tasks still running count at their hold.
        </p>
        {budget !== null ? (
          <SpendMeter used={view.spentThisMonth} limit={budget} label={`${view.label} budget used`} className="h-2" />
        ) : null}
      </div>

      <form
        className="mt-4 space-y-5"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          submit();
        }}
      >
        <div className={cn("grid gap-4 sm:grid-cols-2", view.quoted ? "lg:grid-cols-4" : "lg:grid-cols-5")}>
          {(
            [
              ["teamMonthly", "Team budget per month", "Everyone together."],
              ["memberDaily", "Each member per day", "Unless overridden below."],
              ["memberMonthly", "Each member per month", "Unless overridden below."],
              ["approvalAbove", "Approval above", "A create expected to cost more waits for an admin."],
              ...(view.quoted ? [] : [["defaultHold", "Hold for a new model", "Until a model has run once. Default 100."]]),
            ] as [keyof TeamLimits, string, string][]
          ).map(([name, label, help]) => (
            <Field key={name} id={id(name)} label={label} help={help} error={errors[`team.${name}`]}>
              <input
                id={id(name)}
                inputMode="numeric"
                placeholder={name === "defaultHold" ? "100" : name === "approvalAbove" ? "Never" : "No limit"}
                className={controlClass(Boolean(errors[`team.${name}`]))}
                aria-invalid={Boolean(errors[`team.${name}`])}
                aria-describedby={describedBy(id(name), errors[`team.${name}`], help)}
                value={team[name]}
                onChange={(event) => {
                  setTeam({ ...team, [name]: event.target.value });
                  setErrors(({ [`team.${name}`]: _fixed, ...rest }) => rest);
                }}
              />
            </Field>
          ))}
        </div>

        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-800">Per-person limits</legend>
          <p className="text-sm text-zinc-500">
            Empty: the team default. &ldquo;none&rdquo;: no limit (or never an approval) for that person.
          </p>
          {overrides.length > 0 ? (
            <ul className="space-y-2">
              <li aria-hidden="true" className="hidden gap-2 px-2 text-xs font-medium text-zinc-500 sm:flex">
                <span className="w-56">Person</span>
                <span className="w-36">Per day</span>
                <span className="w-36">Per month</span>
                <span className="w-36">Approval above</span>
              </li>
              {overrides.map((entry, index) => {
                const rowError = (["userId", "memberDaily", "memberMonthly", "approvalAbove"] as const)
                  .map((key) => errors[`overrides.${index}.${key}`])
                  .find(Boolean);
                const cell = (key: OverrideKey, label: string) => (
                  <CreditCell
                    label={label}
                    of={entry.userId ? nameOf(entry.userId) : "this person"}
                    placeholder="Default"
                    invalid={Boolean(errors[`overrides.${index}.${key}`])}
                    value={entry[key]}
                    onChange={(value) => setOverrides(overrides.map((item, at) => (at === index ? { ...item, [key]: value } : item)))}
                  />
                );
                return (
                  <LimitRow
                    key={index}
                    picker={
                      <select
                        aria-label="Person"
                        className={cn(controlClass(Boolean(errors[`overrides.${index}.userId`]), { size: "sm" }), "sm:w-56")}
                        value={entry.userId}
                        onChange={(event) =>
                          setOverrides(overrides.map((item, at) => (at === index ? { ...item, userId: event.target.value } : item)))
                        }
                      >
                        <option value="">Choose a person…</option>
                        {members
                          .filter((user) => user.id === entry.userId || !overrides.some((item) => item.userId === user.id))
                          .map((user) => (
                            <option key={user.id} value={user.id}>
                              {user.name}
                            </option>
                          ))}
                      </select>
                    }
                    cells={
                      <>
                        {cell("memberDaily", "Per day")}
                        {cell("memberMonthly", "Per month")}
                        {cell("approvalAbove", "Approval above")}
                      </>
                    }
                    removeLabel={`Remove the limits for ${entry.userId ? nameOf(entry.userId) : "this row"}`}
                    onRemove={() => setOverrides(overrides.filter((_, at) => at !== index))}
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
            onClick={() => setOverrides([...overrides, { userId: "", memberDaily: "", memberMonthly: "", approvalAbove: "" }])}
            disabled={overrides.length >= members.length}
          >
            <Plus className="size-4" aria-hidden="true" /> Add a person
          </Button>
        </fieldset>

        <ModelLimitsFieldset
          provider={view.provider}
          drafts={modelDrafts}
          onChange={setModelDrafts}
          models={models}
          spent={view.models}
          errors={errors}
        />

        {problem ? <Alert tone="error" title={problem} /> : null}
        <div className="flex justify-end border-t border-zinc-100 pt-4">
          <Button type="submit" busy={save.isPending}>
            Save {view.label} limits
          </Button>
        </div>
      </form>

      {view.members.length > 0 ? (
        <div className="mt-4 border-t border-zinc-100 pt-4">
          <h3 className="text-sm font-medium text-zinc-800">Spend by person this month</h3>
          <table className="mt-2 w-full text-sm">
            <thead className="text-left text-xs text-zinc-500">
              <tr>
                <th className="py-1 font-medium">Person</th>
                <th className="py-1 text-right font-medium">Today</th>
                <th className="py-1 text-right font-medium">This month</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-zinc-100">
              {view.members.map((member) => (
                <tr key={member.userId}>
                  <td className="py-1.5 text-zinc-900">{member.name}</td>
                  <td className="py-1.5 text-right tabular-nums text-zinc-700">{credits(member.today)}</td>
                  <td className="py-1.5 text-right tabular-nums text-zinc-700">{credits(member.month)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : null}
    </Card>
  );
}
