import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db";
import { tasks } from "../db/schema";
import {
  UNLIMITED,
  nextUtcDay,
  nextUtcMonth,
  startOfUtcDay,
  startOfUtcMonth,
  type LimitKind,
  type LimitStanding,
} from "@/lib/shared/budgets";
import type { ProviderId } from "@/lib/shared/catalog";
import type { AppliedLimits } from "./limits";

// How much of each limit is used: the sum of what tasks count against budgets (tasks.spend_credits:
// holds while in flight, the settled charge after), over the UTC month or day the task was created
// in. Sandbox spend and live spend are kept apart: a provider that gets its key starts from zero.

/** `model`: the model a create is for, whose caps count its spend apart (null: none). */
export type SpendScope = { provider: ProviderId; sandbox: boolean; userId: string; model: string | null };

/** The limits that apply, each with its allowance (an override wins over the team default). */
export function allowances(limits: AppliedLimits): { kind: LimitKind; limit: number }[] {
  const member = (own: number | null | undefined, fallback: number | null) => {
    const value = own ?? fallback;
    return value === null || value === UNLIMITED ? null : value;
  };
  const found: { kind: LimitKind; limit: number | null }[] = [
    { kind: "team-month", limit: limits.team.teamMonthly },
    { kind: "member-day", limit: member(limits.override?.memberDaily, limits.team.memberDaily) },
    { kind: "member-month", limit: member(limits.override?.memberMonthly, limits.team.memberMonthly) },
    { kind: "model-team-month", limit: limits.model?.teamMonthly ?? null },
    { kind: "model-member-month", limit: limits.model?.memberMonthly ?? null },
  ];
  return found.filter((entry): entry is { kind: LimitKind; limit: number } => entry.limit !== null);
}

/** Spend this month by the team, this day and month by the member, and both on the model, in one statement. */
export async function spendSums(db: Db, scope: SpendScope, now: Date): Promise<Record<LimitKind, number>> {
  const month = startOfUtcMonth(now);
  const day = startOfUtcDay(now);
  const mine = sql`${tasks.ownerId} = ${scope.userId}`;
  const onModel = scope.model === null ? sql`false` : sql`${tasks.model} = ${scope.model}`;
  const sum = (where: ReturnType<typeof sql>) => sql<number>`coalesce(sum(${tasks.spendCredits}) filter (where ${where}), 0)::int`;
  const [row] = await db
    .select({
      team: sql<number>`coalesce(sum(${tasks.spendCredits}), 0)::int`,
      memberMonth: sum(mine),
      memberDay: sum(sql`${mine} and ${tasks.createdAt} >= ${day}`),
      modelTeam: sum(onModel),
      modelMember: sum(sql`${onModel} and ${mine}`),
    })
    .from(tasks)
    .where(and(eq(tasks.provider, scope.provider), eq(tasks.sandbox, scope.sandbox), gte(tasks.createdAt, month)));
  return {
    "team-month": row?.team ?? 0,
    "member-day": row?.memberDay ?? 0,
    "member-month": row?.memberMonth ?? 0,
    "model-team-month": row?.modelTeam ?? 0,
    "model-member-month": row?.modelMember ?? 0,
  };
}

export async function limitStandings(db: Db, scope: SpendScope, limits: AppliedLimits, now: Date): Promise<LimitStanding[]> {
  const applied = allowances(limits);
  if (applied.length === 0) return [];
  const used = await spendSums(db, scope, now);
  return applied.map(({ kind, limit }) => ({
    kind,
    limit,
    used: used[kind],
    left: limit - used[kind],
    resetsAt: (kind === "member-day" ? nextUtcDay(now) : nextUtcMonth(now)).toISOString(),
  }));
}

/** The limit `needed` more credits would pass with the least left, or null when all allow it. */
export function firstPassed(standings: LimitStanding[], needed: number): LimitStanding | null {
  const passed = standings.filter((standing) => standing.used + needed > standing.limit);
  passed.sort((a, b) => a.left - b.left);
  return passed[0] ?? null;
}
