import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";
import { finishTasks } from "../support/finish-tasks";

// The routes behind the team UI (gallery, posters, team and model lists, duplicate protection,
// image links, and the admin pages), called with real Requests over a real database and sandbox.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const ZERO_ID = "00000000-0000-4000-8000-000000000000";

function defineTeamRouteSuite(kind: DbKind) {
  describe(`team UI routes on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    let admin: User;
    let member: User;
    let other: User;
    let cookies: { admin: string; member: string; other: string };

    const call = (route: string, method: string, req: Request, routeParams: Record<string, string | string[]> = {}) =>
      routes[route]![method]!(req, params(routeParams));
    const get = (route: string, path: string, cookie: string, routeParams: Record<string, string> = {}) =>
      call(route, "GET", request("GET", path, { cookie }), routeParams);
    const postTask = (cookie: string, model: string, input: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      call("tasks", "POST", request("POST", "/api/tasks", { cookie, json: { provider: "aivideomaker", model, input, ...extra } }));
    const countTasks = async () =>
      ((await database.execute(sql`select count(*)::int as count from tasks`)) as unknown as { rows: { count: number }[] }).rows[0]!.count;
    const patchUser = (cookie: string, id: string, json: unknown) =>
      call("user", "PATCH", request("PATCH", `/api/admin/users/${id}`, { cookie, json }), { id });

    const finish = (ids: string[]) => finishTasks(database, ids);

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        task: await import("@/app/api/tasks/[id]/route"),
        cancel: await import("@/app/api/tasks/[id]/cancel/route"),
        gallery: await import("@/app/api/gallery/route"),
        poster: await import("@/app/api/media/[id]/poster/route"),
        team: await import("@/app/api/team/route"),
        models: await import("@/app/api/models/route"),
        user: await import("@/app/api/admin/users/[id]/route"),
        providers: await import("@/app/api/admin/providers/route"),
        webhooks: await import("@/app/api/admin/webhooks/route"),
        recheck: await import("@/app/api/admin/tasks/[id]/recheck/route"),
        webhook: await import("@/app/api/webhook/[provider]/[[...taskId]]/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();
      admin = await createUser(database, { name: "Ada", email: "ada@example.com", password: "admin password 1", role: "admin" });
      member = await createUser(database, { name: "Milo", email: "milo@example.com", password: "member password 1", role: "member" });
      other = await createUser(database, { name: "Olga", email: "olga@example.com", password: "member password 2", role: "member" });
      cookies = { admin: await sessionCookie(admin), member: await sessionCookie(member), other: await sessionCookie(other) };
    });

    afterAll(async () => {
      await app?.stop();
    });

    describe("duplicate protection", () => {
      it("refuses an identical request while the first is in flight, pointing at it, unless forced", async () => {
        const input = { prompt: "twin [sandbox:hold]", aspectRatio: "16:9", duration: "5" };
        const first = await postTask(cookies.member, "t2v", input);
        expect(first.status).toBe(201);
        const firstId = (await first.json()).task.id;
        const creates = () => app.sandbox.requests.filter((item) => new URL(item.url).pathname.startsWith("/api/v1/generate/")).length;
        const [tasksBefore, createsBefore] = [await countTasks(), creates()];

        const again = await postTask(cookies.member, "t2v", { ...input, prompt: "  twin [sandbox:hold] " });
        expect(again.status).toBe(409);
        const error = (await again.json()).error;
        expect(error.message).toMatch(/identical video is already being generated/);
        expect(error.details.existingTaskId).toBe(firstId);
        expect([await countTasks(), creates()]).toEqual([tasksBefore, createsBefore]);

        // Another teammate's identical request is theirs to make; so is a deliberate second one.
        expect((await postTask(cookies.other, "t2v", input)).status).toBe(201);
        const forced = await postTask(cookies.member, "t2v", input, { force: true });
        expect(forced.status).toBe(201);
        expect((await forced.json()).task.id).not.toBe(firstId);

        // Once the first is over, the same request is new again.
        const cancelled = await call("cancel", "POST", request("POST", `/api/tasks/${firstId}/cancel`, { cookie: cookies.member }), {
          id: firstId,
        });
        expect(cancelled.status).toBe(200);
        expect((await postTask(cookies.member, "t2v", input)).status).toBe(201);
      });
    });

    describe("image links", () => {
      it("passes a public https link to the provider as it is, and refuses links it could never fetch", async () => {
        const link = "https://images.example.com/cats/tabby.png";
        const response = await postTask(cookies.member, "i2v", { image: { url: link }, duration: "5" });
        expect(response.status).toBe(201);
        const { task } = await response.json();
        expect(task.input.image).toEqual({ url: link });
        const sent = app.sandbox.requests.filter((item) => new URL(item.url).pathname === "/api/v1/generate/i2v").at(-1)!;
        expect(JSON.parse(await sent.text()).image).toBe(link);

        const before = await countTasks();
        for (const url of [
          "http://images.example.com/a.png",
          "https://192.168.1.4/a.png",
          "https://localhost/a.png",
          "https://u:p@example.com/a.png",
        ]) {
          const refused = await postTask(cookies.member, "i2v", { image: { url }, duration: "5" });
          expect(refused.status, url).toBe(422);
          expect(Object.keys((await refused.json()).error.fields)).toEqual(["image"]);
        }
        const both = await postTask(cookies.member, "i2v", { image: { url: link, uploadId: ZERO_ID }, duration: "5" });
        expect((await both.json()).error.fields.image).toMatch(/either an uploaded image or a link/);
        expect(await countTasks()).toBe(before);
      });
    });

    describe("gallery and posters", () => {
      let made: { fox: string; owl: string; bee: string; failed: string };

      beforeAll(async () => {
        const create = async (cookie: string, model: string, prompt: string) =>
          (await (await postTask(cookie, model, { prompt, aspectRatio: "16:9", duration: "5" })).json()).task.id as string;
        made = {
          fox: await create(cookies.member, "t2v", "gallery fox in the snow"),
          owl: await create(cookies.other, "t2v_v3", "gallery owl at night"),
          bee: await create(cookies.member, "t2v_v3", "gallery bee on a flower"),
          failed: await create(cookies.member, "t2v", "gallery broken [sandbox:fail]"),
        };
        await finish(Object.values(made));
      });

      const galleryIds = async (query: string, cookie = cookies.member) => {
        const response = await get("gallery", `/api/gallery?${query}`, cookie);
        expect(response.status, query).toBe(200);
        const body = await response.json();
        return { ids: body.items.map((item: { id: string }) => item.id) as string[], body };
      };

      it("lists the team's finished outputs, newest first, with posters and no failed or unfinished tasks", async () => {
        const { ids, body } = await galleryIds("q=gallery");
        expect(ids).toEqual([made.bee, made.owl, made.fox]);
        expect(body.items[0]).toMatchObject({
          prompt: "gallery bee on a flower",
          model: "t2v_v3",
          owner: { id: member.id, name: "Milo" },
          media: { url: `/api/media/${made.bee}`, posterUrl: `/api/media/${made.bee}/poster`, kind: "video" },
        });
        expect(JSON.stringify(body)).not.toMatch(/sandbox-test-key|127\.0\.0\.1/);
      });

      it("filters by owner (Mine), model, search and date, and pages with a keyset cursor", async () => {
        expect((await galleryIds("q=gallery&owner=me")).ids).toEqual([made.bee, made.fox]);
        expect((await galleryIds(`q=gallery&owner=${other.id}`)).ids).toEqual([made.owl]);
        expect((await galleryIds("q=gallery&model=t2v_v3")).ids).toEqual([made.bee, made.owl]);
        expect((await galleryIds("q=OWL")).ids).toEqual([made.owl]);
        expect((await galleryIds(`q=gallery&to=${encodeURIComponent("2000-01-01T00:00:00Z")}`)).ids).toEqual([]);

        const first = await galleryIds("q=gallery&limit=2");
        expect(first.ids).toEqual([made.bee, made.owl]);
        const rest = await galleryIds(`q=gallery&limit=2&cursor=${encodeURIComponent(first.body.nextCursor)}`);
        expect(rest.ids).toEqual([made.fox]);
        expect(rest.body.nextCursor).toBeNull();
      });

      it("answers 422 with field messages for bad filters, and 401 without a session", async () => {
        for (const [query, field] of [
          ["owner=someone", "owner"],
          ["from=yesterday", "from"],
          ["limit=500", "limit"],
          ["cursor=garbage", "cursor"],
          ["colour=red", "_form"],
        ]) {
          const response = await get("gallery", `/api/gallery?${query}`, cookies.member);
          expect(response.status, query).toBe(422);
          expect(Object.keys((await response.json()).error.fields), query).toEqual([field]);
        }
        expect((await call("gallery", "GET", request("GET", "/api/gallery"))).status).toBe(401);
      });

      it("serves a poster frame as a cacheable JPEG, and 404 for a task without one", async () => {
        const poster = await get("poster", `/api/media/${made.fox}/poster`, cookies.other, { id: made.fox });
        expect(poster.status).toBe(200);
        expect(poster.headers.get("content-type")).toBe("image/jpeg");
        expect(poster.headers.get("cache-control")).toBe("private, max-age=86400, immutable");
        const bytes = Buffer.from(await poster.arrayBuffer());
        expect([bytes[0], bytes[1]]).toEqual([0xff, 0xd8]);
        expect(bytes.length).toBeGreaterThan(1000);
        expect((await get("poster", `/api/media/${made.failed}/poster`, cookies.member, { id: made.failed })).status).toBe(404);
        expect((await get("poster", `/api/media/${ZERO_ID}/poster`, cookies.member, { id: ZERO_ID })).status).toBe(404);
        expect((await call("poster", "GET", request("GET", `/api/media/${made.fox}/poster`), { id: made.fox })).status).toBe(401);
      });
    });

    describe("team and models", () => {
      it("lists teammates by name only, to signed-in users", async () => {
        const response = await get("team", "/api/team", cookies.member);
        expect(response.status).toBe(200);
        const body = await response.json();
        expect(body.members.map((item: { name: string }) => item.name).sort()).toEqual(expect.arrayContaining(["Ada", "Milo", "Olga"]));
        expect(JSON.stringify(body)).not.toMatch(/@example\.com|password/);
        // The models there are to filter by: usable ones, from every provider.
        const models = body.models.map((item: { provider: string; id: string }) => `${item.provider}/${item.id}`);
        expect(models).toEqual(
          expect.arrayContaining(["aivideomaker/t2v", "skills-video/kling-ai/kling-v2.6", "skills-video/google/nano-banana-pro"]),
        );
        expect(models).not.toContain("skills-video/openai/sora-2");
        expect((await call("team", "GET", request("GET", "/api/team"))).status).toBe(401);
      });

      it("lists every model with its provider, mode and a price range from the provider's quotes", async () => {
        const response = await get("models", "/api/models", cookies.member);
        expect(response.status).toBe(200);
        const { models } = await response.json();
        type Option = { provider: string; id: string; unavailable?: string; pricing: string; price: { min: number; max: number } | null };
        const avm = models.filter((model: Option) => model.provider === "aivideomaker");
        expect(avm.map((model: Option) => model.id)).toEqual([
          "t2v",
          "i2v",
          "lv",
          "t2v_v3",
          "i2v_v3",
          "minimax",
          "seedance20",
          "wan27",
          "happyhorse",
        ]);
        // The account's supportedModels leaves out lv, as measured live (aivideomaker-models.db.test.ts).
        expect(avm.find((model: Option) => model.id === "lv")).toMatchObject({
          unavailable: "Your AIVideoMaker account does not offer this model.",
          price: null,
        });
        for (const model of avm.filter((option: Option) => option.id !== "lv")) {
          expect(model).toMatchObject({ providerLabel: "AIVideoMaker", sandbox: false, pricing: "quoted" });
          expect(model.price.min).toBeGreaterThan(0);
          expect(model.price.max).toBeGreaterThanOrEqual(model.price.min);
        }
        // skills.video prices a task only once it runs; undocumented models come with the reason.
        const kling = models.find((model: Option) => model.id === "kling-ai/kling-v2.6");
        expect(kling).toMatchObject({ providerLabel: "skills.video", pricing: "per-run", price: null });
        expect(kling.fields.map((field: { name: string }) => field.name)).toContain("generate_audio");
        expect(models.find((model: Option) => model.id === "openai/sora-2").unavailable).toMatch(/request schema/);
      });
    });

    describe("admin: users", () => {
      it("changes a role, disables and re-enables a user, and resets a password, ending their sessions", async () => {
        const { createUser, verifyCredentials } = await import("@/lib/server/users/service");
        const temp = await createUser(database, { name: "Tess", email: "tess@example.com", password: "tess password 1", role: "member" });
        let cookie = await sessionCookie(temp);
        const tasksAs = async (value: string) => (await get("tasks", "/api/tasks", value)).status;

        const promoted = await patchUser(cookies.admin, temp.id, { role: "admin" });
        expect(promoted.status).toBe(200);
        expect((await promoted.json()).user).toMatchObject({ id: temp.id, role: "admin", disabled: false });
        expect((await get("providers", "/api/admin/providers", cookie)).status).toBe(200);
        expect((await patchUser(cookies.admin, temp.id, { role: "member" })).status).toBe(200);
        expect((await get("providers", "/api/admin/providers", cookie)).status).toBe(403);

        const disabled = await patchUser(cookies.admin, temp.id, { disabled: true });
        expect((await disabled.json()).user.disabled).toBe(true);
        expect(await tasksAs(cookie)).toBe(401);
        expect(await verifyCredentials(database, "tess@example.com", "tess password 1")).toBeNull();
        expect((await (await patchUser(cookies.admin, temp.id, { disabled: false })).json()).user.disabled).toBe(false);
        // The session that was open when they were disabled stays closed.
        expect(await tasksAs(cookie)).toBe(401);
        const fresh = (await verifyCredentials(database, "tess@example.com", "tess password 1"))!;
        cookie = await sessionCookie(fresh);
        expect(await tasksAs(cookie)).toBe(200);

        expect((await patchUser(cookies.admin, temp.id, { password: "a brand new password" })).status).toBe(200);
        expect(await tasksAs(cookie)).toBe(401);
        expect(await verifyCredentials(database, "tess@example.com", "tess password 1")).toBeNull();
        expect(await verifyCredentials(database, "tess@example.com", "a brand new password")).not.toBeNull();
      });

      it("refuses members, changes to oneself, unknown users and bad changes, with field messages", async () => {
        expect((await patchUser(cookies.member, other.id, { role: "admin" })).status).toBe(403);
        const demoteSelf = await patchUser(cookies.admin, admin.id, { role: "member" });
        expect(demoteSelf.status).toBe(422);
        expect((await demoteSelf.json()).error.fields).toEqual({ role: "You cannot change your own role." });
        const disableSelf = await patchUser(cookies.admin, admin.id, { disabled: true });
        expect((await disableSelf.json()).error.fields).toEqual({ disabled: "You cannot disable yourself." });
        expect((await patchUser(cookies.admin, ZERO_ID, { role: "admin" })).status).toBe(404);
        for (const [body, field] of [
          [{}, "_form"],
          [{ role: "owner" }, "role"],
          [{ password: "short" }, "password"],
          [{ disabled: "yes" }, "disabled"],
          [{ email: "new@example.com" }, "_form"],
        ] as const) {
          const response = await patchUser(cookies.admin, other.id, body);
          expect(response.status, JSON.stringify(body)).toBe(422);
          expect(Object.keys((await response.json()).error.fields), JSON.stringify(body)).toEqual([field]);
        }
        expect((await get("tasks", "/api/tasks", cookies.admin)).status).toBe(200);
      });
    });

    describe("admin: providers, webhook inbox, re-check", () => {
      it("reports each provider's mode, health, credits and budget in use, to admins only", async () => {
        expect((await get("providers", "/api/admin/providers", cookies.member)).status).toBe(403);
        const response = await get("providers", "/api/admin/providers", cookies.admin);
        expect(response.status).toBe(200);
        const { providers } = await response.json();
        expect(providers).toHaveLength(3);
        expect(providers[0]).toMatchObject({ id: "aivideomaker", label: "AIVideoMaker", mode: "live", health: { status: "ok" } });
        // skills.video's credits come from GET /credits.
        expect(providers[1]).toMatchObject({
          id: "skills-video",
          label: "skills.video",
          mode: "live",
          account: { balance: expect.any(Number) },
        });
        // APIDot publishes no balance endpoint: none is shown, rather than a made-up one.
        expect(providers[2]).toMatchObject({ id: "apidot", label: "APIDot", mode: "live", account: { balance: null } });
        expect(providers[0].account.balance).toEqual(expect.any(Number));
        expect(providers[0].health.queryCallsLastMinute).toBeGreaterThan(0);
        expect(providers[0].queryBudgetPerMinute).toBeGreaterThan(0);
        expect(JSON.stringify(providers)).not.toMatch(/sandbox-test-key|skills-video-test-key|apidot-test-key/);
      });

      it("shows accepted deliveries with their task, refused ones from memory, and re-checks a task", async () => {
        const { webhookToken } = await import("@/lib/server/webhooks/token");
        const created = await postTask(cookies.member, "t2v", { prompt: "inbox check [sandbox:hold]", aspectRatio: "16:9", duration: "5" });
        const id = (await created.json()).task.id as string;
        const deliver = (token: string) =>
          call(
            "webhook",
            "POST",
            request("POST", `/api/webhook/aivideomaker/${id}?token=${encodeURIComponent(token)}`, {
              body: JSON.stringify({ status: "PROCESSING" }),
              headers: { "content-type": "application/json", origin: "https://aivideomaker.ai" },
            }),
            { provider: "aivideomaker", taskId: [id] },
          );
        expect((await deliver(webhookToken(id))).status).toBe(202);
        expect((await deliver("forged-token")).status).toBe(401);

        expect((await get("webhooks", "/api/admin/webhooks", cookies.member)).status).toBe(403);
        const inbox = await (await get("webhooks", "/api/admin/webhooks", cookies.admin)).json();
        expect(inbox.items[0]).toMatchObject({
          providerLabel: "AIVideoMaker",
          status: "PROCESSING",
          verification: "Token valid",
          outcome: "accepted",
          task: { id, prompt: "inbox check [sandbox:hold]", ownerName: "Milo" },
        });
        expect(inbox.refused[0]).toMatchObject({ provider: "aivideomaker", taskId: id, reason: "Bad token." });
        expect((await get("webhooks", "/api/admin/webhooks?cursor=nope", cookies.admin)).status).toBe(422);

        const recheck = (cookie: string, taskId: string) =>
          call("recheck", "POST", request("POST", `/api/admin/tasks/${taskId}/recheck`, { cookie }), { id: taskId });
        expect((await recheck(cookies.member, id)).status).toBe(403);
        expect((await recheck(cookies.admin, ZERO_ID)).status).toBe(404);
        const answer = await recheck(cookies.admin, id);
        expect(answer.status).toBe(200);
        expect(await answer.json()).toEqual({ providerStatus: "SUBMITTED", changed: false });
        const task = await (await get("task", `/api/tasks/${id}`, cookies.member, { id })).json();
        expect(task.task.events.at(-1).message).toBe("Ada asked the provider: it reports SUBMITTED, which Cutroom already knew.");
      });
    });
  });
}

defineTeamRouteSuite(testDatabaseKind());
