import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createCallGate } from "@/lib/server/providers/gate";
import { providerCalls, providerState } from "@/lib/server/db/schema";
import { createTestDatabase, type DbKind, type TestDatabase } from "../support/databases";

// The call gate is shared through the database: two gates (two instances) together never pass more
// query calls than the budget in a minute, and a 429 or a run of failures stops both.

export function defineCallGateSuite(kind: DbKind) {
  describe(`provider call gate on ${kind}`, () => {
    let database: TestDatabase;
    const gate = (budget = 48) =>
      createCallGate(async () => database.db, {
        provider: "aivideomaker",
        label: "AIVideoMaker",
        queryBudgetPerMinute: budget,
        breakerFailures: 3,
        breakerSeconds: 60,
      });

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
  });
}
