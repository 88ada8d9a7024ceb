import "server-only";
import { and, eq, gte, sql } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, users } from "../db/schema";
import { ownerDisplayName } from "../db/queries/owner-name";
import { PROVIDERS, isSandboxed } from "../providers/registry";
import { nextUtcMonth, startOfUtcDay, startOfUtcMonth, type ProviderBudgetView } from "@/lib/shared/budgets";
import { findModel } from "@/lib/shared/catalog";
import { providerLimits } from "./limits";

// The admin Budgets page: each provider's limits and this month's spend, team and per member.

export async function budgetOverview(db: Db, now = new Date()): Promise<ProviderBudgetView[]> {
  const month = startOfUtcMonth(now);
  const day = startOfUtcDay(now);
  return Promise.all(
    PROVIDERS.map(async (descriptor) => {
      const sandbox = isSandboxed(descriptor.id);
      const thisMonth = and(eq(tasks.provider, descriptor.id), eq(tasks.sandbox, sandbox), gte(tasks.createdAt, month));
      const [limits, rows, byModel] = await Promise.all([
        providerLimits(db, descriptor.id),
        db
          .select({
            userId: tasks.ownerId,
            name: ownerDisplayName,
            month: sql<number>`coalesce(sum(${tasks.spendCredits}), 0)::int`,
            today: sql<number>`coalesce(sum(${tasks.spendCredits}) filter (where ${tasks.createdAt} >= ${day}), 0)::int`,
          })
          .from(tasks)
          .innerJoin(users, eq(users.id, tasks.ownerId))
          .where(thisMonth)
          .groupBy(tasks.ownerId, users.name, users.deletedAt),
        db
          .select({ model: tasks.model, month: sql<number>`coalesce(sum(${tasks.spendCredits}), 0)::int` })
          .from(tasks)
          .where(thisMonth)
          .groupBy(tasks.model),
      ]);
      const members = rows.filter((row) => row.month > 0).sort((a, b) => b.month - a.month);
      return {
        provider: descriptor.id,
        label: descriptor.label,
        creditValueUsd: descriptor.creditValueUsd ?? null,
        quoted: descriptor.capabilities.quote,
        team: limits.team,
        overrides: limits.overrides,
        models: limits.models.map((entry) => ({
          ...entry,
          label: findModel(descriptor.id, entry.model)?.label ?? entry.model,
          spentThisMonth: byModel.find((row) => row.model === entry.model)?.month ?? 0,
        })),
        spentThisMonth: members.reduce((sum, row) => sum + row.month, 0),
        spentToday: members.reduce((sum, row) => sum + row.today, 0),
        members,
        monthResetsAt: nextUtcMonth(now).toISOString(),
      };
    }),
  );
}
