import { eq } from "drizzle-orm";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import type { Db } from "@/lib/server/db";
import { providerState, tasks, type User } from "@/lib/server/db/schema";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { params, request, sessionCookie, startApp, type AppFixture } from "../support/app";

// Limits that protect the team from one member, through the real routes, database and AIVideoMaker
// sandbox: a per-member limit on paid creates and on price checks (shared counters, so a burst sent
// at once gets exactly the limit through), one provider call for identical price checks, and a
// provider's 429 on a price check that fails that check only instead of pausing the provider.

type RouteModule = Record<string, (request: Request, context: { params: Promise<Record<string, string | string[]>> }) => Promise<Response>>;

const CREATE_LIMIT = 5;
const QUOTE_LIMIT = 5;
const PAUSE_MAX = 45;

function defineMemberLimitsSuite(kind: DbKind) {
  describe(`per-member limits on ${kind}`, () => {
    let app: AppFixture;
    let routes: Record<string, RouteModule>;
    let database: Db;
    const people: Record<string, { user: User; cookie: string }> = {};

    const call = (route: string, req: Request) => routes[route]!.POST!(req, params({}));
    const postTask = (who: string, input: Record<string, unknown>) =>
      call(
        "tasks",
        request("POST", "/api/tasks", { cookie: people[who]!.cookie, json: { provider: "aivideomaker", model: "t2v", input } }),
      );
    const postQuote = (who: string, input: Record<string, unknown>) =>
      call(
        "quotes",
        request("POST", "/api/quotes", { cookie: people[who]!.cookie, json: { provider: "aivideomaker", model: "t2v", input } }),
      );
    const sandboxCalls = (endpoint: string) => app.sandbox.sandbox.calls.filter((entry) => entry.endpoint === endpoint).length;
    const tasksOf = async (who: string) => database.select().from(tasks).where(eq(tasks.ownerId, people[who]!.user.id));
    const clip = (prompt: string) => ({ prompt, aspectRatio: "16:9", duration: "5" });

    /**
     * Holds the clock still at the start of a fresh minute, so a burst is counted in one window
     * however long the machine takes over it (the limits count per minute of the wall clock).
     */
    const freezeClockAtNextMinute = () => {
      const next = (Math.floor(Date.now() / 60_000) + 1) * 60_000 + 1000;
      vi.useFakeTimers({ toFake: ["Date"], now: next });
    };

    beforeAll(async () => {
      app = await startApp(kind);
      Object.assign(process.env, {
        CREATE_RATE_LIMIT: String(CREATE_LIMIT),
        QUOTE_RATE_LIMIT: String(QUOTE_LIMIT),
        PROVIDER_PAUSE_MAX_SECONDS: String(PAUSE_MAX),
      });
      (await import("@/lib/server/env")).resetEnvForTests();
      (await import("@/lib/server/providers/registry")).resetProvidersForTests();
      routes = {
        tasks: await import("@/app/api/tasks/route"),
        quotes: await import("@/app/api/quotes/route"),
      } as unknown as Record<string, RouteModule>;
      const { db } = await import("@/lib/server/db");
      const { createUser } = await import("@/lib/server/users/service");
      database = await db();
      for (const name of ["Milo", "Olga", "Pia", "Quinn"]) {
        const user = await createUser(database, {
          name,
          email: `${name.toLowerCase()}@example.com`,
          password: `${name} password 1`,
          role: "member",
        });
        people[name] = { user, cookie: await sessionCookie(user) };
      }
    });
    afterEach(() => {
      vi.useRealTimers();
      app.sandbox.sandbox.faults.set({});
    });
    afterAll(async () => {
      for (const name of ["CREATE_RATE_LIMIT", "QUOTE_RATE_LIMIT", "PROVIDER_PAUSE_MAX_SECONDS"]) delete process.env[name];
      await app?.stop();
    });

    it("lets exactly the limit of 40 creates sent at once through: no row and no provider call for the rest", async () => {
      const generatesBefore = sandboxCalls("generate");
      freezeClockAtNextMinute();
      const answers = await Promise.all(Array.from({ length: 40 }, (_, index) => postTask("Milo", clip(`burst ${index} [sandbox:hold]`))));
      const statuses = answers.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 201)).toHaveLength(CREATE_LIMIT);
      expect(statuses.filter((status) => status === 429)).toHaveLength(40 - CREATE_LIMIT);

      const refused = answers.find((answer) => answer.status === 429)!;
      const body = (await refused.json()).error;
      expect(body.code).toBe("RATE_LIMITED");
      // Which limit, and when it resets: the window is the minute the clock is held at.
      expect(body.message).toBe(`New videos per member: at most ${CREATE_LIMIT} per minute. Try again in 59 s.`);
      expect(refused.headers.get("retry-after")).toBe("59");
      expect(body.details).toMatchObject({ limit: CREATE_LIMIT, windowSeconds: 60, resetAt: new Date(Date.now() + 59_000).toISOString() });

      expect(await tasksOf("Milo")).toHaveLength(CREATE_LIMIT);
      expect(sandboxCalls("generate") - generatesBefore).toBe(CREATE_LIMIT);

      // Another member's allowance is their own.
      const theirs = await postTask("Olga", clip("not part of the burst [sandbox:hold]"));
      expect(theirs.status).toBe(201);
      expect((await theirs.json()).task.state).toBe("queued");
    });

    it("gives back the place of a create that made nothing (a duplicate of one in flight)", async () => {
      freezeClockAtNextMinute();
      const first = await postTask("Pia", clip("the same clip [sandbox:hold]"));
      expect(first.status).toBe(201);
      for (let repeat = 0; repeat < CREATE_LIMIT + 2; repeat++) {
        expect((await postTask("Pia", clip("the same clip [sandbox:hold]"))).status).toBe(409);
      }
      for (let other = 1; other < CREATE_LIMIT; other++) {
        expect((await postTask("Pia", clip(`another clip ${other} [sandbox:hold]`))).status).toBe(201);
      }
      expect((await postTask("Pia", clip("one too many [sandbox:hold]"))).status).toBe(429);
    });

    it("prices identical checks with one provider call, and limits each member's other checks", async () => {
      freezeClockAtNextMinute();
      const quotesBefore = sandboxCalls("quote");
      const same = await Promise.all(Array.from({ length: 40 }, () => postQuote("Milo", clip("one price, asked 40 times"))));
      expect(same.map((answer) => answer.status)).toEqual(Array(40).fill(200));
      const prices = await Promise.all(same.map(async (answer) => (await answer.json()).quote.credits));
      expect(new Set(prices)).toEqual(new Set([15]));
      expect(sandboxCalls("quote") - quotesBefore).toBe(1);
      // Another member asking the same is answered from the same price.
      expect((await postQuote("Olga", clip("one price, asked 40 times"))).status).toBe(200);
      expect(sandboxCalls("quote") - quotesBefore).toBe(1);

      // Different checks each reach the provider, up to the member's limit (one place is spent above).
      const different = await Promise.all(Array.from({ length: 40 }, (_, index) => postQuote("Milo", clip(`price ${index}`))));
      const statuses = different.map((answer) => answer.status);
      expect(statuses.filter((status) => status === 200)).toHaveLength(QUOTE_LIMIT - 1);
      expect(statuses.filter((status) => status === 429)).toHaveLength(40 - (QUOTE_LIMIT - 1));
      expect(sandboxCalls("quote") - quotesBefore).toBe(QUOTE_LIMIT);
      const refused = (await different.find((answer) => answer.status === 429)!.json()).error;
      expect(refused).toMatchObject({
        code: "RATE_LIMITED",
        message: `Price checks per member: at most ${QUOTE_LIMIT} per minute. Try again in 59 s.`,
      });
      // A price already given is still given to the member who is out of checks.
      expect((await postQuote("Milo", clip("one price, asked 40 times"))).status).toBe(200);
      expect((await postQuote("Olga", clip("Olga's own price"))).status).toBe(200);
    });

    it("fails only the price checks when the provider answers them 429 with Retry-After: 900", async () => {
      await database.delete(providerState);
      app.sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 600, retryAfterSeconds: 900, endpoints: ["quote"] } });
      const busy = await Promise.all(Array.from({ length: 3 }, (_, index) => postQuote("Quinn", clip(`busy price ${index}`))));
      for (const answer of busy) {
        expect(answer.status).toBe(429);
        expect(answer.headers.get("retry-after")).toBe(String(PAUSE_MAX));
        expect((await answer.json()).error).toMatchObject({
          code: "RATE_LIMITED",
          message: `AIVideoMaker is busy right now and could not price this. Try again in ${PAUSE_MAX} s.`,
          details: { limit: "provider" },
        });
      }
      const { providerHealth } = await import("@/lib/server/providers/gate");
      expect(await providerHealth(database, "aivideomaker")).toMatchObject({ status: "ok", pausedUntil: null });

      // Creates and status reads for everyone else go on.
      const created = await postTask("Olga", clip("made while the quotes are refused [sandbox:hold]"));
      expect(created.status).toBe(201);
      const task = (await created.json()).task;
      expect(task.state).toBe("queued");
      const { getProvider } = await import("@/lib/server/providers/registry");
      const [row] = await database.select().from(tasks).where(eq(tasks.id, task.id));
      const status = await getProvider("aivideomaker").fetchTask(row!.providerTaskId!);
      expect(status).toMatchObject({ ok: true, data: { providerStatus: "SUBMITTED" } });

      // skills.video prices from the balance: its 429 fails the check at once and pauses nothing either.
      app.skillsVideo.sandbox.faults.set({ rateLimitStorm: { seconds: 600, retryAfterSeconds: 900 } });
      try {
        const skills = await call(
          "quotes",
          request("POST", "/api/quotes", {
            cookie: people.Quinn!.cookie,
            json: { provider: "skills-video", model: "kling-ai/kling-v2.6", input: { prompt: "a busy balance" } },
          }),
        );
        expect(skills.status).toBe(429);
        expect((await skills.json()).error.message).toBe(
          `skills.video is busy right now and could not price this. Try again in ${PAUSE_MAX} s.`,
        );
        expect(await providerHealth(database, "skills-video")).toMatchObject({ status: "ok", pausedUntil: null });
      } finally {
        app.skillsVideo.sandbox.faults.set({});
      }
    });

    it("pauses the provider for a create's 429, but no longer than PROVIDER_PAUSE_MAX_SECONDS", async () => {
      await database.delete(providerState);
      app.sandbox.sandbox.faults.set({ rateLimitStorm: { seconds: 600, retryAfterSeconds: 900, endpoints: ["generate"] } });
      const created = await postTask("Quinn", clip("refused by the provider [sandbox:hold]"));
      expect(created.status).toBe(201);
      const { providerHealth } = await import("@/lib/server/providers/gate");
      const health = await providerHealth(database, "aivideomaker");
      expect(health.status).toBe("paused");
      const seconds = (new Date(health.pausedUntil!).getTime() - Date.now()) / 1000;
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(PAUSE_MAX);
      await database.delete(providerState);
    });
  });
}

defineMemberLimitsSuite(testDatabaseKind());
