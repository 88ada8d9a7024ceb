import * as z from "zod/mini";
import { PROVIDER_IDS, type ProviderId } from "./catalog/ids";
import { noControlCharacters } from "./validation";
import { UNLIMITED, type ExpectedCost } from "./spend";

export * from "./spend";

// Spend control's schemas (what admins set, approvals) and views, shared by the admin pages and the
// server; the words and types the generate form needs are in spend.ts, which this re-exports.

// ---- What admins set ----

const MAX_CREDITS = 1_000_000_000;
const creditAmount = (what: string) =>
  z.nullable(
    z
      .number({ error: `${what} is a whole number of credits, or empty for none.` })
      .check(
        z.refine(Number.isInteger, { error: `${what} is a whole number of credits.` }),
        z.gte(0, { error: `${what} cannot be negative.` }),
        z.lte(MAX_CREDITS, { error: `${what} is at most ${MAX_CREDITS.toLocaleString("en-US")} credits.` }),
      ),
  );
/** An override: a number, null (the team default) or UNLIMITED. */
const overrideAmount = (what: string) =>
  z.nullable(
    z.number({ error: `${what} is a whole number of credits, "no limit" or the team default.` }).check(
      z.refine(Number.isInteger, { error: `${what} is a whole number of credits.` }),
      z.refine((value) => value >= 0 || value === UNLIMITED, { error: `${what} cannot be negative.` }),
      z.lte(MAX_CREDITS, { error: `${what} is at most ${MAX_CREDITS.toLocaleString("en-US")} credits.` }),
    ),
  );

export const providerParamSchema = z.object({ provider: z.enum(PROVIDER_IDS, { error: "That provider is not known." }) });

export const teamLimitsSchema = z.strictObject({
  teamMonthly: creditAmount("The team's monthly budget"),
  memberDaily: creditAmount("The daily limit per member"),
  memberMonthly: creditAmount("The monthly limit per member"),
  defaultHold: creditAmount("The hold for a model with no history"),
  // Optional, so a client that predates approvals keeps working: absent is "never".
  approvalAbove: z._default(creditAmount("The approval threshold"), null),
});
export type TeamLimits = z.infer<typeof teamLimitsSchema>;

export const memberOverrideSchema = z.strictObject({
  userId: z.uuid({ error: "Choose a person from the list." }),
  memberDaily: overrideAmount("The daily limit"),
  memberMonthly: overrideAmount("The monthly limit"),
  approvalAbove: z._default(overrideAmount("The approval threshold"), null),
});
export type MemberOverride = z.infer<typeof memberOverrideSchema>;

/** A cap on one model's monthly spend: the team's together and each member's (null: none). */
export const modelLimitSchema = z.strictObject({
  model: z.string().check(z.minLength(1, { error: "Choose a model." }), z.maxLength(200)),
  teamMonthly: creditAmount("The team's monthly limit for this model"),
  memberMonthly: creditAmount("Each member's monthly limit for this model"),
});
export type ModelLimit = z.infer<typeof modelLimitSchema>;

export const limitsUpdateSchema = z.strictObject({
  team: teamLimitsSchema,
  overrides: z.array(memberOverrideSchema).check(z.maxLength(1000)),
  // Optional, so a client that predates per-model limits keeps working: absent is none.
  models: z._default(z.array(modelLimitSchema).check(z.maxLength(500)), []),
});
export type LimitsUpdate = z.infer<typeof limitsUpdateSchema>;

/** One provider's limits and this period's spend, as the admin Budgets page shows them. */
export type ProviderBudgetView = {
  provider: ProviderId;
  label: string;
  creditValueUsd: number | null;
  /** Whether the provider quotes before it runs (else holds are estimates). */
  quoted: boolean;
  team: TeamLimits;
  overrides: MemberOverride[];
  /** Per-model caps, each with what the model has cost the team this month. */
  models: (ModelLimit & { label: string; spentThisMonth: number })[];
  spentThisMonth: number;
  spentToday: number;
  members: { userId: string; name: string; today: number; month: number }[];
  monthResetsAt: string;
};

// ---- Model access ----

/** "provider" (all of its models) or "provider/model" (model ids may hold slashes themselves). */
export const accessEntrySchema = z.string().check(
  z.maxLength(200),
  z.refine(
    (value) => {
      const slash = value.indexOf("/");
      const provider = slash < 0 ? value : value.slice(0, slash);
      return PROVIDER_IDS.includes(provider as ProviderId) && (slash < 0 || slash < value.length - 1);
    },
    { error: "Name a provider, or a provider and one of its models." },
  ),
);

export const accessUpdateSchema = z.strictObject({
  /** "*" for every member, else one member's id. */
  subject: z.union([z.literal("*"), z.uuid({ error: "Choose a person from the list." })]),
  /** null: no restriction (every model). */
  allowed: z.nullable(z.array(accessEntrySchema).check(z.maxLength(500))),
});
export type AccessUpdate = z.infer<typeof accessUpdateSchema>;

export type ModelAccessView = { subject: string; allowed: string[] }[];

/** Whether `allowed` (null: everything) lets a member use this model. */
export function accessAllows(allowed: readonly string[] | null, provider: string, model: string): boolean {
  return allowed === null || allowed.includes(provider) || allowed.includes(`${provider}/${model}`);
}

export const NOT_ALLOWED_MESSAGE = "Your team's admins have not allowed you this model.";

// ---- Approvals ----

export const APPROVAL_REFUSED = "APPROVAL_REFUSED";
export const APPROVAL_EXPIRED = "APPROVAL_EXPIRED";

export const approvalDecisionSchema = z.strictObject({
  ids: z.array(z.uuid({ error: "Each id is a task id." })).check(z.minLength(1, { error: "Choose at least one task." }), z.maxLength(100)),
  decision: z.enum(["approve", "reject"], { error: "Say approve or reject." }),
  note: z.optional(
    z
      .string()
      .check(z.trim(), z.maxLength(500, { error: "Keep the note under 500 characters." }), noControlCharacters({ multiline: true })),
  ),
});
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;

/** One task waiting for approval, as the admin queue shows it. */
export type ApprovalRequest = {
  id: string;
  owner: { id: string; name: string };
  provider: ProviderId;
  providerLabel: string;
  model: string;
  modelLabel: string;
  prompt: string;
  expected: ExpectedCost;
  createdAt: string;
  expiresAt: string | null;
};

export type ApprovalResult = { id: string; outcome: "approved" | "rejected" | "not_waiting" | "not_found"; message: string };

// ---- Alerts ----

export const alertSettingsSchema = z.strictObject({
  /** An https URL (http only for a receiver on this machine); null to stop sending. */
  webhookUrl: z.nullable(
    z.string().check(
      z.trim(),
      z.maxLength(2000, { error: "Keep the URL under 2,000 characters." }),
      z.refine(
        (value) => {
          try {
            const url = new URL(value);
            const local = url.hostname === "localhost" || url.hostname === "127.0.0.1" || url.hostname === "[::1]";
            return !url.username && !url.password && (url.protocol === "https:" || (url.protocol === "http:" && local));
          } catch {
            return false;
          }
        },
        { error: "Use an https:// address, such as a Slack or Discord incoming webhook." },
      ),
    ),
  ),
  /** Replace the signing secret (the old one stops verifying at once). */
  newSecret: z.optional(z.boolean({ error: "newSecret is true or false." })),
});
export type AlertSettingsUpdate = z.infer<typeof alertSettingsSchema>;

export type AlertSettingsView = { webhookUrl: string | null; secret: string };

export type AlertView = {
  id: string;
  kind: "budget_80" | "budget_100" | "approval_requested" | "test";
  providerLabel: string | null;
  message: string;
  createdAt: string;
  /** "in-app": no webhook was set when it was raised. */
  delivery: "delivered" | "pending" | "retrying" | "failed" | "in-app";
  lastError: string | null;
};
