import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import type { DbKind } from "../support/databases";
import { startApp, type AppFixture } from "../support/app";

// Password guessing: five failures for one email within 15 minutes lock it for 15 minutes from any
// source, unknown emails alike; the lock passes and the right password works again.

export function defineSignInThrottleSuite(kind: DbKind) {
  describe(`sign-in throttle on ${kind}`, () => {
    let app: AppFixture;
    let database: Db;
    let throttle: typeof import("@/lib/server/auth/throttle");

    beforeAll(async () => {
      app = await startApp(kind);
      database = await (await import("@/lib/server/db")).db();
      throttle = await import("@/lib/server/auth/throttle");
    });
    afterAll(async () => {
      await app?.stop();
    });

    it("locks an email after five failures within the window, for known and unknown emails alike", async () => {
      const start = new Date("2026-11-21T10:00:00Z");
      for (const email of ["known@example.com", "nobody-here@example.com"]) {
        for (let i = 0; i < throttle.MAX_FAILURES - 1; i++) {
          await throttle.recordFailure(database, email, new Date(start.getTime() + i * 60_000));
          expect(await throttle.lockedFor(database, email, new Date(start.getTime() + i * 60_000))).toBe(0);
        }
        const fifth = new Date(start.getTime() + 5 * 60_000);
        await throttle.recordFailure(database, ` ${email.toUpperCase()} `, fifth);
        // Locked for 15 minutes from the fifth failure, whatever the spelling of the address.
        expect(await throttle.lockedFor(database, email, fifth)).toBe(throttle.LOCK_SECONDS);
        expect(await throttle.lockedFor(database, email, new Date(fifth.getTime() + 14 * 60_000))).toBe(60);
        // Once the lock has passed, the email may try again.
        expect(await throttle.lockedFor(database, email, new Date(fifth.getTime() + throttle.LOCK_SECONDS * 1000))).toBe(0);
      }
    });

    it("does not lock for failures spread beyond the window, and a success clears the count", async () => {
      const email = "slow@example.com";
      const start = new Date("2026-11-21T12:00:00Z");
      for (let i = 0; i < 8; i++) await throttle.recordFailure(database, email, new Date(start.getTime() + i * 4 * 60_000));
      // Eight failures, but never five within 15 minutes of the first of a window.
      expect(await throttle.lockedFor(database, email, new Date(start.getTime() + 30 * 60_000))).toBe(0);
      for (let i = 0; i < 4; i++) await throttle.recordFailure(database, "cleared@example.com", start);
      await throttle.clearFailures(database, "cleared@example.com");
      await throttle.recordFailure(database, "cleared@example.com", start);
      expect(await throttle.lockedFor(database, "cleared@example.com", start)).toBe(0);
    });

    it("counts failures that arrive at the same moment from many sources", async () => {
      const now = new Date("2026-11-21T14:00:00Z");
      await Promise.all(Array.from({ length: 12 }, () => throttle.recordFailure(database, "storm@example.com", now)));
      expect(await throttle.lockedFor(database, "storm@example.com", now)).toBe(throttle.LOCK_SECONDS);
    });
  });
}
