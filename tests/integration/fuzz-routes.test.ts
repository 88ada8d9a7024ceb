import fs from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// Malformed input at every route that takes JSON, a query string or a path parameter, signed in as
// an admin so each request reaches validation: any JSON value, broken JSON, odd query strings and
// path ids. Never a 5xx, and a refused request writes nothing. FUZZ_RUNS sets the count per route
// (CI: the default below; docs/SECURITY.md gives the full count and its command).

const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type Target = { name: string; route: string; method: string; path: (id: string) => string; paramName?: string };

const ID = "4f1c2b8e-2f6d-4c55-9b1e-2b8a4f6c1d3e";
const png = fs.readFileSync(path.resolve(__dirname, "../fixtures/images/portrait.png"));

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
  {
    name: "delete user",
    route: "@/app/api/admin/users/[id]/route",
    method: "DELETE",
    path: (id) => `/api/admin/users/${id}`,
    paramName: "id",
  },
  { name: "change own password", route: "@/app/api/account/password/route", method: "POST", path: () => "/api/account/password" },
  { name: "invite", route: "@/app/api/admin/invites/route", method: "POST", path: () => "/api/admin/invites" },
  { name: "accept invitation", route: "@/app/api/invites/accept/route", method: "POST", path: () => "/api/invites/accept" },
  { name: "save preset", route: "@/app/api/presets/route", method: "POST", path: () => "/api/presets" },
  {
    name: "change preset",
    route: "@/app/api/presets/[id]/route",
    method: "PATCH",
    path: (id) => `/api/presets/${id}`,
    paramName: "id",
  },
  { name: "tags", route: "@/app/api/tasks/[id]/tags/route", method: "PUT", path: (id) => `/api/tasks/${id}/tags`, paramName: "id" },
  { name: "rating", route: "@/app/api/tasks/[id]/rating/route", method: "PUT", path: (id) => `/api/tasks/${id}/rating`, paramName: "id" },
  { name: "start project", route: "@/app/api/projects/route", method: "POST", path: () => "/api/projects" },
  {
    name: "change project",
    route: "@/app/api/projects/[id]/route",
    method: "PATCH",
    path: (id) => `/api/projects/${id}`,
    paramName: "id",
  },
  {
    name: "comment",
    route: "@/app/api/tasks/[id]/comments/route",
    method: "POST",
    path: (id) => `/api/tasks/${id}/comments`,
    paramName: "id",
  },
  { name: "edit comment", route: "@/app/api/comments/[id]/route", method: "PATCH", path: (id) => `/api/comments/${id}`, paramName: "id" },
  { name: "make share link", route: "@/app/api/shares/route", method: "POST", path: () => "/api/shares" },
  { name: "read notices", route: "@/app/api/notifications/read/route", method: "POST", path: () => "/api/notifications/read" },
  {
    name: "review",
    route: "@/app/api/tasks/[id]/review/route",
    method: "PUT",
    path: (id) => `/api/tasks/${id}/review`,
    paramName: "id",
  },
  {
    name: "task's project",
    route: "@/app/api/tasks/[id]/project/route",
    method: "PUT",
    path: (id) => `/api/tasks/${id}/project`,
    paramName: "id",
  },
  { name: "import models", route: "@/app/api/admin/models/import/route", method: "POST", path: () => "/api/admin/models/import" },
  { name: "set-up", route: "@/app/api/setup/route", method: "POST", path: () => "/api/setup" },
  { name: "retention rule", route: "@/app/api/admin/retention/route", method: "PUT", path: () => "/api/admin/retention" },
];

const QUERY_TARGETS: Target[] = [
  { name: "task list", route: "@/app/api/tasks/route", method: "GET", path: () => "/api/tasks" },
  { name: "gallery", route: "@/app/api/gallery/route", method: "GET", path: () => "/api/gallery" },
  { name: "tag suggestions", route: "@/app/api/tags/route", method: "GET", path: () => "/api/tags" },
  { name: "zip", route: "@/app/api/downloads/zip/route", method: "GET", path: () => "/api/downloads/zip" },
  { name: "share links of", route: "@/app/api/shares/route", method: "GET", path: () => "/api/shares" },
  { name: "notices", route: "@/app/api/notifications/route", method: "GET", path: () => "/api/notifications" },
  { name: "retention preview", route: "@/app/api/admin/retention/route", method: "GET", path: () => "/api/admin/retention" },
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
    name: "favourite",
    route: "@/app/api/tasks/[id]/favourite/route",
    method: "PUT",
    path: (id) => `/api/tasks/${id}/favourite`,
    paramName: "id",
  },
  { name: "delete task", route: "@/app/api/tasks/[id]/route", method: "DELETE", path: (id) => `/api/tasks/${id}`, paramName: "id" },
  {
    name: "restore task",
    route: "@/app/api/admin/tasks/[id]/restore/route",
    method: "POST",
    path: (id) => `/api/admin/tasks/${id}/restore`,
    paramName: "id",
  },
  {
    name: "delete project",
    route: "@/app/api/projects/[id]/route",
    method: "DELETE",
    path: (id) => `/api/projects/${id}`,
    paramName: "id",
  },
  {
    name: "delete preset",
    route: "@/app/api/presets/[id]/route",
    method: "DELETE",
    path: (id) => `/api/presets/${id}`,
    paramName: "id",
  },
  {
    name: "withdraw invitation",
    route: "@/app/api/admin/invites/[id]/route",
    method: "DELETE",
    path: (id) => `/api/admin/invites/${id}`,
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

// Characters Postgres or a filter chokes on: NUL (Postgres refuses it in text and JSON), other
// controls, a lone surrogate, and the quoting and escaping characters of SQL and URLs.
const nastyChar = fc.constantFrom("\u0000", "\u0001", "\u0007", "\u001b", "\u007f", "\u0085", "\ud800", "\\", "%", "'");
/** Text that holds at least one nasty character, somewhere. */
const poisoned = fc
  .tuple(fc.string({ maxLength: 20 }), nastyChar, fc.string({ unit: "binary", maxLength: 20 }))
  .map(([before, nasty, after]) => `${before}${nasty}${after}`);
const anyText = fc.oneof(fc.string({ maxLength: 80 }), poisoned);

/**
 * A body that is valid but for one poisoned field, so the request gets as far as the database:
 * a real task (the sandbox's t2v), a new user.
 */
const poisonedTask = fc
  .record({
    field: fc.constantFrom("provider", "model", "prompt", "aspectRatio", "key"),
    value: poisoned,
  })
  .map(({ field, value }) => {
    const input: Record<string, unknown> = { prompt: "a lighthouse", aspectRatio: "9:16", duration: "5" };
    const body: Record<string, unknown> = { provider: "aivideomaker", model: "t2v", input };
    if (field === "provider" || field === "model") body[field] = value;
    else if (field === "key") input[value] = "x";
    else input[field] = value;
    return JSON.stringify(body);
  });
const poisonedUser = fc
  .record({ field: fc.constantFrom("name", "email", "password"), value: poisoned })
  .map(({ field, value }) =>
    JSON.stringify({ name: "Nia", email: "nia@example.com", password: "nia password 1", role: "member", [field]: value }),
  );

/** A preset that is valid but for one poisoned field: its name, prompt, or a settings key or value. */
const poisonedPreset = fc
  .record({ field: fc.constantFrom("name", "prompt", "settingKey", "settingValue", "model"), value: poisoned })
  .map(({ field, value }) => {
    const settings: Record<string, unknown> = { aspectRatio: "9:16", duration: "5" };
    const body: Record<string, unknown> = { name: "Fuzzed", provider: "aivideomaker", model: "t2v", settings, prompt: "a lighthouse" };
    if (field === "settingKey") settings[value] = "x";
    else if (field === "settingValue") settings.aspectRatio = value;
    else body[field] = value;
    return JSON.stringify(body);
  });

/** Any JSON-ish body: a real JSON value, or text that is not JSON at all. */
const bodies = fc.oneof(
  fc.jsonValue().map((value) => JSON.stringify(value)),
  fc.jsonValue({ stringUnit: "binary" }).map((value) => JSON.stringify(value)),
  fc
    .record({
      provider: fc.oneof(fc.constantFrom("aivideomaker", "apidot", "skills-video"), fc.string()),
      model: fc.string(),
      input: fc.jsonValue(),
    })
    .map((value) => JSON.stringify(value)),
  poisonedTask,
  poisonedUser,
  poisonedPreset,
  fc.string({ maxLength: 300 }),
);

/** Numbers that are not: what a hand-edited URL or a tampered cursor holds. */
const numberish = fc.constantFrom("NaN", "Infinity", "-Infinity", "1e999", "-1e999", "9".repeat(40), "0x10", "1.5", "-0", " ", "1_000");
/** Times a database cannot hold, or that are not times at all. */
const extremeTimes = fc.oneof(
  fc.constantFrom(
    "0000-01-01",
    "0000-01-01T00:00:00Z",
    "0001-01-01T00:00:00+01:00",
    "+275760-09-13T00:00:00Z",
    "-000001-01-01T00:00:00Z",
    "9999-12-31T23:59:59-23:59",
    "2026-02-30T00:00:00Z",
    "garbage",
  ),
  fc.date({ noInvalidDate: true }).map((date) => date.toISOString()),
);
const cursorOf = (value: unknown) => Buffer.from(JSON.stringify(value)).toString("base64url");
/** Cursors as an attacker would tamper with them: wrong base64, wrong shape, poisoned keys and ids. */
const cursors = fc.oneof(
  fc.constantFrom("garbage", "NaN", "1e999", "====", "W10", cursorOf([]), cursorOf({})),
  numberish,
  fc
    .tuple(fc.oneof(numberish, extremeTimes, poisoned), fc.oneof(fc.uuid(), poisoned, fc.constant(ID)))
    .map(([key, id]) => cursorOf([key, id])),
  fc.jsonValue().map(cursorOf),
);
/** A query that is valid but for one field, so the bad value reaches the query it would poison. */
const poisonedQuery = fc.oneof(
  cursors.map((cursor) => ({ cursor })),
  cursors.map((cursor) => ({ sort: "duration", cursor })),
  extremeTimes.map((from) => ({ from })),
  extremeTimes.map((to) => ({ to })),
  poisoned.map((model) => ({ model })),
  poisoned.map((provider) => ({ provider })),
  poisoned.map((q) => ({ q })),
  poisoned.map((tag) => ({ tag })),
  poisoned.map((owner) => ({ owner })),
  poisoned.map((state) => ({ state })),
  numberish.map((limit) => ({ limit })),
);
const queries = fc.oneof(
  fc.dictionary(
    fc.oneof(
      fc.constantFrom(
        "state",
        "model",
        "provider",
        "owner",
        "from",
        "to",
        "q",
        "sort",
        "dir",
        "limit",
        "cursor",
        "upload",
        "favourites",
        "tag",
        "rating",
        "project",
        "count",
      ),
      fc.string({ maxLength: 8 }),
    ),
    fc.oneof(anyText, numberish),
  ),
  poisonedQuery,
);
const ids = fc.oneof(fc.uuid(), fc.string({ maxLength: 80 }), fc.constant(ID), fc.constant("../../etc/passwd"), fc.constant("%00"));
/** `x-file-name` as a browser, a script or an attacker might send it. */
const fileNames = fc.oneof(
  anyText.map(percentEncoded),
  fc.constantFrom("%00", "a%00b.png", "%E0%A4%A", "%", "..%2F..%2Fetc%2Fpasswd", "%C0%80", "%7F", "%0A"),
  fc.string({ unit: "binary-ascii", maxLength: 60 }).filter((value) => /^[\x20-\x7e]*$/.test(value)),
);

/** encodeURIComponent throws on a lone surrogate; a client can still send its (invalid) UTF-8 bytes. */
function percentEncoded(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return "%ED%A0%80";
  }
}

describe("fuzzing every route's input", () => {
  let app: AppFixture;
  let database: Db;
  let cookie: string;
  const handlers = new Map<string, Handler>();

  const counts = async () =>
    (
      (await database.execute(
        "select (select count(*) from tasks) + (select count(*) from users) + (select count(*) from uploads) + (select count(*) from task_events) + (select count(*) from provider_models) + (select count(*) from presets) + (select count(*) from task_favourites) + (select count(*) from task_tags) + (select count(*) from projects) as n",
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

  it("upload: odd file names never give a 5xx, and a refused upload leaves no row or file", async () => {
    const { POST } = await import("@/app/api/uploads/route");
    const stored = () => (fs.existsSync(path.join(app.dataDir, "uploads")) ? fs.readdirSync(path.join(app.dataDir, "uploads")).length : 0);
    await fc.assert(
      fc.asyncProperty(fileNames, async (name) => {
        const before = [await counts(), stored()];
        const response = await POST(request("POST", "/api/uploads", { cookie, body: png, headers: { "x-file-name": name } }), params({}));
        expect(response.status, name).toBeLessThan(500);
        if (response.status >= 400) expect([await counts(), stored()], name).toEqual(before);
      }),
      { numRuns: Math.ceil(RUNS / 4) },
    );
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
