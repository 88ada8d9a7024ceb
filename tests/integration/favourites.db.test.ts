import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { taskFavourites } from "@/lib/server/db/schema";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { TaskPage } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Favourites through the route handlers: each person's own, on any of the team's tasks; set and
// cleared idempotently (a double click leaves one row); the gallery marks mine and filters by them.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineFavouritesSuite(kind: DbKind) {
  describe(`favourites on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let favourite: RouteModule;
    let gallery: RouteModule;
    let tasksRoute: RouteModule;
    let taskRoute: RouteModule;
    let people: Record<"Owen" | "Tess", Person>;
    let finished: string[];

    const mark = (who: Person | undefined, id: string, method: "PUT" | "DELETE") =>
      favourite[method]!(request(method, `/api/tasks/${id}/favourite`, { cookie: who?.cookie }), params({ id }));
    const galleryFor = async (who: Person, query = ""): Promise<GalleryPage> => {
      const response = await gallery.GET!(request("GET", `/api/gallery${query}`, { cookie: who.cookie }), params({}));
      expect(response.status).toBe(200);
      return response.json();
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      favourite = (await import("@/app/api/tasks/[id]/favourite/route")) as unknown as RouteModule;
      gallery = (await import("@/app/api/gallery/route")) as unknown as RouteModule;
      tasksRoute = (await import("@/app/api/tasks/route")) as unknown as RouteModule;
      taskRoute = (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule;
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
      ])) as typeof people;
      finished = [];
      for (const prompt of ["favourite one", "favourite two", "favourite three"]) {
        const response = await tasksRoute.POST!(
          request("POST", "/api/tasks", {
            cookie: people.Owen.cookie,
            json: { provider: "aivideomaker", model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" }, force: true },
          }),
          params({}),
        );
        finished.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, finished);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("marks a teammate's output as mine only, once however often it is set, and clears it", async () => {
      const [one] = finished;
      for (let index = 0; index < 3; index++) expect((await mark(people.Tess, one!, "PUT")).status).toBe(200);
      await Promise.all([mark(people.Tess, one!, "PUT"), mark(people.Tess, one!, "PUT")]);
      expect(await database.select().from(taskFavourites).where(eq(taskFavourites.taskId, one!))).toHaveLength(1);

      const tess = await galleryFor(people.Tess);
      const owen = await galleryFor(people.Owen);
      expect(tess.items.find((item) => item.id === one)?.favourite).toBe(true);
      expect(owen.items.find((item) => item.id === one)?.favourite).toBe(false);

      const cleared = await mark(people.Tess, one!, "DELETE");
      expect(await cleared.json()).toEqual({ id: one, favourite: false });
      expect((await mark(people.Tess, one!, "DELETE")).status).toBe(200);
      expect((await galleryFor(people.Tess)).items.find((item) => item.id === one)?.favourite).toBe(false);
    });

    it("filters the gallery to my favourites, newest first, with the other filters still applying", async () => {
      const [one, two, three] = finished;
      await mark(people.Owen, one!, "PUT");
      await mark(people.Owen, three!, "PUT");
      await mark(people.Tess, two!, "PUT");
      const mine = await galleryFor(people.Owen, "?favourites=1");
      expect(mine.items.map((item) => item.id)).toEqual([three, one]);
      expect(mine.items.every((item) => item.favourite)).toBe(true);
      expect((await galleryFor(people.Owen, "?favourites=1&q=three")).items.map((item) => item.id)).toEqual([three]);
      expect((await galleryFor(people.Tess, "?favourites=1")).items.map((item) => item.id)).toEqual([two]);
      // Paged by the same cursor as the whole gallery.
      const first = await galleryFor(people.Owen, "?favourites=1&limit=1");
      expect(first.items.map((item) => item.id)).toEqual([three]);
      const next = await galleryFor(people.Owen, `?favourites=1&limit=1&cursor=${first.nextCursor}`);
      expect(next.items.map((item) => item.id)).toEqual([one]);
      expect(next.nextCursor).toBeNull();
      const refused = await gallery.GET!(request("GET", "/api/gallery?favourites=yes", { cookie: people.Owen.cookie }), params({}));
      expect(refused.status).toBe(422);
    });

    it("shows my mark on the task's own view, and narrows the task list (and its count) to my favourites", async () => {
      const [one, two, three] = finished;
      await mark(people.Owen, one!, "PUT");
      await mark(people.Owen, three!, "PUT");
      await mark(people.Tess, two!, "PUT");
      await mark(people.Owen, two!, "DELETE");
      const taskFor = async (who: Person, id: string) =>
        (await (await taskRoute.GET!(request("GET", `/api/tasks/${id}`, { cookie: who.cookie }), params({ id }))).json()) as {
          task: { favourite: boolean };
        };
      expect((await taskFor(people.Owen, one!)).task.favourite).toBe(true);
      expect((await taskFor(people.Owen, two!)).task.favourite).toBe(false);
      expect((await taskFor(people.Tess, two!)).task.favourite).toBe(true);

      const listFor = async (who: Person, query: string) => {
        const response = await tasksRoute.GET!(request("GET", `/api/tasks${query}`, { cookie: who.cookie }), params({}));
        expect(response.status).toBe(200);
        return (await response.json()) as TaskPage;
      };
      const owens = await listFor(people.Owen, "?favourites=1");
      expect(owens.items.map((task) => task.id)).toEqual([three, one]);
      expect(owens.total).toBe(2);
      // With the other filters, and paged by the same cursors as the whole list.
      expect((await listFor(people.Owen, "?favourites=1&q=one")).items.map((task) => task.id)).toEqual([one]);
      expect((await listFor(people.Owen, "?favourites=1&owner=me")).items.map((task) => task.id)).toEqual([three, one]);
      expect((await listFor(people.Tess, "?favourites=1&owner=me")).items).toEqual([]);
      expect((await listFor(people.Tess, "?favourites=1")).items.map((task) => task.id)).toEqual([two]);
      const first = await listFor(people.Owen, "?favourites=1&limit=1");
      expect(first.items.map((task) => task.id)).toEqual([three]);
      const next = await listFor(people.Owen, `?favourites=1&limit=1&cursor=${first.nextCursor}`);
      expect(next.items.map((task) => task.id)).toEqual([one]);
      const refused = await tasksRoute.GET!(request("GET", "/api/tasks?favourites=true", { cookie: people.Owen.cookie }), params({}));
      expect(refused.status).toBe(422);
      expect(JSON.stringify(await refused.json())).toContain("favourites is 1 or left out.");
    });

    it("answers 404 for a task that does not exist or a malformed id, and 401 without a session, writing nothing", async () => {
      const before = await database.select().from(taskFavourites);
      expect((await mark(people.Owen, crypto.randomUUID(), "PUT")).status).toBe(404);
      expect((await mark(people.Owen, "not-an-id", "PUT")).status).toBe(404);
      expect((await mark(undefined, finished[1]!, "PUT")).status).toBe(401);
      expect(await database.select().from(taskFavourites)).toEqual(before);
    });
  });
}

defineFavouritesSuite(testDatabaseKind());
