import "server-only";
import { eq } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import { hashPassword, verifyPassword } from "../auth/password";
import { revokeUserSessions } from "../auth/sessions";
import type { Db } from "../db";
import { users } from "../db/schema";
import { unauthenticated, validationFailed } from "../errors";
import { takeRateSlot, type RateRule } from "../limits/rate-limit";
import type { PasswordChangeInput } from "@/lib/shared/account";

// A signed-in person changes their own password. The current one is asked for, so a session left
// open on someone else's screen cannot take the account over; wrong guesses are bounded like
// sign-in's. Every other session of theirs ends; the one they are using goes on (sessions are
// server-side rows, so revoking the others is enough and the session version stays as it is).

export const PASSWORD_CHANGE_RULE: RateRule = {
  bucket: "password-change",
  limit: 5,
  windowSeconds: 15 * 60,
  what: "Password change attempts",
};

export async function changeOwnPassword(
  db: Db,
  actor: AuditActor & { id: string },
  sessionId: string,
  input: PasswordChangeInput,
): Promise<{ otherSessionsEnded: number }> {
  // The place is taken before the slow check, so a burst of guesses cannot all be checked at once.
  const giveBack = await takeRateSlot(db, PASSWORD_CHANGE_RULE, actor.id);
  const [user] = await db.select().from(users).where(eq(users.id, actor.id));
  if (!user || user.deletedAt !== null) throw unauthenticated();
  if (!(await verifyPassword(input.currentPassword, user.passwordHash))) {
    throw validationFailed({ currentPassword: "That is not your current password." }, "Your current password is not right.");
  }
  // The right password was not a guess: it does not count against the allowance.
  await giveBack();
  const passwordHash = await hashPassword(input.newPassword);
  return db.transaction(async (tx) => {
    await tx.update(users).set({ passwordHash, updatedAt: new Date() }).where(eq(users.id, user.id));
    const ended = await revokeUserSessions(tx, user.id, { except: sessionId });
    await recordAudit(tx, actor, {
      action: "password_changed",
      target: { type: "account", id: user.id, label: `${user.name} <${user.email}>` },
      after: { otherSessionsEnded: ended },
    });
    return { otherSessionsEnded: ended };
  });
}
