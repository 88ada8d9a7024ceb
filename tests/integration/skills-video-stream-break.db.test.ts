import { createHmac } from "node:crypto";
import http from "node:http";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { openDatabase } from "@/lib/server/db/client";
import { taskEvents, tasks, unlinkedProviderTasks, type Task, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import type { WebhookInboxPage } from "@/lib/shared/webhooks";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";
import { SKILLS_VIDEO_TEST_SECRET, startSkillsVideoSandbox, type SkillsVideoSandboxFixture } from "../support/skills-video-sandbox";

// skills.video streams that break early (the sandbox's streamBreakAfterBytes), end to end: a
// real sandbox whose signed webhooks reach the real webhook route over HTTP, and a real database.
// Broken inside its first event, the task still learns its generation and finishes. Broken before
// any byte, Cutroom cannot tell whether the task was made, so it is not sent again: the webhooks
// for a generation it has no task for are kept, the reconciler looks it up, and the task is adopted
// only on a safe match (the create's idempotency key in the provider's words), never a guess.

type Route = { POST: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> };

const KLING = "kling-ai/kling-v2.6";

/** Standard Webhooks signing, as in skills-video.db.test.ts. */
function sign(id: string, timestamp: number, body: string): string {
  const key = Buffer.from(SKILLS_VIDEO_TEST_SECRET.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

/** A server that hands each request to `handler` as a fetch Request and sends back its Response. */
async function serve(handler: (request: Request) => Promise<Response>): Promise<{ url: string; close: () => Promise<void> }> {
  const server = http.createServer((incoming, outgoing) => {
    const chunks: Buffer[] = [];
    incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
    incoming.on("end", () => {
      const headers = new Headers();
      for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === "string") headers.set(name, value);
      const body = chunks.length > 0 ? Buffer.concat(chunks) : undefined;
      handler(new Request(`http://127.0.0.1${incoming.url}`, { method: incoming.method, headers, body }))
        .then(async (response) => {
          outgoing.writeHead(response.status, Object.fromEntries(response.headers));
          outgoing.end(Buffer.from(await response.arrayBuffer()));
        })
        .catch(() => outgoing.writeHead(500).end());
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function defineStreamBreakSuite(kind: DbKind) {
  describe(`skills.video streams that break early, on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let user: User;
    let sandbox: SkillsVideoSandboxFixture;
    let relay: Awaited<ReturnType<typeof serve>>;
    let route: Route;
    let sandboxDb: Awaited<ReturnType<typeof openDatabase>>;

    const row = async (id: string) => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    const generationsAtSandbox = async (prompt: string) => {
      const result = await sandboxDb.db.execute(sql`select id from sandbox_skills_video_generations where input->>'prompt' = ${prompt}`);
      return (result as unknown as { rows: { id: string }[] }).rows.map((item) => item.id);
    };
    const reconcile = async () => {
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      return reconcileProvider(database, getProvider("skills-video"), { submitRetryAfterMs: 60_000 });
    };
    const processDeliveries = async () => (await import("@/lib/server/webhooks/process")).processStaleDeliveries(database, 0);
    async function createWith(prompt: string, streamBreakAfterBytes: number): Promise<Task> {
      sandbox.sandbox.faults.set({ streamBreakAfterBytes });
      try {
        const { createTask } = await import("@/lib/server/tasks/create-task");
        return await createTask(
          database,
          { id: user.id, name: user.name, email: user.email, role: user.role },
          { provider: "skills-video", model: KLING, input: { prompt } },
        );
      } finally {
        sandbox.sandbox.faults.set({});
      }
    }
    const pointProviderAt = async (baseUrl: string) => {
      process.env.SKILLS_VIDEO_BASE_URL = baseUrl;
      (await import("@/lib/server/env")).resetEnvForTests();
      (await import("@/lib/server/providers/registry")).resetProvidersForTests();
    };

    beforeAll(async () => {
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      database = await db();
      route = (await import("@/app/api/webhook/[provider]/[[...taskId]]/route")) as unknown as Route;
      await (await import("@/lib/server/jobs/engine")).jobEngine();
      // The sandbox's dashboard endpoint: the real webhook route, reached over HTTP.
      relay = await serve((request) => route.POST(request, params({ provider: "skills-video" })));
      // A database of its own: the app's own skills.video sandbox shares the other one, and with no
      // endpoint of its own it would settle this one's webhooks without sending them.
      sandboxDb = await openDatabase({ kind: "pglite" });
      sandbox = await startSkillsVideoSandbox({ db: sandboxDb.db, taskSeconds: 1, webhookUrl: `${relay.url}/api/webhook/skills-video` });
      await pointProviderAt(`${sandbox.url}/api/v1`);
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Bea", email: "bea@example.com", password: "bea password 12", role: "member" });
    });
    afterAll(async () => {
      await app?.stop();
      await sandbox?.stop();
      await sandboxDb?.close();
      await relay?.close();
    });

    it("learns the generation from a stream broken inside its first event, and finishes it with one generation", async () => {
      const prompt = "a stream broken mid-event";
      const task = await createWith(prompt, 40);
      expect(task).toMatchObject({ state: "queued", providerTaskId: expect.stringMatching(/^gen_/), errorCode: null });
      const done = await waitFor(async () => {
        const current = await row(task.id);
        return current.state === "succeeded" ? current : null;
      }, 60_000);
      expect(done.outputUrl).toMatch(/\/media\/landscape-5s\.mp4\?task=/);
      expect(await generationsAtSandbox(prompt)).toEqual([task.providerTaskId]);
      // A webhook that overtook the stream's answer may have been kept; the reconciler links it.
      await reconcile();
      const kept = await database
        .select()
        .from(unlinkedProviderTasks)
        .where(eq(unlinkedProviderTasks.providerTaskId, task.providerTaskId!));
      expect(kept.every((item) => item.linkedTaskId === task.id)).toBe(true);
    });

    it("keeps the webhooks of a generation whose stream broke before naming it, and adopts it only by its idempotency key", async () => {
      const prompt = "a stream broken at once";
      const task = await createWith(prompt, 0);
      // Nothing named the generation: Cutroom cannot tell whether it was made, and does not send it again.
      expect(task).toMatchObject({ state: "failed", errorCode: "SUBMIT_UNCONFIRMED", providerTaskId: null });
      const [generation] = await generationsAtSandbox(prompt);
      expect(generation).toMatch(/^gen_/);

      // The provider made it, and its signed webhooks keep coming: kept, not dropped, up to the last.
      const kept = await waitFor(async () => {
        const [found] = await database.select().from(unlinkedProviderTasks).where(eq(unlinkedProviderTasks.providerTaskId, generation!));
        // All three (queued, running, succeeded), in whatever order they came.
        return found?.statusHint === "succeeded" && found.deliveries >= 3 ? found : null;
      }, 60_000);
      expect(kept).toMatchObject({ provider: "skills-video", linkedTaskId: null, hintRank: 3 });

      // The reconciler looks it up by id; nothing in the provider's record ties it to our task, so
      // the task keeps its honest failure rather than a guess.
      const before = sandbox.requests.length;
      await reconcile();
      const asked = sandbox.requests.slice(before).map((item) => `${item.method} ${new URL(item.url).pathname}`);
      expect(asked).toContain(`GET /api/v1/generation/${generation}`);
      const [looked] = await database.select().from(unlinkedProviderTasks).where(eq(unlinkedProviderTasks.id, kept.id));
      expect(looked).toMatchObject({
        lookedUpStatus: "COMPLETED",
        linkedTaskId: null,
        note: expect.stringMatching(/nothing that ties it/),
      });
      expect(await row(task.id)).toMatchObject({ state: "failed", errorCode: "SUBMIT_UNCONFIRMED", providerTaskId: null });
      // Admins see it in the webhook inbox with what the look-up found.
      const inboxRoute = (await import("@/app/api/admin/webhooks/route")) as unknown as {
        GET: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
      };
      const { createUser } = await import("@/lib/server/users/service");
      const admin = await createUser(database, { name: "Ida", email: "ida@example.com", password: "ida password 12", role: "admin" });
      const inbox = await inboxRoute.GET(request("GET", "/api/admin/webhooks", { cookie: await sessionCookie(admin) }), params({}));
      expect(inbox.status).toBe(200);
      const { unlinked } = (await inbox.json()) as WebhookInboxPage;
      expect(unlinked.find((item) => item.providerTaskId === generation)).toMatchObject({
        providerLabel: "skills.video",
        status: "succeeded",
        lookedUp: { status: "COMPLETED" },
        linkedTaskId: null,
      });

      // Looked up once: the next cycle does not ask again so soon.
      const again = sandbox.requests.length;
      await reconcile();
      expect(sandbox.requests.slice(again).some((item) => new URL(item.url).pathname.endsWith(generation!))).toBe(false);

      // Were the provider to say whose it is (our key in the delivery; unconfirmed for skills.video),
      // the task is adopted through the state machine and finishes from the provider's own record.
      const body = JSON.stringify({
        type: "task.completed",
        data: { prediction: { id: generation, state: "succeeded", status: "COMPLETED", idempotency_key: task.idempotencyKey } },
      });
      const timestamp = Math.floor(Date.now() / 1000);
      const delivered = await fetch(`${relay.url}/api/webhook/skills-video`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "webhook-id": "msg_echoed_key",
          "webhook-timestamp": String(timestamp),
          "webhook-signature": sign("msg_echoed_key", timestamp, body),
        },
        body,
      });
      expect(delivered.status).toBe(202);
      expect(await row(task.id)).toMatchObject({ state: "queued", providerTaskId: generation, errorCode: null, errorMessage: null });
      await processDeliveries();
      await reconcile();
      const adopted = await row(task.id);
      expect(adopted).toMatchObject({ state: "succeeded", providerTaskId: generation, errorCode: null });
      expect(adopted.outputUrl).toMatch(/\/media\/landscape-5s\.mp4\?task=/);
      const timeline = await database.select().from(taskEvents).where(eq(taskEvents.taskId, task.id));
      expect(timeline.filter((event) => event.kind === "state").map((event) => `${event.fromState}->${event.toState}`)).toEqual([
        "null->pending",
        "pending->failed",
        "failed->queued",
        "queued->succeeded",
      ]);
      // One generation at the provider through all of it.
      expect(await generationsAtSandbox(prompt)).toEqual([generation]);
      // The kept row now points at the task that learnt its id.
      await reconcile();
      const [linked] = await database.select().from(unlinkedProviderTasks).where(eq(unlinkedProviderTasks.id, kept.id));
      expect(linked!.linkedTaskId).toBe(task.id);
    });

    it("adopts from the provider's record when that record carries the create's key back", async () => {
      const prompt = "a stream broken at once, looked up";
      const task = await createWith(prompt, 0);
      expect(task).toMatchObject({ state: "failed", errorCode: "SUBMIT_UNCONFIRMED" });
      const [generation] = await generationsAtSandbox(prompt);
      await waitFor(async () => {
        const [found] = await database.select().from(unlinkedProviderTasks).where(eq(unlinkedProviderTasks.providerTaskId, generation!));
        return found?.statusHint === "succeeded" ? found : null;
      }, 60_000);
      // A provider whose GET /generation/{id} echoes the Idempotency-Key it was sent (skills.video
      // does not document one): the sandbox behind a proxy that adds it, over real HTTP.
      const echo = await serve(async (request) => {
        const upstream = await fetch(`${sandbox.url}${new URL(request.url).pathname}`, {
          headers: { authorization: request.headers.get("authorization") ?? "" },
        });
        const json = (await upstream.json()) as Record<string, unknown>;
        const echoed = json.id === generation ? { ...json, idempotency_key: task.idempotencyKey } : json;
        return Response.json(echoed, { status: upstream.status });
      });
      try {
        await pointProviderAt(`${echo.url}/api/v1`);
        const report = await reconcile();
        expect(report.adopted).toBeGreaterThanOrEqual(1);
      } finally {
        await pointProviderAt(`${sandbox.url}/api/v1`);
        await echo.close();
      }
      const adopted = await row(task.id);
      expect(adopted).toMatchObject({ state: "succeeded", providerTaskId: generation, errorCode: null });
      expect(await generationsAtSandbox(prompt)).toEqual([generation]);
    });
  });
}

defineStreamBreakSuite(testDatabaseKind());
