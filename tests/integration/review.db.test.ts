import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { GalleryPage } from "@/lib/shared/gallery";
import type { ProjectView } from "@/lib/shared/projects";
import type { ReviewView } from "@/lib/shared/review";
import type { TaskPage, TaskView } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Reviewing outputs through the route handlers: any teammate approves one or asks for changes with
// a note, and clears it; the verdict says who and when, is a step in the timeline, filters Tasks and
// the gallery, and counts on its project; only a succeeded output can be reviewed, a deleted one is
// gone, a bad body gets field messages; two reviews at once both land in the timeline, in order.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineReviewSuite(kind: DbKind) {
  describe(`reviewing outputs on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;
    let outputs: string[];
    let projectId: string;

    const call = async (name: string, method: string, who: Person | undefined, path: string, id?: string, json?: unknown) =>
      route[name]![method]!(
        request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }),
        params(id ? { id } : {}),
      );
    const review = (who: Person | undefined, id: string, body: unknown) => call("review", "PUT", who, `/api/tasks/${id}/review`, id, body);
    const task = async (who: Person, id: string) =>
      (await (await call("task", "GET", who, `/api/tasks/${id}`, id)).json()) as { task: TaskView };
    const listed = async (name: "tasks" | "gallery", query: string) => {
      const response = await call(name, "GET", people.Tess, `/api/${name}${query}`);
      expect(response.status, query).toBe(200);
      return ((await response.json()) as TaskPage | GalleryPage).items.map((item) => item.id);
    };

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      route = {
        review: (await import("@/app/api/tasks/[id]/review/route")) as unknown as RouteModule,
        task: (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
        gallery: (await import("@/app/api/gallery/route")) as unknown as RouteModule,
        projects: (await import("@/app/api/projects/route")) as unknown as RouteModule,
        project: (await import("@/app/api/projects/[id]/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
      projectId = (
        (await (await call("projects", "POST", people.Owen, "/api/projects", undefined, { name: "Spring spot" })).json()) as {
          project: ProjectView;
        }
      ).project.id;
      outputs = [];
      for (const prompt of ["first cut", "second cut", "third cut"]) {
        const response = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt, aspectRatio: "16:9", duration: "5" },
          force: true,
          projectId,
        });
        outputs.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, outputs);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("lets a teammate approve an output with a note: who and when, in the timeline, as the task's state", async () => {
      const [first] = outputs as [string];
      const before = Date.now();
      const answer = await review(people.Tess, first, { state: "approved", note: "  Ship it.  " });
      expect(answer.status).toBe(200);
      const saved = ((await answer.json()) as { review: ReviewView }).review;
      expect(saved).toMatchObject({ state: "approved", by: "Tess", external: false, note: "Ship it." });
      expect(Date.parse(saved.at)).toBeGreaterThanOrEqual(before - 1000);
      const { task: view } = await task(people.Owen, first);
      expect(view.review).toEqual(saved);
      expect(view.canReview).toBe(true);
      expect(view.events.at(-1)).toMatchObject({ kind: "review", source: "user", message: "Approved by Tess: Ship it." });
    });

    it("filters Tasks and the gallery by review, and counts reviews on the project's board", async () => {
      const [first, second, third] = outputs as [string, string, string];
      expect((await review(people.Ada, second, { state: "changes_requested", note: "Warmer light" })).status).toBe(200);
      expect(await listed("gallery", "?review=approved")).toEqual([first]);
      expect(await listed("gallery", "?review=changes_requested")).toEqual([second]);
      expect(await listed("gallery", "?review=none")).toEqual([third]);
      expect(await listed("tasks", "?review=approved")).toEqual([first]);
      expect(await listed("tasks", `?review=none&project=${projectId}`)).toEqual([third]);
      const item = ((await (await call("gallery", "GET", people.Tess, "/api/gallery?review=changes_requested")).json()) as GalleryPage)
        .items[0]!;
      expect(item.review).toEqual({ state: "changes_requested", by: "Ada" });
      const bad = await call("gallery", "GET", people.Tess, "/api/gallery?review=maybe");
      expect(bad.status).toBe(422);
      expect(JSON.stringify(await bad.json())).toContain("review is approved, changes_requested or none.");
      const board = (await (await call("project", "GET", people.Tess, `/api/projects/${projectId}`, projectId)).json()) as {
        project: ProjectView;
      };
      expect(board.project.review).toEqual({ approved: 1, changesRequested: 1 });
    });

    it("clears a review, keeping both steps in the timeline; two reviews at once end with one verdict and both steps", async () => {
      const [first, , third] = outputs as [string, string, string];
      const cleared = await review(people.Owen, first, { state: null });
      expect(((await cleared.json()) as { review: ReviewView | null }).review).toBeNull();
      expect((await task(people.Tess, first)).task.review).toBeNull();
      expect(await listed("gallery", "?review=approved")).toEqual([]);

      const answers = await Promise.all([
        review(people.Tess, third, { state: "approved" }),
        review(people.Ada, third, { state: "changes_requested", note: "Shorter" }),
      ]);
      expect(answers.map((answer) => answer.status)).toEqual([200, 200]);
      const { task: view } = await task(people.Owen, third);
      const steps = view.events.filter((event) => event.kind === "review").map((event) => event.message);
      expect(steps.sort()).toEqual(["Approved by Tess", "Changes requested by Ada: Shorter"]);
      // The verdict is the later step's.
      const last = view.events.filter((event) => event.kind === "review").at(-1)!.message;
      expect(view.review!.by).toBe(last.startsWith("Approved") ? "Tess" : "Ada");
    });

    it("refuses a task without an output (409), a deleted one (404), no session (401) and bad bodies (422), changing nothing", async () => {
      const [first] = outputs as [string];
      const queued = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "still going", aspectRatio: "16:9", duration: "5" },
        force: true,
      });
      const running = ((await queued.json()) as { task: { id: string } }).task.id;
      const early = await review(people.Tess, running, { state: "approved" });
      expect(early.status).toBe(409);
      expect(JSON.stringify(await early.json())).toContain("Only a finished output can be reviewed.");
      expect((await task(people.Tess, running)).task.canReview).toBe(false);

      expect((await review(undefined, first, { state: "approved" })).status).toBe(401);
      expect((await review(people.Tess, crypto.randomUUID(), { state: "approved" })).status).toBe(404);
      for (const [body, message] of [
        [{ state: "ok" }, "Choose approved, changes_requested or null."],
        [{ state: "approved", note: "x".repeat(1001) }, "Keep the note under 1,000 characters."],
        [{ state: "approved", by: "someone else" }, "by"],
        [{}, "state"],
      ] as const) {
        const refused = await review(people.Tess, first, body);
        expect(refused.status, JSON.stringify(body)).toBe(422);
        expect(JSON.stringify(await refused.json())).toContain(message);
      }
      expect((await task(people.Tess, first)).task.review).toBeNull();

      await database.execute(sql`update tasks set deleted_at = now() where id = ${first}`);
      expect((await review(people.Ada, first, { state: "approved" })).status).toBe(404);
      await database.execute(sql`update tasks set deleted_at = null where id = ${first}`);
    });
  });
}

defineReviewSuite(testDatabaseKind());
