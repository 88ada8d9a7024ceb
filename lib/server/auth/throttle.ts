import "server-only";
import { eq, sql } from "drizzle-orm";
import type { Db } from "../db";
import { signInFailures } from "../db/schema";

// Guessing passwords: after MAX_FAILURES wrong sign-ins for one email within WINDOW, that email is
// refused for LOCK, whatever address the attempts come from. Unknown emails are counted the same
// way, so a lockout says nothing about which accounts exist. The count lives in the database, so
// every instance sees it; the right password works again once the lock has passed.

export const MAX_FAILURES = 5;
export const WINDOW_SECONDS = 15 * 60;
export const LOCK_SECONDS = 15 * 60;

const normal = (email: string) => email.trim().toLowerCase().slice(0, 254);

/** Seconds until the email may try again, or 0 when it may now. */
export async function lockedFor(db: Db, email: string, now = new Date()): Promise<number> {
  const [row] = await db
    .select()
    .from(signInFailures)
    .where(eq(signInFailures.email, normal(email)));
  if (!row?.lockedUntil || row.lockedUntil <= now) return 0;
  return Math.ceil((row.lockedUntil.getTime() - now.getTime()) / 1000);
}

/** Counts a failed sign-in; the fifth within the window locks the email. */
export async function recordFailure(db: Db, email: string, now = new Date()): Promise<void> {
  const windowStart = new Date(now.getTime() - WINDOW_SECONDS * 1000);
  const lockUntil = new Date(now.getTime() + LOCK_SECONDS * 1000);
  // One statement, so concurrent failures from many sources are all counted.
  await db
    .insert(signInFailures)
    .values({ email: normal(email), failures: 1, firstAt: now })
    .onConflictDoUpdate({
      target: signInFailures.email,
      set: {
        failures: sql`case when ${signInFailures.firstAt} < ${windowStart} then 1 else ${signInFailures.failures} + 1 end`,
        firstAt: sql`case when ${signInFailures.firstAt} < ${windowStart} then ${now} else ${signInFailures.firstAt} end`,
        lockedUntil: sql`case when ${signInFailures.firstAt} >= ${windowStart} and ${signInFailures.failures} + 1 >= ${MAX_FAILURES} then ${lockUntil} else ${signInFailures.lockedUntil} end`,
      },
    });
}

export async function clearFailures(db: Db, email: string): Promise<void> {
  await db.delete(signInFailures).where(eq(signInFailures.email, normal(email)));
}
