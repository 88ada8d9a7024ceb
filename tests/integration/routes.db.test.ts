import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { waitFor } from "../support/sandbox";

// Route handlers called with real Requests, over a real database and a real sandbox on its own port.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const ZERO_ID = "00000000-0000-4000-8000-000000000000";

function defineRouteSuite(kind: DbKind) {
  describe(`route handlers on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let admin: User;
    let member: User;
    let other: User;
    let cookies: { admin: string; member: string; other: string };
    let database: Awaited<ReturnType<(typeof import("@/lib/server/db"))["db"]>>;
    let firstSetUp: Response;

    const call = (route: string, method: string, req: Request, routeParams: Record<string, string> = {}) =>
      routes[route]![method]!(req, params(routeParams));
    const countTasks = async () =>
      ((await database.execute(sql`select count(*)::int as count from tasks`)) as unknown as { rows: { count: number }[] }).rows[0]!.count;

    /** POST /api/tasks as the given user. */
    const postTask = (cookie: string, model: string, input: Record<string, unknown>) =>
      call("tasks", "POST", request("POST", "/api/tasks", { cookie, json: { provider: "aivideomaker", model, input } }));

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        task: await import("@/app/api/tasks/[id]/route"),
        cancel: await import("@/app/api/tasks/[id]/cancel/route"),
        bulkCancel: await import("@/app/api/tasks/cancel/route"),
        taskImage: await import("@/app/api/tasks/[id]/image/route"),
        uploads: await import("@/app/api/uploads/route"),
        upload: await import("@/app/api/uploads/[id]/route"),
        media: await import("@/app/api/media/[id]/route"),
        quotes: await import("@/app/api/quotes/route"),
        users: await import("@/app/api/admin/users/route"),
        setup: await import("@/app/api/setup/route"),
        health: await import("@/app/api/health/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();

      // The first admin comes from the set-up route itself; the first test checks its answer.
      firstSetUp = await call(
        "setup",
        "POST",
        request("POST", "/api/setup", { json: { name: "Ada", email: "Ada@Example.com", password: "admin password 1" } }),
      );
      const { findUserByEmail } = await import("@/lib/server/db/queries/users");
      const created = await findUserByEmail(database, "ada@example.com");
      if (!created) throw new Error(`set-up answered ${firstSetUp.status} and created no admin: ${await firstSetUp.text()}`);
      admin = created;
      member = await createUser(database, { name: "Milo", email: "milo@example.com", password: "member password 1", role: "member" });
      other = await createUser(database, { name: "Olga", email: "olga@example.com", password: "member password 2", role: "member" });
      cookies = { admin: await sessionCookie(admin), member: await sessionCookie(member), other: await sessionCookie(other) };
    });

    afterAll(async () => {
      await app?.stop();
    });

    describe("set-up", () => {
      it("creates the first admin once, then refuses, through the route and the service alike", async () => {
        expect(firstSetUp.status).toBe(201);
        expect((await firstSetUp.json()).user).toMatchObject({ email: "ada@example.com", role: "admin" });
        const again = await call(
          "setup",
          "POST",
          request("POST", "/api/setup", { json: { name: "Eve", email: "eve@example.com", password: "admin password 2" } }),
        );
        expect(again.status).toBe(409);
        const { createFirstAdmin } = await import("@/lib/server/users/service");
        await expect(createFirstAdmin(database, { name: "X", email: "x@example.com", password: "whatever password" })).rejects.toThrow(
          /already set up/,
        );
      });
    });

    describe("authentication", () => {
      const protectedCalls: [string, string, Record<string, string>, () => Request][] = [
        ["tasks", "GET", {}, () => request("GET", "/api/tasks")],
        ["tasks", "POST", {}, () => request("POST", "/api/tasks", { json: {} })],
        ["task", "GET", { id: ZERO_ID }, () => request("GET", `/api/tasks/${ZERO_ID}`)],
        ["cancel", "POST", { id: ZERO_ID }, () => request("POST", `/api/tasks/${ZERO_ID}/cancel`)],
        ["taskImage", "GET", { id: ZERO_ID }, () => request("GET", `/api/tasks/${ZERO_ID}/image`)],
        ["uploads", "POST", {}, () => request("POST", "/api/uploads", { body: png })],
        ["upload", "GET", { id: ZERO_ID }, () => request("GET", `/api/uploads/${ZERO_ID}`)],
        ["media", "GET", { id: ZERO_ID }, () => request("GET", `/api/media/${ZERO_ID}`)],
        ["quotes", "POST", {}, () => request("POST", "/api/quotes", { json: {} })],
        ["bulkCancel", "POST", {}, () => request("POST", "/api/tasks/cancel", { json: { ids: [ZERO_ID] } })],
        ["users", "GET", {}, () => request("GET", "/api/admin/users")],
        ["users", "POST", {}, () => request("POST", "/api/admin/users", { json: {} })],
      ];

      it.each(protectedCalls)("%s %s answers 401 without a session", async (route, method, routeParams, make) => {
        const response = await call(route, method, make(), routeParams);
        expect(response.status).toBe(401);
        expect((await response.json()).error.code).toBe("UNAUTHENTICATED");
      });

      it("refuses a forged or foreign session cookie", async () => {
        const forged = await sessionCookie(admin, "another-secret-another-secret-another-secret-00");
        for (const cookie of [forged, "next-auth.session-token=garbage", `next-auth.session-token=${"a".repeat(5000)}`]) {
          expect((await call("tasks", "GET", request("GET", "/api/tasks", { cookie }))).status).toBe(401);
        }
      });

      it("ends a session at once when the user is disabled or the session version changes", async () => {
        const { users } = await import("@/lib/server/db/schema");
        const { eq } = await import("drizzle-orm");
        const { createUser } = await import("@/lib/server/users/service");
        const temp = await createUser(database, { name: "Temp", email: "temp@example.com", password: "temporary pass", role: "member" });
        const cookie = await sessionCookie(temp);
        expect((await call("tasks", "GET", request("GET", "/api/tasks", { cookie }))).status).toBe(200);
        await database.update(users).set({ sessionVersion: 2 }).where(eq(users.id, temp.id));
        expect((await call("tasks", "GET", request("GET", "/api/tasks", { cookie }))).status).toBe(401);
        await database.update(users).set({ sessionVersion: 1, disabledAt: new Date() }).where(eq(users.id, temp.id));
        expect((await call("tasks", "GET", request("GET", "/api/tasks", { cookie }))).status).toBe(401);
      });

      it("keeps health public", async () => {
        const response = await call("health", "GET", request("GET", "/api/health"));
        expect(response.status).toBe(200);
        expect(await response.json()).toMatchObject({ status: "ok", database: "ok", providers: { aivideomaker: { mode: "live" } } });
      });

      it("refuses a state-changing request from another site", async () => {
        const foreign = request("POST", "/api/tasks", { cookie: cookies.admin, json: {}, headers: { origin: "https://evil.example" } });
        expect((await call("tasks", "POST", foreign)).status).toBe(403);
        const crossSite = request("POST", "/api/tasks", { cookie: cookies.admin, json: {}, headers: { "sec-fetch-site": "cross-site" } });
        expect((await call("tasks", "POST", crossSite)).status).toBe(403);
        // X-Forwarded-Host vouches for nothing unless TRUST_PROXY says a proxy sets it.
        const spoofed = request("POST", "/api/tasks", {
          cookie: cookies.admin,
          json: {},
          headers: { origin: "https://evil.example", "x-forwarded-host": "evil.example" },
        });
        expect((await call("tasks", "POST", spoofed)).status).toBe(403);
      });
    });

    describe("admin routes", () => {
      it("refuse members and serve admins", async () => {
        expect((await call("users", "GET", request("GET", "/api/admin/users", { cookie: cookies.member }))).status).toBe(403);
        const refused = await call(
          "users",
          "POST",
          request("POST", "/api/admin/users", {
            cookie: cookies.member,
            json: { name: "Sneaky", email: "sneaky@example.com", password: "sneaky password", role: "admin" },
          }),
        );
        expect(refused.status).toBe(403);
        const listed = await call("users", "GET", request("GET", "/api/admin/users", { cookie: cookies.admin }));
        expect(listed.status).toBe(200);
        const body = await listed.json();
        expect(body.users.map((user: { email: string }) => user.email)).not.toContain("sneaky@example.com");
        expect(JSON.stringify(body)).not.toMatch(/password|scrypt/i);
      });

      it("adds a teammate, and refuses a taken email or a bad role with field messages", async () => {
        const created = await call(
          "users",
          "POST",
          request("POST", "/api/admin/users", {
            cookie: cookies.admin,
            json: { name: "Nia", email: "nia@example.com", password: "nia password 1", role: "admin" },
          }),
        );
        expect(created.status).toBe(201);
        const taken = await call(
          "users",
          "POST",
          request("POST", "/api/admin/users", {
            cookie: cookies.admin,
            json: { name: "Nia 2", email: "NIA@example.com", password: "nia password 2", role: "member" },
          }),
        );
        expect(taken.status).toBe(422);
        expect((await taken.json()).error.fields).toEqual({ email: "A teammate with this email already exists." });
        const badRole = await call(
          "users",
          "POST",
          request("POST", "/api/admin/users", {
            cookie: cookies.admin,
            json: { name: "Rex", email: "rex@example.com", password: "short", role: "owner" },
          }),
        );
        expect(badRole.status).toBe(422);
        expect(Object.keys((await badRole.json()).error.fields).sort()).toEqual(["password", "role"]);
      });
    });

    describe("creating tasks", () => {
      it("answers 400 for malformed JSON and 422 with field messages for bad input, writing nothing", async () => {
        const before = await countTasks();
        const malformed = await call(
          "tasks",
          "POST",
          request("POST", "/api/tasks", { cookie: cookies.member, body: "{not json", headers: { "content-type": "application/json" } }),
        );
        expect(malformed.status).toBe(400);

        const cases: [unknown, string[]][] = [
          [{ provider: "aivideomaker", model: "t2v", input: { aspectRatio: "16:9", duration: "5" } }, ["prompt"]],
          [
            { provider: "aivideomaker", model: "t2v", input: { prompt: "x", aspectRatio: "4:3", duration: "7" } },
            ["aspectRatio", "duration"],
          ],
          [
            { provider: "aivideomaker", model: "t2v", input: { prompt: "x", aspectRatio: "16:9", duration: "5", filterMode: "custom" } },
            ["_form"],
          ],
          [{ provider: "aivideomaker", model: "sora", input: {} }, ["model"]],
          [{ provider: "nope", model: "t2v", input: {} }, ["provider"]],
          [{ provider: "aivideomaker", model: "i2v", input: { duration: "5" } }, ["image"]],
          [{ provider: "aivideomaker", model: "lv", input: { image: { uploadId: ZERO_ID }, segments: [] } }, ["segments"]],
          [
            {
              provider: "aivideomaker",
              model: "lv",
              input: { image: { uploadId: ZERO_ID }, segments: ["a", "b", "c", "d", "e", "f", "g"] },
            },
            ["segments"],
          ],
          [{ provider: "aivideomaker", model: "lv", input: { image: { uploadId: ZERO_ID }, segments: ["a", " "] } }, ["segments.1"]],
          [{ provider: "aivideomaker", model: "t2v", input: { prompt: "x".repeat(2001), aspectRatio: "16:9", duration: "5" } }, ["prompt"]],
        ];
        for (const [body, fields] of cases) {
          const response = await call("tasks", "POST", request("POST", "/api/tasks", { cookie: cookies.member, json: body }));
          expect(response.status, JSON.stringify(body).slice(0, 80)).toBe(422);
          const error = (await response.json()).error;
          expect(Object.keys(error.fields).sort()).toEqual(fields);
          for (const message of Object.values(error.fields)) expect(message).toMatch(/\w/);
        }
        expect(await countTasks()).toBe(before);
      });

      it("refuses another user's upload as an input image", async () => {
        const uploaded = await call("uploads", "POST", request("POST", "/api/uploads", { cookie: cookies.other, body: png }));
        expect(uploaded.status).toBe(201);
        const { upload } = await uploaded.json();
        const before = await countTasks();
        const response = await postTask(cookies.member, "i2v", { image: { uploadId: upload.id }, duration: "5" });
        expect(response.status).toBe(422);
        expect((await response.json()).error.fields).toEqual({ image: "That image is no longer available. Upload it again." });
        expect(await countTasks()).toBe(before);
        // Nor can the member read it.
        expect(
          (await call("upload", "GET", request("GET", `/api/uploads/${upload.id}`, { cookie: cookies.member }), { id: upload.id })).status,
        ).toBe(404);
        expect(
          (await call("upload", "GET", request("GET", `/api/uploads/${upload.id}`, { cookie: cookies.other }), { id: upload.id })).status,
        ).toBe(200);
      });

      it("creates a task that the provider queues, and never shows the provider key", async () => {
        const response = await postTask(cookies.member, "t2v", { prompt: "  A fox in the snow  ", aspectRatio: "1:1", duration: "8" });
        expect(response.status).toBe(201);
        // Cutroom's own time and the provider's, apart: the quote and the create were provider calls.
        const timing = /^app;dur=([\d.]+);desc="Cutroom", provider;dur=([\d.]+);desc="Provider calls"$/.exec(
          response.headers.get("server-timing") ?? "",
        );
        expect(timing).not.toBeNull();
        expect(Number(timing![2])).toBeGreaterThan(0);
        const text = await response.text();
        expect(text).not.toContain("sandbox-test-key");
        const { task } = JSON.parse(text);
        expect(task).toMatchObject({
          state: "queued",
          model: "t2v",
          prompt: "A fox in the snow",
          creditsCharged: 24,
          owner: { name: "Milo" },
          canCancel: true,
        });
        expect(task.input).toEqual({ prompt: "A fox in the snow", aspectRatio: "1:1", duration: "8" });
        expect(task.events.map((event: { message: string }) => event.message)).toEqual([
          "Created by Milo. 24 credits held against budgets.",
          "Sending to AIVideoMaker.",
          "Accepted by the provider.",
        ]);

        // The provider received exactly what the form said, with the server's key and an idempotency key.
        const sent = app.sandbox.requests.filter((item) => new URL(item.url).pathname === "/api/v1/generate/t2v").at(-1)!;
        expect(sent.headers.get("key")).toBe("sandbox-test-key");
        expect(sent.headers.get("idempotency-key")).toBe(`cutroom-${task.id}`);
        expect(await sent.json()).toEqual({ prompt: "A fox in the snow", aspectRatio: "1:1", duration: "8" });
      });

      it("quotes the price from the provider, and validates like create", async () => {
        const quoted = await call(
          "quotes",
          "POST",
          request("POST", "/api/quotes", {
            cookie: cookies.member,
            json: { provider: "aivideomaker", model: "t2v_v3", input: { prompt: "x", aspectRatio: "16:9", duration: "15" } },
          }),
        );
        expect(quoted.status).toBe(200);
        expect((await quoted.json()).quote).toMatchObject({ credits: 60, affordable: true, sandbox: false });
        const bad = await call(
          "quotes",
          "POST",
          request("POST", "/api/quotes", {
            cookie: cookies.member,
            json: { provider: "aivideomaker", model: "t2v_v3", input: { prompt: "x", aspectRatio: "16:9", duration: "8" } },
          }),
        );
        expect(bad.status).toBe(422);
        expect(Object.keys((await bad.json()).error.fields)).toEqual(["duration"]);
      });
    });

    describe("reading tasks", () => {
      it("lists the team's tasks newest first with keyset pages", async () => {
        const { createTask } = await import("@/lib/server/tasks/create-task");
        for (let index = 0; index < 3; index++) {
          await createTask(
            database,
            { id: other.id, name: other.name, email: other.email, role: "member" },
            {
              provider: "aivideomaker",
              model: "t2v",
              input: { prompt: `page item ${index}`, aspectRatio: "16:9", duration: "5" },
            },
          );
        }
        const first = await (await call("tasks", "GET", request("GET", "/api/tasks?limit=2", { cookie: cookies.member }))).json();
        expect(first.items.map((task: { prompt: string }) => task.prompt)).toEqual(["page item 2", "page item 1"]);
        expect(first.nextCursor).toBeTruthy();
        const second = await (
          await call("tasks", "GET", request("GET", `/api/tasks?limit=2&cursor=${first.nextCursor}`, { cookie: cookies.member }))
        ).json();
        expect(second.items[0].prompt).toBe("page item 0");
        // Both pages say how many match; Previous from the second is the first again.
        expect(first.prevCursor).toBeNull();
        expect(first).toMatchObject({ total: second.total, totalCapped: false });
        expect(first.total).toBeGreaterThanOrEqual(3);
        const back = await (
          await call("tasks", "GET", request("GET", `/api/tasks?limit=2&cursor=${second.prevCursor}`, { cookie: cookies.member }))
        ).json();
        expect(back.items.map((task: { id: string }) => task.id)).toEqual(first.items.map((task: { id: string }) => task.id));
        expect(back.prevCursor).toBeNull();
        // `count=0` (Generate's feed, the activity poll) answers the same page without counting.
        const uncounted = await (
          await call("tasks", "GET", request("GET", "/api/tasks?limit=2&count=0", { cookie: cookies.member }))
        ).json();
        expect(uncounted.items.map((task: { id: string }) => task.id)).toEqual(first.items.map((task: { id: string }) => task.id));
        expect(uncounted).not.toHaveProperty("total");
        expect((await call("tasks", "GET", request("GET", "/api/tasks?count=yes", { cookie: cookies.member }))).status).toBe(422);
        // The member sees the team's tasks but may not cancel Olga's.
        expect(first.items[0]).toMatchObject({ owner: { name: "Olga" }, canCancel: false });

        expect((await call("tasks", "GET", request("GET", "/api/tasks?limit=500", { cookie: cookies.member }))).status).toBe(422);
        expect((await call("tasks", "GET", request("GET", "/api/tasks?cursor=bogus", { cookie: cookies.member }))).status).toBe(422);
      });

      it("reads a task from the database only, never from the provider", async () => {
        const list = await (await call("tasks", "GET", request("GET", "/api/tasks?limit=1", { cookie: cookies.member }))).json();
        const id = list.items[0].id;
        const before = app.sandbox.requests.length;
        for (let index = 0; index < 5; index++) {
          const response = await call("task", "GET", request("GET", `/api/tasks/${id}`, { cookie: cookies.member }), { id });
          expect(response.status).toBe(200);
        }
        expect(app.sandbox.requests.length).toBe(before);
        expect(
          (await call("task", "GET", request("GET", `/api/tasks/${ZERO_ID}`, { cookie: cookies.member }), { id: ZERO_ID })).status,
        ).toBe(404);
        expect(
          (await call("task", "GET", request("GET", "/api/tasks/not-a-uuid", { cookie: cookies.member }), { id: "not-a-uuid" })).status,
        ).toBe(404);
      });
    });

    describe("cancelling", () => {
      // Each prompt differs: an identical request while the first is in flight is refused as a repeat.
      let made = 0;
      async function queuedTaskOf(cookie: string): Promise<string> {
        made += 1;
        const prompt = `wait ${made} [sandbox:hold]`;
        const response = await postTask(cookie, "t2v_v3", { prompt, aspectRatio: "16:9", duration: "10" });
        const { task } = await response.json();
        expect(task.state).toBe("queued");
        return task.id;
      }

      it("lets neither another member cancel a task nor change it", async () => {
        const id = await queuedTaskOf(cookies.other);
        const refused = await call("cancel", "POST", request("POST", `/api/tasks/${id}/cancel`, { cookie: cookies.member }), { id });
        expect(refused.status).toBe(403);
        const task = await (await call("task", "GET", request("GET", `/api/tasks/${id}`, { cookie: cookies.other }), { id })).json();
        expect(task.task.state).toBe("queued");
      });

      it("lets the owner cancel a queued task at the provider, with the refund recorded", async () => {
        const id = await queuedTaskOf(cookies.other);
        const response = await call("cancel", "POST", request("POST", `/api/tasks/${id}/cancel`, { cookie: cookies.other }), { id });
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body).toMatchObject({ refunded: 40, task: { state: "canceled", creditsRefunded: 40, canCancel: false } });
        const again = await call("cancel", "POST", request("POST", `/api/tasks/${id}/cancel`, { cookie: cookies.other }), { id });
        expect(again.status).toBe(409);
        expect((await again.json()).error.message).toMatch(/already been canceled/);
      });

      it("lets an admin cancel anyone's queued task", async () => {
        const id = await queuedTaskOf(cookies.member);
        const response = await call("cancel", "POST", request("POST", `/api/tasks/${id}/cancel`, { cookie: cookies.admin }), { id });
        expect(response.status).toBe(200);
        expect((await response.json()).task.events.at(-1).message).toMatch(/^Cancelled by Ada at the provider/);
      });

      it("lets admins cancel many tasks in one call, saying what happened to each", async () => {
        const queued = [await queuedTaskOf(cookies.member), await queuedTaskOf(cookies.other)];
        const finished = (
          await (await call("tasks", "GET", request("GET", "/api/tasks?limit=100", { cookie: cookies.admin }))).json()
        ).items.find((task: { state: string }) => task.state === "canceled").id;
        const body = { ids: [...queued, finished, ZERO_ID, queued[0]] };
        expect(
          (await call("bulkCancel", "POST", request("POST", "/api/tasks/cancel", { cookie: cookies.member, json: body }))).status,
        ).toBe(403);
        const response = await call("bulkCancel", "POST", request("POST", "/api/tasks/cancel", { cookie: cookies.admin, json: body }));
        expect(response.status).toBe(200);
        const result = await response.json();
        expect(result.summary).toEqual({ requested: 4, canceled: 2, notCanceled: 2 });
        expect(result.results.map((item: { id: string; outcome: string }) => [item.id, item.outcome])).toEqual([
          [queued[0], "canceled"],
          [queued[1], "canceled"],
          [finished, "refused"],
          [ZERO_ID, "not_found"],
        ]);
        expect(result.results[0].refunded).toBe(40);
        const invalid = await call(
          "bulkCancel",
          "POST",
          request("POST", "/api/tasks/cancel", { cookie: cookies.admin, json: { ids: ["nope"] } }),
        );
        expect(invalid.status).toBe(422);
        const empty = await call("bulkCancel", "POST", request("POST", "/api/tasks/cancel", { cookie: cookies.admin, json: { ids: [] } }));
        expect((await empty.json()).error.fields).toEqual({ ids: "Choose at least one task." });
      });

      it("refuses to cancel a running task, with the reason", async () => {
        const created = await (
          await postTask(cookies.member, "t2v", { prompt: "runs at once", aspectRatio: "16:9", duration: "5" })
        ).json();
        const id = created.task.id;
        // Wait until the sandbox has started it (or even finished it), so the provider itself refuses the cancel.
        const { tasks } = await import("@/lib/server/db/schema");
        const { eq } = await import("drizzle-orm");
        const [row] = await database.select().from(tasks).where(eq(tasks.id, id));
        await waitFor(async () => {
          const status = await app.sandbox.client().getStatus(row!.providerTaskId!);
          return status.ok && status.data.status !== "SUBMITTED";
        });
        const response = await call("cancel", "POST", request("POST", `/api/tasks/${id}/cancel`, { cookie: cookies.member }), { id });
        expect(response.status).toBe(409);
        // Running, or finished already on a slow machine: the person is told which.
        expect((await response.json()).error.message).toMatch(/^Could not cancel: AIVideoMaker says it is already (running|finished)\.$/);
      });
    });

    describe("uploads and media", () => {
      it("accepts PNG, JPEG and WebP by content, and refuses the rest", async () => {
        for (const file of ["portrait.png", "landscape.jpg", "square.webp"]) {
          const bytes = fs.readFileSync(path.resolve(__dirname, "../fixtures/images", file));
          const response = await call(
            "uploads",
            "POST",
            request("POST", "/api/uploads", { cookie: cookies.member, body: bytes, headers: { "x-file-name": file } }),
          );
          expect(response.status, file).toBe(201);
        }
        const html = await call(
          "uploads",
          "POST",
          request("POST", "/api/uploads", {
            cookie: cookies.member,
            body: "<html><script>alert(1)</script></html>",
            headers: { "content-type": "image/png" },
          }),
        );
        expect(html.status).toBe(415);
        const truncated = await call(
          "uploads",
          "POST",
          request("POST", "/api/uploads", { cookie: cookies.member, body: png.subarray(0, 20) }),
        );
        expect(truncated.status).toBe(422);
        const empty = await call("uploads", "POST", request("POST", "/api/uploads", { cookie: cookies.member, body: "" }));
        expect(empty.status).toBe(422);
      });

      it("stops reading an upload past 10 MB, declared or not", async () => {
        const declared = await call(
          "uploads",
          "POST",
          request("POST", "/api/uploads", {
            cookie: cookies.member,
            body: "x",
            headers: { "content-length": String(10 * 1024 * 1024 + 1) },
          }),
        );
        expect(declared.status).toBe(413);
        let sent = 0;
        const stream = new ReadableStream<Uint8Array>({
          pull(controller) {
            if (sent > 50 * 1024 * 1024) return controller.close();
            sent += 1024 * 1024;
            controller.enqueue(new Uint8Array(1024 * 1024));
          },
        });
        const streamed = await call("uploads", "POST", request("POST", "/api/uploads", { cookie: cookies.member, body: stream }));
        expect(streamed.status).toBe(413);
        expect(sent).toBeLessThan(13 * 1024 * 1024);
      });

      it("serves a finished video to the team with Range support, after the reconciler archives it", async () => {
        const created = await (await postTask(cookies.member, "t2v", { prompt: "archive me", aspectRatio: "9:16", duration: "5" })).json();
        const id = created.task.id;
        expect((await call("media", "GET", request("GET", `/api/media/${id}`, { cookie: cookies.member }), { id })).status).toBe(404);

        const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
        const { archiveTask } = await import("@/lib/server/tasks/archive");
        const { getProvider } = await import("@/lib/server/providers/registry");
        await waitFor(async () => {
          await reconcileProvider(database, getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
          const task = await (await call("task", "GET", request("GET", `/api/tasks/${id}`, { cookie: cookies.member }), { id })).json();
          return task.task.state === "succeeded";
        });
        // Before the copy exists, the video streams from the provider; then from Cutroom's storage.
        const streamed = await call("media", "GET", request("GET", `/api/media/${id}`, { cookie: cookies.member }), { id });
        expect(streamed.status).toBe(200);
        expect(streamed.headers.get("cache-control")).toBe("private, no-store");
        await streamed.arrayBuffer();
        expect(await archiveTask(database, id)).toBe("archived");

        const full = await call("media", "GET", request("GET", `/api/media/${id}`, { cookie: cookies.other }), { id });
        expect(full.status).toBe(200);
        expect(full.headers.get("content-type")).toBe("video/mp4");
        expect(full.headers.get("accept-ranges")).toBe("bytes");
        const bytes = Buffer.from(await full.arrayBuffer());
        expect(bytes.subarray(4, 8).toString("latin1")).toBe("ftyp");
        expect(bytes.equals(fs.readFileSync(path.resolve(__dirname, "../../public/sandbox/media/portrait.mp4")))).toBe(true);

        const partial = await call(
          "media",
          "GET",
          request("GET", `/api/media/${id}`, { cookie: cookies.member, headers: { range: "bytes=0-99" } }),
          { id },
        );
        expect(partial.status).toBe(206);
        expect(partial.headers.get("content-range")).toBe(`bytes 0-99/${bytes.length}`);
        expect((await partial.arrayBuffer()).byteLength).toBe(100);

        const download = await call("media", "GET", request("GET", `/api/media/${id}?download=1`, { cookie: cookies.member }), { id });
        expect(download.headers.get("content-disposition")).toMatch(/^attachment; filename="cutroom-t2v-[0-9a-f]{8}\.mp4"/);
      });
    });
  });
}

defineRouteSuite(testDatabaseKind());
