import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { ProjectView } from "@/lib/shared/projects";
import type { ReviewView } from "@/lib/shared/review";
import type { ShareView } from "@/lib/shared/shares";
import type { TaskView } from "@/lib/shared/tasks";
import { finishTasks } from "../support/finish-tasks";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Share links through the route handlers and the page's read: who may make one (an output's owner
// or an admin, a project's starter or an admin), what the link shows (only what it names; the
// prompt only when asked; never a teammate's name or email), its media without an account, the
// outside review when allowed; expired, revoked and deleted all answer 404 with nothing else; the
// admins' list shows every link with its state.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineSharesSuite(kind: DbKind) {
  describe(`share links on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess" | "Ada", Person>;
    let outputs: string[];
    let projectId: string;
    let readPublicShare: typeof import("@/lib/server/shares/service").readPublicShare;

    const call = async (
      name: string,
      method: string,
      who: Person | undefined,
      path: string,
      routeParams: Record<string, string> = {},
      json?: unknown,
    ) =>
      route[name]![method]!(request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }), params(routeParams));
    const share = async (who: Person, body: Record<string, unknown>) =>
      call("shares", "POST", who, "/api/shares", {}, { title: "For the client", expiresInHours: 168, ...body });
    const made = async (who: Person, body: Record<string, unknown>) => {
      const response = await share(who, body);
      expect(response.status).toBe(201);
      const answer = (await response.json()) as { share: ShareView; url: string };
      return { ...answer, token: answer.url.split("/s/")[1]! };
    };
    const media = (token: string, taskId: string, poster = false) =>
      call(poster ? "poster" : "media", "GET", undefined, `/api/share/${token}/media/${taskId}${poster ? "/poster" : ""}`, {
        token,
        taskId,
      });
    const outsideReview = (token: string, body: unknown) =>
      call("review", "POST", undefined, `/api/share/${token}/review`, { token }, body);

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      ({ readPublicShare } = await import("@/lib/server/shares/service"));
      route = {
        shares: (await import("@/app/api/shares/route")) as unknown as RouteModule,
        share: (await import("@/app/api/shares/[id]/route")) as unknown as RouteModule,
        admin: (await import("@/app/api/admin/shares/route")) as unknown as RouteModule,
        media: (await import("@/app/api/share/[token]/media/[taskId]/route")) as unknown as RouteModule,
        poster: (await import("@/app/api/share/[token]/media/[taskId]/poster/route")) as unknown as RouteModule,
        review: (await import("@/app/api/share/[token]/review/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
        task: (await import("@/app/api/tasks/[id]/route")) as unknown as RouteModule,
        projects: (await import("@/app/api/projects/route")) as unknown as RouteModule,
        taskProject: (await import("@/app/api/tasks/[id]/project/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
      ])) as typeof people;
      projectId = (
        (await (await call("projects", "POST", people.Owen, "/api/projects", {}, { name: "Client board" })).json()) as {
          project: ProjectView;
        }
      ).project.id;
      outputs = [];
      for (const [prompt, inProject] of [
        ["secret prompt one", true],
        ["secret prompt two", true],
        ["not on the board", false],
      ] as const) {
        const response = await call(
          "tasks",
          "POST",
          people.Owen,
          "/api/tasks",
          {},
          {
            provider: "aivideomaker",
            model: "t2v",
            input: { prompt, aspectRatio: "16:9", duration: "5" },
            force: true,
            ...(inProject ? { projectId } : {}),
          },
        );
        outputs.push(((await response.json()) as { task: { id: string } }).task.id);
      }
      await finishTasks(database, outputs);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("lets an output's owner or an admin make a link (shown once), not a teammate; a bad body gets field messages", async () => {
      const [one] = outputs as [string];
      const { share: view, url, token } = await made(people.Owen, { taskId: one });
      expect(url).toMatch(/^http:\/\/[^/]+\/s\/[A-Za-z0-9_-]{43}$/);
      expect(view).toMatchObject({ kind: "task", status: "active", title: "For the client", createdBy: "Owen", views: 0, canRevoke: true });
      expect(Date.parse(view.expiresAt) - Date.parse(view.createdAt)).toBeGreaterThan(167 * 3_600_000);
      // Only a fingerprint is kept.
      const stored = (await database.execute(sql`select token_hash from share_links where id = ${view.id}`)) as unknown as {
        rows: { token_hash: string }[];
      };
      expect(stored.rows[0]!.token_hash).not.toContain(token);
      expect(JSON.stringify(await (await call("shares", "GET", people.Tess, `/api/shares?taskId=${one}`)).json())).not.toContain(token);

      const refused = await share(people.Tess, { taskId: one });
      expect(refused.status).toBe(403);
      expect((await made(people.Ada, { taskId: one })).share.createdBy).toBe("Ada");
      for (const [body, message] of [
        [{ taskId: one, expiresInHours: 5 }, "Choose when the link expires"],
        [{ taskId: one, title: "  " }, "Give the link a title."],
        [{ taskId: one, projectId }, ""],
        [{ title: "x" }, ""],
      ] as const) {
        const bad = await share(people.Owen, body);
        expect(bad.status, JSON.stringify(body)).toBe(422);
        if (message) expect(JSON.stringify(await bad.json())).toContain(message);
      }
      const queued = await call(
        "tasks",
        "POST",
        people.Owen,
        "/api/tasks",
        {},
        {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt: "not yet [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
          force: true,
        },
      );
      const running = ((await queued.json()) as { task: { id: string } }).task.id;
      expect((await share(people.Owen, { taskId: running })).status).toBe(409);
      expect((await call("shares", "POST", undefined, "/api/shares", {}, { taskId: one, title: "x", expiresInHours: 1 })).status).toBe(401);
    });

    it("opens only what it names, without an account, and the prompt only when the link shows it; no teammate's name or email", async () => {
      const [one, two, other] = outputs as [string, string, string];
      const hidden = await made(people.Owen, { taskId: one, title: "Cut A" });
      const page = (await readPublicShare(database, hidden.token))!;
      expect(page).toMatchObject({ title: "Cut A", kind: "task", allowReview: false });
      expect(page.items.map((item) => [item.id, item.prompt, item.settings])).toEqual([[one, null, null]]);
      const text = JSON.stringify(page);
      for (const secret of ["secret prompt", "Owen", "owen0@example.com", "@example.com", "Tess", two, other])
        expect(text).not.toContain(secret);
      const video = await media(hidden.token, one);
      expect(video.status).toBe(200);
      expect(video.headers.get("content-type")).toMatch(/^video\//);
      expect((await media(hidden.token, one, true)).status).toBe(200);
      // Another output, through this link: not there.
      const stray = await media(hidden.token, other);
      expect(stray.status).toBe(404);
      expect(await stray.text()).not.toContain("not on the board");

      const open = await made(people.Owen, { taskId: one, showPrompt: true });
      const shown = (await readPublicShare(database, open.token))!.items[0]!;
      expect(shown.prompt).toBe("secret prompt one");
      expect(shown.settings!.map((setting) => setting.label)).toContain("Aspect ratio");

      // A board shows the project's outputs, and follows it: a task moved out leaves the link.
      const board = await made(people.Owen, { projectId, title: "The board" });
      expect((await readPublicShare(database, board.token))!.items.map((item) => item.id).sort()).toEqual([one, two].sort());
      expect((await media(board.token, other)).status).toBe(404);
      await call("taskProject", "PUT", people.Owen, `/api/tasks/${two}/project`, { id: two }, { projectId: null });
      expect((await readPublicShare(database, board.token))!.items.map((item) => item.id)).toEqual([one]);
      expect((await media(board.token, two)).status).toBe(404);
      expect((await share(people.Tess, { projectId })).status).toBe(403);
    });

    it("takes an outside review only when the link allows it, under the reviewer's name, shown to the team", async () => {
      const [one, , other] = outputs as [string, string, string];
      const closed = await made(people.Owen, { taskId: one });
      const refused = await outsideReview(closed.token, { taskId: one, state: "approved", name: "Cleo" });
      expect(refused.status).toBe(403);
      const open = await made(people.Owen, { taskId: one, allowReview: true });
      expect((await outsideReview(open.token, { taskId: other, state: "approved", name: "Cleo" })).status).toBe(404);
      for (const body of [
        { taskId: one, state: "approved", name: "  " },
        { taskId: one, state: "fine", name: "Cleo" },
        { taskId: one, state: "approved", name: "Cleo", note: "x".repeat(1001) },
      ]) {
        expect((await outsideReview(open.token, body)).status, JSON.stringify(body).slice(0, 60)).toBe(422);
      }
      const answer = await outsideReview(open.token, {
        taskId: one,
        state: "changes_requested",
        name: "Cleo from Acme",
        note: "Logo bigger",
      });
      expect(answer.status).toBe(200);
      expect(((await answer.json()) as { review: ReviewView }).review).toMatchObject({
        state: "changes_requested",
        by: "Cleo from Acme",
        external: true,
        note: "Logo bigger",
      });
      const { task } = (await (await call("task", "GET", people.Tess, `/api/tasks/${one}`, { id: one })).json()) as { task: TaskView };
      expect(task.review).toMatchObject({ by: "Cleo from Acme", external: true });
      expect(task.events.at(-1)!.message).toBe("Changes requested by Cleo from Acme (through a share link): Logo bigger");
      expect((await readPublicShare(database, open.token))!.items[0]!.review).toEqual({ state: "changes_requested", by: "Cleo from Acme" });
    });

    it("answers 404 with nothing else once expired, revoked or its output deleted; admins list every link with its state", async () => {
      const [one] = outputs as [string];
      const expiring = await made(people.Owen, { taskId: one, title: "Soon gone" });
      await database.execute(sql`update share_links set expires_at = now() - interval '1 second' where id = ${expiring.share.id}`);
      expect(await readPublicShare(database, expiring.token)).toBeNull();
      expect((await media(expiring.token, one)).status).toBe(404);

      const revoking = await made(people.Owen, { taskId: one, title: "Withdrawn" });
      expect((await call("share", "DELETE", people.Tess, `/api/shares/${revoking.share.id}`, { id: revoking.share.id })).status).toBe(403);
      expect((await call("share", "DELETE", people.Owen, `/api/shares/${revoking.share.id}`, { id: revoking.share.id })).status).toBe(200);
      expect(await readPublicShare(database, revoking.token)).toBeNull();
      const gone = await media(revoking.token, one);
      expect(gone.status).toBe(404);
      expect(await gone.text()).not.toMatch(/Withdrawn|Owen|secret/);
      expect(await readPublicShare(database, "x".repeat(43))).toBeNull();

      const live = await made(people.Owen, { taskId: one, title: "Until deleted" });
      await database.execute(sql`update tasks set deleted_at = now() where id = ${one}`);
      expect(await readPublicShare(database, live.token)).toBeNull();
      expect((await media(live.token, one)).status).toBe(404);
      await database.execute(sql`update tasks set deleted_at = null where id = ${one}`);

      expect((await call("admin", "GET", people.Owen, "/api/admin/shares")).status).toBe(403);
      const listed = ((await (await call("admin", "GET", people.Ada, "/api/admin/shares")).json()) as { shares: ShareView[] }).shares;
      const byTitle = new Map(listed.map((item) => [item.title, item]));
      expect(byTitle.get("Soon gone")!.status).toBe("expired");
      expect(byTitle.get("Withdrawn")!.status).toBe("revoked");
      expect(byTitle.get("Until deleted")).toMatchObject({
        status: "active",
        canRevoke: true,
        target: { id: one, label: "secret prompt one" },
      });
      expect(byTitle.get("Cut A")!.views).toBe(1);
    });
  });
}

defineSharesSuite(testDatabaseKind());
