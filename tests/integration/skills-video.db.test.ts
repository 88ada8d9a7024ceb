import { createHmac } from "node:crypto";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks, type Task, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";
import { SKILLS_VIDEO_TEST_SECRET } from "../support/skills-video-sandbox";

// skills.video end to end over a real database: a task created through the SSE stream and followed
// to its result; signed webhooks checked against vectors made here with node:crypto, independently
// of the standardwebhooks library the receiver uses: valid, tampered, expired, future, unsigned,
// rotated secrets; duplicates by webhook-id; late events that must not move a task back; deliveries
// about a provider task Cutroom has no task for, kept apart.

/** Standard Webhooks signing, written from the spec: HMAC-SHA256 over "id.timestamp.body". */
function sign(secret: string, id: string, timestamp: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ""), "base64");
  return `v1,${createHmac("sha256", key).update(`${id}.${timestamp}.${body}`).digest("base64")}`;
}

type Route = { POST: (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response> };

function defineSkillsVideoSuite(kind: DbKind) {
  describe(`skills.video on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Route;
    let user: User;
    let serial = 0;

    const counts = async () => {
      const result = await database.execute(
        sql`select (select count(*)::int from webhook_deliveries) as deliveries, (select count(*)::int from task_events) as events`,
      );
      return (result as unknown as { rows: { deliveries: number; events: number }[] }).rows[0]!;
    };

    const deliver = (
      body: unknown,
      options: { id?: string; timestamp?: number; secret?: string; signature?: string; raw?: string; omit?: string } = {},
    ) => {
      const raw = options.raw ?? JSON.stringify(body);
      const id = options.id ?? `msg_test_${++serial}`;
      const timestamp = options.timestamp ?? Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        "content-type": "application/json",
        origin: "https://skills.video",
        "webhook-id": id,
        "webhook-timestamp": String(timestamp),
        "webhook-signature": options.signature ?? sign(options.secret ?? SKILLS_VIDEO_TEST_SECRET, id, timestamp, raw),
      };
      if (options.omit) delete headers[options.omit];
      return route.POST(request("POST", "/api/webhook/skills-video", { body: raw, headers }), params({ provider: "skills-video" }));
    };
    const event = (predictionId: string, state: string) => ({
      type: `task.${state}`,
      data: { prediction: { id: predictionId, state, status: state.toUpperCase() } },
    });

    async function queuedTask(prompt: string): Promise<Task> {
      const { createTask } = await import("@/lib/server/tasks/create-task");
      const task = await createTask(
        database,
        { id: user.id, name: user.name, email: user.email, role: user.role },
        { provider: "skills-video", model: "kling-ai/kling-v2.6", input: { prompt: `${prompt} [sandbox:hold]` } },
      );
      expect(task.state).toBe("queued");
      return task;
    }

    beforeAll(async () => {
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      database = await db();
      route = (await import("@/app/api/webhook/[provider]/[[...taskId]]/route")) as unknown as Route;
      await (await import("@/lib/server/jobs/engine")).jobEngine();
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Sky", email: "sky@example.com", password: "sky password 1", role: "member" });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("signs like the published Standard Webhooks example, so the vectors below are right", () => {
      expect(sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}')).toBe(
        "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=",
      );
    });

    it("creates through the stream, stores the generation id first, and follows it to the video", async () => {
      const { createTask } = await import("@/lib/server/tasks/create-task");
      const task = await createTask(
        database,
        { id: user.id, name: user.name, email: user.email, role: user.role },
        {
          provider: "skills-video",
          model: "kling-ai/kling-v2.6",
          input: { prompt: "a lighthouse", duration: "10", generate_audio: false },
        },
      );
      expect(task.providerTaskId).toMatch(/^gen_/);
      // The form's "10" went out as the schema's integer, and no field the schema lacks was sent.
      const sent = app.skillsVideo.requests.find((item) => new URL(item.url).pathname.endsWith("/generation/sse/kling-ai/kling-v2.6"))!;
      expect(await sent.json()).toEqual({ prompt: "a lighthouse", duration: 10, generate_audio: false });
      const done = await waitFor(async () => {
        const [row] = await database.select().from(tasks).where(eq(tasks.id, task.id));
        return row?.state === "succeeded" ? row : null;
      });
      expect(done).toMatchObject({ outputKind: "video", creditsCharged: 80 });
      expect(done.outputUrl).toMatch(new RegExp(`/media/landscape-10s\\.mp4\\?task=${task.providerTaskId}$`));
    });

    it("accepts a correctly signed delivery and applies its state", async () => {
      const task = await queuedTask("signed");
      const response = await deliver(event(task.providerTaskId!, "running"), { id: "msg_signed_1" });
      expect(response.status).toBe(202);
      const { processWebhookDelivery } = await import("@/lib/server/webhooks/process");
      const body = (await response.json()) as { deliveryId: string };
      await processWebhookDelivery(database, body.deliveryId);
      const [row] = await database.select().from(tasks).where(eq(tasks.id, task.id));
      expect(row!.state).toBe("running");

      // The same webhook-id again is a duplicate: stored as such, never applied twice.
      const again = await deliver(event(task.providerTaskId!, "running"), { id: "msg_signed_1" });
      expect(await again.json()).toMatchObject({ outcome: "duplicate" });

      // A late "queued" after "running" never moves the task back.
      const late = await deliver(event(task.providerTaskId!, "queued"));
      await processWebhookDelivery(database, ((await late.json()) as { deliveryId: string }).deliveryId);
      const [after] = await database.select().from(tasks).where(eq(tasks.id, task.id));
      expect(after!.state).toBe("running");
    });

    it("refuses tampered, expired, future, unsigned and wrongly keyed deliveries before any write", async () => {
      const task = await queuedTask("forged");
      const body = JSON.stringify(event(task.providerTaskId!, "succeeded"));
      const before = await counts();
      const now = Math.floor(Date.now() / 1000);
      const signature = sign(SKILLS_VIDEO_TEST_SECRET, "msg_forged", now, body);
      const cases = [
        deliver(null, { raw: body.replace("succeeded", "failed"), id: "msg_forged", timestamp: now, signature }),
        deliver(null, { raw: body, timestamp: now - 6 * 60 }),
        deliver(null, { raw: body, timestamp: now + 6 * 60 }),
        deliver(null, { raw: body, omit: "webhook-signature" }),
        deliver(null, { raw: body, omit: "webhook-id" }),
        deliver(null, { raw: body, omit: "webhook-timestamp" }),
        deliver(null, { raw: body, secret: `whsec_${Buffer.from("another endpoint's secret").toString("base64")}` }),
        deliver(null, { raw: body, signature: "v1,not-a-signature" }),
      ];
      for (const response of await Promise.all(cases)) expect(response.status).toBe(401);
      const huge = await deliver(null, { raw: JSON.stringify({ padding: "x".repeat(70_000) }) });
      expect(huge.status).toBe(413);
      expect(await counts()).toEqual(before);
      const [row] = await database.select().from(tasks).where(eq(tasks.id, task.id));
      expect(row!.state).toBe("queued");
    });

    it("verifies during a secret rotation, on either side", async () => {
      const task = await queuedTask("rotation");
      const oldSecret = `whsec_${Buffer.from("the endpoint's previous secret").toString("base64")}`;
      const body = JSON.stringify(event(task.providerTaskId!, "running"));
      const now = Math.floor(Date.now() / 1000);
      // The sender signs with both secrets while it rotates: any one matching signature is enough.
      const both = `${sign(oldSecret, "msg_rot_1", now, body).replace("v1,", "v1,")} ${sign(SKILLS_VIDEO_TEST_SECRET, "msg_rot_1", now, body)}`;
      expect((await deliver(null, { raw: body, id: "msg_rot_1", timestamp: now, signature: both })).status).toBe(202);

      // Cutroom configured with both secrets (new first) accepts a delivery signed with the old one.
      process.env.SKILLS_VIDEO_WEBHOOK_SECRET = `${SKILLS_VIDEO_TEST_SECRET} ${oldSecret}`;
      (await import("@/lib/server/env")).resetEnvForTests();
      try {
        expect((await deliver(null, { raw: body, id: "msg_rot_2", secret: oldSecret })).status).toBe(202);
      } finally {
        process.env.SKILLS_VIDEO_WEBHOOK_SECRET = SKILLS_VIDEO_TEST_SECRET;
        (await import("@/lib/server/env")).resetEnvForTests();
      }
      expect((await deliver(null, { raw: body, id: "msg_rot_3", secret: oldSecret })).status).toBe(401);
    });

    it("keeps a signed delivery about a provider task Cutroom has no task for, apart from the task deliveries", async () => {
      const before = await counts();
      const response = await deliver(event("gen_someone_else", "running"));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({ outcome: "kept" });
      // No task's delivery or timeline: one row for that provider task, counted again on each delivery,
      // whose status moves only forward (a late "queued" does not hide "running").
      expect(await counts()).toEqual(before);
      await deliver(event("gen_someone_else", "queued"));
      const { unlinkedProviderTasks } = await import("@/lib/server/db/schema");
      const kept = await database.select().from(unlinkedProviderTasks).where(eq(unlinkedProviderTasks.providerTaskId, "gen_someone_else"));
      expect(kept).toMatchObject([{ provider: "skills-video", statusHint: "running", hintRank: 2, deliveries: 2, linkedTaskId: null }]);
    });

    it("follows a task by polling when no stream carries it, one GET per task and cycle", async () => {
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      // As if another process had created it and then stopped: the provider has it and has
      // finished it (its own stream said so), and nothing here follows it.
      const generated = await app.skillsVideo
        .client()
        .create("google/nano-banana-pro", { json: { prompt: "a pear" }, files: [] }, { idempotencyKey: "cutroom-polled-pear" });
      if (!generated.ok) throw new Error(generated.errorMessage);
      const statuses = [generated.data.first.status];
      for await (const update of generated.data.updates) statuses.push(update.status);
      expect(statuses.at(-1)).toBe("COMPLETED");
      const providerTaskId = generated.data.first.id!;
      const id = crypto.randomUUID();
      await database.insert(tasks).values({
        id,
        ownerId: user.id,
        provider: "skills-video",
        model: "google/nano-banana-pro",
        sandbox: false,
        input: { prompt: "a pear" },
        promptText: "a pear",
        state: "queued",
        idempotencyKey: "cutroom-polled-pear",
        submitAttempts: 1,
        providerTaskId,
        queuedAt: new Date(),
      });
      const before = app.skillsVideo.requests.length;
      const report = await reconcileProvider(database, getProvider("skills-video"), { submitRetryAfterMs: 60_000 });
      expect(report.updated).toBeGreaterThanOrEqual(1);
      const asked = app.skillsVideo.requests.slice(before).map((item) => `${item.method} ${new URL(item.url).pathname}`);
      // Other tasks of this suite may be asked about too; this one exactly once.
      expect(asked.filter((line) => line === `GET /api/v1/generation/${providerTaskId}`)).toHaveLength(1);
      const [row] = await database.select().from(tasks).where(eq(tasks.id, id));
      expect(row).toMatchObject({ state: "succeeded", outputKind: "image" });
    });

    it("never sends again a create that may have reached the provider before a crash", async () => {
      const { SENDING } = await import("@/lib/server/tasks/submit");
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      const id = crypto.randomUUID();
      await database.insert(tasks).values({
        id,
        ownerId: user.id,
        provider: "skills-video",
        model: "kling-ai/kling-v2.6",
        sandbox: false,
        input: { prompt: "in doubt" },
        promptText: "in doubt",
        state: "pending",
        idempotencyKey: `cutroom-${id}`,
        submitAttempts: 1,
        lastSubmitAt: new Date(Date.now() - 10 * 60_000),
        providerStatus: SENDING,
      });
      const before = app.skillsVideo.requests.length;
      await reconcileProvider(database, getProvider("skills-video"), { submitRetryAfterMs: 60_000 });
      const [row] = await database.select().from(tasks).where(eq(tasks.id, id));
      expect(row).toMatchObject({ state: "failed", errorCode: "SUBMIT_UNCONFIRMED" });
      expect(row!.errorMessage).toBe("The provider's answer was lost; Cutroom could not confirm whether the task exists.");
      expect(app.skillsVideo.requests.slice(before).some((item) => item.method === "POST")).toBe(false);
    });

    it("imports models from the provider's openapi.json, for admins only, and generates with one", async () => {
      const fs = await import("node:fs");
      const path = await import("node:path");
      const fixture = (name: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, `../fixtures/skills-video/${name}`), "utf8"));
      const route = (await import("@/app/api/admin/models/import/route")) as unknown as Route;
      const { createUser } = await import("@/lib/server/users/service");
      const { sessionCookie } = await import("../support/app");
      const admin = await createUser(database, { name: "Ida", email: "ida@example.com", password: "ida password 12", role: "admin" });
      const post = (cookie: string, json: Record<string, unknown>) =>
        route.POST(request("POST", "/api/admin/models/import", { cookie, json: { provider: "skills-video", ...json } }), params({}));

      expect((await post(await sessionCookie(user), { openapi: fixture("openapi.json") })).status).toBe(403);
      const notOpenApi = await post(await sessionCookie(admin), { openapi: { swagger: "2.0" } });
      expect(notOpenApi.status).toBe(422);
      expect((await notOpenApi.json()).error.fields.openapi).toMatch(/no `paths`/);

      const response = await post(await sessionCookie(admin), { openapi: fixture("openapi.json"), docs: fixture("docs.json") });
      expect(response.status).toBe(200);
      const { report } = await response.json();
      expect(report.added).toEqual([
        { id: "luma/ray-2", label: "Luma Ray 2", usable: true },
        { id: "acme/mask-painter", label: "Mask Painter", usable: false },
      ]);
      expect(report.updated).toEqual([{ id: "google/veo-3.1-lite", label: "Veo 3.1 Lite", usable: true }]);
      expect(report.skipped).toEqual([
        { endpoint: "POST /v1/generation/acme/no-body", reason: expect.stringMatching(/no JSON or multipart/) },
      ]);

      const { findModel } = await import("@/lib/shared/catalog");
      const ray = findModel("skills-video", "luma/ray-2")!;
      expect(ray.unavailable).toBeUndefined();
      expect(ray.fields.map((field) => `${field.name}:${field.kind}`)).toEqual([
        "prompt:text",
        "duration:choice",
        "aspect_ratio:choice",
        "loop:switch",
        "image_url:image",
      ]);
      // The refreshed Veo 3.1 Lite now has the frame fields the built-in copy lacked.
      expect(findModel("skills-video", "google/veo-3.1-lite")!.fields.map((field) => field.name)).toContain("first_frame_url");
      expect(findModel("skills-video", "acme/mask-painter")!.unavailable).toMatch(/"mask" cannot be shown/);

      const { createTask } = await import("@/lib/server/tasks/create-task");
      const owner = { id: user.id, name: user.name, email: user.email, role: user.role };
      const task = await createTask(database, owner, {
        provider: "skills-video",
        model: "luma/ray-2",
        input: { prompt: "an imported model", duration: "9s", loop: true },
      });
      expect(task.providerTaskId).toMatch(/^gen_/);
      const sent = app.skillsVideo.requests.filter((item) => new URL(item.url).pathname.endsWith("/generation/sse/luma/ray-2")).at(-1)!;
      expect(await sent.json()).toEqual({ prompt: "an imported model", duration: "9s", loop: true });
      await expect(
        createTask(database, owner, { provider: "skills-video", model: "acme/mask-painter", input: { prompt: "x" } }),
      ).rejects.toThrow(/need attention/);
    });

    it("says a queued skills.video task cannot be cancelled at the provider", async () => {
      const task = await queuedTask("no cancel");
      const { cancelTask } = await import("@/lib/server/tasks/cancel-task");
      await expect(cancelTask(database, { id: user.id, name: user.name, email: user.email, role: user.role }, task.id)).rejects.toThrow(
        /skills\.video offers no way to cancel/,
      );
    });
  });
}

defineSkillsVideoSuite(testDatabaseKind());
