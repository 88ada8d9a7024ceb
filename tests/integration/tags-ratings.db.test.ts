import { eq } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { taskTags, tasks } from "@/lib/server/db/schema";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { TaskPage, TaskView } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Tags and star ratings through the route handlers: the owner and admins set them, teammates see
// them; tags are written one way and replaced as a whole set (two editors at once end with one
// whole set); the team's tags come back as suggestions; Tasks and the gallery filter by both.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineTagsSuite(kind: DbKind) {
  describe(`tags and ratings on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let tagsRoute: RouteModule;
    let ratingRoute: RouteModule;
    let suggestRoute: RouteModule;
    let gallery: RouteModule;
    let tasksRoute: RouteModule;
    let taskRoute: RouteModule;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;
    let finished: string[];

    const putTags = (who: Person | undefined, id: string, body: unknown) =>
      tagsRoute.PUT!(request("PUT", `/api/tasks/${id}/tags`, { cookie: who?.cookie, json: body }), params({ id }));
    const putRating = (who: Person | undefined, id: string, body: unknown) =>
      ratingRoute.PUT!(request("PUT", `/api/tasks/${id}/rating`, { cookie: who?.cookie, json: body }), params({ id }));
    const taskFor = async (who: Person, id: string) =>
      (
        (await (await taskRoute.GET!(request("GET", `/api/tasks/${id}`, { cookie: who.cookie }), params({ id }))).json()) as {
          task: TaskView;
        }
      ).task;
    const listFor = async (who: Person, query: string) => {
      const response = await tasksRoute.GET!(request("GET", `/api/tasks${query}`, { cookie: who.cookie }), params({}));
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as TaskPage;
    };
    const galleryFor = async (who: Person, query: string) => {
      const response = await gallery.GET!(request("GET", `/api/gallery${query}`, { cookie: who.cookie }), params({}));
      expect(response.status, await response.clone().text()).toBe(200);
      return (await response.json()) as GalleryPage;
    };
    const fieldsOf = async (response: Response) => JSON.stringify(await response.json());

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      tagsRoute = (await import("@/app/api/tasks/[id]/tags/route")) as unknown as RouteModule;
      ratingRoute = (await import("@/app/api/tasks/[id]/rating/route")) as unknown as RouteModule;
      suggestRoute = (await import("@/app/api/tags/route")) as unknown as RouteModule;
      gallery = (await import("@/app/api/gallery/route")) as unknown as RouteModule;
      tasksRoute = (await import("@/app/api/tasks/route")) as unknown as RouteModule;
      taskRoute = (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule;
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
      finished = [];
      for (const prompt of ["tagged lighthouse", "tagged harbour", "tagged meadow"]) {
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

    it("lets the owner tag an output, written one way, deduplicated and sorted; teammates see them", async () => {
      const [one] = finished;
      const saved = await putTags(people.Owen, one!, { tags: ["  Hero   Shot ", "hero shot", "Blue", "v2.1"] });
      expect(saved.status).toBe(200);
      expect(await saved.json()).toEqual({ id: one, tags: ["blue", "hero shot", "v2.1"] });
      const seen = await taskFor(people.Tess, one!);
      expect(seen.tags).toEqual(["blue", "hero shot", "v2.1"]);
      expect(seen.canOrganise).toBe(false);
      expect((await taskFor(people.Owen, one!)).canOrganise).toBe(true);
      // Replacing the set keeps what stays (its author and time), drops what went, adds what is new.
      const [kept] = await database.select().from(taskTags).where(eq(taskTags.tag, "blue"));
      expect((await putTags(people.Owen, one!, { tags: ["blue", "final"] })).status).toBe(200);
      const rows = await database.select().from(taskTags).where(eq(taskTags.taskId, one!));
      expect(rows.map((row) => row.tag).sort()).toEqual(["blue", "final"]);
      expect(rows.find((row) => row.tag === "blue")?.createdAt).toEqual(kept!.createdAt);
      expect((await taskFor(people.Owen, one!)).tags).toEqual(["blue", "final"]);
      // An empty set clears them.
      expect(await (await putTags(people.Owen, one!, { tags: [] })).json()).toEqual({ id: one, tags: [] });
    });

    it("refuses a teammate's tags and rating (403), allows an admin's, and writes nothing refused", async () => {
      const [, two] = finished;
      const before = await database.select().from(taskTags).where(eq(taskTags.taskId, two!));
      const refused = await putTags(people.Tess, two!, { tags: ["mine now"] });
      expect(refused.status).toBe(403);
      expect(await fieldsOf(refused)).toContain("Only the person who created this task, or an admin, can change its tags.");
      expect((await putRating(people.Tess, two!, { rating: 1 })).status).toBe(403);
      expect(await database.select().from(taskTags).where(eq(taskTags.taskId, two!))).toEqual(before);
      expect((await database.select({ rating: tasks.rating }).from(tasks).where(eq(tasks.id, two!)))[0]!.rating).toBeNull();

      expect(await (await putTags(people.Ada, two!, { tags: ["approved by ada"] })).json()).toEqual({ id: two, tags: ["approved by ada"] });
      expect(await (await putRating(people.Ada, two!, { rating: 4 })).json()).toEqual({ id: two, rating: 4 });
      expect((await taskFor(people.Ada, two!)).canOrganise).toBe(true);
      await putTags(people.Ada, two!, { tags: [] });
      await putRating(people.Ada, two!, { rating: null });
    });

    it("answers bad tags and ratings with a field message, 404 for no such task, 401 without a session", async () => {
      const [one] = finished;
      const cases: [unknown, string][] = [
        [{ tags: ["a,b"] }, "A tag starts with a letter or digit"],
        [{ tags: ["<script>"] }, "A tag starts with a letter or digit"],
        [{ tags: ["   "] }, "A tag cannot be empty."],
        [{ tags: ["x".repeat(33)] }, "A tag is at most 32 characters."],
        [{ tags: Array.from({ length: 13 }, (_, index) => `tag ${index}`) }, "At most 12 tags."],
        [{ tags: "blue" }, "tags is a list of text."],
        [{ tags: [7] }, "A tag is text."],
        [{ tags: [], extra: 1 }, "extra"],
      ];
      for (const [body, message] of cases) {
        const response = await putTags(people.Owen, one!, body);
        expect(response.status, JSON.stringify(body)).toBe(422);
        expect(await fieldsOf(response), JSON.stringify(body)).toContain(message);
      }
      for (const rating of [0, 6, 2.5, "3", true]) {
        const response = await putRating(people.Owen, one!, { rating });
        expect(response.status, String(rating)).toBe(422);
        expect(await fieldsOf(response)).toContain("rating is");
      }
      expect((await putRating(people.Owen, one!, {})).status).toBe(422);
      expect((await putTags(people.Owen, crypto.randomUUID(), { tags: ["x"] })).status).toBe(404);
      expect((await putRating(people.Owen, "not-an-id", { rating: 3 })).status).toBe(404);
      expect((await putTags(undefined, one!, { tags: ["x"] })).status).toBe(401);
      expect(await database.select().from(taskTags).where(eq(taskTags.taskId, one!))).toEqual([]);
    });

    it("keeps one whole set when two editors save at once", async () => {
      const [, , three] = finished;
      const sets = [
        ["alpha", "beta", "gamma"],
        ["delta", "epsilon"],
      ];
      for (let round = 0; round < 5; round++) {
        const answers = await Promise.all([
          putTags(people.Owen, three!, { tags: sets[0] }),
          putTags(people.Ada, three!, { tags: sets[1] }),
        ]);
        expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
        const stored = (await database.select().from(taskTags).where(eq(taskTags.taskId, three!))).map((row) => row.tag).sort();
        expect(sets).toContainEqual(stored);
      }
      await putTags(people.Owen, three!, { tags: [] });
    });

    it("suggests the team's tags, most used first, by what was typed (wildcards are literal)", async () => {
      const [one, two, three] = finished;
      const saved = await putTags(people.Owen, one!, { tags: ["sunset", "sunrise", "a_b"] });
      expect(saved.status).toBe(200);
      await putTags(people.Owen, two!, { tags: ["sunset", "harbour", "axb"] });
      await putTags(people.Owen, three!, { tags: ["sunset", "sunrise"] });
      const suggest = async (who: Person, query: string) => {
        const response = await suggestRoute.GET!(request("GET", `/api/tags${query}`, { cookie: who.cookie }), params({}));
        expect(response.status).toBe(200);
        return ((await response.json()) as { tags: { tag: string; count: number }[] }).tags;
      };
      expect(await suggest(people.Tess, "?q=SUN")).toEqual([
        { tag: "sunset", count: 3 },
        { tag: "sunrise", count: 2 },
      ]);
      expect((await suggest(people.Tess, "")).map((row) => row.tag)).toEqual(["sunset", "sunrise", "a_b", "axb", "harbour"]);
      expect(await suggest(people.Tess, "?q=%25")).toEqual([]);
      expect((await suggest(people.Tess, "?q=a_")).map((row) => row.tag)).toEqual(["a_b"]);
      expect(await suggest(people.Tess, "?limit=1")).toEqual([{ tag: "sunset", count: 3 }]);
      expect((await suggestRoute.GET!(request("GET", "/api/tags?limit=0", { cookie: people.Tess.cookie }), params({}))).status).toBe(422);
      expect((await suggestRoute.GET!(request("GET", "/api/tags"), params({}))).status).toBe(401);
    });

    it("filters Tasks and the gallery by tags (all of them) and by at least N stars, with the other filters", async () => {
      const [one, two, three] = finished;
      // Tags from the test before: one = sunset, sunrise, a_b; two = sunset, harbour, axb; three = sunset, sunrise.
      await putRating(people.Owen, one!, { rating: 5 });
      await putRating(people.Owen, two!, { rating: 2 });
      await putRating(people.Owen, three!, { rating: 3 });

      expect((await listFor(people.Tess, "?tag=sunset")).items.map((task) => task.id)).toEqual([three, two, one]);
      expect((await listFor(people.Tess, "?tag=sunset")).total).toBe(3);
      expect((await listFor(people.Tess, "?tag=Sunset,SUNRISE")).items.map((task) => task.id)).toEqual([three, one]);
      expect((await listFor(people.Tess, "?tag=sunrise&q=meadow")).items.map((task) => task.id)).toEqual([three]);
      expect((await listFor(people.Tess, "?rating=3")).items.map((task) => task.id)).toEqual([three, one]);
      expect((await listFor(people.Tess, "?rating=3&tag=harbour")).items).toEqual([]);
      expect((await listFor(people.Tess, "?rating=2&tag=harbour&owner=me")).items).toEqual([]);
      expect((await listFor(people.Owen, "?rating=2&tag=harbour&owner=me")).items.map((task) => task.id)).toEqual([two]);
      const first = await listFor(people.Tess, "?tag=sunset&limit=2");
      expect(first.items.map((task) => task.id)).toEqual([three, two]);
      expect((await listFor(people.Tess, `?tag=sunset&limit=2&cursor=${first.nextCursor}`)).items.map((task) => task.id)).toEqual([one]);

      const pictures = await galleryFor(people.Tess, "?tag=sunrise&rating=4");
      expect(pictures.items.map((item) => item.id)).toEqual([one]);
      expect(pictures.items[0]).toMatchObject({ rating: 5, tags: ["a_b", "sunrise", "sunset"] });
      expect((await galleryFor(people.Tess, "?tag=harbour")).items.map((item) => item.id)).toEqual([two]);
      expect((await galleryFor(people.Tess, "?rating=1")).items.map((item) => item.id)).toEqual([three, two, one]);

      for (const [query, message] of [
        ["?rating=6", "rating is 1 to 5"],
        ["?rating=0", "rating is 1 to 5"],
        ["?tag=a,b,c,d,e,f", "Filter by at most 5 tags."],
        ["?tag=%3Cb%3E", "A tag starts with a letter or digit"],
        ["?tag=,", "Name a tag to filter by."],
      ] as const) {
        for (const route of [tasksRoute, gallery]) {
          const response = await route.GET!(request("GET", `/api/x${query}`, { cookie: people.Tess.cookie }), params({}));
          expect(response.status, query).toBe(422);
          expect(await fieldsOf(response), query).toContain(message);
        }
      }
    });
  });
}

defineTagsSuite(testDatabaseKind());
