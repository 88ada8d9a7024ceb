import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { presets } from "@/lib/server/db/schema";
import { PRESETS_PER_PERSON, type PresetView } from "@/lib/shared/presets";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Generate's named presets through their route handlers, with real Requests and a real database:
// who sees, changes and deletes which; settings checked against the model's own fields; one name
// per person even when two tabs save at once; the per-person cap; and a deleted member's presets.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

const T2V = { provider: "aivideomaker", model: "t2v", settings: { aspectRatio: "9:16", duration: "8" } };

function definePresetsSuite(kind: DbKind) {
  describe(`presets on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let list: RouteModule;
    let one: RouteModule;
    let people: Record<"Owen" | "Tess" | "Ada" | "Max", Person>;

    const create = (who: Person, json: unknown) => list.POST!(request("POST", "/api/presets", { cookie: who.cookie, json }), params({}));
    const listFor = async (who: Person): Promise<PresetView[]> => {
      const response = await list.GET!(request("GET", "/api/presets", { cookie: who.cookie }), params({}));
      expect(response.status).toBe(200);
      return ((await response.json()) as { presets: PresetView[] }).presets;
    };
    const patch = (who: Person, id: string, json: unknown) =>
      one.PATCH!(request("PATCH", `/api/presets/${id}`, { cookie: who.cookie, json }), params({ id }));
    const remove = (who: Person, id: string) =>
      one.DELETE!(request("DELETE", `/api/presets/${id}`, { cookie: who.cookie }), params({ id }));
    const made = async (who: Person, json: Record<string, unknown>): Promise<PresetView> => {
      const response = await create(who, json);
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { preset: PresetView }).preset;
    };
    const rowsOf = (owner: Person) => database.select().from(presets).where(eq(presets.ownerId, owner.user.id));

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      list = (await import("@/app/api/presets/route")) as unknown as RouteModule;
      one = (await import("@/app/api/presets/[id]/route")) as unknown as RouteModule;
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
        ["Max", "member"],
      ])) as typeof people;
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("saves a model, its settings and a prompt, and lists mine first, then the team's shared ones", async () => {
      const mine = await made(people.Owen, { name: "  Vertical teaser ", ...T2V, prompt: "A red kite over the dunes" });
      expect(mine).toMatchObject({
        name: "Vertical teaser",
        shared: false,
        mine: true,
        canDelete: true,
        ownerName: "Owen",
        modelKey: "aivideomaker/t2v",
        settings: T2V.settings,
        prompt: "A red kite over the dunes",
      });
      const team = await made(people.Tess, { name: "Square loop", shared: true, ...T2V, settings: { aspectRatio: "1:1" } });
      await made(people.Tess, { name: "Tess only", ...T2V });

      const owens = await listFor(people.Owen);
      expect(owens.map((preset) => [preset.name, preset.mine, preset.canDelete])).toEqual([
        ["Vertical teaser", true, true],
        ["Square loop", false, false],
      ]);
      expect(owens[1]).toMatchObject({ id: team.id, ownerName: "Tess", prompt: "" });
      // An admin may delete a teammate's shared preset, never see a private one.
      const adas = await listFor(people.Ada);
      expect(adas.map((preset) => [preset.name, preset.canDelete])).toEqual([["Square loop", true]]);
    });

    it("refuses settings the model does not take, the prompt among the settings, images and unknown models, with the field named", async () => {
      const cases: [Record<string, unknown>, string][] = [
        [{ ...T2V, settings: { duration: "20" } }, "settings.duration"],
        [{ ...T2V, settings: { seed: 4 } }, "settings.seed"],
        [{ ...T2V, settings: { prompt: "hidden" } }, "settings.prompt"],
        [{ provider: "aivideomaker", model: "i2v", settings: { image: { uploadId: crypto.randomUUID() } } }, "settings.image"],
        [{ ...T2V, model: "no-such-model" }, "model"],
        [{ ...T2V, name: "" }, "name"],
        [{ ...T2V, name: "x".repeat(61) }, "name"],
        [{ ...T2V, prompt: "p".repeat(20_001) }, "prompt"],
        [{ ...T2V, settings: ["16:9"] }, "settings"],
      ];
      const before = await rowsOf(people.Max);
      for (const [body, field] of cases) {
        const response = await create(people.Max, { name: "Bad one", ...body });
        expect(response.status, field).toBe(422);
        const { error } = (await response.json()) as { error: { fields: Record<string, string> } };
        expect(Object.keys(error.fields), field).toContain(field);
      }
      expect(await rowsOf(people.Max)).toEqual(before);
    });

    it("keeps one name per person: a second save is a 409 that names the first, and two tabs at once make one", async () => {
      const first = await made(people.Max, { name: "Night drive", ...T2V });
      const again = await create(people.Max, { name: "Night drive", ...T2V });
      expect(again.status).toBe(409);
      const body = (await again.json()) as { error: { fields: Record<string, string>; details: Record<string, unknown> } };
      expect(body.error.fields.name).toMatch(/already have a preset named “Night drive”/);
      expect(body.error.details.existingPresetId).toBe(first.id);
      // Another person may use the same name.
      await made(people.Tess, { name: "Night drive", ...T2V });

      const racing = await Promise.all(Array.from({ length: 6 }, () => create(people.Max, { name: "Dawn", ...T2V })));
      expect(racing.map((response) => response.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
      expect((await rowsOf(people.Max)).filter((row) => row.name === "Dawn")).toHaveLength(1);
    });

    it("lets only the owner rename, share or replace a preset; others get 403 on a shared one and 404 on a private one", async () => {
      const preset = await made(people.Owen, { name: "Editable", ...T2V });
      expect((await patch(people.Tess, preset.id, { name: "Mine now" })).status).toBe(404);
      expect((await patch(people.Ada, preset.id, { shared: true })).status).toBe(404);

      const shared = await patch(people.Owen, preset.id, { shared: true, name: "Editable (team)" });
      expect(shared.status).toBe(200);
      expect(((await shared.json()) as { preset: PresetView }).preset).toMatchObject({ shared: true, name: "Editable (team)" });
      expect((await patch(people.Tess, preset.id, { name: "Mine now" })).status).toBe(403);
      expect((await patch(people.Ada, preset.id, { name: "Mine now" })).status).toBe(403);

      const replaced = await patch(people.Owen, preset.id, {
        provider: "aivideomaker",
        model: "t2v_v3",
        settings: { duration: "20" },
        prompt: "A longer one",
      });
      expect(replaced.status).toBe(200);
      expect(((await replaced.json()) as { preset: PresetView }).preset).toMatchObject({
        modelKey: "aivideomaker/t2v_v3",
        settings: { duration: "20" },
        prompt: "A longer one",
      });
      // New settings come with their model; a rename onto another preset's name is the same 409.
      expect((await patch(people.Owen, preset.id, { settings: { duration: "5" } })).status).toBe(422);
      expect((await patch(people.Owen, preset.id, {})).status).toBe(422);
      await made(people.Owen, { name: "Taken", ...T2V });
      expect((await patch(people.Owen, preset.id, { name: "Taken" })).status).toBe(409);
      const [row] = await database.select().from(presets).where(eq(presets.id, preset.id));
      expect(row).toMatchObject({ name: "Editable (team)", model: "t2v_v3" });
    });

    it("lets the owner delete, and an admin delete a shared one, never a private one", async () => {
      const privateOne = await made(people.Tess, { name: "Private to delete", ...T2V });
      const sharedOne = await made(people.Tess, { name: "Shared to delete", shared: true, ...T2V });
      expect((await remove(people.Owen, sharedOne.id)).status).toBe(403);
      expect((await remove(people.Ada, privateOne.id)).status).toBe(404);
      expect((await remove(people.Ada, sharedOne.id)).status).toBe(200);
      expect((await remove(people.Tess, privateOne.id)).status).toBe(200);
      expect((await remove(people.Tess, privateOne.id)).status).toBe(404);
      const ids = (await rowsOf(people.Tess)).map((row) => row.id);
      expect(ids).not.toContain(privateOne.id);
      expect(ids).not.toContain(sharedOne.id);
    });

    it(`keeps at most ${PRESETS_PER_PERSON} presets a person, even when the last few are saved at once`, async () => {
      const [person] = Object.values(await signedInPeople([["Capped", "member"]]));
      const { randomUUID } = await import("node:crypto");
      await database.insert(presets).values(
        Array.from({ length: PRESETS_PER_PERSON - 2 }, (_, index) => ({
          id: randomUUID(),
          ownerId: person!.user.id,
          name: `Filler ${index}`,
          provider: "aivideomaker",
          model: "t2v",
          settings: {},
        })),
      );
      const racing = await Promise.all(Array.from({ length: 5 }, (_, index) => create(person!, { name: `Last ${index}`, ...T2V })));
      expect(racing.filter((response) => response.status === 201)).toHaveLength(2);
      expect(racing.filter((response) => response.status === 409)).toHaveLength(3);
      expect(await rowsOf(person!)).toHaveLength(PRESETS_PER_PERSON);
    });

    it("drops a deleted member's private presets and keeps their shared ones under “former member”", async () => {
      const { Leaver } = await signedInPeople([["Leaver", "member"]]);
      await made(Leaver!, { name: "Leaver private", ...T2V });
      const kept = await made(Leaver!, { name: "Leaver shared", shared: true, ...T2V });
      const users = (await import("@/app/api/admin/users/[id]/route")) as unknown as RouteModule;
      const id = Leaver!.user.id;
      const response = await users.DELETE!(
        request("DELETE", `/api/admin/users/${id}`, { cookie: people.Ada.cookie, json: { reassignTo: null } }),
        params({ id }),
      );
      expect(response.status).toBe(200);
      expect((await rowsOf(Leaver!)).map((row) => row.id)).toEqual([kept.id]);
      const seen = (await listFor(people.Max)).find((preset) => preset.id === kept.id);
      expect(seen?.ownerName).toBe("Leaver (former member)");
    });

    it("answers 401 without a session", async () => {
      expect((await list.GET!(request("GET", "/api/presets"), params({}))).status).toBe(401);
      expect((await list.POST!(request("POST", "/api/presets", { json: { name: "x", ...T2V } }), params({}))).status).toBe(401);
    });
  });
}

definePresetsSuite(testDatabaseKind());
