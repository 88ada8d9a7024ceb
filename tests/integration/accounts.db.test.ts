import { and, eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, type AuditAction } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

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
  });
}

defineAccountsSuite(testDatabaseKind());
