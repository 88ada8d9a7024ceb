import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// The malformed input that answered 500 (the database refused what validation let through): each
// now gets a 422 naming the field, and writes nothing.

type Route = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));
const ID = "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e";
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");

function defineMalformedInputSuite(kind: DbKind) {
  describe(`malformed input on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let cookie: string;
    let routes: Record<"tasks" | "gallery" | "webhooks" | "uploads" | "users", Route>;

    const rows = async () =>
      (
        (await database.execute(
          sql`select (select count(*) from tasks)::int + (select count(*) from uploads)::int + (select count(*) from users)::int as n`,
        )) as unknown as { rows: { n: number }[] }
      ).rows[0]!.n;
    const storedFiles = () => (fs.existsSync(path.join(app.dataDir, "uploads")) ? fs.readdirSync(path.join(app.dataDir, "uploads")) : []);
    const get = (route: Route, pathname: string) => route.GET!(request("GET", pathname, { cookie }), params({}));
    const refusal = async (response: Response) => ({ status: response.status, fields: (await response.json()).error?.fields });

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        gallery: await import("@/app/api/gallery/route"),
        webhooks: await import("@/app/api/admin/webhooks/route"),
        uploads: await import("@/app/api/uploads/route"),
        users: await import("@/app/api/admin/users/route"),
      } as unknown as typeof routes;
      const { createFirstAdmin } = await import("@/lib/server/users/service");
      cookie = await sessionCookie(
        await createFirstAdmin(database, { name: "Ada", email: "ada@example.com", password: "admin password 1" }),
      );
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("refuses tampered page cursors with a 422 on every list", async () => {
      const tampered = [
        "garbage",
        "NaN",
        "1e999",
        "not base64!",
        cursorOf(["garbage", ID]),
        cursorOf(["0000-01-01T00:00:00Z", ID]),
        cursorOf(["2026-01-01T00:00:00Z", "not-a-uuid"]),
        cursorOf(["2026-01-01T00:00:00Z", `${ID}\u0000`]),
        cursorOf(["2026-01-01T00:00:00Z"]),
      ];
      for (const cursor of tampered) {
        for (const [route, pathname] of [
          [routes.tasks, "/api/tasks"],
          [routes.gallery, "/api/gallery"],
          [routes.webhooks, "/api/admin/webhooks"],
        ] as const) {
          const answer = await refusal(await get(route, `${pathname}?cursor=${encodeURIComponent(cursor)}`));
          expect(answer, `${pathname} ${cursor}`).toEqual({ status: 422, fields: { cursor: expect.stringMatching(/not valid/) } });
        }
      }
      // Sorted by duration the key is a number: NaN, 1e999 and a time are all refused.
      for (const key of ["NaN", "1e999", "Infinity", "99999999999999999999", "2026-01-01T00:00:00Z", "1.5"]) {
        const answer = await refusal(await get(routes.tasks, `/api/tasks?sort=duration&cursor=${cursorOf([key, ID])}`));
        expect(answer, key).toEqual({ status: 422, fields: { cursor: expect.stringMatching(/not valid/) } });
      }
      // A real cursor still opens its page.
      expect((await get(routes.tasks, `/api/tasks?sort=duration&cursor=${cursorOf(["1500", ID])}`)).status).toBe(200);
      expect((await get(routes.gallery, `/api/gallery?cursor=${cursorOf(["2026-01-01T00:00:00.000Z", ID])}`)).status).toBe(200);
    });

    it("refuses dates the database cannot hold", async () => {
      for (const [key, value] of [
        ["from", "0000-01-01"],
        ["from", "0000-01-01T00:00:00Z"],
        ["from", "0001-01-01T00:00:00+01:00"],
        ["to", "9999-12-31T23:59:59-23:59"],
        ["to", "+275760-09-13T00:00:00Z"],
        ["to", "2026-02-30T00:00:00Z"],
      ] as const) {
        for (const [route, pathname] of [
          [routes.tasks, "/api/tasks"],
          [routes.gallery, "/api/gallery"],
        ] as const) {
          const answer = await refusal(await get(route, `${pathname}?${key}=${encodeURIComponent(value)}`));
          expect(answer, `${pathname} ${key}=${value}`).toEqual({ status: 422, fields: { [key]: expect.any(String) } });
        }
      }
      expect((await get(routes.tasks, "/api/tasks?from=1999-12-31T00:00:00Z&to=9999-12-31T00:00:00Z")).status).toBe(200);
    });

    it("refuses NUL and other control characters in filters", async () => {
      for (const [key, value] of [
        ["model", "t2v\u0000"],
        ["provider", "\u0000"],
        ["q", "sea\u0000"],
        ["model", "t2v\u0007"],
      ] as const) {
        for (const [route, pathname] of [
          [routes.tasks, "/api/tasks"],
          [routes.gallery, "/api/gallery"],
        ] as const) {
          if (key === "provider" && route === routes.gallery) continue;
          const answer = await refusal(await get(route, `${pathname}?${key}=${encodeURIComponent(value)}`));
          expect(answer, `${pathname} ${key}`).toEqual({ status: 422, fields: { [key]: expect.any(String) } });
        }
      }
    });

    it("refuses NUL, control characters and broken surrogates in a task's prompt or model, writing nothing", async () => {
      const before = await rows();
      const post = (body: string) =>
        routes.tasks.POST!(request("POST", "/api/tasks", { cookie, body, headers: { "content-type": "application/json" } }), params({}));
      const task = (prompt: string, model = "t2v") =>
        JSON.stringify({ provider: "aivideomaker", model, input: { prompt, aspectRatio: "9:16", duration: "5" } });
      for (const [body, field] of [
        [task("a\u0000b"), "input.prompt"],
        // A control character Postgres could store is the model's schema's to refuse, on its field.
        [task("a\u0001b"), "prompt"],
        [task("a lighthouse", "t2v\u0000"), "model"],
        // JSON.stringify writes a lone surrogate as "\ud800", which jsonb refuses.
        ['{"provider":"aivideomaker","model":"t2v","input":{"prompt":"\\ud800","aspectRatio":"9:16","duration":"5"}}', "input.prompt"],
      ] as const) {
        const answer = await refusal(await post(body));
        expect(answer, body).toEqual({ status: 422, fields: { [field]: expect.any(String) } });
      }
      // Line breaks and tabs are text, in a prompt.
      expect((await post(task("line one\n\tline two"))).status).toBe(201);
      expect(await rows()).toBe(before + 1);
    });

    it("refuses a NUL or another control character in a new user's name", async () => {
      const before = await rows();
      for (const name of ["Nia\u0000", "Nia\u001b[1m"]) {
        const response = await routes.users.POST!(
          request("POST", "/api/admin/users", {
            cookie,
            json: { name, email: "nia@example.com", password: "nia password 1", role: "member" },
          }),
          params({}),
        );
        expect(await refusal(response), name).toEqual({ status: 422, fields: { name: expect.any(String) } });
      }
      expect(await rows()).toBe(before);
    });

    it("refuses a bad x-file-name before storing anything", async () => {
      const before = [await rows(), storedFiles()];
      for (const name of ["a%00b.png", "%07.png", "%E0%A4%A", "%ED%A0%80"]) {
        const response = await routes.uploads.POST!(
          request("POST", "/api/uploads", { cookie, body: png, headers: { "x-file-name": name } }),
          params({}),
        );
        expect(await refusal(response), name).toEqual({ status: 422, fields: { "x-file-name": expect.any(String) } });
      }
      expect([await rows(), storedFiles()]).toEqual(before);
      const kept = await routes.uploads.POST!(
        request("POST", "/api/uploads", { cookie, body: png, headers: { "x-file-name": encodeURIComponent("Été 2026 🌊.png") } }),
        params({}),
      );
      expect(kept.status).toBe(201);
      expect((await kept.json()).upload.name).toBe("Été 2026 🌊.png");
    });
  });
}

defineMalformedInputSuite(testDatabaseKind());
