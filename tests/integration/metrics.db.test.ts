import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// GET /api/metrics (Prometheus text, behind METRICS_TOKEN) and the liveness and readiness
// endpoints, through their route handlers on a real database with the sandbox providers. Every
// number asserted is one the test caused or can read back from the database, never a constant.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

const TOKEN = "metrics-token-for-tests-0123456789";
const kind = testDatabaseKind();

/** One sample's value from Prometheus text: `name{labels} value`, labels in any order. */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | null {
  for (const line of text.split("\n")) {
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[2] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((pair) => [pair[1], pair[2]]));
    if (Object.entries(labels).every(([key, value]) => found[key] === value)) return Number(match[3]);
  }
  return null;
}

describe(`metrics and health on ${kind}`, () => {
  let app: AppFixture;
  let database: Db;
  let routes: Record<"metrics" | "live" | "ready" | "tasks" | "budget" | "webhook", RouteModule>;
  let people: Record<string, Person>;

  const scrape = async (authorization: string | null = `Bearer ${TOKEN}`) =>
    routes.metrics.GET!(request("GET", "/api/metrics", authorization ? { headers: { authorization } } : {}), params({}));
  const scrapeText = async () => {
    const response = await scrape();
    expect(response.status).toBe(200);
    return response.text();
  };
  const postTask = async (prompt: string) => {
    const response = await routes.tasks.POST!(
      request("POST", "/api/tasks", {
        cookie: people.Ada!.cookie,
        json: { provider: "aivideomaker", model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" } },
      }),
      params({}),
    );
    expect(response.status).toBe(201);
    return (await response.json()).task.id as string;
  };

  beforeAll(async () => {
    app = await startApp(kind);
    process.env.METRICS_TOKEN = TOKEN;
    const { resetEnvForTests } = await import("@/lib/server/env");
    resetEnvForTests();
    routes = {
      metrics: await import("@/app/api/metrics/route"),
      live: await import("@/app/api/health/live/route"),
      ready: await import("@/app/api/health/ready/route"),
      tasks: await import("@/app/api/tasks/route"),
      budget: await import("@/app/api/admin/budgets/[provider]/route"),
      webhook: await import("@/app/api/webhook/[provider]/[[...taskId]]/route"),
    } as unknown as typeof routes;
    const { db } = await import("@/lib/server/db");
    database = await db();
    people = await signedInPeople([["Ada", "admin"]]);
  });
  afterAll(async () => {
    delete process.env.METRICS_TOKEN;
    await app?.stop();
  });

  it("answers only the metrics token: 401 without it or with another, 404 while no token is set", async () => {
    for (const authorization of [null, "Bearer wrong-token-wrong-token", `Basic ${TOKEN}`, TOKEN]) {
      const response = await scrape(authorization);
      expect(response.status, String(authorization)).toBe(401);
      expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
    }
    const { resetEnvForTests } = await import("@/lib/server/env");
    delete process.env.METRICS_TOKEN;
    resetEnvForTests();
    try {
      const off = await scrape();
      expect(off.status).toBe(404);
      expect((await off.json()).error.message).toMatch(/METRICS_TOKEN/);
    } finally {
      process.env.METRICS_TOKEN = TOKEN;
      resetEnvForTests();
    }
  });

  it("counts creates, provider calls and archived bytes, and reads tasks by state from the database", async () => {
    const before = await scrapeText();
    const createdBefore = sample(before, "cutroom_tasks_created_total", { provider: "aivideomaker" }) ?? 0;
    const callsBefore = sample(before, "cutroom_provider_calls_total", { provider: "aivideomaker", kind: "create", outcome: "ok" }) ?? 0;
    const bytesBefore = sample(before, "cutroom_archive_bytes_total") ?? 0;

    const ids = [await postTask("metrics one"), await postTask("metrics two")];
    await finishTasks(database, ids);
    const after = await scrapeText();
    expect(sample(after, "cutroom_tasks_created_total", { provider: "aivideomaker" })).toBe(createdBefore + 2);
    expect(sample(after, "cutroom_provider_calls_total", { provider: "aivideomaker", kind: "create", outcome: "ok" })).toBe(
      callsBefore + 2,
    );
    const stored = (await database.execute(sql`select coalesce(sum(media_bytes), 0)::int as bytes from tasks`)) as unknown as {
      rows: { bytes: number }[];
    };
    expect(sample(after, "cutroom_archive_bytes_total")).toBe(bytesBefore + stored.rows[0]!.bytes);
    expect(sample(after, "cutroom_archives_total", { outcome: "archived" })).toBeGreaterThanOrEqual(2);

    const byState = (await database.execute(sql`select state, provider, count(*)::int as count from tasks group by 1, 2`)) as unknown as {
      rows: { state: string; provider: string; count: number }[];
    };
    expect(byState.rows.length).toBeGreaterThan(0);
    for (const row of byState.rows) expect(sample(after, "cutroom_tasks", { state: row.state, provider: row.provider })).toBe(row.count);
    expect(sample(after, "cutroom_provider_breaker_open", { provider: "aivideomaker" })).toBe(0);
    expect(sample(after, "cutroom_provider_query_budget_per_minute", { provider: "aivideomaker" })).toBeGreaterThan(0);
    // Node's own numbers come along, under Cutroom's prefix.
    expect(sample(after, "cutroom_process_resident_memory_bytes")).toBeGreaterThan(0);
  });

  it("shows failed tasks by code, refused webhooks, and this month's spend against the team's budget", async () => {
    await database.execute(
      sql`update tasks set state = 'failed', error_code = 'CONTENT_REJECTED' where id = (select id from tasks where state = 'succeeded' order by created_at limit 1)`,
    );
    const refusedBefore =
      sample(await scrapeText(), "cutroom_webhook_deliveries_total", { provider: "aivideomaker", outcome: "refused" }) ?? 0;
    const taskId = crypto.randomUUID();
    const forged = await routes.webhook.POST!(
      request("POST", `/api/webhook/aivideomaker/${taskId}?token=forged`, {
        json: { taskId: "x", status: "SUCCESS" },
        headers: { origin: "https://aivideomaker.ai" },
      }),
      params({ provider: "aivideomaker", taskId: [taskId] }),
    );
    expect(forged.status).toBeGreaterThanOrEqual(400);

    const put = await routes.budget.PUT!(
      request("PUT", "/api/admin/budgets/aivideomaker", {
        cookie: people.Ada!.cookie,
        json: {
          team: { teamMonthly: 5000, memberDaily: null, memberMonthly: null, defaultHold: null, approvalAbove: null },
          overrides: [],
          models: [],
        },
      }),
      params({ provider: "aivideomaker" }),
    );
    expect(put.status).toBe(200);

    const text = await scrapeText();
    expect(sample(text, "cutroom_task_failures", { provider: "aivideomaker", code: "CONTENT_REJECTED" })).toBe(1);
    expect(sample(text, "cutroom_webhook_deliveries_total", { provider: "aivideomaker", outcome: "refused" })).toBe(refusedBefore + 1);
    expect(sample(text, "cutroom_budget_month_credits", { provider: "aivideomaker" })).toBe(5000);
    const spent = (await database.execute(
      sql`select coalesce(sum(spend_credits), 0)::int as spent from tasks where provider = 'aivideomaker' and created_at >= date_trunc('month', now() at time zone 'utc') at time zone 'utc'`,
    )) as unknown as { rows: { spent: number }[] };
    expect(sample(text, "cutroom_spend_month_credits", { provider: "aivideomaker" })).toBe(spent.rows[0]!.spent);
    // No label carries a task id, a prompt or a URL.
    expect(text).not.toMatch(/metrics one|https?:\/\/|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-/);
  });

  it("is live without the database, and ready once every migration of this build has run", async () => {
    const live = await routes.live.GET!(request("GET", "/api/health/live"), params({}));
    expect(live.status).toBe(200);
    const ready = await routes.ready.GET!(request("GET", "/api/health/ready"), params({}));
    const body = await ready.json();
    expect(ready.status).toBe(200);
    expect(body.ready).toBe(true);
    const journal = (await import("@/lib/server/db/migrations/meta/_journal.json")).default as { entries: unknown[] };
    expect(body.migrations).toEqual({ applied: journal.entries.length, expected: journal.entries.length });

    // One migration forgotten (as on a database an older build set up): not ready, and says why.
    await database.execute(sql`delete from drizzle.__drizzle_migrations where id = (select max(id) from drizzle.__drizzle_migrations)`);
    const behind = await routes.ready.GET!(request("GET", "/api/health/ready"), params({}));
    expect(behind.status).toBe(503);
    expect(await behind.json()).toMatchObject({ ready: false, database: "ok", migrations: { expected: journal.entries.length } });
  });
});
