import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// Malformed input at every route that takes JSON, a query string or a path parameter, signed in as
// an admin so each request reaches validation: any JSON value, broken JSON, odd query strings and
// path ids. Never a 5xx, and a refused request writes nothing. FUZZ_RUNS sets the count per route
// (CI: the default below; docs/SECURITY.md gives the full count and its command).

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>;
type Target = { name: string; route: string; method: string; path: (id: string) => string; paramName?: string };

const ID = "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e";

const BODY_TARGETS: Target[] = [
  { name: "create task", route: "@/app/api/tasks/route", method: "POST", path: () => "/api/tasks" },
  { name: "quote", route: "@/app/api/quotes/route", method: "POST", path: () => "/api/quotes" },
  { name: "bulk cancel", route: "@/app/api/tasks/cancel/route", method: "POST", path: () => "/api/tasks/cancel" },
  { name: "add user", route: "@/app/api/admin/users/route", method: "POST", path: () => "/api/admin/users" },
  {
    name: "change user",
    route: "@/app/api/admin/users/[id]/route",
    method: "PATCH",
    path: (id) => `/api/admin/users/${id}`,
    paramName: "id",
  },
  { name: "import models", route: "@/app/api/admin/models/import/route", method: "POST", path: () => "/api/admin/models/import" },
  { name: "set-up", route: "@/app/api/setup/route", method: "POST", path: () => "/api/setup" },
];

const QUERY_TARGETS: Target[] = [
  { name: "task list", route: "@/app/api/tasks/route", method: "GET", path: () => "/api/tasks" },
  { name: "gallery", route: "@/app/api/gallery/route", method: "GET", path: () => "/api/gallery" },
  { name: "webhook inbox", route: "@/app/api/admin/webhooks/route", method: "GET", path: () => "/api/admin/webhooks" },
  { name: "admin users", route: "@/app/api/admin/users/route", method: "GET", path: () => "/api/admin/users" },
];

const PATH_TARGETS: Target[] = [
  { name: "task", route: "@/app/api/tasks/[id]/route", method: "GET", path: (id) => `/api/tasks/${id}`, paramName: "id" },
  { name: "cancel", route: "@/app/api/tasks/[id]/cancel/route", method: "POST", path: (id) => `/api/tasks/${id}/cancel`, paramName: "id" },
  { name: "task image", route: "@/app/api/tasks/[id]/image/route", method: "GET", path: (id) => `/api/tasks/${id}/image`, paramName: "id" },
  { name: "media", route: "@/app/api/media/[id]/route", method: "GET", path: (id) => `/api/media/${id}`, paramName: "id" },
  { name: "poster", route: "@/app/api/media/[id]/poster/route", method: "GET", path: (id) => `/api/media/${id}/poster`, paramName: "id" },
  { name: "upload", route: "@/app/api/uploads/[id]/route", method: "GET", path: (id) => `/api/uploads/${id}`, paramName: "id" },
  {
    name: "upload link",
    route: "@/app/api/uploads/[id]/link/route",
    method: "GET",
    path: (id) => `/api/uploads/${id}/link`,
    paramName: "id",
  },
  {
    name: "recheck",
    route: "@/app/api/admin/tasks/[id]/recheck/route",
    method: "POST",
    path: (id) => `/api/admin/tasks/${id}/recheck`,
    paramName: "id",
  },
];

/** Any JSON-ish body: a real JSON value, or text that is not JSON at all. */
const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc
    .record({
      provider: fc.oneof(fc.constantFrom("aivideomaker", "apidot", "skills-video"), fc.string()),
      model: fc.string(),
      input: fc.jsonValue(),
    })
    .map((value) => JSON.stringify(value)),
  fc.string({ maxLength: 300 }),
);
const queries = fc.dictionary(
  fc.oneof(
    fc.constantFrom("state", "model", "provider", "owner", "from", "to", "q", "sort", "dir", "limit", "cursor", "upload"),
    fc.string({ maxLength: 8 }),
  ),
  fc.string({ maxLength: 80 }),
);
const ids = fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.constant(ID), fc.constant("../../etc/passwd"), fc.constant("%00"));

describe("fuzzing every route's input", () => {
  let app: AppFixture;
  let database: Db;
  let cookie: string;
  const handlers = new Map<string, Handler>();

  const counts = async () =>
    (
      (await database.execute(
        "select (select count(*) from tasks) + (select count(*) from users) + (select count(*) from uploads) + (select count(*) from task_events) + (select count(*) from provider_models) as n",
      )) as unknown as { rows: { n: string | number }[] }
    ).rows[0]!.n;

  async function send(target: Target, init: { body?: string; query?: Record<string, string>; id?: string }) {
    const handler = handlers.get(`${target.route}#${target.method}`)!;
    const id = init.id ?? ID;
    const search = init.query ? `?${new URLSearchParams(init.query).toString()}` : "";
    let url = `${target.path(encodeURIComponent(id))}${search}`;
    if (!/^\/[\x21-\x7e]*$/.test(url)) url = target.path(ID);
    const req = request(target.method, url, {
      cookie,
      ...(init.body !== undefined ? { body: init.body, headers: { "content-type": "application/json" } } : {}),
    });
    return handler(req, params(target.paramName ? { [target.paramName]: id } : {}));
  }

  beforeAll(async () => {
    app = await startApp("pglite");
    database = await (await import("@/lib/server/db")).db();
    for (const target of [...BODY_TARGETS, ...QUERY_TARGETS, ...PATH_TARGETS]) {
      const routeModule = (await import(/* @vite-ignore */ target.route.replace("@/", "../../"))) as Record<string, Handler>;
      handlers.set(`${target.route}#${target.method}`, routeModule[target.method]!);
    }
    const { createFirstAdmin } = await import("@/lib/server/users/service");
    const admin = await createFirstAdmin(database, { name: "Fuzz", email: "fuzz@example.com", password: "fuzz password 1" });
    cookie = await sessionCookie(admin);
  });
  afterAll(async () => {
    await app?.stop();
  });

  it.each(BODY_TARGETS.map((target) => [target.name, target] as const))(
    "%s: malformed bodies never give a 5xx or a write",
    async (_, target) => {
      await fc.assert(
        fc.asyncProperty(bodies, async (body) => {
          const before = await counts();
          const response = await send(target, { body });
          expect(response.status, body).toBeLessThan(500);
          if (response.status >= 400) expect(await counts(), body).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    },
  );

  it.each(QUERY_TARGETS.map((target) => [target.name, target] as const))("%s: odd query strings never give a 5xx", async (_, target) => {
    await fc.assert(
      fc.asyncProperty(queries, async (query) => {
        const response = await send(target, { query });
        expect(response.status, JSON.stringify(query)).toBeLessThan(500);
      }),
      { numRuns: RUNS },
    );
  });

  it.each(PATH_TARGETS.map((target) => [target.name, target] as const))(
    "%s: odd path ids never give a 5xx or a write",
    async (_, target) => {
      await fc.assert(
        fc.asyncProperty(ids, fc.option(bodies, { nil: undefined }), async (id, body) => {
          const before = await counts();
          const response = await send(target, { id, ...(target.method === "GET" ? {} : { body }) });
          expect(response.status, id).toBeLessThan(500);
          if (response.status >= 400) expect(await counts(), id).toEqual(before);
        }),
        { numRuns: RUNS },
      );
    },
  );
});
