import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { projects, tasks } from "@/lib/server/db/schema";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { ProjectView } from "@/lib/shared/projects";
import type { TaskPage, TaskView } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Projects through the route handlers: any member starts one, whoever started it (or an admin)
// renames or deletes it; names are unique regardless of case; a task joins one on Generate or
// later (its owner or an admin); Tasks and the gallery filter by it; deleting a project keeps its
// tasks, in none, and a project deleted while a task joins it never leaves a task pointing nowhere.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineProjectsSuite(kind: DbKind) {
  describe(`projects on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let list: RouteModule;
    let one: RouteModule;
    let taskProject: RouteModule;
    let tasksRoute: RouteModule;
    let taskRoute: RouteModule;
    let gallery: RouteModule;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;

    const create = (who: Person | undefined, body: unknown) =>
      list.POST!(request("POST", "/api/projects", { cookie: who?.cookie, json: body }), params({}));
    const created = async (who: Person, body: unknown) => {
      const response = await create(who, body);
      expect(response.status, await response.clone().text()).toBe(201);
      return ((await response.json()) as { project: ProjectView }).project;
    };
    const patch = (who: Person, id: string, body: unknown) =>
      one.PATCH!(request("PATCH", `/api/projects/${id}`, { cookie: who.cookie, json: body }), params({ id }));
    const remove = (who: Person, id: string) =>
      one.DELETE!(request("DELETE", `/api/projects/${id}`, { cookie: who.cookie }), params({ id }));
    const move = (who: Person, id: string, projectId: unknown) =>
      taskProject.PUT!(request("PUT", `/api/tasks/${id}/project`, { cookie: who.cookie, json: { projectId } }), params({ id }));
    const newTask = (who: Person, prompt: string, projectId?: unknown) =>
      tasksRoute.POST!(
        request("POST", "/api/tasks", {
          cookie: who.cookie,
          json: {
            provider: "aivideomaker",
            model: "t2v",
            input: { prompt, aspectRatio: "16:9", duration: "5" },
            force: true,
            ...(projectId !== undefined ? { projectId } : {}),
          },
        }),
        params({}),
      );
    const taskOf = async (who: Person, id: string) =>
      (
        (await (await taskRoute.GET!(request("GET", `/api/tasks/${id}`, { cookie: who.cookie }), params({ id }))).json()) as {
          task: TaskView;
        }
      ).task;
    const fieldsOf = async (response: Response) => JSON.stringify(await response.json());
    const taskCount = async () =>
      Number(((await database.execute(sql`select count(*)::int as n from tasks`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      list = (await import("@/app/api/projects/route")) as unknown as RouteModule;
      one = (await import("@/app/api/projects/[id]/route")) as unknown as RouteModule;
      taskProject = (await import("@/app/api/tasks/[id]/project/route")) as unknown as RouteModule;
      tasksRoute = (await import("@/app/api/tasks/route")) as unknown as RouteModule;
      taskRoute = (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule;
      gallery = (await import("@/app/api/gallery/route")) as unknown as RouteModule;
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("starts projects with unique names (regardless of case), lists them by name for everyone, refuses bad input", async () => {
      const spring = await created(people.Owen, { name: "  Spring campaign ", description: "Ads for the spring launch." });
      expect(spring).toMatchObject({
        name: "Spring campaign",
        description: "Ads for the spring launch.",
        tasks: 0,
        outputs: 0,
        canEdit: true,
      });
      expect(spring.createdBy.id).toBe(people.Owen.user.id);
      await created(people.Tess, { name: "autumn reel" });

      const taken = await create(people.Tess, { name: "SPRING CAMPAIGN" });
      expect(taken.status).toBe(422);
      expect(await fieldsOf(taken)).toContain("There is already a project called “SPRING CAMPAIGN”.");
      for (const [body, message] of [
        [{ name: "" }, "Name the project."],
        [{ name: "   " }, "Name the project."],
        [{ name: "x".repeat(81) }, "Use at most 80 characters."],
        [{ name: "ok", description: "y".repeat(1001) }, "Use at most 1,000 characters."],
        [{ name: "bad\u0007name" }, "Use letters, digits and punctuation only."],
        [{ name: "ok", colour: "red" }, "colour"],
        [{}, "Name the project."],
      ] as const) {
        const response = await create(people.Owen, body);
        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(await fieldsOf(response), JSON.stringify(body)).toContain(message);
      }
      expect((await create(undefined, { name: "no session" })).status).toBe(401);

      const seen = (await (await list.GET!(request("GET", "/api/projects", { cookie: people.Tess.cookie }), params({}))).json()) as {
        projects: ProjectView[];
      };
      expect(seen.projects.map((project) => [project.name, project.canEdit])).toEqual([
        ["autumn reel", true],
        ["Spring campaign", false],
      ]);
      expect(await database.select().from(projects)).toHaveLength(2);
    });

    it("lets whoever started a project, or an admin, rename and delete it; others get 403 and change nothing", async () => {
      const project = await created(people.Owen, { name: "Rename me" });
      const refused = await patch(people.Tess, project.id, { name: "Mine now" });
      expect(refused.status).toBe(403);
      expect(await fieldsOf(refused)).toContain("Only the teammate who started this project, or an admin, can change it.");
      expect((await remove(people.Tess, project.id)).status).toBe(403);
      expect((await database.select().from(projects).where(eq(projects.id, project.id)))[0]!.name).toBe("Rename me");

      const renamed = (await (await patch(people.Owen, project.id, { name: "Renamed", description: "Now described." })).json()) as {
        project: ProjectView;
      };
      expect(renamed.project).toMatchObject({ name: "Renamed", description: "Now described." });
      expect((await patch(people.Ada, project.id, { description: "" })).status).toBe(200);
      expect(await fieldsOf(await patch(people.Owen, project.id, { name: "spring CAMPAIGN" }))).toContain(
        "There is already a project called",
      );
      expect((await patch(people.Owen, project.id, {})).status).toBe(422);
      expect((await patch(people.Owen, crypto.randomUUID(), { name: "Gone" })).status).toBe(404);
      expect((await patch(people.Owen, "not-an-id", { name: "Gone" })).status).toBe(404);
      expect(await (await remove(people.Ada, project.id)).json()).toEqual({ id: project.id, deleted: true, tasksKept: 0 });
      expect((await remove(people.Ada, project.id)).status).toBe(404);
    });

    it("puts new tasks in a project from Generate, refuses one that does not exist without writing a task", async () => {
      const project = await created(people.Owen, { name: "From Generate" });
      const response = await newTask(people.Owen, "project clip", project.id);
      expect(response.status).toBe(201);
      const { task } = (await response.json()) as { task: TaskView };
      expect(task.project).toEqual({ id: project.id, name: "From Generate" });
      expect((await taskOf(people.Tess, task.id)).project).toEqual({ id: project.id, name: "From Generate" });

      const before = await taskCount();
      const missing = await newTask(people.Owen, "lost clip", crypto.randomUUID());
      expect(missing.status).toBe(422);
      expect(await fieldsOf(missing)).toContain("That project no longer exists. Choose another.");
      const malformed = await newTask(people.Owen, "lost clip", "not-a-project");
      expect(malformed.status).toBe(422);
      expect(await fieldsOf(malformed)).toContain("Choose a project from the list.");
      expect(await taskCount()).toBe(before);
      expect((await newTask(people.Owen, "no project clip", null)).status).toBe(201);
    });

    it("moves a task between projects (its owner or an admin), filters Tasks and the gallery by project, and keeps tasks when one is deleted", async () => {
      const reel = await created(people.Owen, { name: "Reel" });
      const other = await created(people.Tess, { name: "Other" });
      const ids: string[] = [];
      for (const prompt of ["reel one", "reel two", "reel three"]) {
        ids.push(((await (await newTask(people.Owen, prompt)).json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, ids);
      const [first, second, third] = ids as [string, string, string];

      expect(await (await move(people.Owen, first, reel.id)).json()).toEqual({ id: first, project: { id: reel.id, name: "Reel" } });
      expect((await move(people.Ada, second, reel.id)).status).toBe(200);
      const refused = await move(people.Tess, third, other.id);
      expect(refused.status).toBe(403);
      expect((await database.select({ projectId: tasks.projectId }).from(tasks).where(eq(tasks.id, third)))[0]!.projectId).toBeNull();
      expect(await fieldsOf(await move(people.Owen, third, crypto.randomUUID()))).toContain("That project no longer exists.");
      expect((await move(people.Owen, third, "nope")).status).toBe(422);

      const listed = async (query: string) => {
        const response = await tasksRoute.GET!(request("GET", `/api/tasks${query}`, { cookie: people.Tess.cookie }), params({}));
        expect(response.status).toBe(200);
        return ((await response.json()) as TaskPage).items.map((item) => item.id);
      };
      const pictured = async (query: string) => {
        const response = await gallery.GET!(request("GET", `/api/gallery${query}`, { cookie: people.Tess.cookie }), params({}));
        expect(response.status).toBe(200);
        return ((await response.json()) as GalleryPage).items.map((item) => item.id);
      };
      expect(await listed(`?project=${reel.id}`)).toEqual([second, first]);
      expect(await listed(`?project=${reel.id}&q=one`)).toEqual([first]);
      expect(await pictured(`?project=${reel.id}`)).toEqual([second, first]);
      expect(await pictured(`?project=${other.id}`)).toEqual([]);
      for (const route of [tasksRoute, gallery]) {
        const bad = await route.GET!(request("GET", "/api/x?project=nope", { cookie: people.Tess.cookie }), params({}));
        expect(bad.status).toBe(422);
        expect(await fieldsOf(bad)).toContain("Choose a project from the list.");
      }
      const counted = (await (
        await one.GET!(request("GET", `/api/projects/${reel.id}`, { cookie: people.Tess.cookie }), params({ id: reel.id }))
      ).json()) as {
        project: ProjectView;
      };
      expect(counted.project).toMatchObject({ tasks: 2, outputs: 2 });
      expect(counted.project.posterUrl).toMatch(/^\/api\/media\/[0-9a-f-]{36}\/poster$/);

      expect(await (await move(people.Owen, first, null)).json()).toEqual({ id: first, project: null });
      expect(await (await remove(people.Owen, reel.id)).json()).toEqual({ id: reel.id, deleted: true, tasksKept: 1 });
      expect((await taskOf(people.Owen, second)).project).toBeNull();
      expect(await database.select().from(tasks).where(eq(tasks.id, second))).toHaveLength(1);
    });

    it("never leaves a task in a deleted project when a move and the delete race", async () => {
      const [task] = (await database.select({ id: tasks.id }).from(tasks).where(eq(tasks.ownerId, people.Owen.user.id)).limit(1)) as [
        { id: string },
      ];
      for (let round = 0; round < 4; round++) {
        const project = await created(people.Owen, { name: `Race ${round}` });
        const [moved, deleted] = await Promise.all([move(people.Owen, task.id, project.id), remove(people.Owen, project.id)]);
        expect([200, 422]).toContain(moved.status);
        expect(deleted.status).toBe(200);
        const [row] = await database.select({ projectId: tasks.projectId }).from(tasks).where(eq(tasks.id, task.id));
        expect(row!.projectId).toBeNull();
      }
    });
  });
}

defineProjectsSuite(testDatabaseKind());
