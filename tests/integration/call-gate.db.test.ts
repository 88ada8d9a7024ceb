import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallGate, providerHealth } from "@/lib/server/providers/gate";
import { providerCalls, providerState } from "@/lib/server/db/schema";
import { createTestDatabase, testDatabaseKind, type DbKind, type TestDatabase } from "../support/databases";

// The call gate is shared through the database: two gates (two instances) together never pass more
// query calls than the budget in a minute, and a 429 or a run of failures stops both. A 429's pause
// is capped, and optional calls (price checks) never pause or trip anything for the others.

function defineCallGateSuite(kind: DbKind) {
  describe(`provider call gate on ${kind}`, () => {
    let database: TestDatabase;
    const gate = (budget = 48) =>
      createCallGate(async () => database.db, {
        provider: "aivideomaker",
        label: "AIVideoMaker",
        queryBudgetPerMinute: budget,
        breakerFailures: 3,
        breakerSeconds: 60,
        pauseMaxSeconds: 60,
      });
    const pausedFor = async () => {
      const { pausedUntil } = await providerHealth(database.db, "aivideomaker");
      return pausedUntil ? (new Date(pausedUntil).getTime() - Date.now()) / 1000 : 0;
    };

    beforeAll(async () => {
      database = await createTestDatabase(kind);
    });
    afterAll(async () => {
      await database?.close();
    });

    it("lets two instances together take the budget and no more", async () => {
      await database.db.delete(providerCalls);
      const [first, second] = [gate(), gate()];
      const attempts = await Promise.all(Array.from({ length: 120 }, (_, index) => (index % 2 ? first : second).before("query")));
      const passed = attempts.filter((result) => result === null).length;
      expect(passed).toBe(48);
      const refused = attempts.find((result) => result !== null)!;
      expect(refused).toMatchObject({ ok: false, blocked: "budget", errorCode: "RATE_LIMITED", httpStatus: 0 });
      expect(refused.retryAfter).toBeGreaterThan(50);
      // Commands (creates, cancels) do not spend the query budget.
      expect(await first.before("command")).toBeNull();
    });

    it("pauses every instance after a 429, and opens the breaker after repeated failures", async () => {
      await database.db.delete(providerCalls);
      await database.db.delete(providerState);
      const [first, second] = [gate(), gate()];
      await first.before("query");
      await first.after("query", { transient: false, retryAfter: 30, httpStatus: 429 });
      expect(await second.before("command")).toMatchObject({ blocked: "paused" });

      await database.db.delete(providerState);
      for (let failure = 0; failure < 3; failure++) {
        expect(await first.before("command")).toBeNull();
        await first.after("command", { transient: true, retryAfter: null, httpStatus: 503 });
      }
      expect(await second.before("query")).toMatchObject({ blocked: "breaker", errorCode: "NETWORK_ERROR" });
    });

    it("pauses for the provider's Retry-After up to the cap, never for 15 minutes", async () => {
      await database.db.delete(providerState);
      const first = gate();
      await first.before("command");
      await first.after("command", { transient: false, retryAfter: 900, httpStatus: 429 });
      expect(await gate().before("query")).toMatchObject({ blocked: "paused" });
      // Measured against the database clock's own pause, with room for a slow machine on one side only.
      const seconds = await pausedFor();
      expect(seconds).toBeGreaterThan(0);
      expect(seconds).toBeLessThanOrEqual(60);
      // A shorter Retry-After never shortens the pause already set; a second long one never extends it past the cap.
      await first.after("query", { transient: false, retryAfter: 5, httpStatus: 429 });
      expect(await pausedFor()).toBeGreaterThan(5);
      await first.after("query", { transient: false, retryAfter: 3600, httpStatus: 429 });
      expect(await pausedFor()).toBeLessThanOrEqual(60);
    });

    it("lets an optional call's 429 or failures stop nothing for the others, while it obeys a pause", async () => {
      await database.db.delete(providerCalls);
      await database.db.delete(providerState);
      const [member, others] = [gate(), gate()];
      for (let call = 0; call < 5; call++) {
        expect(await member.before("optional")).toBeNull();
        await member.after("optional", { transient: false, retryAfter: 900, httpStatus: 429 });
      }
      for (let failure = 0; failure < 5; failure++) {
        await member.after("optional", { transient: true, retryAfter: null, httpStatus: 503 });
      }
      expect(await others.before("command")).toBeNull();
      expect(await others.before("query")).toBeNull();
      expect(await providerHealth(database.db, "aivideomaker")).toMatchObject({ status: "ok", pausedUntil: null, consecutiveFailures: 0 });

      // Optional calls spend no query budget, and wait out a pause the team's own calls set.
      expect((await providerHealth(database.db, "aivideomaker")).queryCallsLastMinute).toBe(1);
      await others.after("query", { transient: false, retryAfter: 30, httpStatus: 429 });
      expect(await member.before("optional")).toMatchObject({ blocked: "paused", errorCode: "RATE_LIMITED" });
    });
  });
}

defineCallGateSuite(testDatabaseKind());
