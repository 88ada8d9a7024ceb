import "server-only";
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import type { Db } from "../db";
import { clearCounter, hitCounter, releaseHit, type CounterWindow } from "../limits/counter";
import { authSecret } from "./secret";

// Password guessing, counted where the password is checked (the credentials `authorize` step), on
// the very email that is verified, whatever the request looked like.
//
// Two kinds of attempt, after OWASP's "device cookie" design:
// - From a browser that has signed in to this account before (it holds a device cookie signed for
//   this email): counted per device, 5 failures per 15 minutes lock that device only.
// - From anywhere else: counted per account across all sources, at most 10 per hour; past that,
//   unknown devices are refused for the rest of the hour. Unknown emails are counted the same way,
//   so a lockout says nothing about which accounts exist.
// A stranger can therefore spend the account's hourly allowance for unknown devices, but cannot
// lock the owner out of a browser they already use: the owner's device has its own allowance.
// Guesses stay bounded per account: 10 per clock hour from unknown devices (at most 20 across an
// hour boundary), plus 5 per 15 minutes per device that once knew the password.
//
// Each attempt takes its place in the count before the slow password check (one atomic upsert), so
// thirty concurrent guesses cannot all be checked while the first is still hashing.

export const ACCOUNT_LIMIT = 10;
export const ACCOUNT_WINDOW_SECONDS = 60 * 60;
export const DEVICE_LIMIT = 5;
export const DEVICE_WINDOW_SECONDS = 15 * 60;

export const DEVICE_COOKIE = "cutroom-device";
export const DEVICE_COOKIE_MAX_AGE_SECONDS = 365 * 24 * 60 * 60;

export const normalEmail = (email: string) => email.trim().toLowerCase().slice(0, 254);

function deviceSignature(email: string, deviceId: string): string {
  return createHmac("sha256", authSecret())
    .update(`device\n${normalEmail(email)}\n${deviceId}`)
    .digest("base64url");
}

/** A new device cookie value for a browser that has just signed in as `email`. */
export function issueDeviceCookie(email: string): string {
  const deviceId = randomBytes(16).toString("base64url");
  return `${deviceId}.${deviceSignature(email, deviceId)}`;
}

/** The device id when the cookie was signed for this email, else null. */
export function trustedDeviceId(cookie: string | undefined, email: string): string | null {
  if (!cookie) return null;
  const [deviceId, signature, extra] = cookie.split(".");
  if (!deviceId || !signature || extra !== undefined || !/^[A-Za-z0-9_-]{22}$/.test(deviceId)) return null;
  const expected = Buffer.from(deviceSignature(email, deviceId));
  const given = Buffer.from(signature);
  return expected.length === given.length && timingSafeEqual(expected, given) ? deviceId : null;
}

function counterFor(email: string, deviceId: string | null): CounterWindow {
  return deviceId
    ? { bucket: "sign-in:device", key: `${normalEmail(email)}\n${deviceId}`, windowSeconds: DEVICE_WINDOW_SECONDS }
    : { bucket: "sign-in:account", key: normalEmail(email), windowSeconds: ACCOUNT_WINDOW_SECONDS };
}

export type SignInAttempt =
  | { allowed: false; retryAfterSeconds: number }
  | {
      allowed: true;
      /** The password was right: this attempt was not a guess. */
      succeeded: () => Promise<void>;
    };

/**
 * Reserves one attempt for `email` from this device (or from an unknown one) before the password is
 * checked. Refused when the allowance is spent; then the password must not be checked at all.
 */
export async function reserveSignInAttempt(db: Db, email: string, deviceId: string | null, now = new Date()): Promise<SignInAttempt> {
  const counter = counterFor(email, deviceId);
  const limit = deviceId ? DEVICE_LIMIT : ACCOUNT_LIMIT;
  const hit = await hitCounter(db, counter, now);
  if (hit.count > limit) {
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((hit.resetAt.getTime() - now.getTime()) / 1000)) };
  }
  return {
    allowed: true,
    // A device that knows the password starts afresh; for unknown devices the success only gives
    // its own place back, so an owner signing in does not hand a guesser a new allowance.
    succeeded: () => (deviceId ? clearCounter(db, counter) : releaseHit(db, counter, now)),
  };
}
