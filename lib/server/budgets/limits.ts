import "server-only";
import { and, eq, inArray, isNull, ne, sql } from "drizzle-orm";
import type { Db } from "../db";
import { modelSpendLimits, spendLimits, users, type SpendLimitRow } from "../db/schema";
import { recordAudit, type AuditActor } from "../audit/log";
import { validationFailed } from "../errors";
import { UNLIMITED, type LimitsUpdate, type MemberOverride, type ModelLimit, type TeamLimits } from "@/lib/shared/budgets";
import { PROVIDER_LABELS, findModel, type ProviderId } from "@/lib/shared/catalog";

// What admins set per provider: the team's monthly budget, every member's default daily and monthly
// limit, the hold for models with no history, and per-member overrides. Read on every create, so
// the team row, one member's row and the model's caps are one statement.

export const TEAM = "*";
/** What a per-run model with no history holds when the admins set nothing. */
export const BUILT_IN_DEFAULT_HOLD = 100;

export const NO_TEAM_LIMITS: TeamLimits = {
  teamMonthly: null,
  memberDaily: null,
  memberMonthly: null,
  defaultHold: null,
  approvalAbove: null,
};

export type ModelCaps = Pick<ModelLimit, "teamMonthly" | "memberMonthly">;

/** The limits that apply to one member for one provider and model: the team row, their override, the model's caps. */
export type AppliedLimits = { team: TeamLimits; override: Omit<MemberOverride, "userId"> | null; model: ModelCaps | null };

const teamOf = (row: Pick<SpendLimitRow, keyof TeamLimits> | undefined): TeamLimits =>
  row
    ? {
        teamMonthly: row.teamMonthly,
        memberDaily: row.memberDaily,
        memberMonthly: row.memberMonthly,
        defaultHold: row.defaultHold,
        approvalAbove: row.approvalAbove,
      }
    : NO_TEAM_LIMITS;

/** The subject the model's caps are read under, in the one statement below (never a user id or TEAM). */
const MODEL_ROW = "model";
const none = sql<number | null>`null::int`;

/** `model`: whose caps apply too (null: only the provider's limits, as the Usage page shows them). */
export async function limitsFor(db: Db, provider: ProviderId, userId: string, model: string | null): Promise<AppliedLimits> {
  const providerRows = db
    .select({
      subject: spendLimits.subject,
      teamMonthly: spendLimits.teamMonthly,
      memberDaily: spendLimits.memberDaily,
      memberMonthly: spendLimits.memberMonthly,
      defaultHold: spendLimits.defaultHold,
      approvalAbove: spendLimits.approvalAbove,
    })
    .from(spendLimits)
    .where(and(eq(spendLimits.provider, provider), inArray(spendLimits.subject, [TEAM, userId])));
  const rows =
    model === null
      ? await providerRows
      : await providerRows.unionAll(
          db
            .select({
              subject: sql<string>`${MODEL_ROW}`,
              teamMonthly: modelSpendLimits.teamMonthly,
              memberDaily: none,
              memberMonthly: modelSpendLimits.memberMonthly,
              defaultHold: none,
              approvalAbove: none,
            })
            .from(modelSpendLimits)
            .where(and(eq(modelSpendLimits.provider, provider), eq(modelSpendLimits.model, model))),
        );
  const own = rows.find((row) => row.subject === userId);
  const caps = rows.find((row) => row.subject === MODEL_ROW);
  return {
    team: teamOf(rows.find((row) => row.subject === TEAM)),
    override: own ? { memberDaily: own.memberDaily, memberMonthly: own.memberMonthly, approvalAbove: own.approvalAbove } : null,
    model: caps ? { teamMonthly: caps.teamMonthly, memberMonthly: caps.memberMonthly } : null,
  };
}

/** The expected cost above which this member's creates wait for approval, or null for never. */
export function approvalThreshold(limits: AppliedLimits): number | null {
  const value = limits.override?.approvalAbove ?? limits.team.approvalAbove;
  return value === null || value === UNLIMITED ? null : value;
}

export type ProviderLimits = { team: TeamLimits; overrides: MemberOverride[]; models: ModelLimit[] };

export async function providerLimits(db: Db, provider: ProviderId): Promise<ProviderLimits> {
  const rows = await db.select().from(spendLimits).where(eq(spendLimits.provider, provider));
  const models = await db
    .select({ model: modelSpendLimits.model, teamMonthly: modelSpendLimits.teamMonthly, memberMonthly: modelSpendLimits.memberMonthly })
    .from(modelSpendLimits)
    .where(eq(modelSpendLimits.provider, provider))
    .orderBy(modelSpendLimits.model);
  return {
    models,
    team: teamOf(rows.find((row) => row.subject === TEAM)),
    overrides: rows
      .filter((row) => row.subject !== TEAM)
      .map((row) => ({
        userId: row.subject,
        memberDaily: row.memberDaily,
        memberMonthly: row.memberMonthly,
        approvalAbove: row.approvalAbove,
      })),
  };
}

const overrideIsEmpty = (override: MemberOverride) =>
  override.memberDaily === null && override.memberMonthly === null && override.approvalAbove === null;

/** Refuses a per-model cap for a model this provider does not list, or a model named twice. */
function checkModelLimits(provider: ProviderId, models: ModelLimit[]): void {
  const seen = new Set<string>();
  models.forEach((entry, index) => {
    if (!findModel(provider, entry.model)) {
      throw validationFailed({ [`models.${index}.model`]: `${PROVIDER_LABELS[provider]} has no model with that id.` });
    }
    if (seen.has(entry.model)) throw validationFailed({ [`models.${index}.model`]: "Each model can have one row." });
    seen.add(entry.model);
  });
}

/**
 * Replaces one provider's limits (team row, every override, every per-model cap) in one transaction,
 * with one audit entry holding the values before and after. An override left at the team default,
 * or a model row with no cap, is removed.
 */
export async function saveProviderLimits(db: Db, actor: AuditActor, provider: ProviderId, update: LimitsUpdate): Promise<void> {
  const ids = update.overrides.map((override) => override.userId);
  if (new Set(ids).size !== ids.length) throw validationFailed({ overrides: "Each person can have one override." });
  checkModelLimits(provider, update.models);
  await db.transaction(async (tx) => {
    if (ids.length > 0) {
      const known = await tx
        .select({ id: users.id })
        .from(users)
        .where(and(inArray(users.id, ids), isNull(users.deletedAt)));
      const missing = ids.findIndex((id) => !known.some((row) => row.id === id));
      if (missing >= 0) throw validationFailed({ [`overrides.${missing}.userId`]: "That person is not on the team." });
    }
    const before = await providerLimits(tx, provider);
    const updatedBy = actor.id;
    await tx
      .insert(spendLimits)
      .values({ provider, subject: TEAM, ...update.team, updatedBy })
      .onConflictDoUpdate({
        target: [spendLimits.provider, spendLimits.subject],
        set: { ...update.team, updatedBy, updatedAt: new Date() },
      });
    await tx.delete(spendLimits).where(and(eq(spendLimits.provider, provider), ne(spendLimits.subject, TEAM)));
    const kept = update.overrides.filter((override) => !overrideIsEmpty(override));
    if (kept.length > 0) {
      await tx.insert(spendLimits).values(
        kept.map((override) => ({
          provider,
          subject: override.userId,
          memberDaily: override.memberDaily,
          memberMonthly: override.memberMonthly,
          approvalAbove: override.approvalAbove,
          updatedBy,
        })),
      );
    }
    const capped = update.models.filter((entry) => entry.teamMonthly !== null || entry.memberMonthly !== null);
    await tx.delete(modelSpendLimits).where(eq(modelSpendLimits.provider, provider));
    if (capped.length > 0) {
      await tx.insert(modelSpendLimits).values(capped.map((entry) => ({ provider, ...entry, updatedBy })));
    }
    await recordAudit(tx, actor, {
      action: "budget_changed",
      target: { type: "provider", id: provider, label: PROVIDER_LABELS[provider] },
      before: { team: before.team, overrides: before.overrides, models: before.models },
      after: { team: update.team, overrides: kept, models: capped },
    });
  });
}
