import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { tasks } from "@/lib/server/db/schema";
import type { DeletedTaskView } from "@/lib/shared/deleted";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { ProjectView } from "@/lib/shared/projects";
import type { TaskPage } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Deleting outputs through the route handlers: the owner (or an admin) deletes a finished task and
// it is gone everywhere at once (lists and their counts, the gallery, its page, its media, poster
// and input image, tags, projects, prompt history); a teammate cannot; a task in progress must be
// cancelled first; an admin restores it while its files are kept; once the grace period is over the
// purge removes its files and it can no longer come back. The provider is never called for any of it.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineDeleteSuite(kind: DbKind) {
  describe(`deleting outputs on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;
    let finished: string[];
    let projectId: string;

    const call = async (name: string, method: string, who: Person | undefined, path: string, id?: string, json?: unknown) =>
      route[name]![method]!(
        request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }),
        params(id ? { id } : {}),
      );
    const remove = (who: Person | undefined, id: string) => call("task", "DELETE", who, `/api/tasks/${id}`, id);
    const restore = (who: Person, id: string) => call("restore", "POST", who, `/api/admin/tasks/${id}/restore`, id);
    const ids = async (who: Person, name: "tasks" | "gallery", query = "") => {
      const response = await call(name, "GET", who, `/api/${name}${query}`);
      expect(response.status).toBe(200);
      const body = (await response.json()) as TaskPage | GalleryPage;
      return { ids: body.items.map((item) => item.id), total: (body as TaskPage).total };
    };
    const providerCalls = async () =>
      Number(
        ((await database.execute(sql`select count(*)::int as n from provider_calls`)) as unknown as { rows: { n: number }[] }).rows[0]!.n,
      );
    const row = async (id: string) => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      route = {
        task: (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
        gallery: (await import("@/app/api/gallery/route")) as unknown as RouteModule,
        media: (await import("@/app/api/media/[id]/route")) as unknown as RouteModule,
        poster: (await import("@/app/api/media/[id]/poster/route")) as unknown as RouteModule,
        tags: (await import("@/app/api/tasks/[id]/tags/route")) as unknown as RouteModule,
        suggest: (await import("@/app/api/tags/route")) as unknown as RouteModule,
        projects: (await import("@/app/api/projects/route")) as unknown as RouteModule,
        prompts: (await import("@/app/api/prompts/route")) as unknown as RouteModule,
        restore: (await import("@/app/api/admin/tasks/[id]/restore/route")) as unknown as RouteModule,
        deleted: (await import("@/app/api/admin/deleted/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
      projectId = (
        (await (await call("projects", "POST", people.Owen, "/api/projects", undefined, { name: "Deletions" })).json()) as {
          project: ProjectView;
        }
      ).project.id;
      finished = [];
      for (const prompt of ["delete me soon", "keep me around", "delete me too"]) {
        const response = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt, aspectRatio: "16:9", duration: "5" },
          force: true,
          projectId,
        });
        finished.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, finished);
      await call("tags", "PUT", people.Owen, `/api/tasks/${finished[0]}/tags`, finished[0], { tags: ["doomed"] });
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("refuses a teammate (403) and a task in progress (409), and answers 404 for no such task, deleting nothing", async () => {
      const [one] = finished;
      const refused = await remove(people.Tess, one!);
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).toContain("Only the person who created this task, or an admin, can delete it.");
      expect((await remove(undefined, one!)).status).toBe(401);
      expect((await remove(people.Owen, crypto.randomUUID())).status).toBe(404);
      expect((await remove(people.Owen, "nope")).status).toBe(404);
      const queued = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "still running", aspectRatio: "16:9", duration: "5" },
        force: true,
      });
      const running = ((await queued.json()) as { task: { id: string } }).task.id;
      const busy = await remove(people.Owen, running);
      expect(busy.status).toBe(409);
      expect(JSON.stringify(await busy.json())).toContain("cancel it first");
      expect((await row(running)).deletedAt).toBeNull();
      expect((await row(one!)).deletedAt).toBeNull();
    });

    it("takes a deleted output out of every view at once, without calling the provider", async () => {
      const [one, two] = finished;
      const before = await ids(people.Tess, "tasks", "?owner=" + people.Owen.user.id);
      const calls = await providerCalls();
      const answer = await remove(people.Owen, one!);
      expect(answer.status).toBe(200);
      expect(await answer.json()).toEqual({ id: one, deleted: true });
      expect((await remove(people.Owen, one!)).status).toBe(404);

      const after = await ids(people.Tess, "tasks", "?owner=" + people.Owen.user.id);
      expect(after.ids).not.toContain(one);
      expect(after.total).toBe(before.total! - 1);
      expect((await ids(people.Tess, "gallery")).ids).not.toContain(one);
      expect((await ids(people.Tess, "gallery")).ids).toContain(two);
      expect((await ids(people.Tess, "gallery", `?project=${projectId}`)).ids).not.toContain(one);
      expect((await ids(people.Tess, "tasks", "?tag=doomed")).ids).toEqual([]);
      expect((await call("task", "GET", people.Owen, `/api/tasks/${one}`, one)).status).toBe(404);
      expect((await call("media", "GET", people.Ada, `/api/media/${one}`, one)).status).toBe(404);
      expect((await call("poster", "GET", people.Owen, `/api/media/${one}/poster`, one)).status).toBe(404);
      expect((await call("tags", "PUT", people.Owen, `/api/tasks/${one}/tags`, one, { tags: ["x"] })).status).toBe(404);
      const suggestions = (await (await call("suggest", "GET", people.Tess, "/api/tags")).json()) as { tags: { tag: string }[] };
      expect(suggestions.tags.map((item) => item.tag)).not.toContain("doomed");
      const prompts = (await (await call("prompts", "GET", people.Owen, "/api/prompts")).json()) as { prompts: string[] };
      expect(prompts.prompts).not.toContain("delete me soon");
      const projects = (await (await call("projects", "GET", people.Tess, "/api/projects")).json()) as { projects: ProjectView[] };
      expect(projects.projects.find((project) => project.id === projectId)).toMatchObject({ tasks: 2, outputs: 2 });
      // Files stay for the grace period; the ledger keeps what it cost.
      const stored = await row(one!);
      expect(fs.existsSync(`${app.dataDir}/${stored.mediaPath}`)).toBe(true);
      expect(stored.deletedBy).toBe(people.Owen.user.id);
      expect(await providerCalls()).toBe(calls);
    });

    it("lists deleted outputs for admins, who restore one while its files are kept", async () => {
      const [one] = finished;
      expect((await call("deleted", "GET", people.Owen, "/api/admin/deleted")).status).toBe(403);
      expect((await restore(people.Owen, one!)).status).toBe(403);
      const listed = (await (await call("deleted", "GET", people.Ada, "/api/admin/deleted")).json()) as { tasks: DeletedTaskView[] };
      const entry = listed.tasks.find((task) => task.id === one)!;
      expect(entry).toMatchObject({ prompt: "delete me soon", deletedBy: "Owen", restorable: true, filesRemovedAt: null });
      // Seven days by default.
      expect(Date.parse(entry.filesRemoveAfter!) - Date.parse(entry.deletedAt)).toBe(168 * 3_600_000);

      expect(await (await restore(people.Ada, one!)).json()).toEqual({ id: one, restored: true });
      expect((await restore(people.Ada, one!)).status).toBe(404);
      expect((await ids(people.Tess, "gallery")).ids).toContain(one);
      expect((await call("media", "GET", people.Tess, `/api/media/${one}`, one)).status).toBe(200);
      expect((await ids(people.Tess, "tasks", "?tag=doomed")).ids).toEqual([one]);
      // An admin may delete a teammate's output too.
      expect((await remove(people.Ada, one!)).status).toBe(200);
      expect((await row(one!)).deletedBy).toBe(people.Ada.user.id);
    });

    it("removes the files once the grace period is over, after which it cannot be restored; outputs not deleted keep theirs", async () => {
      const [one, two, three] = finished;
      expect((await remove(people.Owen, three!)).status).toBe(200);
      const { purgeDeletedFiles } = await import("@/lib/server/tasks/delete-task");
      const paths = await Promise.all([one, two, three].map(async (id) => (await row(id!)).mediaPath!));
      const posters = await Promise.all([one, three].map(async (id) => (await row(id!)).posterPath!));
      const calls = await providerCalls();
      // Not yet: still inside the grace period.
      expect(await purgeDeletedFiles(database)).toEqual({ purged: 0 });
      // A week and an hour later, two sweeps at once: each output is purged once.
      const later = new Date(Date.now() + 169 * 3_600_000);
      const sweeps = await Promise.all([purgeDeletedFiles(database, later), purgeDeletedFiles(database, later)]);
      expect(sweeps[0]!.purged + sweeps[1]!.purged).toBe(2);
      for (const file of [paths[0], paths[2], ...posters]) expect(fs.existsSync(`${app.dataDir}/${file}`), file).toBe(false);
      expect(fs.existsSync(`${app.dataDir}/${paths[1]}`)).toBe(true);
      expect((await row(one!)).filesPurgedAt).not.toBeNull();

      const refused = await restore(people.Ada, one!);
      expect(refused.status).toBe(409);
      expect(JSON.stringify(await refused.json())).toContain("cannot be restored");
      const listed = (await (await call("deleted", "GET", people.Ada, "/api/admin/deleted")).json()) as { tasks: DeletedTaskView[] };
      expect(listed.tasks.find((task) => task.id === one)).toMatchObject({ restorable: false, filesRemoveAfter: null });
      // The archive never copies a purged output back.
      const { archiveTask } = await import("@/lib/server/tasks/archive");
      expect(await archiveTask(database, one!)).toBe("skipped");
      expect(await providerCalls()).toBe(calls);
    });
  });
}

defineDeleteSuite(testDatabaseKind());
