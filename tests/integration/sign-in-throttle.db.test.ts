import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Db } from "@/lib/server/db";
import { testDatabaseKind, type DbKind } from "../support/databases";
import { startApp, type AppFixture } from "../support/app";

// Password guessing, counted before the password is checked: at most 10 attempts per account per
// hour from unknown devices (unknown emails alike), and 5 per 15 minutes from each device that has
// signed in to the account before, which a stranger's guesses never use up.

function defineSignInThrottleSuite(kind: DbKind) {
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

    const reserve = (email: string, deviceId: string | null, at: Date) => throttle.reserveSignInAttempt(database, email, deviceId, at);

    it("refuses the eleventh attempt of an hour from unknown devices, for known and unknown emails alike", async () => {
      const start = new Date("2026-11-21T10:00:00Z");
      for (const email of ["known@example.com", "nobody-here@example.com"]) {
        for (let i = 0; i < throttle.ACCOUNT_LIMIT; i++) {
          expect((await reserve(email, null, new Date(start.getTime() + i * 60_000))).allowed).toBe(true);
        }
        // Another spelling of the same address is the same account.
        const refused = await reserve(` ${email.toUpperCase()} `, null, new Date(start.getTime() + 15 * 60_000));
        expect(refused).toEqual({ allowed: false, retryAfterSeconds: 45 * 60 });
        // The next hour starts afresh.
        expect((await reserve(email, null, new Date(start.getTime() + 60 * 60_000))).allowed).toBe(true);
      }
    });

    it("lets exactly the allowance through when 30 guesses arrive at once", async () => {
      const now = new Date("2026-11-21T14:00:00Z");
      const results = await Promise.all(Array.from({ length: 30 }, () => reserve("storm@example.com", null, now)));
      expect(results.filter((result) => result.allowed)).toHaveLength(throttle.ACCOUNT_LIMIT);
      const device = throttle.issueDeviceCookie("storm@example.com").split(".")[0]!;
      const onDevice = await Promise.all(Array.from({ length: 30 }, () => reserve("storm@example.com", device, now)));
      expect(onDevice.filter((result) => result.allowed)).toHaveLength(throttle.DEVICE_LIMIT);
    });

    it("keeps a known device open while strangers have spent the account's allowance", async () => {
      const now = new Date("2026-11-21T16:00:00Z");
      const email = "owner@example.com";
      for (let i = 0; i < throttle.ACCOUNT_LIMIT; i++) await reserve(email, null, now);
      expect((await reserve(email, null, now)).allowed).toBe(false);
      const cookie = throttle.issueDeviceCookie(email);
      const deviceId = throttle.trustedDeviceId(cookie, email);
      expect(deviceId).not.toBeNull();
      const attempt = await reserve(email, deviceId, now);
      expect(attempt.allowed).toBe(true);
    });

    it("gives a device a fresh allowance after a right password, but never refunds strangers' guesses", async () => {
      const now = new Date("2026-11-21T18:00:00Z");
      const email = "mixed@example.com";
      const deviceId = throttle.trustedDeviceId(throttle.issueDeviceCookie(email), email)!;
      for (let i = 0; i < throttle.DEVICE_LIMIT - 1; i++) await reserve(email, deviceId, now);
      const right = await reserve(email, deviceId, now);
      if (!right.allowed) throw new Error("the device's last attempt was refused");
      await right.succeeded();
      for (let i = 0; i < throttle.DEVICE_LIMIT; i++) expect((await reserve(email, deviceId, now)).allowed).toBe(true);

      for (let i = 0; i < throttle.ACCOUNT_LIMIT - 1; i++) await reserve(email, null, now);
      const owner = await reserve(email, null, now);
      if (!owner.allowed) throw new Error("the owner's attempt was refused");
      await owner.succeeded();
      // The owner's success gave back only its own place: one more, then refused.
      expect((await reserve(email, null, now)).allowed).toBe(true);
      expect((await reserve(email, null, now)).allowed).toBe(false);
    });

    it("sweeps counters whose window has long passed, and sessions that ended a day ago", async () => {
      const { sweepCounters, peekCounter } = await import("@/lib/server/limits/counter");
      const { startSession, revokeSession, sweepSessions, userOfSession } = await import("@/lib/server/auth/sessions");
      const old = new Date("2026-10-01T10:00:00Z");
      await reserve("old@example.com", null, old);
      const recent = new Date();
      await reserve("recent@example.com", null, recent);
      await sweepCounters(database, new Date(recent.getTime() - 86_400_000));
      const window = { bucket: "sign-in:account", windowSeconds: throttle.ACCOUNT_WINDOW_SECONDS };
      expect((await peekCounter(database, { ...window, key: "old@example.com" }, old)).count).toBe(0);
      expect((await peekCounter(database, { ...window, key: "recent@example.com" }, recent)).count).toBe(1);

      const { users } = await import("@/lib/server/db/schema");
      const [user] = await database
        .insert(users)
        .values({ id: crypto.randomUUID(), email: `sessions${Date.now()}@example.com`, name: "S", passwordHash: "x", role: "member" })
        .returning();
      const expired = await startSession(database, user!.id, 60, old);
      const revoked = await startSession(database, user!.id, 3600, old);
      await revokeSession(database, revoked, old);
      const live = await startSession(database, user!.id, 3600);
      expect(await sweepSessions(database)).toBe(2);
      expect(await userOfSession(database, live, user!.id)).toMatchObject({ id: user!.id });
      expect(await userOfSession(database, expired, user!.id, old)).toBeUndefined();
      await revokeSession(database, live);
      expect(await userOfSession(database, live, user!.id)).toBeUndefined();
    });

    it("trusts a device cookie only for the email it was signed for, and only unaltered", () => {
      const cookie = throttle.issueDeviceCookie("ann@example.com");
      expect(throttle.trustedDeviceId(cookie, " ANN@example.com")).toBe(cookie.split(".")[0]);
      expect(throttle.trustedDeviceId(cookie, "bob@example.com")).toBeNull();
      const [id, signature] = cookie.split(".");
      const flipped = `${id}.${signature!.slice(0, -1)}${signature!.endsWith("A") ? "B" : "A"}`;
      expect(throttle.trustedDeviceId(flipped, "ann@example.com")).toBeNull();
      expect(throttle.trustedDeviceId(`${cookie}.extra`, "ann@example.com")).toBeNull();
      expect(throttle.trustedDeviceId("", "ann@example.com")).toBeNull();
      expect(throttle.trustedDeviceId(undefined, "ann@example.com")).toBeNull();
    });
  });
}

defineSignInThrottleSuite(testDatabaseKind());
