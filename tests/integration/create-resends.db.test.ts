import { randomUUID } from "node:crypto";
import { eq } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { providerCalls, providerState, tasks, taskEvents, type Task, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { startApp, type AppFixture } from "../support/app";

// Creates answered with a server error, against a real database and the sandboxes over HTTP: a
// bounded number of resends with the same key, spaced minutes apart (the wait is a column, moved
// back here instead of waited out), then SUBMIT_UNCONFIRMED in honest words; a create the
// provider made before answering 500 found again (list adoption by key, or a replay); a provider
// without an idempotency key never resent.

const HONEST = "The provider answered with an error; Cutroom could not confirm whether the task exists.";

function defineCreateResendSuite(kind: DbKind) {
  describe(`creates answered 5xx on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let user: User;
    let modules: {
      createTask: typeof import("@/lib/server/tasks/create-task").createTask;
      reconcileProvider: typeof import("@/lib/server/tasks/reconcile").reconcileProvider;
      getProvider: typeof import("@/lib/server/providers/registry").getProvider;
      adviceFor: typeof import("@/lib/server/tasks/advice").adviceFor;
      RESEND_DELAYS_MS: typeof import("@/lib/server/tasks/submit-policy").RESEND_DELAYS_MS;
    };
    const session = () => ({ id: user.id, name: user.name, email: user.email, role: user.role });
    const aivideomaker = () => modules.getProvider("aivideomaker");
    /** One reconcile cycle as the workers run it (the provider's real attempt window). */
    const reconcile = (provider = aivideomaker(), now?: Date) =>
      modules.reconcileProvider(database, provider, { submitRetryAfterMs: provider.submitWindowMs, ...(now ? { now } : {}) });
    const readTask = async (id: string): Promise<Task> => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    const eventsOf = async (id: string) =>
      (await database.select().from(taskEvents).where(eq(taskEvents.taskId, id))).map((event) => event.message);
    /** As if the resend wait (and the last attempt) were long over: time moved, not waited. */
    const makeDue = (id: string) =>
      database
        .update(tasks)
        .set({ submitRetryAt: new Date(Date.now() - 1000), lastSubmitAt: new Date(Date.now() - 60 * 60_000) })
        .where(eq(tasks.id, id));
    /** The sandbox's own log of the calls it answered (GET /_sandbox/calls), as another process would read it. */
    async function sandboxCalls(url: string, headers: Record<string, string>, since: number) {
      const response = await fetch(`${url}/_sandbox/calls?since=${since}`, { headers });
      expect(response.status).toBe(200);
      return ((await response.json()) as { calls: { endpoint: string; status: number }[] }).calls;
    }
    const generateCalls = async (since: number) =>
      (await sandboxCalls(app.sandbox.url, { key: "sandbox-test-key" }, since)).filter((call) => call.endpoint === "generate");
    const ledger = async () => {
      const result = await app.sandbox.client().listTasks();
      if (!result.ok) throw new Error(result.errorMessage);
      return result.data.tasks;
    };
    const balance = async () => {
      const result = await app.sandbox.client().account();
      if (!result.ok) throw new Error(result.errorMessage);
      return result.data.currentBalance!;
    };
    const createT2v = (prompt: string) =>
      modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt, aspectRatio: "16:9", duration: "5" },
      });

    beforeAll(async () => {
      app = await startApp(kind, { taskSeconds: 1 });
      const { db } = await import("@/lib/server/db");
      database = await db();
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Rhea", email: "rhea@example.com", password: "rhea password 1", role: "member" });
      modules = {
        createTask: (await import("@/lib/server/tasks/create-task")).createTask,
        reconcileProvider: (await import("@/lib/server/tasks/reconcile")).reconcileProvider,
        getProvider: (await import("@/lib/server/providers/registry")).getProvider,
        adviceFor: (await import("@/lib/server/tasks/advice")).adviceFor,
        RESEND_DELAYS_MS: (await import("@/lib/server/tasks/submit-policy")).RESEND_DELAYS_MS,
      };
    });
    afterAll(async () => {
      await app?.stop();
    });
    beforeEach(async () => {
      // Fresh call budget, no pause, no open breaker (repeated 500s open it on purpose).
      await database.delete(providerCalls);
      await database.delete(providerState);
      app.sandbox.sandbox.faults.set({});
      app.apidot.sandbox.faults.set({});
    });

    it("resends a create answered 500 three times, minutes apart, then ends SUBMIT_UNCONFIRMED in honest words", async () => {
      const since = Date.now();
      const before = { balance: await balance(), tasks: (await ledger()).length };
      app.sandbox.sandbox.faults.set({ errorRate: { generate: 1 } });
      const created = await createT2v("answered 500 every time");
      expect(created.state).toBe("pending");
      expect(created.submitErrors).toBe(1);

      const delays = modules.RESEND_DELAYS_MS;
      for (let resend = 1; resend <= delays.length; resend++) {
        const row = await readTask(created.id);
        expect(row.state).toBe("pending");
        // Spaced by the schedule, from the answer (which came after the attempt was claimed).
        expect(row.submitRetryAt!.getTime() - row.lastSubmitAt!.getTime()).toBeGreaterThanOrEqual(delays[resend - 1]!);
        expect((await eventsOf(created.id)).at(-1)).toMatch(
          new RegExp(
            `answered with an error \\(HTTP 500\\)\\. It may have made the task: .* same key in .* \\(resend ${resend} of 3\\)\\.$`,
          ),
        );
        // Not before its time, even with the last attempt long past: nothing is sent.
        await database
          .update(tasks)
          .set({ lastSubmitAt: new Date(Date.now() - 60 * 60_000) })
          .where(eq(tasks.id, created.id));
        await reconcile(aivideomaker(), new Date(row.submitRetryAt!.getTime() - 1));
        expect(await generateCalls(since)).toHaveLength(resend);
        // Its time has come: sent again, with the same key, and answered 500 again.
        await database.delete(providerState);
        await makeDue(created.id);
        await reconcile();
        expect(await generateCalls(since)).toHaveLength(resend + 1);
      }

      const ended = await readTask(created.id);
      expect(ended).toMatchObject({
        state: "failed",
        errorCode: "SUBMIT_UNCONFIRMED",
        errorMessage: HONEST,
        submitErrors: 4,
        submitAttempts: 4,
      });
      const events = await eventsOf(created.id);
      expect(events.at(-1)).toBe(
        "AIVideoMaker answered with an error (HTTP 500). 4 sends with the same idempotency key got no clear answer; Cutroom stopped sending it.",
      );
      // A 5xx is never worded as a refusal.
      expect(events.some((message) => /refused/i.test(message))).toBe(false);
      const advice = modules.adviceFor(ended.errorCode, {
        sandbox: false,
        providerLabel: "AIVideoMaker",
        provider: "aivideomaker",
        output: "video",
        refunded: null,
      });
      expect(advice).toMatch(/^Check the AIVideoMaker dashboard before re-running/);
      expect(advice).not.toMatch(/refund/i);

      // Bounded: the first send and three resends, all answered 500, and nothing after the end.
      await makeDue(created.id);
      await reconcile();
      const calls = await generateCalls(since);
      expect(calls.map((call) => call.status)).toEqual([500, 500, 500, 500]);
      expect({ balance: await balance(), tasks: (await ledger()).length }).toEqual(before);
    });

    it("adopts a task the provider made before answering 500, from the list entry that carries its key: one task, charged once", async () => {
      const since = Date.now();
      const before = { balance: await balance(), tasks: (await ledger()).length };
      // Every new create is made, charged and then answered 500.
      app.sandbox.sandbox.faults.set({ errorAfterCreateRate: 1 });
      // Held in the provider's queue, so the adopted task is still queued when it is read back.
      const created = await createT2v("made, then answered 500 [sandbox:hold]");
      expect(created).toMatchObject({ state: "pending", submitErrors: 1 });
      const made = (await ledger()).filter((task) => task.idempotencyKey === created.idempotencyKey);
      expect(made).toHaveLength(1);

      await makeDue(created.id);
      const report = await reconcile();
      expect(report.adopted).toBe(1);
      const row = await readTask(created.id);
      expect(row).toMatchObject({ state: "queued", providerTaskId: made[0]!.id, creditsCharged: 5 });
      expect(await eventsOf(created.id)).toContain("Found at the provider by its idempotency key (an earlier attempt had reached it).");
      // Found, not sent again: one create call, one task, one charge.
      expect(await generateCalls(since)).toHaveLength(1);
      expect({ balance: await balance(), tasks: (await ledger()).length }).toEqual({
        balance: before.balance - 5,
        tasks: before.tasks + 1,
      });
    });

    it("when the list does not carry keys, finds that task by resending with the same key: one task, charged once", async () => {
      const since = Date.now();
      const before = { balance: await balance(), tasks: (await ledger()).length };
      app.sandbox.sandbox.faults.set({ errorAfterCreateRate: 1, listOmitsIdempotencyKey: true });
      const created = await createT2v("made, then answered 500, listed without key [sandbox:hold]");
      expect(created).toMatchObject({ state: "pending", submitErrors: 1 });
      const listed = await ledger();
      expect(listed).toHaveLength(before.tasks + 1);
      // The list shows the new task, but nothing in it says whose: it is not adopted on a guess.
      expect(listed.some((task) => "idempotencyKey" in task)).toBe(false);

      await makeDue(created.id);
      const report = await reconcile();
      expect(report).toMatchObject({ adopted: 0, resubmitted: 1 });
      const row = await readTask(created.id);
      expect(row.state).toBe("queued");
      expect(listed.map((task) => task.id)).toContain(row.providerTaskId);
      expect(await eventsOf(created.id)).toContain("Accepted by the provider (an earlier attempt had already reached it).");
      expect((await generateCalls(since)).map((call) => call.status)).toEqual([500, 200]);
      expect({ balance: await balance(), tasks: (await ledger()).length }).toEqual({
        balance: before.balance - 5,
        tasks: before.tasks + 1,
      });
    });

    it("keeps a 4xx a refusal in the provider's words, noting an earlier attempt that got no clear answer", async () => {
      app.sandbox.sandbox.faults.set({ listOmitsIdempotencyKey: true });
      const id = randomUUID();
      const input = { prompt: "conflicting key", aspectRatio: "16:9", duration: "5" };
      // Another body already went out under this task's key (nothing Cutroom does; the provider's word is tested).
      const other = await aivideomaker().submit(
        { model: "t2v", input: { ...input, prompt: "another body" }, images: {} },
        { idempotencyKey: `cutroom-${id}` },
      );
      expect(other.ok).toBe(true);
      await database.insert(tasks).values({
        id,
        ownerId: user.id,
        provider: "aivideomaker",
        model: "t2v",
        sandbox: false,
        input,
        promptText: input.prompt,
        state: "pending",
        idempotencyKey: `cutroom-${id}`,
        submitAttempts: 1,
        submitErrors: 1,
        lastSubmitAt: new Date(Date.now() - 60 * 60_000),
        submitRetryAt: new Date(Date.now() - 1000),
      });
      await reconcile();
      const row = await readTask(id);
      expect(row).toMatchObject({
        state: "failed",
        errorCode: "IDEMPOTENCY_CONFLICT",
        errorMessage: "This Idempotency-Key was already used with a different request body.",
      });
      expect((await eventsOf(id)).at(-1)).toBe(
        "The provider refused the task: This Idempotency-Key was already used with a different request body. An earlier attempt got no clear answer: check the AIVideoMaker dashboard in case it made the task.",
      );
    });

    it("never resends a create answered 500 by a provider without an idempotency key", async () => {
      const since = Date.now();
      app.apidot.sandbox.faults.set({ errorRate: { submit: 1 } });
      const created = await modules.createTask(database, session(), {
        provider: "apidot",
        model: "seedance-2-fast",
        input: { prompt: "answered 500 once", duration: "5", resolution: "480p" },
      });
      expect(created).toMatchObject({
        state: "failed",
        errorCode: "SUBMIT_UNCONFIRMED",
        errorMessage: HONEST,
        submitErrors: 1,
        providerStatus: null,
      });
      expect((await eventsOf(created.id)).at(-1)).toBe(
        "APIDot answered with an error (HTTP 500). It may have made the task, and APIDot documents no idempotency key, so it was not sent again: a second one could be charged twice.",
      );
      await makeDue(created.id);
      await reconcile(modules.getProvider("apidot"));
      const submits = (await sandboxCalls(app.apidot.url, { authorization: `Bearer ${apidotKey()}` }, since)).filter(
        (call) => call.endpoint === "submit",
      );
      expect(submits.map((call) => call.status)).toEqual([500]);
    });
  });
}

const apidotKey = () => process.env.APIDOT_API_KEY!;

defineCreateResendSuite(testDatabaseKind());
