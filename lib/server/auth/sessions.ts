import "server-only";
import { randomBytes } from "node:crypto";
import { and, eq, gt, isNull, lt, ne, or, isNotNull } from "drizzle-orm";
import type { Db } from "../db";
import { authSessions, users, type User } from "../db/schema";

// Server-side sessions behind next-auth's JWT cookie. The cookie names its session row (`sid`); a
// request is signed in only while that row exists, is unexpired and unrevoked. So sign-out ends the
// session everywhere a copy of the cookie went, not only in the browser that clicked it.

export async function startSession(db: Db, userId: string, maxAgeSeconds: number, now = new Date()): Promise<string> {
  const id = randomBytes(24).toString("base64url");
  await db.insert(authSessions).values({ id, userId, createdAt: now, expiresAt: new Date(now.getTime() + maxAgeSeconds * 1000) });
  return id;
}

/** The user of a live session, read with the session in one query. */
export async function userOfSession(db: Db, sessionId: string, userId: string, now = new Date()): Promise<User | undefined> {
  const [row] = await db
    .select({ user: users })
    .from(authSessions)
    .innerJoin(users, eq(users.id, authSessions.userId))
    .where(
      and(eq(authSessions.id, sessionId), eq(authSessions.userId, userId), isNull(authSessions.revokedAt), gt(authSessions.expiresAt, now)),
    );
  return row?.user;
}

export async function revokeSession(db: Db, sessionId: string, now = new Date()): Promise<void> {
  await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(and(eq(authSessions.id, sessionId), isNull(authSessions.revokedAt)));
}

/** Deletes sessions that ended a day ago or more: their cookies can no longer sign anyone in. */
export async function sweepSessions(db: Db, now = new Date()): Promise<number> {
  const dayAgo = new Date(now.getTime() - 86_400_000);
  const rows = await db
    .delete(authSessions)
    .where(or(lt(authSessions.expiresAt, dayAgo), and(isNotNull(authSessions.revokedAt), lt(authSessions.revokedAt, dayAgo))))
    .returning({ id: authSessions.id });
  return rows.length;
}

/** Ends every live session of a user, but for `except` (the one they are using) when given. */
export async function revokeUserSessions(db: Db, userId: string, options: { except?: string } = {}, now = new Date()): Promise<number> {
  const rows = await db
    .update(authSessions)
    .set({ revokedAt: now })
    .where(
      and(
        eq(authSessions.userId, userId),
        isNull(authSessions.revokedAt),
        options.except ? ne(authSessions.id, options.except) : undefined,
      ),
    )
    .returning({ id: authSessions.id });
  return rows.length;
}
