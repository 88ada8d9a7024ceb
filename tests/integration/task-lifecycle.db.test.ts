import { createHash, randomUUID } from "node:crypto";
import fs from "node:fs";
import { eq, sql } from "drizzle-orm";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { providerCalls, providerState, tasks, taskEvents, type User } from "@/lib/server/db/schema";
import { resetEnvForTests } from "@/lib/server/env";
import { sandboxAivideomakerTasks } from "@/lib/server/sandbox/schema";
import { resetProvidersForTests } from "@/lib/server/providers/registry";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { startApp, type AppFixture } from "../support/app";
import { startAnswerGate } from "../support/answer-gate";
import { waitFor } from "../support/sandbox";
import { freePort } from "../support/free-port";

// The task lifecycle against a real database and the sandbox over HTTP: crash points of a create,
// the reconciler, cancellation races and the state machine's guarantees.

function defineLifecycleSuite(kind: DbKind) {
  describe(`task lifecycle on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let user: User;
    let modules: {
      createTask: typeof import("@/lib/server/tasks/create-task").createTask;
      cancelTask: typeof import("@/lib/server/tasks/cancel-task").cancelTask;
      submitTask: typeof import("@/lib/server/tasks/submit").submitTask;
      reconcileProvider: typeof import("@/lib/server/tasks/reconcile").reconcileProvider;
      transition: typeof import("@/lib/server/tasks/state-machine").transition;
      getProvider: typeof import("@/lib/server/providers/registry").getProvider;
      absolutePath: typeof import("@/lib/server/storage/files").absolutePath;
      archiveTask: typeof import("@/lib/server/tasks/archive").archiveTask;
    };
    const session = () => ({ id: user.id, name: user.name, email: user.email, role: user.role });
    const reconcile = (now?: Date) =>
      modules.reconcileProvider(database, modules.getProvider("aivideomaker"), { submitRetryAfterMs: 0, now });
    /** Ends a task a test held in the queue, so later tests' cycles do not count it. */
    const retire = (id: string) => database.update(tasks).set({ state: "canceled", finishedAt: new Date() }).where(eq(tasks.id, id));
    /**
     * The status in the provider's own record of a task, which the list may not match. Read from
     * the sandbox's store, not over its API, so waiting spends none of the per-IP query budget.
     */
    const ownStatus = async (id: string) => {
      const providerTaskId = (await readTask(id)).providerTaskId!;
      const [row] = await app.sandbox.database.db
        .select({ status: sandboxAivideomakerTasks.status })
        .from(sandboxAivideomakerTasks)
        .where(eq(sandboxAivideomakerTasks.id, providerTaskId));
      return row?.status;
    };
    const providerCalls_ = (path: RegExp, method = "GET") =>
      app.sandbox.requests.filter((request) => request.method === method && path.test(new URL(request.url).pathname)).length;
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
    const readTask = async (id: string) => (await database.select().from(tasks).where(eq(tasks.id, id)))[0]!;
    /** Waits until the provider itself reports these tasks finished, however slow the machine is. */
    const providerFinished = (ids: string[]) =>
      waitFor(async () => {
        const rows = await Promise.all(ids.map(readTask));
        const statuses = new Map((await ledger()).map((task) => [task.id, task.status]));
        return rows.every((row) => statuses.get(row.providerTaskId!) === "COMPLETED");
      });

    /** Runs `work` with AIVideoMaker pointed at another address, then points it back. */
    async function withProviderAt<T>(url: string, work: () => Promise<T>): Promise<T> {
      const realUrl = process.env.AIVIDEO_BASE_URL!;
      process.env.AIVIDEO_BASE_URL = url;
      resetEnvForTests();
      resetProvidersForTests();
      try {
        return await work();
      } finally {
        process.env.AIVIDEO_BASE_URL = realUrl;
        resetEnvForTests();
        resetProvidersForTests();
      }
    }

    /**
     * The state a process leaves when it dies right after writing the row: before any provider call,
     * or (`submitAttempts: 1`) after claiming an attempt and sending it.
     */
    async function orphanPendingRow(prompt: string, model = "t2v", submitAttempts = 0): Promise<string> {
      const id = randomUUID();
      await database.insert(tasks).values({
        id,
        ownerId: user.id,
        provider: "aivideomaker",
        model,
        sandbox: false,
        input: { prompt, aspectRatio: "16:9", duration: "5" },
        promptText: prompt,
        state: "pending",
        idempotencyKey: `cutroom-${id}`,
        submitAttempts,
        lastSubmitAt: new Date(Date.now() - 60_000),
      });
      return id;
    }

    beforeAll(async () => {
      // The provider's per-IP query limit is raised: waits here read the ledger often.
      app = await startApp(kind, { taskSeconds: 1, queryLimit: { limit: 1000, windowMs: 60_000 } });
      const { db } = await import("@/lib/server/db");
      database = await db();
      const { createUser } = await import("@/lib/server/users/service");
      user = await createUser(database, { name: "Lena", email: "lena@example.com", password: "lena password 1", role: "member" });
      modules = {
        createTask: (await import("@/lib/server/tasks/create-task")).createTask,
        cancelTask: (await import("@/lib/server/tasks/cancel-task")).cancelTask,
        submitTask: (await import("@/lib/server/tasks/submit")).submitTask,
        reconcileProvider: (await import("@/lib/server/tasks/reconcile")).reconcileProvider,
        transition: (await import("@/lib/server/tasks/state-machine")).transition,
        getProvider: (await import("@/lib/server/providers/registry")).getProvider,
        absolutePath: (await import("@/lib/server/storage/files")).absolutePath,
        archiveTask: (await import("@/lib/server/tasks/archive")).archiveTask,
      };
    });
    afterAll(async () => {
      await app?.stop();
    });
    beforeEach(async () => {
      app.sandbox.requests.length = 0;
      // Each test starts with a fresh call budget and no pause or open breaker.
      await database.delete(providerCalls);
      await database.delete(providerState);
      app.sandbox.sandbox.faults.set({});
    });

    it("runs a task from create to an archived video, with one list call per reconcile cycle", async () => {
      const created = await Promise.all(
        ["one", "two", "three"].map((prompt) =>
          modules.createTask(database, session(), {
            provider: "aivideomaker",
            model: "t2v",
            input: { prompt, aspectRatio: "16:9", duration: "5" },
          }),
        ),
      );
      expect(created.map((task) => task.state)).toEqual(["queued", "queued", "queued"]);
      await providerFinished(created.map((task) => task.id));
      app.sandbox.requests.length = 0;
      const report = await reconcile();
      expect(report).toMatchObject({ listed: true, updated: 3 });
      // One list call for all three; the list already carries each output, so no detail calls.
      expect(providerCalls_(/^\/api\/v1\/tasks$/)).toBe(1);
      expect(providerCalls_(/^\/api\/v1\/tasks\/[^/]+$/)).toBe(0);
      for (const task of created) {
        const row = await readTask(task.id);
        expect(row.state).toBe("succeeded");
        expect(row.mediaPath).toBeNull();
        // The copy is a job (retried with backoff); its handler streams the file into storage.
        expect(await modules.archiveTask(database, task.id)).toBe("archived");
        const archived = await readTask(task.id);
        expect(archived.mediaPath).toBe(`media/${task.id}.mp4`);
        const bytes = fs.readFileSync(modules.absolutePath(archived.mediaPath!));
        expect(bytes.length).toBe(archived.mediaBytes);
        expect(archived.mediaSha256).toBe(createHash("sha256").update(bytes).digest("hex"));
      }
      const jobs = await database.execute(sql`select count(*)::int as count from pgboss.job where name = 'archive'`);
      expect((jobs as unknown as { rows: { count: number }[] }).rows[0]!.count).toBe(3);
      // Nothing left in flight: the next cycle asks the provider nothing.
      app.sandbox.requests.length = 0;
      await reconcile();
      expect(app.sandbox.requests.length).toBe(0);
    });

    it("fetches a finished task's own record when the list does not carry its output", async () => {
      app.sandbox.sandbox.faults.set({ listOmitsOutput: true });
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "detail", aspectRatio: "16:9", duration: "5" },
      });
      await providerFinished([task.id]);
      app.sandbox.requests.length = 0;
      await reconcile();
      expect(providerCalls_(/^\/api\/v1\/tasks$/)).toBe(1);
      expect(providerCalls_(new RegExp(`^/api/v1/tasks/${(await readTask(task.id)).providerTaskId}$`))).toBe(1);
      expect((await readTask(task.id)).state).toBe("succeeded");
    });

    it("finishes tasks whose list entry never moves past SUBMITTED, by reading their own records once they are overdue", async () => {
      const created = await Promise.all(
        ["lagging one", "lagging two"].map((prompt) =>
          modules.createTask(database, session(), {
            provider: "aivideomaker",
            model: "t2v",
            input: { prompt, aspectRatio: "16:9", duration: "5" },
          }),
        ),
      );
      await waitFor(async () => (await Promise.all(created.map((task) => ownStatus(task.id)))).every((status) => status === "COMPLETED"));
      app.sandbox.sandbox.faults.set({ listStaysSubmitted: true });
      // Within the model's typical time (t2v: 390 s) the list is believed: one list call, no reads.
      app.sandbox.requests.length = 0;
      await reconcile();
      expect(providerCalls_(/^\/api\/v1\/tasks$/)).toBe(1);
      expect(providerCalls_(/^\/api\/v1\/tasks\/[^/]+$/)).toBe(0);
      for (const task of created) expect((await readTask(task.id)).state).toBe("queued");
      // Past it, each task's own record is read, and it says the truth.
      app.sandbox.requests.length = 0;
      const later = new Date(Date.now() + 400_000);
      expect(await reconcile(later)).toMatchObject({ updated: 2 });
      expect(providerCalls_(/^\/api\/v1\/tasks\/[^/]+$/)).toBe(2);
      for (const task of created) {
        expect(await readTask(task.id)).toMatchObject({ state: "succeeded", outputUrl: expect.stringMatching(/\.mp4(\?|$)/) });
      }
    });

    it("reads a task the list stalls on at most every 30 s, not on every cycle", async () => {
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "held and stalled [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
      });
      app.sandbox.sandbox.faults.set({ listStaysSubmitted: true });
      const later = Date.now() + 400_000;
      const ownReads = () => providerCalls_(new RegExp(`^/api/v1/tasks/${task.providerTaskId}$`));
      app.sandbox.requests.length = 0;
      await reconcile(new Date(later));
      await reconcile(new Date(later + 5_000));
      expect(ownReads()).toBe(1);
      await reconcile(new Date(later + 31_000));
      expect(ownReads()).toBe(2);
      expect((await readTask(task.id)).state).toBe("queued");
      await retire(task.id);
    });

    it("fails a task the provider does not know only after three checks minutes apart, naming a changed key", async () => {
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "made with another key [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
      });
      // As if the API key were changed: the provider has no record of this id.
      await database
        .update(tasks)
        .set({ providerTaskId: `gone-${randomUUID()}` })
        .where(eq(tasks.id, task.id));
      const start = Date.now();
      // Cycles seconds apart count once.
      for (const seconds of [0, 2, 4, 6]) await reconcile(new Date(start + seconds * 1000));
      expect(await readTask(task.id)).toMatchObject({ state: "queued", providerMissingCount: 1 });
      await reconcile(new Date(start + 2 * 60_000 + 7_000));
      expect(await readTask(task.id)).toMatchObject({ state: "queued", providerMissingCount: 2 });
      await reconcile(new Date(start + 4 * 60_000 + 8_000));
      const row = await readTask(task.id);
      expect(row).toMatchObject({ state: "failed", errorCode: "TASK_NOT_FOUND" });
      expect(row.errorMessage).toMatch(/API key was changed/);
      const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, task.id));
      expect(events.map((event) => event.message).join("\n")).toMatch(/at 3 checks over at least 4 minutes/);
    });

    it("believes only a cancelled status: a cancel answered with another status leaves the task followed to its real end", async () => {
      app.sandbox.sandbox.faults.set({ cancelAnswersWithStatus: true });
      const running = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "already started", aspectRatio: "16:9", duration: "5" },
      });
      const failing = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "doomed [sandbox:fail]", aspectRatio: "16:9", duration: "5" },
      });
      await waitFor(async () => (await ownStatus(running.id)) !== "SUBMITTED" && (await ownStatus(failing.id)) === "FAILED");
      // Cutroom has not heard yet (both still queued here), so it asks the provider to cancel.
      app.sandbox.requests.length = 0;
      await expect(modules.cancelTask(database, session(), running.id)).rejects.toThrow(
        /^Could not cancel: AIVideoMaker says it is already (running|finished)\.$/,
      );
      expect(providerCalls_(/\/cancel$/, "PUT")).toBe(1);
      expect(["running", "succeeded"]).toContain((await readTask(running.id)).state);
      // A cancel answered FAILED resolves the task as failed; it is not left running.
      await expect(modules.cancelTask(database, session(), failing.id)).rejects.toThrow(
        "Could not cancel: AIVideoMaker says it has already failed.",
      );
      expect(await readTask(failing.id)).toMatchObject({ state: "failed" });
      // The first is followed on to its end and its result kept.
      await waitFor(async () => (await ownStatus(running.id)) === "COMPLETED");
      await reconcile();
      const kept = await readTask(running.id);
      expect(kept.state).toBe("succeeded");
      expect(kept.creditsCharged).toBeGreaterThan(0);
      expect(kept.creditsRefunded ?? 0).toBe(0);
    });

    it("finishes a create that died before calling the provider, exactly once", async () => {
      const before = await ledger();
      const id = await orphanPendingRow("died before the call");
      const report = await reconcile();
      expect(report.resubmitted).toBe(1);
      const row = await readTask(id);
      expect(row.state).toBe("queued");
      const after = await ledger();
      expect(after.length).toBe(before.length + 1);
      expect(after.filter((task) => task.idempotencyKey === `cutroom-${id}`).map((task) => task.id)).toEqual([row.providerTaskId]);
    });

    it("does not charge twice when the provider accepted a create whose answer was lost", async () => {
      // Held in the provider's queue, so the adopted task is still queued there when it is read
      // back, however long this takes (without the hold it starts after 0.2 s).
      const prompt = "answer lost on the way back [sandbox:hold]";
      const id = await orphanPendingRow(prompt, "t2v", 1);
      // The dead process's request did reach the provider, with the task's idempotency key.
      const provider = modules.getProvider("aivideomaker");
      const first = await provider.submit(
        { model: "t2v", input: { prompt, aspectRatio: "16:9", duration: "5" }, images: {} },
        { idempotencyKey: `cutroom-${id}` },
      );
      expect(first.ok).toBe(true);
      const charged = await balance();
      const count = (await ledger()).length;

      await reconcile();
      const row = await readTask(id);
      expect(row.state).toBe("queued");
      expect(row.providerTaskId).toBe(first.ok ? first.data.providerTaskId : null);
      expect(await balance()).toBe(charged);
      expect((await ledger()).length).toBe(count);
      const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, id));
      // The list showed the provider task under this task's idempotency key: adopted, not re-sent.
      expect(events.map((event) => event.message)).toContain(
        "Found at the provider by its idempotency key (an earlier attempt had reached it).",
      );
      expect(providerCalls_(/^\/api\/v1\/generate\//, "POST")).toBe(1);
    });

    it("keeps a task pending while the provider is unreachable, then submits it with the same key", async () => {
      // Connection refused: the request surely never left (fetch's blocked port 1 gives no such proof).
      await withProviderAt(`http://127.0.0.1:${await freePort()}`, async () => {
        const task = await modules.createTask(database, session(), {
          provider: "aivideomaker",
          model: "t2v",
          input: { prompt: "network down", aspectRatio: "16:9", duration: "5" },
        });
        expect(task.state).toBe("pending");
        const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, task.id));
        expect(events.at(-1)!.message).toMatch(/could not be reached \(NETWORK_ERROR\)/);
        await reconcile();
        expect((await readTask(task.id)).state).toBe("pending");
      });
      const pending = (await database.select().from(tasks).where(eq(tasks.promptText, "network down")))[0]!;
      // The failures may have opened the circuit breaker; let its pause run out (tested on its own below).
      await database.update(providerState).set({ breakerOpenUntil: null, consecutiveFailures: 0 });
      await reconcile();
      const row = await readTask(pending.id);
      expect(row.state).toBe("queued");
      expect(row.submitAttempts).toBe(3);
      expect((await ledger()).filter((task) => task.idempotencyKey === `cutroom-${pending.id}`)).toHaveLength(1);
    });

    it("opens the circuit breaker after repeated failures, reports it, and closes it on the next success", async () => {
      const { providerHealth } = await import("@/lib/server/providers/gate");
      await withProviderAt("http://127.0.0.1:1", async () => {
        const client = modules.getProvider("aivideomaker");
        // A cancel is sent once per call (an account or price check would count nothing: it is optional).
        for (let attempt = 0; attempt < 5; attempt++) {
          expect(await client.cancel!("cktask00000000000000000")).toMatchObject({ ok: false, errorCode: "NETWORK_ERROR" });
        }
        // Open: calls are held back without touching the network.
        expect(await client.account()).toMatchObject({ ok: false, blocked: "breaker" });
        expect(await providerHealth(database, "aivideomaker")).toMatchObject({
          status: "degraded",
          consecutiveFailures: 5,
          lastError: "Could not reach AIVideoMaker.",
        });
      });
      app.sandbox.requests.length = 0;
      expect(await modules.getProvider("aivideomaker").account()).toMatchObject({ blocked: "breaker" });
      expect(app.sandbox.requests.length).toBe(0);
      // When the pause is over, the next success closes it.
      await database.update(providerState).set({ breakerOpenUntil: new Date(Date.now() - 1000) });
      expect((await modules.getProvider("aivideomaker").listTasks!()).ok).toBe(true);
      expect(await providerHealth(database, "aivideomaker")).toMatchObject({
        status: "ok",
        consecutiveFailures: 0,
        breakerOpenUntil: null,
      });
    });

    it("pauses every call after a 429 until its Retry-After has passed", async () => {
      app.sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 30, retryAfterSeconds: 20 } });
      const provider = modules.getProvider("aivideomaker");
      const calledAt = Date.now();
      const first = await provider.listTasks!();
      expect(first).toMatchObject({ ok: false, errorCode: "RATE_LIMITED", httpStatus: 429 });
      app.sandbox.requests.length = 0;
      expect(await provider.listTasks!()).toMatchObject({ ok: false, blocked: "paused" });
      expect(
        await provider.submit(
          { model: "t2v", input: { prompt: "x", aspectRatio: "16:9", duration: "5" }, images: {} },
          { idempotencyKey: "cutroom-paused-01" },
        ),
      ).toMatchObject({ blocked: "paused" });
      expect(app.sandbox.requests.length).toBe(0);
      const [state] = await database.select().from(providerState);
      // The pause runs from the 429's arrival: no sooner than 20 s after the first call began, and
      // no later than 20 s from now, however long the calls took.
      expect(state!.pausedUntil!.getTime()).toBeGreaterThanOrEqual(calledAt + 20_000);
      expect(state!.pausedUntil!.getTime()).toBeLessThanOrEqual(Date.now() + 20_000);
    });

    it("gives up on a create that could not be sent for 15 minutes", async () => {
      await withProviderAt(`http://127.0.0.1:${await freePort()}`, async () => {
        const id = await orphanPendingRow("stale");
        await database
          .update(tasks)
          .set({ createdAt: new Date(Date.now() - 16 * 60_000) })
          .where(eq(tasks.id, id));
        await reconcile();
        expect(await readTask(id)).toMatchObject({ state: "failed", errorCode: "NETWORK_ERROR" });
        // Nothing ever reached the provider: not worded as its refusal.
        const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, id));
        expect(events.at(-1)!.message).toMatch(
          /^Cutroom stopped trying to send the task after 16 minutes: Could not reach AIVideoMaker\.$/,
        );
      });
    });

    it("cancels a pending task locally and never submits it", async () => {
      const id = await orphanPendingRow("never send me");
      const before = (await ledger()).length;
      const outcome = await modules.cancelTask(database, session(), id);
      expect(outcome.task.state).toBe("canceled");
      await reconcile();
      expect((await readTask(id)).state).toBe("canceled");
      expect((await ledger()).length).toBe(before);
    });

    it("cancels at the provider a task that was cancelled while its create was in flight", async () => {
      // The create reaches the provider, whose answer is held back until the user's cancel is done.
      const gate = await startAnswerGate(
        app.sandbox.url,
        (method, pathname) => method === "POST" && pathname.startsWith("/api/v1/generate/"),
      );
      try {
        await withProviderAt(gate.url, async () => {
          // Held in the provider's queue, where a task can still be cancelled.
          const id = await orphanPendingRow("cancelled mid-flight [sandbox:hold]");
          const submitting = modules.submitTask(database, modules.getProvider("aivideomaker"), id);
          await gate.held;
          const canceled = await modules.cancelTask(database, session(), id);
          expect(canceled.task.state).toBe("canceled");
          gate.release();
          await submitting;
          const row = await readTask(id);
          expect(row.state).toBe("canceled");
          const remote = await app.sandbox.client().getTask(row.providerTaskId!);
          expect(remote.ok && remote.data.status).toBe("CANCEL");
          const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, id));
          expect(events.map((event) => event.message)).toEqual(
            expect.arrayContaining([
              "Cancelled by Lena before it reached the provider.",
              "The provider accepted it just as it was cancelled here; cancelled there too, 15 credits refunded.",
            ]),
          );
        });
      } finally {
        await gate.stop();
      }
    });

    it("expires a task past its deadline after one last look at the provider, and says why", async () => {
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "stuck [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
      });
      // t2v usually takes 390 s; the watchdog waits four times that (26 minutes).
      expect(Math.round((task.deadlineAt!.getTime() - task.createdAt.getTime()) / 1000)).toBe(4 * 390);
      await database
        .update(tasks)
        .set({ deadlineAt: new Date(Date.now() - 1000) })
        .where(eq(tasks.id, task.id));
      app.sandbox.requests.length = 0;
      const report = await reconcile();
      expect(report.expired).toBe(1);
      expect(providerCalls_(new RegExp(`^/api/v1/tasks/${task.providerTaskId}$`))).toBe(1);
      const row = await readTask(task.id);
      expect(row).toMatchObject({ state: "expired", errorCode: "EXPIRED" });
      expect(row.errorMessage).toMatch(/had not finished after \d+ minutes \(last status: SUBMITTED\)/);
      const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, task.id));
      expect(events.at(-1)).toMatchObject({ source: "watchdog", toState: "expired" });
    });

    it("recovers a late success of an expired task, looking again only after the late-result interval", async () => {
      // Held in the provider's queue, so the watchdog surely finds it unfinished.
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "late but fine [sandbox:hold]", aspectRatio: "16:9", duration: "5" },
      });
      await database
        .update(tasks)
        .set({ deadlineAt: new Date(Date.now() - 1000) })
        .where(eq(tasks.id, task.id));
      expect(await reconcile()).toMatchObject({ expired: 1, recovered: 0 });
      // The provider finishes it after all: its record now is a finished one (another task of the
      // same account stands in for the held one, which would take minutes).
      const late = await app.sandbox
        .client()
        .generate("t2v", { prompt: "late but fine", aspectRatio: "16:9", duration: "5" }, { idempotencyKey: "cutroom-late-result" });
      if (!late.ok) throw new Error(late.errorMessage);
      await database.update(tasks).set({ providerTaskId: late.taskId! }).where(eq(tasks.id, task.id));
      await providerFinished([task.id]);
      // The watchdog's look was the last for now: the next cycle does not ask about it again...
      app.sandbox.requests.length = 0;
      expect(await reconcile()).toMatchObject({ recovered: 0 });
      expect(providerCalls_(new RegExp(`^/api/v1/tasks/${late.taskId}$`))).toBe(0);
      expect((await readTask(task.id)).state).toBe("expired");
      // ...but once the interval has passed, it does, and applies the result that came late.
      await database
        .update(tasks)
        .set({ lastCheckedAt: new Date(Date.now() - 11 * 60_000) })
        .where(eq(tasks.id, task.id));
      expect(await reconcile()).toMatchObject({ recovered: 1 });
      expect(await readTask(task.id)).toMatchObject({
        state: "succeeded",
        outputUrl: expect.stringMatching(/\/media\/landscape-5s\.mp4\?task=/),
      });
    });

    it("never moves a terminal task, nor any task backwards", async () => {
      const id = await orphanPendingRow("state machine");
      const { transition } = modules;
      expect((await transition(database, id, "running", { source: "provider", message: "started" })).moved).toBe(true);
      expect((await transition(database, id, "queued", { source: "provider", message: "late queued" })).moved).toBe(false);
      expect((await transition(database, id, "running", { source: "provider", message: "duplicate" })).moved).toBe(false);
      expect((await transition(database, id, "succeeded", { source: "provider", message: "done" })).moved).toBe(true);
      for (const state of ["failed", "canceled", "expired", "running", "pending"] as const) {
        expect((await transition(database, id, state, { source: "provider", message: `late ${state}` })).moved).toBe(false);
      }
      const row = await readTask(id);
      expect(row.state).toBe("succeeded");
      expect(row.queuedAt).not.toBeNull();
      expect(row.startedAt).not.toBeNull();
      expect(row.finishedAt).not.toBeNull();
      const events = await database.select().from(taskEvents).where(eq(taskEvents.taskId, id));
      expect(events.map((event) => `${event.fromState}->${event.toState}`)).toEqual(["pending->running", "running->succeeded"]);
    });

    it("asks the provider nothing when the call budget is spent, or while a Retry-After pause lasts", async () => {
      const task = await modules.createTask(database, session(), {
        provider: "aivideomaker",
        model: "t2v",
        input: { prompt: "budget", aspectRatio: "16:9", duration: "5" },
      });
      await database.insert(providerCalls).values(Array.from({ length: 48 }, () => ({ provider: "aivideomaker", at: new Date() })));
      app.sandbox.requests.length = 0;
      const report = await reconcile();
      expect(report.skippedForBudget).toBe(true);
      expect(app.sandbox.requests.length).toBe(0);

      await database.delete(providerCalls);
      await database
        .insert(providerState)
        .values({ provider: "aivideomaker", pausedUntil: new Date(Date.now() + 30_000) })
        .onConflictDoUpdate({ target: providerState.provider, set: { pausedUntil: new Date(Date.now() + 30_000) } });
      await reconcile();
      expect(app.sandbox.requests.length).toBe(0);

      await database.delete(providerState);
      await waitFor(async () => {
        await reconcile();
        return (await readTask(task.id)).state === "succeeded";
      });
    });
  });
}

defineLifecycleSuite(testDatabaseKind());
