import fs from "node:fs";
import path from "node:path";
import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { request, sessionCookie, startApp, type AppFixture } from "../support/app";

// An openapi.json is a document anyone may have written, and what it expands to is stored and sent
// to every user's /generate. Documents built here to hit each limit are refused whole, with a 422
// that names the model and the limit, and store nothing; the provider's real shape still imports.

type Route = { POST: (request: Request) => Promise<Response>; GET: (request: Request) => Promise<Response> };

const fixture = (name: string) => JSON.parse(fs.readFileSync(path.resolve(__dirname, `../fixtures/skills-video/${name}`), "utf8"));

/** One POST /generation/{id} per model, each with `schema` as its JSON request body. */
function documentWith(models: Record<string, unknown>, components: Record<string, unknown> = {}) {
  const paths = Object.fromEntries(
    Object.entries(models).map(([id, schema]) => [
      `/v1/generation/${id}`,
      { post: { summary: id, requestBody: { content: { "application/json": { schema } } } } },
    ]),
  );
  return { openapi: "3.1.0", paths, components: { schemas: components } };
}

/**
 * A $ref fan-out bomb: each level's object has six properties that all point at the next level,
 * seven levels deep. About 2.5 KB of JSON that would expand to over 700,000 nodes.
 */
function refBomb() {
  const levels = 7;
  const components: Record<string, unknown> = { L7: { type: "string" } };
  for (let level = levels - 1; level >= 0; level--) {
    const next = { $ref: `#/components/schemas/L${level + 1}` };
    components[`L${level}`] = {
      type: "object",
      properties: Object.fromEntries(["a", "b", "c", "d", "e", "f"].map((name) => [name, next])),
    };
  }
  return documentWith({ "acme/bomb": { $ref: "#/components/schemas/L0" } }, components);
}

function defineModelImportLimitSuite(kind: DbKind) {
  describe(`limits on imported models on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let cookie: string;
    let route: Route;

    const stored = async () =>
      ((await database.execute(sql`select count(*)::int as n from provider_models`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
    const post = (openapi: unknown) =>
      route.POST(request("POST", "/api/admin/models/import", { cookie, json: { provider: "skills-video", openapi } }));
    /** Posts a document and returns its refusal's message, after checking it is a 422 that stored nothing. */
    const refusalOf = async (openapi: unknown) => {
      const before = await stored();
      const response = await post(openapi);
      expect(response.status).toBe(422);
      const { error } = await response.json();
      expect(error.fields.openapi).toBe(error.message);
      expect(await stored()).toBe(before);
      return error.message as string;
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      route = (await import("@/app/api/admin/models/import/route")) as unknown as Route;
      const { createFirstAdmin } = await import("@/lib/server/users/service");
      cookie = await sessionCookie(
        await createFirstAdmin(database, { name: "Ada", email: "ada@example.com", password: "admin password 1" }),
      );
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("stops a $ref fan-out bomb while it expands", async () => {
      const bomb = refBomb();
      expect(JSON.stringify(bomb).length).toBeLessThan(3000);
      // The expansion itself is cut off (not the check of its result): memory stays bounded.
      expect(await refusalOf(bomb)).toBe(
        "The request schema of acme/bomb expands to more than 20,000 nodes once its $refs are resolved (the limit).",
      );
      const { findModel } = await import("@/lib/shared/catalog");
      expect(findModel("skills-video", "acme/bomb")).toBeUndefined();
    });

    it("refuses a 300,000-value enum, too many properties, deep nesting and a huge schema, naming the field", async () => {
      const values = Array.from({ length: 300_000 }, (_, index) => `v${index}`);
      expect(
        await refusalOf(
          documentWith({ "acme/voices": { type: "object", properties: { prompt: { type: "string" }, voice: { enum: values } } } }),
        ),
      ).toBe('The request schema of acme/voices is too large for Cutroom: The field "voice" lists 300,000 values (the limit is 200).');
      const constants = Array.from({ length: 201 }, (_, index) => ({ const: index }));
      expect(await refusalOf(documentWith({ "acme/consts": { type: "object", properties: { seed: { anyOf: constants } } } }))).toMatch(
        /acme\/consts .*The field "seed" lists 201 values \(the limit is 200\)/,
      );
      const many = Object.fromEntries(Array.from({ length: 150 }, (_, index) => [`field_${index}`, { type: "string" }]));
      expect(await refusalOf(documentWith({ "acme/wide": { type: "object", properties: many } }))).toBe(
        "The request schema of acme/wide is too large for Cutroom: The request body has 150 properties (the limit is 100).",
      );
      let deep: Record<string, unknown> = { type: "string" };
      for (let level = 0; level < 40; level++) deep = { type: "array", items: deep };
      expect(await refusalOf(documentWith({ "acme/deep": { type: "object", properties: { list: deep } } }))).toBe(
        "The request schema of acme/deep nests deeper than 32 levels (the limit).",
      );
      expect(
        await refusalOf(
          documentWith({ "acme/essay": { type: "object", properties: { prompt: { type: "string", description: "x".repeat(100_000) } } } }),
        ),
      ).toBe("The request schema of acme/essay is too large for Cutroom: It is 98 KB as JSON (the limit is 64 KB).");
    });

    it("limits what one document may expand to in all", async () => {
      // Each model stays within its own limits, but a shared component multiplies them.
      const big = { type: "object", properties: { prompt: { type: "string", description: "x".repeat(60_000) } } };
      const manyBig = Object.fromEntries(
        Array.from({ length: 140 }, (_, index) => [`acme/copy-${index}`, { $ref: "#/components/schemas/Big" }]),
      );
      expect(await refusalOf(documentWith(manyBig, { Big: big }))).toMatch(
        /^The models' request schemas come to more than 8 MB in all \(the limit\), by acme\/copy-\d+\.$/,
      );
      const wide = { type: "object", properties: { prompt: { type: "string", examples: Array.from({ length: 19_000 }, () => 0) } } };
      const manyWide = Object.fromEntries(
        Array.from({ length: 30 }, (_, index) => [`acme/wide-${index}`, { $ref: "#/components/schemas/Wide" }]),
      );
      expect(await refusalOf(documentWith(manyWide, { Wide: wide }))).toMatch(
        /^The document's request schemas expand to more than 500,000 nodes in all \(the limit\), by acme\/wide-\d+\.$/,
      );
      const models = Object.fromEntries(
        Array.from({ length: 501 }, (_, index) => [`acme/m-${index}`, { type: "object", properties: { prompt: { type: "string" } } }]),
      );
      expect(await refusalOf(documentWith(models))).toBe("The document has more than 500 models (the limit).");
    });

    it("still imports the provider's real document", async () => {
      const response = await post(fixture("openapi.json"));
      expect(response.status).toBe(200);
      expect((await response.json()).report.added.map((model: { id: string }) => model.id)).toContain("luma/ray-2");
    });

    it("offers a model stored before the limits as unavailable, without its enormous form", async () => {
      const { providerModels } = await import("@/lib/server/db/schema");
      const { loadImportedModels } = await import("@/lib/server/models/imported");
      const { forgetModelOptions } = await import("@/lib/server/models/prices");
      const values = Array.from({ length: 300_000 }, (_, index) => `v${index}`);
      await database.insert(providerModels).values({
        provider: "skills-video",
        modelId: "acme/old-voices",
        label: "Old voices",
        kind: "text-to-video",
        summary: "",
        requestSchema: { type: "object", properties: { prompt: { type: "string" }, voice: { enum: values } } },
        importedAt: new Date(),
        importedBy: null,
      });
      await loadImportedModels(database);
      forgetModelOptions();
      const { findModel } = await import("@/lib/shared/catalog");
      const model = findModel("skills-video", "acme/old-voices")!;
      expect(model.fields).toEqual([]);
      expect(model.unavailable).toMatch(
        /The field "voice" lists 300,000 values \(the limit is 200\)\. Import the provider's openapi\.json again\./,
      );
      const models = (await import("@/app/api/models/route")) as unknown as Route;
      const body = await (await models.GET(request("GET", "/api/models", { cookie }))).text();
      expect(body).toContain("acme/old-voices");
      expect(body.length).toBeLessThan(200_000);
    });
  });
}

defineModelImportLimitSuite(testDatabaseKind());
