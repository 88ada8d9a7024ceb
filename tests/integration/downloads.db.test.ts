import fs from "node:fs";
import { parse } from "csv-parse/sync";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks } from "@/lib/server/db/schema";
import type { ProjectView } from "@/lib/shared/projects";
import { finishTasks } from "../support/finish-tasks";
import { readZip } from "../support/read-zip";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Bulk download through the route: chosen outputs, or a project's, as one zip whose files are the
// stored copies byte for byte (stored, not deflated), with manifest.csv (file, prompt, model,
// owner, date; formulas escaped); what a teammate cannot see (deleted, unfinished) is left out;
// nothing downloadable is a 404, a bad query a 422 with a field message, no session a 401.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineDownloadsSuite(kind: DbKind) {
  describe(`bulk download on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess", Person>;
    let outputs: string[];
    let projectId: string;

    const call = async (name: string, method: string, who: Person | undefined, path: string, json?: unknown) =>
      route[name]![method]!(request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }), params({}));
    const zip = (who: Person | undefined, query: string) => call("zip", "GET", who, `/api/downloads/zip?${query}`);
    const stored = async (id: string) => {
      const [row] = await database.select().from(tasks).where(eq(tasks.id, id));
      return fs.readFileSync(`${app.dataDir}/${row!.mediaPath}`);
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      route = {
        zip: (await import("@/app/api/downloads/zip/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
        projects: (await import("@/app/api/projects/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
      ])) as typeof people;
      projectId = (
        (await (await call("projects", "POST", people.Owen, "/api/projects", { name: "Zip me" })).json()) as { project: ProjectView }
      ).project.id;
      outputs = [];
      for (const [prompt, inProject] of [
        ['=HYPERLINK("x") sunrise', true],
        ["Dune at dusk, wide", true],
        ["outside the project", false],
      ] as const) {
        const response = await call("tasks", "POST", people.Owen, "/api/tasks", {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt, aspectRatio: "16:9", duration: "5" },
          force: true,
          ...(inProject ? { projectId } : {}),
        });
        outputs.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, outputs);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("zips the chosen outputs byte for byte, stored, with a manifest a spreadsheet opens safely", async () => {
      const [one, two, three] = outputs as [string, string, string];
      const response = await zip(people.Tess, `ids=${one},${three}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-type")).toBe("application/zip");
      expect(response.headers.get("content-disposition")).toMatch(/^attachment; filename="cutroom-outputs-\d{4}-\d{2}-\d{2}\.zip"/);
      const entries = await readZip(Buffer.from(await response.arrayBuffer()));
      const names = [...entries.keys()];
      expect(names[0]).toBe("manifest.csv");
      expect(names).toHaveLength(3);
      const manifest = parse(entries.get("manifest.csv")!.data.toString("utf8"), { columns: true }) as Record<string, string>[];
      expect(manifest.map((row) => Object.keys(row))[0]).toEqual(["file", "prompt", "model", "owner", "date"]);
      const byPrompt = new Map(manifest.map((row) => [row.prompt, row]));
      // A prompt that would run as a formula is written so it does not.
      expect(byPrompt.get(`'=HYPERLINK("x") sunrise`)).toMatchObject({ model: "Text to video", owner: "Owen" });
      expect(byPrompt.get("outside the project")!.date).toMatch(/^\d{4}-\d{2}-\d{2}T/);
      for (const [id, row] of [
        [one, byPrompt.get(`'=HYPERLINK("x") sunrise`)!],
        [three, byPrompt.get("outside the project")!],
      ] as const) {
        const file = row.file!;
        const entry = entries.get(file)!;
        expect(entry.stored, file).toBe(true);
        expect(entry.data.equals(await stored(id)), file).toBe(true);
      }
      expect(names.some((name) => name.includes(two.slice(0, 8)))).toBe(false);
    });

    it("zips a project's outputs, leaving out a deleted one and anything unfinished", async () => {
      const [one, two] = outputs as [string, string];
      await database.execute(sql`update tasks set deleted_at = now() where id = ${two}`);
      const response = await zip(people.Tess, `project=${projectId}`);
      expect(response.status).toBe(200);
      expect(response.headers.get("content-disposition")).toContain("cutroom-zip-me-");
      const entries = await readZip(Buffer.from(await response.arrayBuffer()));
      const files = [...entries.keys()].filter((name) => name !== "manifest.csv");
      expect(files).toHaveLength(1);
      expect(files[0]).toContain(one.slice(0, 8));
      // Only deleted ones asked for by id: nothing to download.
      const none = await zip(people.Tess, `ids=${two}`);
      expect(none.status).toBe(404);
      await database.execute(sql`update tasks set deleted_at = null where id = ${two}`);
    });

    it("refuses a bad query (422 with a field message) and no session (401)", async () => {
      for (const [query, message] of [
        ["", "Ask for some outputs (ids) or one project (project)."],
        ["ids=nope", "Those are not outputs of Cutroom's."],
        [`ids=${outputs[0]}&project=${projectId}`, "Ask for some outputs"],
        [`ids=${Array.from({ length: 201 }, () => crypto.randomUUID()).join(",")}`, "Choose at most 200 outputs."],
        ["project=x", "Choose a project from the list."],
      ] as const) {
        const refused = await zip(people.Tess, query);
        expect(refused.status, query.slice(0, 40)).toBe(422);
        expect(JSON.stringify(await refused.json())).toContain(message);
      }
      expect((await zip(people.Tess, `project=${crypto.randomUUID()}`)).status).toBe(404);
      expect((await zip(undefined, `ids=${outputs[0]}`)).status).toBe(401);
    });
  });
}

defineDownloadsSuite(testDatabaseKind());
