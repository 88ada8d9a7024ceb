import "server-only";
import { and, eq, isNull, ne, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import { revokeUserSessions } from "../auth/sessions";
import type { Db } from "../db";
import { modelAccess, presets, spendLimits, tasks, users, type User } from "../db/schema";
import { AppError, forbidden, notFound, validationFailed } from "../errors";
import { USER_CHANGE_LOCK, userTarget } from "./service";
import type { DeleteUserInput } from "@/lib/shared/users";

// Deleting a member. Their row stays, so their tasks, uploads and audit entries keep an owner; all
// else that made it an account goes, in one transaction: the email is freed (a placeholder that
// can never be typed into the sign-in form by mistake), the password made unusable, every session
// ended, their own spend-limit and model-access overrides removed. Their tasks go to another active
// teammate first (one UPDATE), or stay, shown as "<name> (former member)".

/** Not a hash any password verifies against (lib/server/auth/password.ts reads only "scrypt$..."). */
const UNUSABLE_PASSWORD = "!deleted";

export const deletedEmail = (userId: string) => `deleted+${userId}@invalid`;

export async function deleteUser(
  db: Db,
  actor: AuditActor & { id: string },
  userId: string,
  input: DeleteUserInput,
  now = new Date(),
): Promise<{ user: User; tasksReassigned: number }> {
  return db.transaction(async (tx) => {
    // One change to who administers Cutroom at a time: two admins cannot delete each other.
    await tx.execute(sql`select pg_advisory_xact_lock(${USER_CHANGE_LOCK})`);
    const [self] = await tx.select().from(users).where(eq(users.id, actor.id));
    if (!self || self.role !== "admin" || self.disabledAt !== null || self.deletedAt !== null) throw forbidden("Only admins can do this.");
    if (userId === actor.id) throw new AppError("CONFLICT", "You cannot delete your own account. Another admin can.");
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || user.deletedAt !== null) throw notFound("That user");
    if (user.role === "admin" && user.disabledAt === null) {
      const [row] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.role, "admin"), isNull(users.disabledAt), isNull(users.deletedAt), ne(users.id, userId)));
      if ((row?.count ?? 0) < 1)
        throw new AppError("CONFLICT", "Cutroom needs at least one active admin. Make someone else an admin first.");
    }
    const target = userTarget(user);

    let tasksReassigned = 0;
    if (input.reassignTo !== null) {
      const [heir] = await tx.select().from(users).where(eq(users.id, input.reassignTo)).for("update");
      if (!heir || heir.id === user.id || heir.deletedAt !== null || heir.disabledAt !== null) {
        throw validationFailed({ reassignTo: "Choose an active teammate to take over their tasks." });
      }
      const moved = await tx.update(tasks).set({ ownerId: heir.id }).where(eq(tasks.ownerId, user.id)).returning({ id: tasks.id });
      tasksReassigned = moved.length;
      await recordAudit(tx, actor, {
        action: "tasks_reassigned",
        target,
        after: { to: { id: heir.id, name: heir.name }, tasks: tasksReassigned },
      });
    }

    const limits = await tx.delete(spendLimits).where(eq(spendLimits.subject, user.id)).returning({ provider: spendLimits.provider });
    const access = await tx.delete(modelAccess).where(eq(modelAccess.subject, user.id)).returning({ subject: modelAccess.subject });
    // Their private presets go with them; shared ones stay for the team, under "(former member)".
    const privatePresets = await tx
      .delete(presets)
      .where(and(eq(presets.ownerId, user.id), eq(presets.shared, false)))
      .returning({ id: presets.id });
    const [deleted] = await tx
      .update(users)
      .set({
        deletedAt: now,
        email: deletedEmail(user.id),
        passwordHash: UNUSABLE_PASSWORD,
        sessionVersion: sql`${users.sessionVersion} + 1`,
        updatedAt: now,
      })
      .where(eq(users.id, user.id))
      .returning();
    await revokeUserSessions(tx, user.id, {}, now);
    await recordAudit(tx, actor, {
      action: "user_deleted",
      target,
      before: { name: user.name, email: user.email, role: user.role },
      after: {
        tasks: input.reassignTo === null ? "kept under former member" : "reassigned",
        ...(input.reassignTo !== null ? { tasksReassigned } : {}),
        spendLimitOverridesRemoved: limits.length,
        modelAccessRemoved: access.length > 0,
        privatePresetsRemoved: privatePresets.length,
      },
    });
    return { user: deleted!, tasksReassigned };
  });
}
