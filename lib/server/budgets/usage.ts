import "server-only";
import { and, eq, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, users } from "../db/schema";
import { ownerDisplayName } from "../db/queries/owner-name";
import { PROVIDERS, isSandboxed } from "../providers/registry";
import type { SessionUser } from "../auth/session";

import { limitStandings } from "./standing";
import { limitsFor } from "./limits";
import { reconciliationViews } from "./reconciliation";
import { findModel, type ProviderId } from "@/lib/shared/catalog";
import { startOfUtcMonth } from "@/lib/shared/spend";
import { MAX_USAGE_DAYS, type UsageFilters, type UsageReport } from "@/lib/shared/usage";
import { notFound, validationFailed } from "../errors";

// The Usage page: what tasks counted against budgets (tasks.spend_credits) per day, member, model
// and provider over whole UTC days, read with one grouped scan (grouping sets) so a year of a busy
// team is one pass over its rows. Each provider counts in its current mode only (sandbox or live),
// as its budgets do. Members see their own; admins the team's or one member's.

export type UsagePeriod = { from: Date; to: Date; fromDay: string; toDay: string };

const dayOf = (date: Date) => date.toISOString().slice(0, 10);

/** The period asked for: this UTC month so far when none is given. */
export function usagePeriod(filters: Pick<UsageFilters, "from" | "to">, now = new Date()): UsagePeriod {
  const fromDay = filters.from ?? dayOf(startOfUtcMonth(now));
  const toDay = filters.to ?? (filters.from && filters.from > dayOf(now) ? filters.from : dayOf(now));
  const from = new Date(`${fromDay}T00:00:00Z`);
  const to = new Date(Date.parse(`${toDay}T00:00:00Z`) + 86_400_000);
  // The schema bounds a period with both ends; with one end given, the other is today's.
  if ((to.getTime() - from.getTime()) / 86_400_000 > MAX_USAGE_DAYS) {
    throw validationFailed({ from: `Choose at most ${MAX_USAGE_DAYS} days.` });
  }
  if (to <= from) throw validationFailed({ to: "From must be on or before To." });
  return { from, to, fromDay, toDay };
}

/** Who a viewer may see: a member only themselves, whatever they ask for. */
export async function usageScope(db: Db, viewer: SessionUser, member: string | undefined): Promise<UsageReport["scope"]> {
  if (viewer.role !== "admin") return { kind: "member", userId: viewer.id, name: viewer.name };
  if (!member) return { kind: "team" };
  const [user] = await db.select({ id: users.id, name: ownerDisplayName }).from(users).where(eq(users.id, member));
  if (!user) throw notFound("That person");
  return { kind: "member", userId: user.id, name: user.name };
}

/** The rows a report reads: the period, the scope, and each provider in its current mode. */
export function usageWhere(period: UsagePeriod, scope: UsageReport["scope"], provider?: ProviderId): SQL {
  const modes = PROVIDERS.filter((descriptor) => !provider || descriptor.id === provider).map((descriptor) =>
    and(eq(tasks.provider, descriptor.id), eq(tasks.sandbox, isSandboxed(descriptor.id))),
  );
  return and(
    gte(tasks.createdAt, period.from),
    lt(tasks.createdAt, period.to),
    or(...modes),
    scope.kind === "member" ? eq(tasks.ownerId, scope.userId) : undefined,
  )!;
}

type GroupedRow = {
  day: string | null;
  provider: ProviderId;
  owner_id: string | null;
  model: string | null;
  credits: number;
  tasks: number;
  grouping: number;
};

export async function usageReport(db: Db, viewer: SessionUser, filters: UsageFilters, now = new Date()): Promise<UsageReport> {
  const period = usagePeriod(filters, now);
  const scope = await usageScope(db, viewer, filters.member);
  const where = usageWhere(period, scope, filters.provider);
  const day = sql`(${tasks.createdAt} at time zone 'UTC')::date`;
  // One scan (index-only, tasks_usage_idx), four groupings hashed in memory: (provider), (day,
  // provider), (owner, provider), (model, provider). A year of a busy team fits the work memory
  // given here; with the default the sort spills to disk and takes twice as long.
  const result: unknown = await db.transaction(async (tx) => {
    await tx.execute(sql`set local work_mem = '32MB'`);
    return tx.execute(sql`
      select (${day})::text as day, ${tasks.provider} as provider, ${tasks.ownerId} as owner_id, ${tasks.model} as model,
        coalesce(sum(${tasks.spendCredits}), 0)::int as credits, count(*)::int as tasks,
        grouping(${day}, ${tasks.ownerId}, ${tasks.model})::int as grouping
      from ${tasks}
      where ${where}
      group by grouping sets ((${tasks.provider}), (${day}, ${tasks.provider}), (${tasks.ownerId}, ${tasks.provider}), (${tasks.model}, ${tasks.provider}))
    `);
  });
  // node-postgres and PGlite both answer with { rows }.
  const rows = (result as { rows: GroupedRow[] }).rows;
  // grouping(): a bit per column left out, day first: 0b011 is (day, provider), 0b101 (owner,
  // provider), 0b110 (model, provider), 0b111 (provider).
  const byGroup = (bits: number) => rows.filter((row) => row.grouping === bits);
  const ownerIds = [...new Set(byGroup(0b101).map((row) => row.owner_id!))];
  const names = ownerIds.length
    ? new Map(
        (await db.select({ id: users.id, name: ownerDisplayName }).from(users).where(inArray(users.id, ownerIds))).map((user) => [
          user.id,
          user.name,
        ]),
      )
    : new Map<string, string>();
  const shown = PROVIDERS.filter((descriptor) => !filters.provider || descriptor.id === filters.provider);
  const totals = new Map(byGroup(0b111).map((row) => [row.provider, { credits: row.credits, tasks: row.tasks }]));
  const byCredits = <T extends { credits: number }>(list: T[]) => list.sort((a, b) => b.credits - a.credits);
  return {
    from: period.fromDay,
    to: period.toDay,
    scope,
    providers: shown.map((descriptor) => ({
      id: descriptor.id,
      label: descriptor.label,
      creditValueUsd: descriptor.creditValueUsd ?? null,
      totals: totals.get(descriptor.id) ?? { credits: 0, tasks: 0 },
    })),
    byDay: byGroup(0b011)
      .map((row) => ({ day: row.day!, provider: row.provider, credits: row.credits, tasks: row.tasks }))
      .sort((a, b) => a.day.localeCompare(b.day)),
    byMember: byCredits(
      byGroup(0b101).map((row) => ({
        userId: row.owner_id!,
        name: names.get(row.owner_id!) ?? "Someone who left",
        provider: row.provider,
        credits: row.credits,
        tasks: row.tasks,
      })),
    ),
    byModel: byCredits(
      byGroup(0b110).map((row) => ({
        provider: row.provider,
        model: row.model!,
        modelLabel: findModel(row.provider, row.model!)?.label ?? row.model!,
        credits: row.credits,
        tasks: row.tasks,
      })),
    ),
    budgets: await Promise.all(
      shown.map(async (descriptor) => {
        const userId = scope.kind === "member" ? scope.userId : viewer.id;
        const limits = await limitsFor(db, descriptor.id, userId, null);
        const standings = await limitStandings(
          db,
          { provider: descriptor.id, sandbox: isSandboxed(descriptor.id), userId, model: null },
          limits,
          now,
        );
        // The team's view shows the team's budget; a member's, their own limits and the team's.
        return {
          provider: descriptor.id,
          limits: scope.kind === "team" ? standings.filter((limit) => limit.kind === "team-month") : standings,
        };
      }),
    ),
    reconciliation:
      viewer.role === "admin" && scope.kind === "team"
        ? await reconciliationViews(
            db,
            shown.map((descriptor) => descriptor.id),
          )
        : [],
  };
}
