import type { ProviderId } from "./catalog/ids";

// Spend control as people read it: limits, what is left, what a request is expected to cost, and
// the words for them. No schemas here: the generate form and the task page load this module, and
// the budgets' schemas (budgets.ts) are for the admin pages and the server.
// Periods are UTC calendar days and months, so every instance and every member agrees when a
// limit resets.

/** A member override that lifts a team default for that person. */
export const UNLIMITED = -1;

export const LIMIT_KINDS = ["team-month", "member-day", "member-month", "model-team-month", "model-member-month"] as const;
export type LimitKind = (typeof LIMIT_KINDS)[number];

export const LIMIT_LABELS: Record<LimitKind, string> = {
  "team-month": "the team's monthly budget",
  "member-day": "your daily limit",
  "member-month": "your monthly limit",
  "model-team-month": "the team's monthly limit for this model",
  "model-member-month": "your monthly limit for this model",
};

/** One limit as it stands for a member now: what it allows, what is used (holds included), when it resets. */
export type LimitStanding = {
  kind: LimitKind;
  limit: number;
  used: number;
  left: number;
  resetsAt: string;
};

/** Where an expected cost comes from, in the words the form shows. */
export type ExpectedCost = {
  credits: number;
  basis: "quote" | "estimate" | "model-max" | "provider-default";
  /** For an estimate: how many recent runs with the same settings it is drawn from. */
  runs?: number;
};

/** What the form shows next to the price: the expected cost, the limits that apply, and a refusal. */
export type SpendView = {
  provider: ProviderId;
  expected: ExpectedCost;
  limits: LimitStanding[];
  /** The money value of one credit where the provider publishes it. */
  creditValueUsd: number | null;
  /** Set when this request would pass a limit: the same words a create would be refused with. */
  refusal: string | null;
  /** The words the form shows, made on the server so the form's script carries none of this module. */
  expectedText: string;
  limitsText: string | null;
};

const PERIOD_LEFT: Record<LimitKind, string> = {
  "member-day": "left today",
  "member-month": "left this month",
  "team-month": "left in the team's month",
  "model-team-month": "left for this model in the team's month",
  "model-member-month": "left for this model this month",
};

/** "5 of 20 left today · 900 of 1,000 left this month", or null without limits. */
export function limitsLeftText(limits: readonly LimitStanding[]): string | null {
  if (limits.length === 0) return null;
  return limits
    .map(
      (limit) => `${Math.max(0, limit.left).toLocaleString("en-US")} of ${limit.limit.toLocaleString("en-US")} ${PERIOD_LEFT[limit.kind]}`,
    )
    .join(" · ");
}

export function expectedCostText(expected: ExpectedCost): string {
  const credits = `${expected.credits.toLocaleString("en-US")} credit${expected.credits === 1 ? "" : "s"}`;
  switch (expected.basis) {
    case "quote":
      return credits;
    case "estimate":
      return expected.runs === undefined
        ? `≈ ${credits}, estimated from earlier runs`
        : `≈ ${credits}, from the last ${expected.runs} run${expected.runs === 1 ? "" : "s"}`;
    case "model-max":
      return `up to ${credits}, the most this model has cost`;
    case "provider-default":
      return `up to ${credits} held (no runs of this model yet)`;
  }
}

/** When a limit resets, as people read it: "00:00 UTC" today/tomorrow, or "1 Jan 00:00 UTC". */
export function resetText(resetsAt: string, now = new Date()): string {
  const at = new Date(resetsAt);
  const sameDayNext = at.getTime() - now.getTime() <= 24 * 3600_000;
  if (sameDayNext) return "at 00:00 UTC";
  return `on ${at.getUTCDate()} ${at.toLocaleString("en-US", { month: "short", timeZone: "UTC" })} 00:00 UTC`;
}

/** The refusal a create gets when the hold would pass a limit (also shown inline on the form). */
export function refusalText(standing: LimitStanding, needed: number, now = new Date()): string {
  const left = Math.max(0, standing.left).toLocaleString("en-US");
  return (
    `This would pass ${LIMIT_LABELS[standing.kind]}: it needs ${needed.toLocaleString("en-US")} credits and ` +
    `${left} of ${standing.limit.toLocaleString("en-US")} are left. It resets ${resetText(standing.resetsAt, now)}.`
  );
}

export function startOfUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate()));
}
export function startOfUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
}
export function nextUtcDay(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}
export function nextUtcMonth(now: Date): Date {
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
}
