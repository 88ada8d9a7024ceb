import "server-only";
import { and, eq, inArray, ne } from "drizzle-orm";
import type { Db } from "../db";
import { spendLimits, users, type SpendLimitRow } from "../db/schema";
import { recordAudit, type AuditActor } from "../audit/log";
import { validationFailed } from "../errors";
import { UNLIMITED, type LimitsUpdate, type MemberOverride, type TeamLimits } from "@/lib/shared/budgets";
import { PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog";

// What admins set per provider: the team's monthly budget, every member's default daily and monthly
// limit, the hold for models with no history, and per-member overrides. Read on every create, so
// the team row and one member's row are one indexed lookup.

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

/** The limits that apply to one member for one provider: the team row and their override. */
export type AppliedLimits = { team: TeamLimits; override: Omit<MemberOverride, "userId"> | null };

const teamOf = (row: SpendLimitRow | undefined): TeamLimits =>
  row
    ? {
        teamMonthly: row.teamMonthly,
        memberDaily: row.memberDaily,
        memberMonthly: row.memberMonthly,
        defaultHold: row.defaultHold,
        approvalAbove: row.approvalAbove,
      }
    : NO_TEAM_LIMITS;

export async function limitsFor(db: Db, provider: ProviderId, userId: string): Promise<AppliedLimits> {
  const rows = await db
    .select()
    .from(spendLimits)
    .where(and(eq(spendLimits.provider, provider), inArray(spendLimits.subject, [TEAM, userId])));
  const own = rows.find((row) => row.subject === userId);
  return {
    team: teamOf(rows.find((row) => row.subject === TEAM)),
    override: own ? { memberDaily: own.memberDaily, memberMonthly: own.memberMonthly, approvalAbove: own.approvalAbove } : null,
  };
}

/** The expected cost above which this member's creates wait for approval, or null for never. */
export function approvalThreshold(limits: AppliedLimits): number | null {
  const value = limits.override?.approvalAbove ?? limits.team.approvalAbove;
  return value === null || value === UNLIMITED ? null : value;
}

export async function providerLimits(db: Db, provider: ProviderId): Promise<{ team: TeamLimits; overrides: MemberOverride[] }> {
  const rows = await db.select().from(spendLimits).where(eq(spendLimits.provider, provider));
  return {
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

/**
 * Replaces one provider's limits (team row and every override) in one transaction, with one audit
 * entry holding the values before and after. An override left at the team default is removed.
 */
export async function saveProviderLimits(db: Db, actor: AuditActor, provider: ProviderId, update: LimitsUpdate): Promise<void> {
  const ids = update.overrides.map((override) => override.userId);
  if (new Set(ids).size !== ids.length) throw validationFailed({ overrides: "Each person can have one override." });
  await db.transaction(async (tx) => {
    if (ids.length > 0) {
      const known = await tx.select({ id: users.id }).from(users).where(inArray(users.id, ids));
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
    await recordAudit(tx, actor, {
      action: "budget_changed",
      target: { type: "provider", id: provider, label: PROVIDER_LABELS[provider] },
      before: { team: before.team, overrides: before.overrides },
      after: { team: update.team, overrides: kept },
    });
  });
}
