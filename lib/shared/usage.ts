import * as z from "zod/mini";
import { PROVIDER_IDS, type ProviderId } from "./catalog/ids";
import { emptyAsAbsent } from "./validation";
import type { LimitStanding } from "./spend";

// The Usage page and its CSV: spend per day, member, model and provider over a period, in each
// provider's credits, with what is left of the budgets. Periods are whole UTC days, `from` to `to`
// inclusive; at most a little over a year, so one view never scans more than that.

export const MAX_USAGE_DAYS = 400;

const day = (what: string) =>
  z.string({ error: `${what} is a date like 2026-01-31.` }).check(
    z.regex(/^\d{4}-\d{2}-\d{2}$/, { error: `${what} is a date like 2026-01-31.` }),
    z.refine((value) => !Number.isNaN(Date.parse(`${value}T00:00:00Z`)) && new Date(`${value}T00:00:00Z`).toISOString().startsWith(value), {
      error: `${what} is not a real date.`,
    }),
    z.refine((value) => value >= "2000-01-01" && value <= "2999-12-31", { error: `${what} is between 2000 and 2999.` }),
  );

export const usageFiltersSchema = z
  .strictObject({
    from: emptyAsAbsent(day("From")),
    to: emptyAsAbsent(day("To")),
    provider: emptyAsAbsent(z.enum(PROVIDER_IDS, { error: "Choose a provider from the list." })),
    /** Admins only: one member's usage. */
    member: emptyAsAbsent(z.uuid({ error: "Choose a person from the list." })),
  })
  .check(
    z.refine((value) => !value.from || !value.to || value.from <= value.to, { error: "From must be on or before To.", path: ["to"] }),
    z.refine(
      (value) =>
        !value.from ||
        !value.to ||
        (Date.parse(`${value.to}T00:00:00Z`) - Date.parse(`${value.from}T00:00:00Z`)) / 86_400_000 < MAX_USAGE_DAYS,
      { error: `Choose at most ${MAX_USAGE_DAYS} days.`, path: ["to"] },
    ),
  );
export type UsageFilters = z.infer<typeof usageFiltersSchema>;

export function usageFiltersToParams(filters: Partial<UsageFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["from", "to", "provider", "member"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}

export type UsageTotals = { credits: number; tasks: number };

export type UsageReport = {
  /** The period shown, as whole UTC days. */
  from: string;
  to: string;
  /** Whose usage: the whole team (admins) or one person. */
  scope: { kind: "team" } | { kind: "member"; userId: string; name: string };
  providers: { id: ProviderId; label: string; creditValueUsd: number | null; totals: UsageTotals }[];
  byDay: { day: string; provider: ProviderId; credits: number; tasks: number }[];
  byMember: { userId: string; name: string; provider: ProviderId; credits: number; tasks: number }[];
  byModel: { provider: ProviderId; model: string; modelLabel: string; credits: number; tasks: number }[];
  /** What is left of the budgets now, per provider (the viewer's own limits, or the team's). */
  budgets: { provider: ProviderId; limits: LimitStanding[] }[];
  /** Balance checks against the ledger, where a provider reports its balance (admins only). */
  reconciliation: ReconciliationView[];
};

/** The provider's balance over time against Cutroom's own ledger for the same key. */
export type ReconciliationView = {
  provider: ProviderId;
  label: string;
  /** The two balance readings compared, and what moved between them. */
  since: string | null;
  until: string | null;
  balanceDrop: number | null;
  ledgerSpend: number | null;
  /** balanceDrop - ledgerSpend: spend Cutroom did not make or see (positive), or charges it counted that the balance does not show. */
  difference: number | null;
  status: "ok" | "mismatch" | "no-data";
  message: string;
};
