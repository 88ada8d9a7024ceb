import http from "node:http";
import type { AddressInfo } from "node:net";
import { and, eq, sql } from "drizzle-orm";
import sharp from "sharp";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks, webhookDeliveries, type Task, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// APIDot end to end over a real database, with the sandbox on its own port calling Cutroom back
// through a real HTTP server in front of the route handlers: uploads sent as signed, expiring
// links the sandbox fetches; the callback stored once however often it comes, refused when forged,
// and confirmed with the status endpoint before a task finishes; lost callbacks caught by polling.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;

/** A real HTTP server that hands the callback and upload-link paths to their route handlers. */
async function startBridge(routes: { webhook: Handler; link: Handler }) {
  const seen: string[] = [];
  const server = http.createServer(async (incoming, outgoing) => {
    const chunks: Buffer[] = [];
    for await (const chunk of incoming) chunks.push(chunk as Buffer);
    const url = new URL(incoming.url ?? "/", "http://bridge");
    seen.push(`${incoming.method} ${url.pathname}`);
    const req = new Request(url, {
      method: incoming.method,
      headers: incoming.headers as Record<string, string>,
      body: chunks.length && incoming.method !== "GET" ? Buffer.concat(chunks) : undefined,
    });
    const hook = /^\/api\/webhook\/([^/]+)\/([^/]+)$/.exec(url.pathname);
    const link = /^\/api\/uploads\/([^/]+)\/link$/.exec(url.pathname);
    const response = hook
      ? await routes.webhook(req, params({ provider: hook[1]!, taskId: [hook[2]!] }))
      : link
        ? await routes.link(req, params({ id: link[1]! }))
        : new Response("not found", { status: 404 });
    outgoing.writeHead(response.status, Object.fromEntries(response.headers));
    outgoing.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    seen,
    close: () => new Promise<void>((resolve) => (server.closeAllConnections(), server.close(() => resolve()))),
  };
}

function defineApidotSuite(kind: DbKind) {
  describe(`APIDot on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let user: User;
    let bridge: Awaited<ReturnType<typeof startBridge>>;
    let webhookRoute: Handler;

    const owner = () => ({ id: user.id, name: user.name, email: user.email, role: user.role });
    const submitted = async (taskId: string) => {
      const row = await findRow(taskId);
      const sent = app.apidot.requests.filter((item) => new URL(item.url).pathname === "/api/generate/submit");
      for (const item of sent.reverse()) {
        const body = (await item.clone().json()) as { callback_url?: string; input: Record<string, unknown> };
        if (body.callback_url?.includes(row.id)) return body;
      }
      throw new Error("no submit carried this task's callback");
    };
    const findRow = async (id: string): Promise<Task> => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    const deliveries = async (taskId: string) => database.select().from(webhookDeliveries).where(eq(webhookDeliveries.taskId, taskId));
    const settle = async (taskId: string) => {
      // The job engine does not run here: process the stored deliveries, then reconcile, as the workers would.
      const { processWebhookDelivery } = await import("@/lib/server/webhooks/process");
      const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
      const { getProvider } = await import("@/lib/server/providers/registry");
      for (const delivery of await deliveries(taskId)) await processWebhookDelivery(database, delivery.id);
      await reconcileProvider(database, getProvider("apidot"), { submitRetryAfterMs: 60_000 });
      return findRow(taskId);
    };
    async function create(input: Record<string, unknown>, model = "seedance-2-fast"): Promise<Task> {
      const { createTask } = await import("@/lib/server/tasks/create-task");
      return createTask(database, owner(), { provider: "apidot", model, input });
    }
    const withPublicUrl = async (value: string | undefined) => {
      const { resetEnvForTests } = await import("@/lib/server/env");
      const { resetProvidersForTests } = await import("@/lib/server/providers/registry");
      if (value) process.env.APP_PUBLIC_URL = value;
      else delete process.env.APP_PUBLIC_URL;
      resetEnvForTests();
      resetProvidersForTests();
    };

    beforeAll(async () => {
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      database = await db();
      webhookRoute = ((await import("@/app/api/webhook/[provider]/[[...taskId]]/route")) as unknown as { POST: Handler }).POST;
      const linkRoute = ((await import("@/app/api/uploads/[id]/link/route")) as unknown as { GET: Handler }).GET;
      bridge = await startBridge({ webhook: webhookRoute, link: linkRoute });
      await withPublicUrl(bridge.url);
      await (await import("@/lib/server/jobs/engine")).jobEngine();
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Dot", email: "dot@example.com", password: "dot password 1", role: "member" });
    });
    afterAll(async () => {
      await withPublicUrl(undefined);
      await bridge?.close();
      await app?.stop();
    });

    it("sends an upload as a signed link the provider fetches, and finishes through the callback and the status endpoint", async () => {
      const { saveUpload } = await import("@/lib/server/uploads/service");
      const png = await sharp({ create: { width: 320, height: 180, channels: 3, background: "#3366aa" } })
        .png()
        .toBuffer();
      const upload = await saveUpload(database, user.id, png, "frame.png");
      const task = await create({ prompt: "a dolly-in", duration: "5", resolution: "720p", image_urls: [{ uploadId: upload.id }] });
      expect(task.state).toBe("queued");
      expect(task.providerTaskId).toMatch(/^task-unified-/);

      const body = await submitted(task.id);
      // The form's "5" went out as an integer; the image as a signed link under APP_PUBLIC_URL.
      expect(body.input).toMatchObject({ prompt: "a dolly-in", duration: 5, resolution: "720p" });
      const link = (body.input.image_urls as string[])[0]!;
      expect(link).toMatch(new RegExp(`^${bridge.url}/api/uploads/${upload.id}/link\\?expires=\\d+&sig=`));
      expect(body.callback_url).toMatch(new RegExp(`^${bridge.url}/api/webhook/apidot/${task.id}\\?token=`));
      // The sandbox fetched the image through the link (it refuses a link that does not give one).
      expect(bridge.seen).toContain(`GET /api/uploads/${upload.id}/link`);

      // The terminal callback arrives and is stored; the task finishes only once the status endpoint agrees.
      await waitFor(async () => (await deliveries(task.id)).length > 0, 15_000);
      expect((await findRow(task.id)).state).not.toBe("succeeded");
      const done = await settle(task.id);
      expect(done).toMatchObject({ state: "succeeded", outputKind: "video", progress: 100 });
      expect(done.outputUrl).toMatch(new RegExp(`/media/landscape-5s\\.mp4\\?task=${task.providerTaskId}$`));
    });

    it("refuses tampered, unsigned and expired image links", async () => {
      const { signedUploadUrl } = await import("@/lib/server/uploads/links");
      const { saveUpload } = await import("@/lib/server/uploads/service");
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#aa3366" } })
        .png()
        .toBuffer();
      const upload = await saveUpload(database, user.id, png, "x.png");
      const good = signedUploadUrl(bridge.url, upload.id);
      const ok = await fetch(good);
      expect(ok.status).toBe(200);
      expect(ok.headers.get("content-type")).toBe("image/png");
      expect(ok.headers.get("cache-control")).toBe("private, no-store");
      // One character of the signature changed (to one it surely is not: the signature is random).
      const tampered = good.replace(/sig=(.)/, (_, first: string) => `sig=${first === "A" ? "B" : "A"}`);
      expect(tampered).not.toBe(good);
      expect((await fetch(tampered)).status).toBe(404);
      expect((await fetch(good.replace(/&sig=.*/, ""))).status).toBe(404);
      expect((await fetch(good.replace(/expires=\d+/, "expires=99999999999"))).status).toBe(404);
      const expired = signedUploadUrl(bridge.url, upload.id, Date.now() - 2 * 86_400_000);
      const refused = await fetch(expired);
      expect(refused.status).toBe(403);
      expect((await refused.json()).error.message).toMatch(/expired/);
    });

    it("stores a callback once however often it comes, in either shape, and refuses forged ones before any write", async () => {
      const task = await create({ prompt: "held [sandbox:hold]", duration: "5", resolution: "480p" });
      const { webhookToken } = await import("@/lib/server/webhooks/token");
      const post = (body: unknown, token = webhookToken(task.id), id = task.id) =>
        fetch(`${bridge.url}/api/webhook/apidot/${id}?token=${encodeURIComponent(token)}`, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
        });
      const wrapped = { code: 200, data: { task_id: task.providerTaskId, status: "running", progress: 40 } };
      expect((await post(wrapped)).status).toBe(202);
      expect((await post(wrapped)).status).toBe(200);
      expect((await post({ task_id: task.providerTaskId, status: "running" })).status).toBe(200);
      // An event id beside the task's own id does not hide it.
      expect((await post({ id: "evt_1", data: { task_id: task.providerTaskId, status: "running" } })).status).toBe(200);
      const accepted = (await deliveries(task.id)).filter((row) => row.outcome === "accepted");
      expect(accepted).toHaveLength(1);

      const before = (await deliveries(task.id)).length;
      expect((await post(wrapped, "forged")).status).toBe(401);
      expect((await post({ data: { task_id: "task-unified-0-someone", status: "finished" } })).status).toBe(400);
      expect(
        (await post(wrapped, webhookToken("7d0f7b7e-0000-4000-8000-000000000000"), "7d0f7b7e-0000-4000-8000-000000000000")).status,
      ).toBe(404);
      expect((await deliveries(task.id)).length).toBe(before);

      const applied = await settle(task.id);
      expect(applied.state).toBe("running");
    });

    it("shows a task the provider says is processing as running, with its progress", async () => {
      const task = await create({ prompt: "processing [sandbox:hold]", duration: "5", resolution: "480p" });
      expect(task.state).toBe("queued");
      const { webhookToken } = await import("@/lib/server/webhooks/token");
      const response = await fetch(`${bridge.url}/api/webhook/apidot/${task.id}?token=${encodeURIComponent(webhookToken(task.id))}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ code: 200, data: { task_id: task.providerTaskId, status: "processing", progress: 40 } }),
      });
      expect(response.status).toBe(202);
      const applied = await settle(task.id);
      expect(applied.state).toBe("running");
      expect(applied.startedAt).not.toBeNull();

      // The status endpoint saying "processing" (the sandbox's runningStatus knob), read by the
      // reconciler: running, with the provider's percentage. The clock stops, so the task is seen
      // part-way through its run (a second: queued for 0.2 s) whatever the machine's speed.
      app.apidot.sandbox.faults.set({ resultShape: "files", runningStatus: "processing" });
      try {
        const { withStoppedClock } = await import("../support/clock");
        const seen = await withStoppedClock(async (clock) => {
          const polled = await create({ prompt: "processing, polled", duration: "5", resolution: "480p" });
          clock.advanceTo(600);
          return settle(polled.id);
        });
        expect(seen).toMatchObject({ state: "running", providerStatus: "processing" });
        expect(seen.progress).toBeGreaterThanOrEqual(1);
        expect(seen.progress).toBeLessThanOrEqual(99);
        const { getTaskView } = await import("@/lib/server/tasks/read");
        expect(await getTaskView(database, owner(), seen.id)).toMatchObject({ state: "running", progress: seen.progress });
      } finally {
        app.apidot.sandbox.faults.set({});
      }
    });

    it("finishes a task whose callback is lost by asking the status endpoint", async () => {
      app.apidot.sandbox.faults.set({ webhooks: { dropRate: 1 } });
      try {
        const task = await create({ prompt: "no callback", size: "1:1" }, "gpt-image-2");
        await new Promise((resolve) => setTimeout(resolve, 1300));
        const done = await settle(task.id);
        expect(done).toMatchObject({ state: "succeeded", outputKind: "image" });
        expect(await deliveries(task.id)).toHaveLength(0);
      } finally {
        app.apidot.sandbox.faults.set({});
      }
    });

    it("checks the cross-field rules and says why an upload cannot be used without APP_PUBLIC_URL", async () => {
      const { saveUpload } = await import("@/lib/server/uploads/service");
      const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: "#33aa66" } })
        .png()
        .toBuffer();
      const upload = await saveUpload(database, user.id, png, "y.png");
      const fields = async (promise: Promise<unknown>) => {
        const error = (await promise.then(
          () => null,
          (caught: unknown) => caught,
        )) as { fields?: Record<string, string> } | null;
        return error?.fields ?? null;
      };
      const count = async () => (await database.execute(sql`select count(*)::int as n from tasks`)) as unknown as { rows: { n: number }[] };
      const before = (await count()).rows[0]!.n;
      expect(
        await fields(
          create({
            prompt: "mix",
            duration: "5",
            resolution: "720p",
            image_urls: [{ url: "https://example.com/a.png" }],
            reference_image_urls: [{ url: "https://example.com/b.png" }],
          }),
        ),
      ).toMatchObject({ reference_image_urls: expect.stringMatching(/not both/) });
      expect(await fields(create({ prompt: "frames", generate_type: "frame" }, "veo3.1-fast"))).toMatchObject({
        image_urls: expect.stringMatching(/at least one image/),
      });
      expect(await fields(create({ prompt: "edit" }, "gpt-image-2-edit"))).toMatchObject({ image_urls: expect.any(String) });

      await withPublicUrl(undefined);
      try {
        expect(await fields(create({ prompt: "no address", image_urls: [{ uploadId: upload.id }] }, "gpt-image-2-edit"))).toMatchObject({
          image_urls: expect.stringMatching(/APP_PUBLIC_URL.*public https link/),
        });
        // A public link is still taken, and sent as it is.
        const linked = await create({ prompt: "by link", image_urls: [{ url: "https://example.com/photo.png" }] }, "gpt-image-2-edit");
        expect(linked.state).toBe("queued");
      } finally {
        await withPublicUrl(bridge.url);
      }
      expect((await count()).rows[0]!.n).toBe(before + 1);
    });

    it("says a queued APIDot task cannot be cancelled at the provider", async () => {
      const task = await create({ prompt: "no cancel [sandbox:hold]", duration: "5", resolution: "480p" });
      const { cancelTask } = await import("@/lib/server/tasks/cancel-task");
      await expect(cancelTask(database, owner(), task.id)).rejects.toThrow(/APIDot offers no way to cancel/);
      const row = await database
        .select()
        .from(tasks)
        .where(and(eq(tasks.id, task.id), eq(tasks.state, "queued")));
      expect(row).toHaveLength(1);
    });
  });
}

defineApidotSuite(testDatabaseKind());
