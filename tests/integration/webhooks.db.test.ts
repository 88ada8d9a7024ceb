import { Writable } from "node:stream";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { taskEvents, tasks, webhookDeliveries, type Task, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// The webhook receiver called with real Requests over a real database: forged deliveries change
// nothing, duplicates are applied once, hints never move a task backwards or finish it alone.

type Route = { POST: (request: Request, context: { params: Promise<{ provider: string; taskId?: string[] }> }) => Promise<Response> };

function defineWebhookSuite(kind: DbKind) {
  describe(`webhooks on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Route;
    let user: User;
    let token: (taskId: string) => string;
    let processWebhookDelivery: typeof import("@/lib/server/webhooks/process").processWebhookDelivery;

    const counts = async () => {
      const row = await database.execute(
        sql`select (select count(*)::int from webhook_deliveries) as deliveries, (select count(*)::int from task_events) as events, (select count(*)::int from pgboss.job where name = 'webhook') as jobs`,
      );
      return (row as unknown as { rows: { deliveries: number; events: number; jobs: number }[] }).rows[0]!;
    };
    const deliver = (taskId: string, body: unknown, tokenValue: string | null = token(taskId), extra: { raw?: string } = {}) =>
      route.POST(
        request("POST", `/api/webhook/aivideomaker/${taskId}${tokenValue === null ? "" : `?token=${encodeURIComponent(tokenValue)}`}`, {
          body: extra.raw ?? JSON.stringify(body),
          headers: { "content-type": "application/json", origin: "https://aivideomaker.ai" },
        }),
        params({ provider: "aivideomaker", taskId: [taskId] }),
      );

    async function queuedTask(prompt: string): Promise<Task> {
      const { createTask } = await import("@/lib/server/tasks/create-task");
      const task = await createTask(
        database,
        { id: user.id, name: user.name, email: user.email, role: user.role },
        {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt: `${prompt} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" },
        },
      );
      expect(task.state).toBe("queued");
      return task;
    }

    beforeAll(async () => {
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      database = await db();
      route = (await import("@/app/api/webhook/[provider]/[[...taskId]]/route")) as unknown as Route;
      token = (await import("@/lib/server/webhooks/token")).webhookToken;
      processWebhookDelivery = (await import("@/lib/server/webhooks/process")).processWebhookDelivery;
      await (await import("@/lib/server/jobs/engine")).jobEngine();
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Wes", email: "wes@example.com", password: "wes password 1", role: "member" });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("gives the provider a per-task webhook URL only when it can reach Cutroom", async () => {
      const task = await queuedTask("url");
      const sent = app.sandbox.requests.filter((item) => new URL(item.url).pathname.startsWith("/api/v1/generate/")).at(-1)!;
      // This app talks to a "live" provider (a key is set) without APP_PUBLIC_URL: no webhook.
      expect(sent.headers.get("webhookurl")).toBeNull();
      const { webhookUrlFor } = await import("@/lib/server/webhooks/token");
      process.env.APP_PUBLIC_URL = "https://cutroom.example.com/";
      (await import("@/lib/server/env")).resetEnvForTests();
      try {
        expect(webhookUrlFor("aivideomaker", task.id)).toBe(
          `https://cutroom.example.com/api/webhook/aivideomaker/${task.id}?token=${token(task.id)}`,
        );
      } finally {
        delete process.env.APP_PUBLIC_URL;
        (await import("@/lib/server/env")).resetEnvForTests();
      }
      expect(token(task.id)).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(token(task.id)).not.toBe(token(crypto.randomUUID()));
    });

    it("refuses forged, malformed, tampered and oversized deliveries without writing anything", async () => {
      const task = await queuedTask("forgery");
      const good = token(task.id);
      const before = await counts();
      const cases: [string, () => Promise<Response>, number][] = [
        ["no token", () => deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" }, null), 401],
        ["wrong token", () => deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" }, "A".repeat(43)), 401],
        ["truncated token", () => deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" }, good.slice(0, 20)), 401],
        [
          "another task's token",
          () => deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" }, token(crypto.randomUUID())),
          401,
        ],
        ["unknown task", () => deliver(crypto.randomUUID(), { status: "PROGRESS" }), 404],
        ["not a task id", () => deliver("not-a-uuid", { status: "PROGRESS" }, good), 404],
        ["tampered: another provider task", () => deliver(task.id, { taskId: "ckforgedforgedforged00", status: "COMPLETED" }), 400],
        ["not JSON", () => deliver(task.id, null, good, { raw: "<xml/>" }), 400],
        ["no status", () => deliver(task.id, { taskId: task.providerTaskId }), 400],
        ["oversized", () => deliver(task.id, null, good, { raw: JSON.stringify({ status: "PROGRESS", pad: "x".repeat(70_000) }) }), 413],
      ];
      for (const [name, send, status] of cases) expect((await send()).status, name).toBe(status);
      expect(await counts()).toEqual(before);
      expect((await database.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.state).toBe("queued");
    });

    it("stores an accepted delivery, queues its job, and drops repeats, even all at once", async () => {
      const task = await queuedTask("duplicates");
      const before = await counts();
      const first = await deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" });
      expect(first.status).toBe(202);
      expect(await first.json()).toMatchObject({ outcome: "accepted" });
      const burst = await Promise.all(
        Array.from({ length: 10 }, () => deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" })),
      );
      expect(burst.map((response) => response.status)).toEqual(Array(10).fill(200));
      const after = await counts();
      expect(after.jobs - before.jobs).toBe(1);
      expect(after.deliveries - before.deliveries).toBe(11);
      const deliveries = await database.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, task.id));
      expect(deliveries.filter((delivery) => delivery.outcome === "accepted")).toHaveLength(1);
      expect(deliveries.filter((delivery) => delivery.outcome === "duplicate")).toHaveLength(10);
    });

    it("applies a step forward from a hint, but never a final state or a step back", async () => {
      const task = await queuedTask("hints");
      const accepted = async (status: string) => {
        const response = await deliver(task.id, { taskId: task.providerTaskId, status });
        return ((await response.json()) as { deliveryId: string }).deliveryId;
      };
      const state = async () => (await database.select().from(tasks).where(eq(tasks.id, task.id)))[0]!.state;

      await processWebhookDelivery(database, await accepted("PROGRESS"));
      expect(await state()).toBe("running");
      // A late "SUBMITTED" arrives after "PROGRESS": ignored.
      await processWebhookDelivery(database, await accepted("SUBMITTED"));
      expect(await state()).toBe("running");
      // "COMPLETED" from a hint alone finishes nothing: it asks the reconciler to confirm.
      const jobsBefore = await database.execute(sql`select count(*)::int as count from pgboss.job where name = 'reconcile'`);
      await processWebhookDelivery(database, await accepted("COMPLETED"));
      expect(await state()).toBe("running");
      const jobsAfter = await database.execute(sql`select count(*)::int as count from pgboss.job where name = 'reconcile'`);
      const countOf = (result: unknown) => (result as { rows: { count: number }[] }).rows[0]!.count;
      expect(countOf(jobsAfter)).toBeGreaterThan(countOf(jobsBefore));

      const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, task.id));
      expect(events.filter((event) => event.kind === "webhook").map((event) => event.message)).toEqual([
        "Webhook received: PROGRESS.",
        "Webhook received: SUBMITTED.",
        "Webhook received: COMPLETED.",
      ]);
      expect(events.filter((event) => event.kind === "state").map((event) => `${event.fromState ?? ""}->${event.toState}`)).toEqual([
        "->pending",
        "pending->queued",
        "queued->running",
      ]);
      const settled = await database.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, task.id));
      expect(settled.every((delivery) => delivery.processedAt !== null)).toBe(true);
    });

    it("counts 500 forged deliveries by reason: the inbox keeps the genuine ones, the log a line per reason", async () => {
      const { forgetRefusalsForTests } = await import("@/lib/server/webhooks/refusals");
      const { setLogDestinationForTests } = await import("@/lib/server/logger");
      const { createUser } = await import("@/lib/server/users/service");
      const inbox = (await import("@/app/api/admin/webhooks/route")) as unknown as {
        GET: (request: Request, context: unknown) => Promise<Response>;
      };
      const admin = await createUser(database, { name: "Ann", email: "ann@example.com", password: "ann password 1", role: "admin" });
      const cookie = await sessionCookie(admin);
      const genuine = [await queuedTask("genuine one"), await queuedTask("genuine two")];
      for (const task of genuine) expect((await deliver(task.id, { taskId: task.providerTaskId, status: "PROGRESS" })).status).toBe(202);

      forgetRefusalsForTests();
      const lines: string[] = [];
      setLogDestinationForTests(
        new Writable({
          write(chunk, _encoding, done) {
            lines.push(...String(chunk).split("\n").filter(Boolean));
            done();
          },
        }),
        "info",
      );
      const target = genuine[0]!;
      const forgeries: (() => Promise<Response>)[] = [
        ...Array.from({ length: 250 }, (_, index) => () => deliver(target.id, { status: "COMPLETED" }, `forged-${index}`)),
        ...Array.from({ length: 200 }, () => () => deliver(crypto.randomUUID(), { status: "COMPLETED" }, "forged")),
        ...Array.from({ length: 50 }, () => () => deliver("../../etc/passwd", { status: "COMPLETED" }, null)),
      ];
      try {
        for (let start = 0; start < forgeries.length; start += 50) {
          const answers = await Promise.all(forgeries.slice(start, start + 50).map((send) => send()));
          expect(answers.every((answer) => answer.status === 401 || answer.status === 404)).toBe(true);
        }
      } finally {
        setLogDestinationForTests(null);
      }

      const page = await (await inbox.GET(request("GET", "/api/admin/webhooks", { cookie }), params({}))).json();
      const shown = page.items.map((item: { task: { id: string } }) => item.task.id);
      for (const task of genuine) expect(shown).toContain(task.id);
      expect(page.refused).toHaveLength(2);
      const byReason = Object.fromEntries(page.refused.map((refusal: { reason: string }) => [refusal.reason, refusal]));
      expect(byReason["Bad token."]).toMatchObject({
        provider: "aivideomaker",
        providerLabel: "AIVideoMaker",
        count: 250,
        taskId: target.id,
      });
      // A made-up id is not linked as if it were a task.
      expect(byReason["No such task."]).toMatchObject({ provider: "aivideomaker", count: 250, taskId: null });
      expect(Date.parse(byReason["No such task."].firstAt)).toBeLessThanOrEqual(Date.parse(byReason["No such task."].lastAt));

      const refusalLines = lines.filter((line) => line.includes('"webhook_rejected"'));
      expect(refusalLines).toHaveLength(2);
      expect(lines.length).toBeLessThan(10);
      expect(lines.join("\n")).not.toMatch(/forged|token=|passwd/);
    });
  });
}

defineWebhookSuite(testDatabaseKind());
