import "server-only";
import { sql } from "drizzle-orm";
import type { Db } from "../db";
import { tasks } from "../db/schema";
import { budgetOverview } from "../budgets/overview";
import { providerHealth } from "../providers/gate";
import { PROVIDERS } from "../providers/registry";
import { metrics } from "./registry";

// One scrape of GET /api/metrics: the team-wide gauges are read from the database first, then set
// all at once (no await between a gauge's reset and its new values, so two scrapes at once never
// show a half-filled gauge), then the registry is written out.

type Row = Record<string, unknown>;
const rowsOf = (result: unknown): Row[] => (result as { rows: Row[] }).rows;

/** Jobs waiting or running per queue; none while pg-boss has not made its schema yet. */
async function jobQueueDepth(db: Db): Promise<Row[]> {
  try {
    return rowsOf(
      await db.execute(
        sql`select name as queue, state::text as state, count(*)::int as count from pgboss.job where state in ('created', 'retry', 'active') group by 1, 2`,
      ),
    );
  } catch {
    return [];
  }
}

export async function scrapeMetrics(db: Db): Promise<{ contentType: string; body: string }> {
  const [byState, failures, queue, health, budgets] = await Promise.all([
    db
      .select({ state: tasks.state, provider: tasks.provider, count: sql<number>`count(*)::int` })
      .from(tasks)
      .groupBy(tasks.state, tasks.provider),
    db
      .select({ provider: tasks.provider, code: sql<string>`coalesce(${tasks.errorCode}, 'UNKNOWN')`, count: sql<number>`count(*)::int` })
      .from(tasks)
      .where(sql`${tasks.state} = 'failed'`)
      .groupBy(tasks.provider, sql`2`),
    jobQueueDepth(db),
    Promise.all(PROVIDERS.map(async (descriptor) => ({ descriptor, health: await providerHealth(db, descriptor.id) }))),
    budgetOverview(db),
  ]);

  const m = metrics();
  m.tasks.reset();
  for (const row of byState) m.tasks.set({ state: row.state, provider: row.provider }, row.count);
  m.taskFailures.reset();
  for (const row of failures) m.taskFailures.set({ provider: row.provider, code: row.code }, row.count);
  m.jobQueue.reset();
  for (const row of queue) m.jobQueue.set({ queue: String(row.queue), state: String(row.state) }, Number(row.count));
  for (const { descriptor, health: state } of health) {
    const provider = descriptor.id;
    m.breakerOpen.set({ provider }, state.breakerOpenUntil ? 1 : 0);
    m.providerPaused.set({ provider }, state.pausedUntil ? 1 : 0);
    m.queryCalls.set({ provider }, state.queryCallsLastMinute);
    m.queryBudget.set({ provider }, descriptor.settings().queryBudgetPerMinute);
  }
  m.budgetMonth.reset();
  for (const budget of budgets) {
    m.spendMonth.set({ provider: budget.provider }, budget.spentThisMonth);
    m.spendToday.set({ provider: budget.provider }, budget.spentToday);
    if (budget.team.teamMonthly !== null) m.budgetMonth.set({ provider: budget.provider }, budget.team.teamMonthly);
  }
  return { contentType: m.registry.contentType, body: await m.registry.metrics() };
}
