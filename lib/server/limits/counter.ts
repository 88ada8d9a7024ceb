import "server-only";
import { and, eq, lt, sql } from "drizzle-orm";
import type { Db } from "../db";
import { rateCounters } from "../db/schema";

// Fixed-window counters in the database, so every instance counts against the same number. A hit
// is one statement (an upsert that restarts the row when its window has passed and otherwise adds
// one), so concurrent hits are all counted and each sees its own place in the window: a limit of N
// lets exactly N through however many arrive at once. Counting before the work it guards is what
// makes that hold (the work itself can be slow; the place is taken first).

export type CounterWindow = { bucket: string; key: string; windowSeconds: number };
export type CounterHit = { count: number; resetAt: Date };

function windowStartOf(now: Date, windowSeconds: number): Date {
  const size = windowSeconds * 1000;
  return new Date(Math.floor(now.getTime() / size) * size);
}

function resetAtOf(windowStart: Date, windowSeconds: number): Date {
  return new Date(windowStart.getTime() + windowSeconds * 1000);
}

/** Adds one hit to the key's current window and returns the count after it. */
export async function hitCounter(db: Db, counter: CounterWindow, now = new Date()): Promise<CounterHit> {
  const windowStart = windowStartOf(now, counter.windowSeconds);
  const [row] = await db
    .insert(rateCounters)
    .values({ bucket: counter.bucket, key: counter.key, windowStart, count: 1 })
    .onConflictDoUpdate({
      target: [rateCounters.bucket, rateCounters.key],
      set: {
        count: sql`case when ${rateCounters.windowStart} = excluded.window_start then ${rateCounters.count} + 1 else 1 end`,
        windowStart: sql`excluded.window_start`,
      },
    })
    .returning({ count: rateCounters.count });
  return { count: row!.count, resetAt: resetAtOf(windowStart, counter.windowSeconds) };
}

/** The key's count in the current window, without adding to it. */
export async function peekCounter(db: Db, counter: CounterWindow, now = new Date()): Promise<CounterHit> {
  const windowStart = windowStartOf(now, counter.windowSeconds);
  const [row] = await db
    .select({ count: rateCounters.count })
    .from(rateCounters)
    .where(and(eq(rateCounters.bucket, counter.bucket), eq(rateCounters.key, counter.key), eq(rateCounters.windowStart, windowStart)));
  return { count: row?.count ?? 0, resetAt: resetAtOf(windowStart, counter.windowSeconds) };
}

/** Gives back one hit taken in the current window (the guarded work turned out not to count). */
export async function releaseHit(db: Db, counter: CounterWindow, now = new Date()): Promise<void> {
  const windowStart = windowStartOf(now, counter.windowSeconds);
  await db
    .update(rateCounters)
    .set({ count: sql`greatest(${rateCounters.count} - 1, 0)` })
    .where(and(eq(rateCounters.bucket, counter.bucket), eq(rateCounters.key, counter.key), eq(rateCounters.windowStart, windowStart)));
}

/** Forgets a key's count (a successful sign-in clears that device's failures). */
export async function clearCounter(db: Db, counter: Pick<CounterWindow, "bucket" | "key">): Promise<void> {
  await db.delete(rateCounters).where(and(eq(rateCounters.bucket, counter.bucket), eq(rateCounters.key, counter.key)));
}

/** Deletes rows whose window started before `before` (the longest window in use has passed). */
export async function sweepCounters(db: Db, before: Date): Promise<number> {
  const rows = await db.delete(rateCounters).where(lt(rateCounters.windowStart, before)).returning({ key: rateCounters.key });
  return rows.length;
}
