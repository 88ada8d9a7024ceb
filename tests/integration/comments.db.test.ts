import { sql } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { CommentView, NotificationSummary, NotificationView } from "@/lib/shared/comments";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture, type Person } from "../support/app";

// Comments and mentions through the route handlers: any teammate comments on a task; "@Name" tells
// that teammate (once per comment, never the author, never a disabled one), with an unread count
// and the newest notice for the header; only the author edits or deletes a comment; an edit that
// drops a mention takes back its unread notice; a deleted task hides its comments and notices;
// bad bodies get field messages and write nothing.

type Handler = (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>;
type RouteModule = Record<string, Handler>;

function defineCommentsSuite(kind: DbKind) {
  describe(`comments and mentions on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let route: Record<string, RouteModule>;
    let people: Record<"Owen" | "Tess Baker" | "Tess" | "Ada" | "Dora", Person>;
    let taskId: string;

    const call = async (name: string, method: string, who: Person | undefined, path: string, id?: string, json?: unknown) =>
      route[name]![method]!(
        request(method, path, { cookie: who?.cookie, ...(json !== undefined ? { json } : {}) }),
        params(id ? { id } : {}),
      );
    const post = (who: Person | undefined, body: unknown, task = taskId) =>
      call("comments", "POST", who, `/api/tasks/${task}/comments`, task, body);
    const comments = async (who: Person) =>
      ((await (await call("comments", "GET", who, `/api/tasks/${taskId}/comments`, taskId)).json()) as { comments: CommentView[] })
        .comments;
    const summary = async (who: Person) =>
      (await (await call("notifications", "GET", who, "/api/notifications?summary=1")).json()) as NotificationSummary;
    const inbox = async (who: Person) =>
      (await (await call("notifications", "GET", who, "/api/notifications")).json()) as NotificationSummary & { items: NotificationView[] };
    const count = async (table: string) =>
      Number(
        ((await database.execute(sql.raw(`select count(*)::int as n from ${table}`))) as unknown as { rows: { n: number }[] }).rows[0]!.n,
      );

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      route = {
        comments: (await import("@/app/api/tasks/[id]/comments/route")) as unknown as RouteModule,
        comment: (await import("@/app/api/comments/[id]/route")) as unknown as RouteModule,
        notifications: (await import("@/app/api/notifications/route")) as unknown as RouteModule,
        read: (await import("@/app/api/notifications/read/route")) as unknown as RouteModule,
        tasks: (await import("@/app/api/tasks/route")) as unknown as RouteModule,
      };
      people = (await signedInPeople([
        ["Owen", "member"],
        ["Tess Baker", "member"],
        ["Tess", "member"],
        ["Ada", "admin"],
        ["Dora", "member"],
      ])) as typeof people;
      await database.execute(sql`update users set disabled_at = now() where id = ${people.Dora.user.id}`);
      const created = await call("tasks", "POST", people.Owen, "/api/tasks", undefined, {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "talk about me [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
        force: true,
      });
      taskId = ((await created.json()) as { task: { id: string } }).task.id;
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("lets any teammate comment; a mention tells that teammate once, never the author or a disabled one", async () => {
      const answer = await post(people.Ada, { body: "  @tess baker can you check the sky? cc @Owen @Ada @Dora  " });
      expect(answer.status).toBe(201);
      const { comment } = (await answer.json()) as { comment: CommentView };
      expect(comment).toMatchObject({
        body: "@tess baker can you check the sky? cc @Owen @Ada @Dora",
        author: { name: "Ada" },
        editedAt: null,
        mine: true,
      });
      // "@tess baker" is Tess Baker, not Tess.
      expect(comment.mentions.map((person) => person.name).sort()).toEqual(["Ada", "Owen", "Tess Baker"]);
      expect((await comments(people.Owen)).map((item) => [item.body, item.mine])).toEqual([[comment.body, false]]);

      expect(await summary(people["Tess Baker"])).toMatchObject({
        unread: 1,
        newest: { actor: "Ada", task: { id: taskId }, commentId: comment.id, read: false },
      });
      expect((await summary(people.Owen)).unread).toBe(1);
      expect((await summary(people.Tess)).unread).toBe(0);
      expect((await summary(people.Ada)).unread).toBe(0);
      // Dora is disabled (signed out for good): nobody tells her anything.
      const dora = (await database.execute(
        sql`select count(*)::int as n from notifications where user_id = ${people.Dora.user.id}`,
      )) as unknown as {
        rows: { n: number }[];
      };
      expect(Number(dora.rows[0]!.n)).toBe(0);
    });

    it("edits and deletes only for the author; an edit tells the newly mentioned and takes back a dropped mention", async () => {
      const [first] = await comments(people.Owen);
      const refused = await call("comment", "PATCH", people.Owen, `/api/comments/${first!.id}`, first!.id, { body: "mine now" });
      expect(refused.status).toBe(403);
      expect(JSON.stringify(await refused.json())).toContain("Only the person who wrote a comment can edit it.");
      expect((await call("comment", "DELETE", people["Tess Baker"], `/api/comments/${first!.id}`, first!.id)).status).toBe(403);

      // Owen reads his notice; the edit drops Tess Baker (unread: taken back) and Owen (read: kept) and adds Tess.
      const owens = await inbox(people.Owen);
      expect((await call("read", "POST", people.Owen, "/api/notifications/read", undefined, { ids: [owens.items[0]!.id] })).status).toBe(
        200,
      );
      const edited = await call("comment", "PATCH", people.Ada, `/api/comments/${first!.id}`, first!.id, { body: "@Tess over to you" });
      expect(edited.status).toBe(200);
      const { comment } = (await edited.json()) as { comment: CommentView };
      expect(comment.editedAt).not.toBeNull();
      expect(comment.mentions.map((person) => person.name)).toEqual(["Tess"]);
      expect((await summary(people["Tess Baker"])).unread).toBe(0);
      expect((await summary(people.Tess)).unread).toBe(1);
      expect((await inbox(people.Owen)).items).toHaveLength(1);
      // Editing again with the same mention tells Tess nothing new.
      await call("comment", "PATCH", people.Ada, `/api/comments/${first!.id}`, first!.id, { body: "@Tess over to you, thanks" });
      expect((await summary(people.Tess)).unread).toBe(1);

      expect((await call("comment", "DELETE", people.Ada, `/api/comments/${first!.id}`, first!.id)).status).toBe(200);
      expect(await comments(people.Owen)).toEqual([]);
      expect((await summary(people.Tess)).unread).toBe(0);
      expect((await call("comment", "DELETE", people.Ada, `/api/comments/${first!.id}`, first!.id)).status).toBe(404);
    });

    it("marks notices read, one or all, only the reader's own", async () => {
      await post(people.Owen, { body: "@Tess first" });
      await post(people.Owen, { body: "@Tess second" });
      const mine = await inbox(people.Tess);
      expect(mine.items.map((item) => item.excerpt)).toEqual(["@Tess second", "@Tess first"]);
      // Someone else's ids change nothing.
      await call("read", "POST", people.Ada, "/api/notifications/read", undefined, { ids: [mine.items[0]!.id] });
      expect((await summary(people.Tess)).unread).toBe(2);
      const one = await call("read", "POST", people.Tess, "/api/notifications/read", undefined, { ids: [mine.items[0]!.id] });
      expect(((await one.json()) as NotificationSummary).unread).toBe(1);
      const all = await call("read", "POST", people.Tess, "/api/notifications/read", undefined, { all: true });
      expect(((await all.json()) as NotificationSummary).unread).toBe(0);
      expect((await inbox(people.Tess)).items.every((item) => item.read)).toBe(true);
      // Reading a task's comments reads the notices about it, and only those.
      await post(people.Owen, { body: "@Tess third" });
      const elsewhere = crypto.randomUUID();
      expect(
        (
          (await (
            await call("read", "POST", people.Tess, "/api/notifications/read", undefined, { taskId: elsewhere })
          ).json()) as NotificationSummary
        ).unread,
      ).toBe(1);
      const byTask = await call("read", "POST", people.Tess, "/api/notifications/read", undefined, { taskId });
      expect(((await byTask.json()) as NotificationSummary).unread).toBe(0);
      expect((await call("read", "POST", people.Tess, "/api/notifications/read", undefined, { ids: ["nope"] })).status).toBe(422);
      expect((await call("read", "POST", people.Tess, "/api/notifications/read", undefined, {})).status).toBe(422);
    });

    it("refuses bad bodies (422) and no session (401), writing nothing; a deleted task hides its comments and notices", async () => {
      const before = [await count("task_comments"), await count("notifications")];
      for (const [body, message] of [
        [{ body: "   " }, "Write a comment."],
        [{ body: "x".repeat(2001) }, "Keep a comment under 2,000 characters."],
        [{ body: "bad \u0007 bell @Tess" }, "control characters"],
        [{ text: "hello" }, "body"],
      ] as const) {
        const refused = await post(people.Owen, body);
        expect(refused.status, JSON.stringify(body).slice(0, 40)).toBe(422);
        expect(JSON.stringify(await refused.json())).toContain(message);
      }
      expect((await post(undefined, { body: "hi" })).status).toBe(401);
      expect((await post(people.Owen, { body: "hi" }, crypto.randomUUID())).status).toBe(404);
      expect([await count("task_comments"), await count("notifications")]).toEqual(before);

      await post(people.Owen, { body: "@Tess look before it goes" });
      expect((await summary(people.Tess)).unread).toBe(1);
      await database.execute(sql`update tasks set deleted_at = now() where id = ${taskId}`);
      expect((await call("comments", "GET", people.Tess, `/api/tasks/${taskId}/comments`, taskId)).status).toBe(404);
      expect((await post(people.Tess, { body: "still here?" })).status).toBe(404);
      expect(await summary(people.Tess)).toEqual({ unread: 0, newest: null });
      expect((await inbox(people.Tess)).items.filter((item) => item.task.id === taskId)).toEqual([]);
      await database.execute(sql`update tasks set deleted_at = null where id = ${taskId}`);
    });
  });
}

defineCommentsSuite(testDatabaseKind());
