import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { taskFiltersSchema } from "@/lib/shared/task-filters";
import { createTestDatabase, type TestDatabase } from "../support/databases";
import { filterCombinations, seedTasks } from "../support/seed-tasks";

// On Postgres, with enough rows that the planner's choices are real: every filter combination of
// the task table is served by an index, never by a sequential scan of the tasks table.

type PlanNode = { "Node Type": string; "Relation Name"?: string; Plans?: PlanNode[] };

function nodes(plan: PlanNode): PlanNode[] {
  return [plan, ...(plan.Plans ?? []).flatMap(nodes)];
}

async function tasksScans(
  client: { query: (text: string, values: unknown[]) => Promise<{ rows: Record<string, unknown>[] }> },
  query: { sql: string; params: unknown[] },
) {
  const { rows } = await client.query(`explain (format json) ${query.sql}`, query.params);
  const plan = (rows[0]!["QUERY PLAN"] as { Plan: PlanNode }[])[0]!.Plan;
  return nodes(plan).filter((node) => node["Relation Name"] === "tasks");
}

describe("task list query plans on postgres", () => {
  let database: TestDatabase;
  let owners: string[];

  beforeAll(async () => {
    database = await createTestDatabase("postgres");
    owners = await seedTasks(database.db, { tasks: 30_000, owners: 20 });
  }, 120_000);
  afterAll(async () => {
    await database?.close();
  });

  it("uses an index for every filter combination, first page and later pages", async () => {
    const { taskListQuery, listTasks, decodeListCursor } = await import("@/lib/server/db/queries/task-list");
    const { Client } = await import("pg");
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      for (const combination of filterCombinations(owners)) {
        const filters = taskFiltersSchema.parse(combination);
        const kind = filters.sort === "duration" ? "number" : "time";
        const first = await listTasks(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor: null });
        const next = first.next ? decodeListCursor(first.next, kind) : null;
        const second = next ? await listTasks(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor: next }) : null;
        // The first page, the next one, and Previous from there (the same order walked backwards).
        const cursors = [null, next, second?.prev ? decodeListCursor(second.prev, kind) : null].filter(
          (cursor, index) => index === 0 || cursor,
        );
        for (const cursor of cursors) {
          const scans = await tasksScans(client, taskListQuery(database.db, filters, { viewerId: owners[0]!, limit: 50, cursor }).toSQL());
          expect(scans.length, JSON.stringify(combination)).toBeGreaterThan(0);
          for (const scan of scans) expect(scan["Node Type"], JSON.stringify(combination)).not.toBe("Seq Scan");
        }
      }
    } finally {
      await client.end();
    }
  });

  // A running install's autovacuum keeps the visibility map that lets a count read an index alone.
  // On a table just written and never vacuumed, scanning until the cap is found can be cheaper
  // (and the planner may rightly take it); once vacuumed, every count must be an index scan.
  it("counts the matching tasks (up to the cap) from an index for every filter combination", async () => {
    const { taskCountQuery } = await import("@/lib/server/db/queries/task-list");
    const { Client } = await import("pg");
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query("vacuum analyze tasks");
      for (const combination of filterCombinations(owners)) {
        const filters = taskFiltersSchema.parse(combination);
        const scans = await tasksScans(client, taskCountQuery(database.db, filters, owners[0]!, 10_000).toSQL());
        expect(scans.length, JSON.stringify(combination)).toBeGreaterThan(0);
        for (const scan of scans) expect(scan["Node Type"], JSON.stringify(combination)).not.toBe("Seq Scan");
      }
    } finally {
      await client.end();
    }
  });
});
