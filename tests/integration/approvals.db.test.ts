import { and, eq, inArray } from "drizzle-orm";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { auditLog, tasks, type Task, type User } from "@/lib/server/db/schema";
import { UNLIMITED } from "@/lib/shared/budgets";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, signedInPeople, startApp, type AppFixture } from "../support/app";

// Approval before money is spent, through the real routes, database and AIVideoMaker sandbox: a
// create above the threshold waits unsent with its hold counted; admins approve (it is sent) or
// refuse (nothing is sent) one or many with a note; an unanswered one expires.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const AVM = { provider: "aivideomaker", model: "t2v" } as const;
const PRICE = 15;
const noLimits = { teamMonthly: null, memberDaily: null, memberMonthly: null, defaultHold: null, approvalAbove: null };
const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });

function defineApprovalSuite(kind: DbKind) {
  describe(`approvals on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    const people: Record<string, { user: User; cookie: string }> = {};

    const create = async (who: string, prompt: string) => {
      const answer = await routes.tasks!.POST!(
        request("POST", "/api/tasks", { cookie: people[who]!.cookie, json: { ...AVM, input: clip(prompt) } }),
        params({}),
      );
      return { status: answer.status, body: await answer.json() };
    };
    const decide = async (who: string, json: unknown) => {
      const answer = await routes.approvals!.POST!(
        request("POST", "/api/admin/approvals", { cookie: people[who]!.cookie, json }),
        params({}),
      );
      return { status: answer.status, body: await answer.json() };
    };
    const row = async (id: string): Promise<Task> => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    const generateCalls = () => app.sandbox.sandbox.calls.filter((entry) => entry.endpoint === "generate").length;

    beforeAll(async () => {
      app = await startApp(kind);
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        approvals: await import("@/app/api/admin/approvals/route"),
        budget: await import("@/app/api/admin/budgets/[provider]/route"),
        cancel: await import("@/app/api/tasks/[id]/cancel/route"),
        task: await import("@/app/api/tasks/[id]/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      database = await db();
      Object.assign(
        people,
        await signedInPeople([
          ["Ada", "admin"],
          ["Bo", "member"],
          ["Cy", "member"],
        ]),
      );
      const saved = await routes.budget!.PUT!(
        request("PUT", "/api/admin/budgets/aivideomaker", {
          cookie: people.Ada!.cookie,
          json: {
            team: { ...noLimits, approvalAbove: PRICE - 1 },
            overrides: [{ userId: people.Cy!.user.id, memberDaily: null, memberMonthly: null, approvalAbove: UNLIMITED }],
          },
        }),
        params({ provider: "aivideomaker" }),
      );
      if (saved.status !== 200) throw new Error(`could not set the threshold: ${saved.status}`);
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("holds a create above the threshold unsent, with its hold counted, and lists it for admins", async () => {
      const before = generateCalls();
      const made = await create("Bo", "a clip above the threshold");
      expect(made.status).toBe(201);
      expect(made.body.task).toMatchObject({ state: "awaiting_approval", hold: { credits: PRICE, basis: "quote" } });
      expect(made.body.task.approval).toMatchObject({ decision: "awaiting", expiresAt: expect.any(String) });
      expect(generateCalls()).toBe(before);
      const { spendSums } = await import("@/lib/server/budgets/standing");
      const sums = await spendSums(
        database,
        { provider: "aivideomaker", sandbox: false, userId: people.Bo!.user.id, model: null },
        new Date(),
      );
      expect(sums["member-day"]).toBe(PRICE);
      // The same request again is the same request: a 409, not a second task waiting.
      expect((await create("Bo", "a clip above the threshold")).status).toBe(409);

      const listed = await routes.approvals!.GET!(request("GET", "/api/admin/approvals", { cookie: people.Ada!.cookie }), params({}));
      const items = (await listed.json()).items;
      expect(items).toEqual([
        expect.objectContaining({
          id: made.body.task.id,
          owner: { id: people.Bo!.user.id, name: "Bo" },
          providerLabel: "AIVideoMaker",
          expected: { credits: PRICE, basis: "quote" },
        }),
      ]);
      const asMember = await routes.approvals!.GET!(request("GET", "/api/admin/approvals", { cookie: people.Bo!.cookie }), params({}));
      expect(asMember.status).toBe(403);
      expect((await decide("Bo", { ids: [made.body.task.id], decision: "approve" })).status).toBe(403);
    });

    it("never holds back a member whose override says never, nor an admin", async () => {
      expect((await create("Cy", "Cy never waits [sandbox:hold]")).body.task.state).toBe("queued");
      expect((await create("Ada", "admins never wait [sandbox:hold]")).body.task.state).toBe("queued");
    });

    it("approves several at once with a note (each is sent), refuses another, and says what it did with each", async () => {
      const ids: string[] = [];
      for (const index of [1, 2, 3]) ids.push((await create("Bo", `waiting ${index} [sandbox:hold]`)).body.task.id);
      const before = generateCalls();
      const approved = await decide("Ada", { ids: ids.slice(0, 2), decision: "approve", note: "Go ahead, for the launch." });
      expect(approved.status).toBe(200);
      expect(approved.body.results.map((result: { outcome: string }) => result.outcome)).toEqual(["approved", "approved"]);
      expect(generateCalls() - before).toBe(2);
      for (const id of ids.slice(0, 2)) {
        expect(await row(id)).toMatchObject({
          state: "queued",
          approvalDecision: "approved",
          approvalDecidedBy: "Ada",
          approvalNote: "Go ahead, for the launch.",
          providerTaskId: expect.any(String),
        });
      }
      const refused = await decide("Ada", { ids: [ids[2], ids[0]], decision: "reject", note: "Too long; try 5 s." });
      expect(refused.body.results).toEqual([
        { id: ids[2], outcome: "rejected", message: "Refused; nothing was sent." },
        { id: ids[0], outcome: "not_waiting", message: "It is no longer waiting for approval (queued)." },
      ]);
      expect(await row(ids[2]!)).toMatchObject({ state: "canceled", errorCode: "APPROVAL_REFUSED", spendCredits: 0, providerTaskId: null });
      expect(generateCalls() - before).toBe(2);

      // The requester's view says who refused it and why.
      const view = await routes.task!.GET!(request("GET", `/api/tasks/${ids[2]}`, { cookie: people.Bo!.cookie }), params({ id: ids[2]! }));
      expect((await view.json()).task).toMatchObject({
        state: "canceled",
        approval: { decision: "rejected", by: "Ada", note: "Too long; try 5 s." },
        error: { code: "APPROVAL_REFUSED", message: "Refused by Ada: Too long; try 5 s." },
      });

      const audit = await database
        .select()
        .from(auditLog)
        .where(and(inArray(auditLog.action, ["approval_given", "approval_refused"]), inArray(auditLog.targetId, ids)));
      expect(audit.map((entry) => [entry.action, entry.targetId, entry.actorId]).sort()).toEqual(
        [
          ["approval_given", ids[0], people.Ada!.user.id],
          ["approval_given", ids[1], people.Ada!.user.id],
          ["approval_refused", ids[2], people.Ada!.user.id],
        ].sort(),
      );
      expect(audit.find((entry) => entry.action === "approval_refused")!.after).toMatchObject({ note: "Too long; try 5 s." });
    });

    it("never sends a waiting task made while its provider ran in the other mode (sandbox or live)", async () => {
      const made = await create("Bo", "made before the key changed [sandbox:hold]");
      const id = made.body.task.id as string;
      // As if the provider had been the sandbox when it was made, and has a real key now.
      await database.update(tasks).set({ sandbox: true }).where(eq(tasks.id, id));
      const before = generateCalls();
      const answer = await decide("Ada", { ids: [id], decision: "approve" });
      expect(answer.body.results).toEqual([
        {
          id,
          outcome: "not_waiting",
          message: "It was made while AIVideoMaker ran as the sandbox; ask for it to be generated again.",
        },
      ]);
      expect(generateCalls()).toBe(before);
      expect(await row(id)).toMatchObject({ state: "awaiting_approval", providerTaskId: null });
      // Its owner can still withdraw it.
      const withdrawn = await routes.cancel!.POST!(
        request("POST", `/api/tasks/${id}/cancel`, { cookie: people.Bo!.cookie }),
        params({ id }),
      );
      expect(withdrawn.status).toBe(200);
    });

    it("refuses a bad decision with field messages", async () => {
      const empty = await decide("Ada", { ids: [], decision: "approve" });
      expect(empty.status).toBe(422);
      expect(empty.body.error.fields).toEqual({ ids: "Choose at least one task." });
      const odd = await decide("Ada", { ids: ["00000000-0000-4000-8000-000000000000"], decision: "maybe" });
      expect(odd.body.error.fields).toEqual({ decision: "Say approve or reject." });
    });

    it("lets the requester withdraw a waiting task, and expires one nobody answered, both unsent", async () => {
      const before = generateCalls();
      const withdrawn = (await create("Bo", "withdrawn while waiting")).body.task.id;
      const canceled = await routes.cancel!.POST!(
        request("POST", `/api/tasks/${withdrawn}/cancel`, { cookie: people.Bo!.cookie }),
        params({ id: withdrawn }),
      );
      expect(canceled.status).toBe(200);
      expect(await row(withdrawn)).toMatchObject({ state: "canceled", spendCredits: 0 });

      const forgotten = (await create("Bo", "nobody answered")).body.task.id;
      const { expireApprovals } = await import("@/lib/server/budgets/approvals");
      // Not yet due: nothing happens.
      expect(await expireApprovals(database)).toBe(0);
      const { updateTask } = await import("@/lib/server/db/queries/tasks");
      await updateTask(database, forgotten, { approvalExpiresAt: new Date(Date.now() - 1000) });
      expect(await expireApprovals(database)).toBe(1);
      expect(await row(forgotten)).toMatchObject({
        state: "expired",
        errorCode: "APPROVAL_EXPIRED",
        approvalDecision: "expired",
        spendCredits: 0,
      });
      expect(generateCalls()).toBe(before);
      // Past its window but not yet swept: an approval expires it instead of sending it late.
      const late = (await create("Bo", "approved too late")).body.task.id;
      await updateTask(database, late, { approvalExpiresAt: new Date(Date.now() - 1000) });
      const tooLate = await decide("Ada", { ids: [late], decision: "approve" });
      expect(tooLate.body.results[0]).toMatchObject({ outcome: "not_waiting", message: expect.stringMatching(/has expired/) });
      expect(await row(late)).toMatchObject({ state: "expired", errorCode: "APPROVAL_EXPIRED" });
      expect(generateCalls()).toBe(before);
      // The sweep never ends a task an admin approved meanwhile.
      const approved = (await create("Bo", "approved in time [sandbox:hold]")).body.task.id;
      expect((await decide("Ada", { ids: [approved], decision: "approve" })).body.results[0].outcome).toBe("approved");
      await updateTask(database, approved, { approvalExpiresAt: new Date(Date.now() - 1000) });
      expect(await expireApprovals(database)).toBe(0);
      expect((await row(approved)).state).toBe("queued");
      // Expired is final for an approval: it cannot be approved afterwards.
      expect((await decide("Ada", { ids: [forgotten], decision: "approve" })).body.results[0].outcome).toBe("not_waiting");
    });
  });
}

defineApprovalSuite(testDatabaseKind());
