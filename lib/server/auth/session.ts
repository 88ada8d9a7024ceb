import "server-only";
import { decode } from "next-auth/jwt";
import { db } from "../db";
import type { User } from "../db/schema";
import { forbidden, unauthenticated } from "../errors";
import { authSecret } from "./secret";
import { parseCookieHeader } from "./cookies";
import { sessionCookieName } from "./options";
import { userOfSession } from "./sessions";

export { parseCookieHeader };

export type SessionUser = Pick<User, "id" | "name" | "email" | "role">;

/** Reads a cookie, joining next-auth's chunked form (name.0, name.1, ...) when it is split. */
function cookieValue(cookies: Map<string, string>, name: string): string | undefined {
  const whole = cookies.get(name);
  if (whole) return whole;
  const chunks: string[] = [];
  for (let index = 0; cookies.has(`${name}.${index}`); index++) chunks.push(cookies.get(`${name}.${index}`)!);
  return chunks.length > 0 ? chunks.join("") : undefined;
}

// Decrypting a session token costs a key derivation and an AES-GCM open; a token always decodes to
// the same payload, so recent ones are remembered (until their own expiry). The user is still read
// from the database on every request, so disabling someone takes effect at once.
const DECODED_CACHE_SIZE = 2000;
const globalForTokens = globalThis as unknown as {
  cutroomDecodedTokens?: Map<string, { sub: string; sv: unknown; sid: unknown; exp: number }>;
};

async function decodeSession(token: string): Promise<{ sub: string; sv: unknown; sid: unknown } | null> {
  const cache = (globalForTokens.cutroomDecodedTokens ??= new Map());
  const hit = cache.get(token);
  if (hit && hit.exp * 1000 > Date.now()) return hit;
  let payload: Awaited<ReturnType<typeof decode>>;
  try {
    payload = await decode({ token, secret: authSecret() });
  } catch {
    return null;
  }
  if (!payload?.sub || typeof payload.exp !== "number") return null;
  if (cache.size >= DECODED_CACHE_SIZE) cache.delete(cache.keys().next().value!);
  const entry = { sub: payload.sub, sv: payload.sv, sid: payload.sid, exp: payload.exp };
  cache.set(token, entry);
  return entry;
}

/** The signed-in user and the id of their session (its auth_sessions row), or null. */
async function sessionFromCookies(cookies: Map<string, string>): Promise<{ user: SessionUser; sessionId: string } | null> {
  const token = cookieValue(cookies, sessionCookieName());
  if (!token) return null;
  const payload = await decodeSession(token);
  if (!payload) return null;
  if (typeof payload.sid !== "string") return null;
  const user = await userOfSession(await db(), payload.sid, payload.sub);
  if (!user || user.disabledAt !== null || user.deletedAt !== null) return null;
  if (typeof payload.sv !== "number" || payload.sv !== user.sessionVersion) return null;
  return { user: { id: user.id, name: user.name, email: user.email, role: user.role }, sessionId: payload.sid };
}

/**
 * The signed-in user for a set of cookies, or null. The session token is verified, then the user is
 * re-read from the database with its session row: a signed-out session, a disabled or deleted user,
 * or a session older than a password reset, is out at once.
 */
export async function userFromCookies(cookies: Map<string, string>): Promise<SessionUser | null> {
  return (await sessionFromCookies(cookies))?.user ?? null;
}

export function sessionUser(request: Request): Promise<SessionUser | null> {
  return userFromCookies(parseCookieHeader(request.headers.get("cookie")));
}

export async function requireUser(request: Request): Promise<SessionUser> {
  const user = await sessionUser(request);
  if (!user) throw unauthenticated();
  return user;
}

/** The signed-in user with their session's id, for what must tell this session from their others. */
export async function requireUserSession(request: Request): Promise<{ user: SessionUser; sessionId: string }> {
  const session = await sessionFromCookies(parseCookieHeader(request.headers.get("cookie")));
  if (!session) throw unauthenticated();
  return session;
}

export async function requireAdmin(request: Request): Promise<SessionUser> {
  const user = await requireUser(request);
  if (user.role !== "admin") throw forbidden("Only admins can do this.");
  return user;
}
