import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, authSessions, modelAccess, spendLimits, userInvites, users, type AuditAction } from "@/lib/server/db/schema";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { APP_ORIGIN, params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// Accounts from the team's side: changing one's own password, joining by a one-time invitation
// link, and an admin deleting a member. Called through the route handlers with real Requests.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineAccountsSuite(kind: DbKind) {
  describe(`accounts on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let routes: Record<string, RouteModule>;
    let service: typeof import("@/lib/server/users/service");

    const call = (route: string, method: string, req: Request, routeParams: Record<string, string> = {}) =>
      routes[route]![method]!(req, params(routeParams));
    /** Whether a cookie is still signed in: the team list answers 200 only then. */
    const signedIn = async (cookie: string) => (await call("team", "GET", request("GET", "/api/team", { cookie }))).status === 200;
    const auditOf = (action: AuditAction, targetId: string) =>
      database
        .select()
        .from(auditLog)
        .where(and(eq(auditLog.action, action), eq(auditLog.targetId, targetId)));
    let serial = 0;
    const person = async (role: "admin" | "member" = "member", name = "Pat") => {
      serial += 1;
      const email = `${name.toLowerCase()}${serial}@example.com`;
      const password = `${name} password ${serial}`;
      const user = await service.createUser(database, { name, email, password, role });
      return { user, email, password, cookie: await sessionCookie(user) };
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      service = await import("@/lib/server/users/service");
      routes = {
        password: await import("@/app/api/account/password/route"),
        team: await import("@/app/api/team/route"),
        invites: await import("@/app/api/admin/invites/route"),
        invite: await import("@/app/api/admin/invites/[id]/route"),
        accept: await import("@/app/api/invites/accept/route"),
        user: await import("@/app/api/admin/users/[id]/route"),
        users: await import("@/app/api/admin/users/route"),
        tasks: await import("@/app/api/tasks/route"),
        task: await import("@/app/api/tasks/[id]/route"),
        gallery: await import("@/app/api/gallery/route"),
      } as unknown as Record<string, RouteModule>;
    });
    afterAll(async () => {
      await app?.stop();
    });

    describe("changing one's own password", () => {
      const change = (cookie: string | undefined, json: unknown) =>
        call("password", "POST", request("POST", "/api/account/password", { cookie, json }));

      it("checks the current password, ends the other sessions and keeps this one", async () => {
        const me = await person();
        const otherBrowser = await sessionCookie(me.user);
        const response = await change(me.cookie, {
          currentPassword: me.password,
          newPassword: "a brand new password",
          confirmPassword: "a brand new password",
        });
        expect(response.status).toBe(200);
        expect(await response.json()).toEqual({ otherSessionsEnded: 1 });
        expect(await signedIn(me.cookie)).toBe(true);
        expect(await signedIn(otherBrowser)).toBe(false);
        expect((await service.checkCredentials(database, me.email, "a brand new password")).ok).toBe(true);
        expect((await service.checkCredentials(database, me.email, me.password)).ok).toBe(false);
        const [entry] = await auditOf("password_changed", me.user.id);
        expect(entry).toMatchObject({ actorId: me.user.id, targetType: "account" });
        // That it happened, never a password.
        expect(JSON.stringify(entry)).not.toContain("brand new");
      });

      it("answers each mistake on its field and changes nothing", async () => {
        const me = await person();
        const cases = [
          [
            { currentPassword: "not my password", newPassword: "another password 1", confirmPassword: "another password 1" },
            "currentPassword",
          ],
          [{ currentPassword: me.password, newPassword: "another password 1", confirmPassword: "another password 2" }, "confirmPassword"],
          [{ currentPassword: me.password, newPassword: me.password, confirmPassword: me.password }, "newPassword"],
          [{ currentPassword: me.password, newPassword: "short", confirmPassword: "short" }, "newPassword"],
        ] as const;
        for (const [json, field] of cases) {
          const response = await change(me.cookie, json);
          expect(response.status, field).toBe(422);
          expect(Object.keys((await response.json()).error.fields), field).toEqual([field]);
        }
        expect((await service.checkCredentials(database, me.email, me.password)).ok).toBe(true);
        expect(await auditOf("password_changed", me.user.id)).toEqual([]);
      });

      it("bounds guesses at the current password, and asks for a session", async () => {
        const me = await person();
        const guess = (n: number) =>
          change(me.cookie, { currentPassword: `guess ${n}`, newPassword: "guessed password", confirmPassword: "guessed password" });
        for (let n = 0; n < 5; n++) expect((await guess(n)).status).toBe(422);
        const refused = await guess(5);
        expect(refused.status).toBe(429);
        expect(Number(refused.headers.get("retry-after"))).toBeGreaterThan(0);
        const anonymous = await change(undefined, {
          currentPassword: me.password,
          newPassword: "x".repeat(12),
          confirmPassword: "x".repeat(12),
        });
        expect(anonymous.status).toBe(401);
      });
    });

    describe("joining by a one-time invitation link", () => {
      let admin: Awaited<ReturnType<typeof person>>;
      beforeAll(async () => {
        admin = await person("admin", "Ada");
      });
      const invite = async (email: string, role: "admin" | "member" = "member", cookie = admin.cookie) =>
        call("invites", "POST", request("POST", "/api/admin/invites", { cookie, json: { email, role } }));
      const tokenOf = async (response: Response) => {
        expect(response.status).toBe(201);
        const body = await response.json();
        return { id: body.invite.id as string, link: body.link as string, token: (body.link as string).split("/invite/")[1]! };
      };
      const accept = (token: string, name = "Nia", password = "nia password 1") =>
        call("accept", "POST", request("POST", "/api/invites/accept", { json: { token, name, password } }));
      const withdraw = (id: string, cookie = admin.cookie) =>
        call("invite", "DELETE", request("DELETE", `/api/admin/invites/${id}`, { cookie }), { id });
      const reason = async (response: Response) => (await response.json()).error.details?.reason;

      it("makes a link at the public origin, keeps only its hash, and makes the account once", async () => {
        const made = await tokenOf(await invite("  Nia@Example.com ", "admin"));
        expect(made.link).toMatch(new RegExp(`^${APP_ORIGIN}/invite/[A-Za-z0-9_-]{43}$`));
        const [row] = await database.select().from(userInvites).where(eq(userInvites.id, made.id));
        expect(row).toMatchObject({ email: "nia@example.com", role: "admin", createdBy: admin.user.id, usedAt: null });
        expect(JSON.stringify(row)).not.toContain(made.token);
        expect(row!.expiresAt.getTime() - row!.createdAt.getTime()).toBe(7 * 86_400_000);

        const listed = await (await call("invites", "GET", request("GET", "/api/admin/invites", { cookie: admin.cookie }))).json();
        expect(listed.invites).toContainEqual(expect.objectContaining({ id: made.id, email: "nia@example.com", invitedBy: "Ada" }));
        const { inviteState } = await import("@/lib/server/users/invites");
        expect(await inviteState(database, made.token)).toMatchObject({ status: "open", email: "nia@example.com", role: "admin" });

        const joined = await accept(made.token, "Nia Long");
        expect(joined.status).toBe(201);
        expect((await joined.json()).user).toMatchObject({ name: "Nia Long", email: "nia@example.com", role: "admin" });
        const check = await service.checkCredentials(database, "nia@example.com", "nia password 1");
        expect(check.ok).toBe(true);
        const [used] = await database.select().from(userInvites).where(eq(userInvites.id, made.id));
        expect(used!.usedBy).toBe(check.ok ? check.user.id : null);
        expect(await auditOf("invite_created", made.id)).toHaveLength(1);
        expect(await auditOf("invite_accepted", used!.usedBy!)).toHaveLength(1);

        const again = await accept(made.token, "Someone Else");
        expect(again.status).toBe(409);
        expect(await reason(again)).toBe("used");
        expect(await inviteState(database, made.token)).toEqual({ status: "used" });
        const left = await (await call("invites", "GET", request("GET", "/api/admin/invites", { cookie: admin.cookie }))).json();
        expect(left.invites.map((item: { id: string }) => item.id)).not.toContain(made.id);
      });

      it("gives two tabs racing with one link one account and one clear refusal", async () => {
        const made = await tokenOf(await invite("race@example.com"));
        const answers = await Promise.all([accept(made.token, "Tab One"), accept(made.token, "Tab Two"), accept(made.token, "Tab Three")]);
        expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409]);
        for (const answer of answers.filter((item) => item.status === 409)) expect(await reason(answer)).toBe("used");
        const accounts = await database.select().from(users).where(eq(users.email, "race@example.com"));
        expect(accounts).toHaveLength(1);
        expect(await auditOf("invite_accepted", accounts[0]!.id)).toHaveLength(1);
      });

      it("refuses an email that already has an account, at the invitation and at the link", async () => {
        const taken = await invite(admin.email);
        expect(taken.status).toBe(422);
        expect(Object.keys((await taken.json()).error.fields)).toEqual(["email"]);

        const made = await tokenOf(await invite("late@example.com"));
        await service.createUser(database, { name: "Late", email: "late@example.com", password: "late password 1", role: "member" });
        const refused = await accept(made.token);
        expect(refused.status).toBe(409);
        expect((await refused.json()).error.message).toMatch(/already has an account/);
        // Nothing half-written: the invitation is as it was.
        const [row] = await database.select().from(userInvites).where(eq(userInvites.id, made.id));
        expect(row).toMatchObject({ usedAt: null, usedBy: null });
      });

      it("says why a withdrawn, replaced, expired or unknown link does not work", async () => {
        const first = await tokenOf(await invite("wanda@example.com"));
        expect((await withdraw(first.id)).status).toBe(200);
        expect(await auditOf("invite_revoked", first.id)).toHaveLength(1);
        const withdrawn = await accept(first.token);
        expect([withdrawn.status, await reason(withdrawn)]).toEqual([409, "withdrawn"]);
        const twice = await withdraw(first.id);
        expect([twice.status, await reason(twice)]).toEqual([409, "withdrawn"]);

        // A new link for the same email withdraws the one before.
        const older = await tokenOf(await invite("wes@example.com"));
        const newer = await tokenOf(await invite("wes@example.com"));
        expect(await reason(await accept(older.token))).toBe("withdrawn");

        const { createInvite } = await import("@/lib/server/users/invites");
        const old = await createInvite(
          database,
          admin.user,
          { email: "olde@example.com", role: "member" },
          new Date(Date.now() - 8 * 86_400_000),
        );
        const expired = await accept(old.token);
        expect([expired.status, await reason(expired)]).toEqual([409, "expired"]);

        const unknown = await accept("A".repeat(43));
        expect([unknown.status, await reason(unknown)]).toEqual([404, "unknown"]);
        const malformed = await accept("short");
        expect(malformed.status).toBe(422);
        expect(Object.keys((await malformed.json()).error.fields)).toEqual(["token"]);
        expect(await database.select().from(users).where(eq(users.email, "wanda@example.com"))).toEqual([]);
        expect((await accept(newer.token)).status).toBe(201);
      });

      it("is for admins only, but for the link itself", async () => {
        const member = await person();
        expect((await invite("m@example.com", "member", member.cookie)).status).toBe(403);
        const made = await tokenOf(await invite("kept@example.com"));
        expect((await withdraw(made.id, member.cookie)).status).toBe(403);
        expect((await call("invites", "GET", request("GET", "/api/admin/invites", { cookie: member.cookie }))).status).toBe(403);
        expect((await call("invites", "GET", request("GET", "/api/admin/invites"))).status).toBe(401);
      });
    });

    describe("deleting a member", () => {
      let admin: Awaited<ReturnType<typeof person>>;
      beforeAll(async () => {
        admin = await person("admin", "Ada");
      });
      const remove = (id: string, json: unknown, cookie = admin.cookie) =>
        call("user", "DELETE", request("DELETE", `/api/admin/users/${id}`, { cookie, json }), { id });
      const postTask = async (cookie: string, prompt: string) => {
        const response = await call(
          "tasks",
          "POST",
          request("POST", "/api/tasks", {
            cookie,
            json: { provider: "aivideomaker", model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" } },
          }),
        );
        expect(response.status).toBe(201);
        return (await response.json()).task.id as string;
      };
      const ownerOf = async (taskId: string, cookie = admin.cookie) =>
        (await (await call("task", "GET", request("GET", `/api/tasks/${taskId}`, { cookie }), { id: taskId })).json()).task.owner;
      const userRow = async (id: string) => (await database.select().from(users).where(eq(users.id, id)))[0]!;

      it("keeps their tasks under former member, frees the email, and signs them out for good", async () => {
        const dee = await person("member", "Dee");
        const otherSession = await sessionCookie(dee.user);
        const [taskId, finishedId] = [await postTask(dee.cookie, "dee's lighthouse"), await postTask(dee.cookie, "dee's harbour")];
        await finishTasks(database, [finishedId]);
        await database.insert(spendLimits).values({ provider: "aivideomaker", subject: dee.user.id, memberDaily: 5 });
        await database.insert(modelAccess).values({ subject: dee.user.id, allowed: ["aivideomaker"] });

        const response = await remove(dee.user.id, { reassignTo: null });
        expect(response.status).toBe(200);
        expect((await response.json()).tasksReassigned).toBe(0);

        const row = await userRow(dee.user.id);
        expect(row.deletedAt).not.toBeNull();
        expect(row.email).toBe(`deleted+${dee.user.id}@invalid`);
        expect(row.sessionVersion).toBe(dee.user.sessionVersion + 1);
        for (const cookie of [dee.cookie, otherSession]) expect(await signedIn(cookie)).toBe(false);
        const live = await database.select().from(authSessions).where(eq(authSessions.userId, dee.user.id));
        expect(live.every((session) => session.revokedAt !== null)).toBe(true);
        // Unknown to sign-in, by the old address or the placeholder, whatever the password.
        expect(await service.checkCredentials(database, dee.email, dee.password)).toMatchObject({
          ok: false,
          reason: "wrong",
          account: null,
        });
        expect((await service.checkCredentials(database, row.email, "!deleted")).ok).toBe(false);
        expect(await database.select().from(spendLimits).where(eq(spendLimits.subject, dee.user.id))).toEqual([]);
        expect(await database.select().from(modelAccess).where(eq(modelAccess.subject, dee.user.id))).toEqual([]);

        // Gone from the lists and pickers; their tasks stay, named as a former member.
        const team = await (await call("team", "GET", request("GET", "/api/team", { cookie: admin.cookie }))).json();
        expect(team.members.map((member: { id: string }) => member.id)).not.toContain(dee.user.id);
        const listed = await (await call("users", "GET", request("GET", "/api/admin/users", { cookie: admin.cookie }))).json();
        expect(listed.users.map((user: { id: string }) => user.id)).not.toContain(dee.user.id);
        expect(await ownerOf(taskId)).toEqual({ id: dee.user.id, name: "Dee (former member)" });
        const page = await (await call("tasks", "GET", request("GET", "/api/tasks?q=lighthouse", { cookie: admin.cookie }))).json();
        expect(page.items.find((item: { id: string }) => item.id === taskId).owner.name).toBe("Dee (former member)");
        const gallery = await (await call("gallery", "GET", request("GET", "/api/gallery?q=harbour", { cookie: admin.cookie }))).json();
        expect(gallery.items.find((item: { id: string }) => item.id === finishedId).owner.name).toBe("Dee (former member)");

        const [entry] = await auditOf("user_deleted", dee.user.id);
        expect(entry).toMatchObject({ actorId: admin.user.id, before: { email: dee.email } });
        expect(await auditOf("tasks_reassigned", dee.user.id)).toEqual([]);
        // The address is free again: the same person can be invited back.
        const back = await call(
          "invites",
          "POST",
          request("POST", "/api/admin/invites", { cookie: admin.cookie, json: { email: dee.email, role: "member" } }),
        );
        expect(back.status).toBe(201);
        // And the deleted row is out of reach of the admin's other actions.
        const patched = await call(
          "user",
          "PATCH",
          request("PATCH", `/api/admin/users/${dee.user.id}`, { cookie: admin.cookie, json: { role: "admin" } }),
          { id: dee.user.id },
        );
        expect(patched.status).toBe(404);
        expect((await remove(dee.user.id, { reassignTo: null })).status).toBe(404);
      });

      it("hands every task to another active teammate first, in one go", async () => {
        const rae = await person("member", "Rae");
        const heir = await person("member", "Hal");
        const ids = [await postTask(rae.cookie, "rae one"), await postTask(rae.cookie, "rae two")];
        const response = await remove(rae.user.id, { reassignTo: heir.user.id });
        expect(response.status).toBe(200);
        expect((await response.json()).tasksReassigned).toBe(2);
        for (const id of ids) expect(await ownerOf(id)).toEqual({ id: heir.user.id, name: "Hal" });
        const [entry] = await auditOf("tasks_reassigned", rae.user.id);
        expect(entry!.after).toEqual({ to: { id: heir.user.id, name: "Hal" }, tasks: 2 });
      });

      it("refuses what it must, with nothing half-done", async () => {
        const sue = await person("member", "Sue");
        const taskId = await postTask(sue.cookie, "sue's task");
        const gone = await person("member", "Gil");
        expect((await remove(gone.user.id, { reassignTo: null })).status).toBe(200);
        const off = await person("member", "Otto");
        await service.updateUser(database, admin.user, off.user.id, { disabled: true });
        const before = await userRow(sue.user.id);

        for (const heir of [gone.user.id, off.user.id, sue.user.id, "00000000-0000-4000-8000-000000000000"]) {
          const refused = await remove(sue.user.id, { reassignTo: heir });
          expect(refused.status, heir).toBe(422);
          expect(Object.keys((await refused.json()).error.fields)).toEqual(["reassignTo"]);
        }
        for (const body of [{}, { reassignTo: "someone" }, undefined]) {
          expect((await remove(sue.user.id, body)).status, JSON.stringify(body)).toBe(422);
        }
        expect((await remove(admin.user.id, { reassignTo: null })).status).toBe(409);
        expect((await remove(sue.user.id, { reassignTo: null }, sue.cookie)).status).toBe(403);
        expect(await userRow(sue.user.id)).toEqual(before);
        expect(await ownerOf(taskId)).toEqual({ id: sue.user.id, name: "Sue" });
        expect(await auditOf("user_deleted", sue.user.id)).toEqual([]);
      });

      it("lets one of two admins deleting each other at once win, so an admin is always left", async () => {
        const [one, two] = [await person("admin", "Una"), await person("admin", "Tom")];
        const answers = await Promise.all([
          remove(two.user.id, { reassignTo: null }, one.cookie),
          remove(one.user.id, { reassignTo: null }, two.cookie),
        ]);
        // The loser is refused either way: 403 when its request was signed in before the winner's
        // delete committed (the service then finds its admin gone), 401 when it came after (the
        // delete signed them out). Which one depends on timing; that one wins never does.
        const [won, lost] = answers.map((answer) => answer.status).sort();
        expect(won).toBe(200);
        expect([401, 403]).toContain(lost);
        const left = [await userRow(one.user.id), await userRow(two.user.id)].filter((row) => row.deletedAt === null);
        expect(left).toHaveLength(1);
      });
    });
  });
}

defineAccountsSuite(testDatabaseKind());
