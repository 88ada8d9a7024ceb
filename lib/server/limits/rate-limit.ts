import "server-only";
import type { Db } from "../db";
import { AppError } from "../errors";
import { hitCounter, releaseHit, type CounterWindow } from "./counter";

/** A limit of `limit` actions per key per fixed window of `windowSeconds`, shared by every instance. */
export type RateRule = { bucket: string; limit: number; windowSeconds: number; what: string };

export function describeWindow(seconds: number): string {
  if (seconds % 3600 === 0) return seconds === 3600 ? "hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

/**
 * Takes one place in the key's window, or throws RATE_LIMITED (429 with Retry-After) saying what the
 * limit is and when it resets. The place is taken before the guarded work starts, so a burst of
 * concurrent calls cannot all slip through while each is still being checked. Returns a function
 * that gives the place back, for work that turns out not to count.
 */
export async function takeRateSlot(db: Db, rule: RateRule, key: string, now = new Date()): Promise<() => Promise<void>> {
  const counter: CounterWindow = { bucket: rule.bucket, key, windowSeconds: rule.windowSeconds };
  const hit = await hitCounter(db, counter, now);
  if (hit.count > rule.limit) {
    await releaseHit(db, counter, now);
    const retryAfterSeconds = Math.max(1, Math.ceil((hit.resetAt.getTime() - now.getTime()) / 1000));
    throw new AppError(
      "RATE_LIMITED",
      `${rule.what}: at most ${rule.limit} per ${describeWindow(rule.windowSeconds)}. Try again in ${retryAfterSeconds} s.`,
      { retryAfterSeconds, details: { limit: rule.limit, windowSeconds: rule.windowSeconds, resetAt: hit.resetAt.toISOString() } },
    );
  }
  return () => releaseHit(db, counter, now);
}
