import fs from "node:fs";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// The audit log through the real routes and the real sign-in step: every admin and money action
// leaves one entry with who, what, to whom, from where and the values before and after; the page
// filters and pages it, the export is the same rows as CSV, and nothing can edit or delete one.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;
type Entry = {
  action: string;
  actor: { id: string | null; name: string };
  target: { type: string; id: string | null; label: string };
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

const ADMIN_IP = "203.0.113.7";

function defineAuditSuite(kind: DbKind) {
  describe(`audit log on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let admin: User;
    let member: User;
    let cookies: { admin: string; member: string };
    let routes: Record<string, RouteModule>;
    let authorize: (credentials: Record<string, string>, request: { headers: Record<string, string> }) => Promise<unknown>;

    const call = (route: string, method: string, path: string, cookie: string, json?: unknown, routeParams: Record<string, string> = {}) =>
      routes[route]![method]!(request(method, path, { cookie, json, headers: { "x-forwarded-for": ADMIN_IP } }), params(routeParams));
    /** The newest entries (or those matching `query`), as the admin's page reads them. */
    const entries = async (query = ""): Promise<Entry[]> => {
      const response = await call("audit", "GET", `/api/admin/audit?limit=100${query}`, cookies.admin);
      expect(response.status).toBe(200);
      return (await response.json()).items;
    };
    const newest = async (action: string) => (await entries(`&action=${action}`))[0];
    const postTask = async (cookie: string, prompt: string) => {
      const response = await call("tasks", "POST", "/api/tasks", cookie, {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: `${prompt} [sandbox:hold]`, aspectRatio: "16:9", duration: "5" },
        force: true,
      });
      expect(response.status).toBe(201);
      return (await response.json()).task.id as string;
    };
    const signIn = (email: string, password: string) =>
      authorize({ email, password }, { headers: { "x-forwarded-for": "198.51.100.4" } }).catch((error: Error) => error);

    beforeAll(async () => {
      process.env.TRUST_PROXY = "1";
      app = await startApp(kind);
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();
      admin = await createUser(database, { name: "Ada", email: "ada.audit@example.com", password: "admin password 1", role: "admin" });
      member = await createUser(database, { name: "Milo", email: "milo.audit@example.com", password: "member password 1", role: "member" });
      cookies = { admin: await sessionCookie(admin), member: await sessionCookie(member) };
      routes = {
        audit: await import("@/app/api/admin/audit/route"),
        export: await import("@/app/api/admin/audit/export/route"),
        users: await import("@/app/api/admin/users/route"),
        user: await import("@/app/api/admin/users/[id]/route"),
        tasks: await import("@/app/api/tasks/route"),
        cancel: await import("@/app/api/tasks/[id]/cancel/route"),
        bulkCancel: await import("@/app/api/tasks/cancel/route"),
        recheck: await import("@/app/api/admin/tasks/[id]/recheck/route"),
        import: await import("@/app/api/admin/models/import/route"),
      } as unknown as Record<string, RouteModule>;
      const { authOptions } = await import("@/lib/server/auth/options");
      const credentials = authOptions().providers[0] as unknown as { options: { authorize: typeof authorize } };
      authorize = credentials.options.authorize;
    });
    afterAll(async () => {
      delete process.env.TRUST_PROXY;
      await app?.stop();
    });

    it("records a teammate added, each change to them, and never a password", async () => {
      const added = await call("users", "POST", "/api/admin/users", cookies.admin, {
        name: "Nia",
        email: "nia.audit@example.com",
        password: "first password 1",
        role: "member",
      });
      expect(added.status).toBe(201);
      const nia = (await added.json()).user;
      expect(await newest("user_added")).toMatchObject({
        actor: { id: admin.id, name: "Ada" },
        target: { type: "user", id: nia.id, label: "Nia <nia.audit@example.com>" },
        ip: ADMIN_IP,
        after: { name: "Nia", email: "nia.audit@example.com", role: "member" },
      });
      const patch = (json: unknown) => call("user", "PATCH", `/api/admin/users/${nia.id}`, cookies.admin, json, { id: nia.id });
      expect((await patch({ role: "admin" })).status).toBe(200);
      expect(await newest("role_changed")).toMatchObject({ target: { id: nia.id }, before: { role: "member" }, after: { role: "admin" } });
      expect((await patch({ disabled: true })).status).toBe(200);
      expect(await newest("user_disabled")).toMatchObject({ target: { id: nia.id }, actor: { id: admin.id } });
      expect((await patch({ disabled: false })).status).toBe(200);
      expect(await newest("user_enabled")).toMatchObject({ target: { id: nia.id } });
      expect((await patch({ password: "second password 2" })).status).toBe(200);
      expect(await newest("password_reset")).toMatchObject({ target: { id: nia.id }, before: null, after: null });
      // A change that changes nothing (the same role again) is no entry; a refused one neither.
      const before = (await entries()).length;
      expect((await patch({ role: "admin" })).status).toBe(200);
      expect(
        (await call("user", "PATCH", `/api/admin/users/${admin.id}`, cookies.admin, { role: "member" }, { id: admin.id })).status,
      ).toBe(422);
      expect((await entries()).length).toBe(before);
      const everything = JSON.stringify(await database.execute(sql`select * from audit_log`));
      expect(everything).not.toContain("first password 1");
      expect(everything).not.toContain("second password 2");
    });

    it("records sign-ins, wrong passwords and disabled accounts on accounts that exist, from the proxy's address", async () => {
      expect(await signIn("milo.audit@example.com", "member password 1")).toMatchObject({ id: member.id });
      expect(await newest("sign_in")).toMatchObject({
        actor: { id: member.id, name: "Milo" },
        target: { type: "account", id: member.id },
        ip: "198.51.100.4",
      });
      expect(await signIn("milo.audit@example.com", "not the password")).toBeNull();
      expect(await newest("sign_in_failed")).toMatchObject({ target: { id: member.id }, ip: "198.51.100.4" });
      // Guesses at an email nobody has write nothing: a stranger could otherwise fill the log.
      const before = (await entries()).length;
      expect(await signIn("nobody.audit@example.com", "whatever password")).toBeNull();
      expect((await entries()).length).toBe(before);
      const { createUser } = await import("@/lib/server/users/service");
      const gone = await createUser(database, { name: "Gus", email: "gus.audit@example.com", password: "gone password 1", role: "member" });
      await call("user", "PATCH", `/api/admin/users/${gone.id}`, cookies.admin, { disabled: true }, { id: gone.id });
      expect(await signIn("gus.audit@example.com", "gone password 1")).toBeInstanceOf(Error);
      expect(await newest("sign_in_disabled")).toMatchObject({ target: { id: gone.id } });
    });

    it("records an admin's cancels, one by one and in bulk, but not a member cancelling their own task", async () => {
      const own = await postTask(cookies.member, "mine");
      const before = (await entries("&action=task_canceled")).length;
      expect((await call("cancel", "POST", `/api/tasks/${own}/cancel`, cookies.member, undefined, { id: own })).status).toBe(200);
      expect((await entries("&action=task_canceled")).length).toBe(before);

      const one = await postTask(cookies.member, "cancelled by the admin");
      expect((await call("cancel", "POST", `/api/tasks/${one}/cancel`, cookies.admin, undefined, { id: one })).status).toBe(200);
      expect(await newest("task_canceled")).toMatchObject({
        actor: { id: admin.id },
        target: { type: "task", id: one },
        ip: ADMIN_IP,
        before: { state: "queued" },
        after: { state: "canceled", ownerId: member.id },
      });

      const many = [await postTask(cookies.member, "bulk one"), await postTask(cookies.member, "bulk two"), own];
      const bulk = await call("bulkCancel", "POST", "/api/tasks/cancel", cookies.admin, { ids: many });
      expect(bulk.status).toBe(200);
      expect(await newest("tasks_bulk_canceled")).toMatchObject({
        target: { type: "task", id: null, label: "3 tasks" },
        after: { requested: 3, canceled: 2, notCanceled: 1, ids: many },
      });
      const perTask = (await entries("&action=task_canceled")).map((entry) => entry.target.id);
      expect(perTask).toEqual(expect.arrayContaining(many.slice(0, 2)));
      expect(perTask).not.toContain(own);
    });

    it("records a provider re-check and a model import", async () => {
      const task = await postTask(cookies.member, "looked at again");
      expect((await call("recheck", "POST", `/api/admin/tasks/${task}/recheck`, cookies.admin, undefined, { id: task })).status).toBe(200);
      expect(await newest("task_rechecked")).toMatchObject({
        target: { type: "task", id: task },
        before: { state: "queued" },
        after: { providerStatus: "SUBMITTED", changed: false },
      });
      const openapi = JSON.parse(fs.readFileSync(path.resolve(__dirname, "../fixtures/skills-video/openapi.json"), "utf8"));
      const imported = await call("import", "POST", "/api/admin/models/import", cookies.admin, { provider: "skills-video", openapi });
      expect(imported.status).toBe(200);
      const report = (await imported.json()).report;
      const entry = (await newest("models_imported"))!;
      expect(entry).toMatchObject({ target: { type: "provider", id: "skills-video" }, ip: ADMIN_IP });
      expect([...(entry.after!.added as string[]), ...(entry.after!.updated as string[])].sort()).toEqual(
        [...report.added, ...report.updated].map((model: { id: string }) => model.id).sort(),
      );
    });

    it("filters by action, person and time, pages by cursor, and refuses members and bad filters", async () => {
      const all = await entries();
      expect(all.length).toBeGreaterThan(10);
      const byMilo = await entries(`&actor=${member.id}`);
      expect(byMilo.length).toBeGreaterThan(0);
      expect(byMilo.every((entry) => entry.actor.id === member.id)).toBe(true);
      expect(await entries(`&to=${encodeURIComponent("2000-01-01T00:00:00Z")}`)).toEqual([]);
      expect((await entries(`&from=${encodeURIComponent(new Date(Date.now() - 3_600_000).toISOString())}`)).length).toBe(all.length);
      // Two at a time, following the cursor, gives the same entries in the same order.
      const paged: Entry[] = [];
      let cursor = "";
      for (;;) {
        const page = await (await call("audit", "GET", `/api/admin/audit?limit=2${cursor}`, cookies.admin)).json();
        paged.push(...page.items);
        if (!page.nextCursor) break;
        cursor = `&cursor=${page.nextCursor}`;
      }
      expect(paged).toEqual(all);
      expect((await call("audit", "GET", "/api/admin/audit", cookies.member)).status).toBe(403);
      expect((await call("export", "GET", "/api/admin/audit/export", cookies.member)).status).toBe(403);
      const bad = await call("audit", "GET", "/api/admin/audit?action=drop_tables&from=yesterday", cookies.admin);
      expect(bad.status).toBe(422);
      expect(Object.keys((await bad.json()).error.fields).sort()).toEqual(["action", "from"]);
      expect((await call("audit", "GET", "/api/admin/audit?cursor=garbage", cookies.admin)).status).toBe(422);
    });

    it("exports the same entries as CSV, with formulas in names made harmless", async () => {
      const { createUser } = await import("@/lib/server/users/service");
      const sly = await createUser(database, {
        name: '=HYPERLINK("http://x")',
        email: "sly.audit@example.com",
        password: "sly password 1",
        role: "member",
      });
      await signIn(sly.email, "sly password 1");
      const response = await call("export", "GET", "/api/admin/audit/export", cookies.admin);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("text/csv; charset=utf-8");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="cutroom-audit-\d{4}-\d{2}-\d{2}\.csv"/);
      const rows = parse(await response.text(), { columns: true }) as Record<string, string>[];
      const listed = await entries();
      expect(rows.map((row) => row.action)).toEqual(listed.map((entry) => entry.action));
      expect(rows.map((row) => row.target_id)).toEqual(listed.map((entry) => entry.target.id ?? ""));
      expect(rows[0]).toMatchObject({ action: "sign_in", actor: '\'=HYPERLINK("http://x")', actor_id: sly.id });
      const onlyImports = parse(
        await (await call("export", "GET", "/api/admin/audit/export?action=models_imported", cookies.admin)).text(),
        {
          columns: true,
        },
      ) as Record<string, string>[];
      expect(onlyImports.map((row) => row.action)).toEqual(["models_imported"]);
      expect(JSON.parse(onlyImports[0]!.after!)).toHaveProperty("added");
    });

    it("cannot be edited or deleted, even by a query that tries", async () => {
      // Drizzle wraps the database's refusal; its own words are the cause.
      const refusal = (query: ReturnType<typeof sql>) =>
        database.execute(query).then(
          () => "done",
          (error: Error) => String((error.cause as Error | undefined)?.message ?? error.message),
        );
      expect(await refusal(sql`update audit_log set actor_name = 'someone else'`)).toMatch(/append-only/);
      expect(await refusal(sql`delete from audit_log`)).toMatch(/append-only/);
      expect(await refusal(sql`truncate audit_log`)).toMatch(/append-only/);
      expect((await entries()).every((entry) => entry.actor.name !== "someone else")).toBe(true);
    });
  });
}

defineAuditSuite(testDatabaseKind());
