import "server-only";
import { recordAudit, type AuditActor } from "../audit/log";
import { randomUUID } from "node:crypto";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { countUsers, findUserByEmail } from "../db/queries/users";
import { users, type User } from "../db/schema";
import { AppError, notFound, validationFailed } from "../errors";
import { decoyPasswordHash, hashPassword, verifyPassword } from "../auth/password";
import type { NewUserInput, SetupInput, UserChanges, UserView } from "@/lib/shared/users";

const FIRST_ADMIN_LOCK = 728_190_002;

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    role: user.role,
    disabled: user.disabledAt !== null,
    createdAt: user.createdAt.toISOString(),
  };
}

async function insertUser(db: Db, input: NewUserInput): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  try {
    const [user] = await db
      .insert(users)
      .values({ id: randomUUID(), email: input.email, name: input.name, passwordHash, role: input.role })
      .returning();
    return user!;
  } catch (error) {
    if (isUniqueViolation(error)) throw validationFailed({ email: "A teammate with this email already exists." });
    throw error;
  }
}

/**
 * Creates the first admin, but only while no user exists: the check and the insert run under one
 * advisory lock, so two set-up forms (or the env bootstrap racing a form) cannot both succeed.
 */
export async function createFirstAdmin(db: Db, input: SetupInput, origin: { ip: string | null } = { ip: null }): Promise<User> {
  const passwordHash = await hashPassword(input.password);
  return db.transaction(async (tx) => {
    await tx.execute(sql`select pg_advisory_xact_lock(${FIRST_ADMIN_LOCK})`);
    if ((await countUsers(tx)) > 0) {
      throw new AppError("CONFLICT", "Cutroom is already set up. Sign in instead.");
    }
    const [user] = await tx
      .insert(users)
      .values({ id: randomUUID(), email: input.email, name: input.name, passwordHash, role: "admin" })
      .returning();
    await recordAudit(tx, { id: null, name: "First-run setup", ip: origin.ip }, userAdded(user!));
    return user!;
  });
}

/** Adds a teammate; `actor` (the admin doing it) is recorded in the audit log when given. */
export async function createUser(db: Db, input: NewUserInput, actor?: AuditActor): Promise<User> {
  if (!actor) return insertUser(db, input);
  return db.transaction(async (tx) => {
    const user = await insertUser(tx, input);
    await recordAudit(tx, actor, userAdded(user));
    return user;
  });
}

export const userTarget = (user: User) => ({ type: "user" as const, id: user.id, label: `${user.name} <${user.email}>` });
const userAdded = (user: User) => ({
  action: "user_added" as const,
  target: userTarget(user),
  after: { name: user.name, email: user.email, role: user.role },
});

/** On a failure, `account` is the account the email names (null if none), for the audit log only. */
export type CredentialCheck = { ok: true; user: User } | { ok: false; reason: "wrong" | "disabled"; account: User | null };

/**
 * Checks an email and password. Unknown email and wrong password take the same time and give the
 * same answer, so sign-in never reveals which accounts exist. Only once the password is right does
 * it say that the account is disabled.
 */
export async function checkCredentials(db: Db, email: string, password: string): Promise<CredentialCheck> {
  const user = await findUserByEmail(db, email.trim().toLowerCase());
  // A deleted member is nobody: their placeholder address signs no one in, whatever the password.
  if (!user || user.deletedAt !== null) {
    await verifyPassword(password, await decoyPasswordHash());
    return { ok: false, reason: "wrong", account: null };
  }
  if (!(await verifyPassword(password, user.passwordHash))) return { ok: false, reason: "wrong", account: user };
  return user.disabledAt === null ? { ok: true, user } : { ok: false, reason: "disabled", account: user };
}

/** The user when the email and password are right and the account is enabled, else null. */
export async function verifyCredentials(db: Db, email: string, password: string): Promise<User | null> {
  const check = await checkCredentials(db, email, password);
  return check.ok ? check.user : null;
}

/**
 * An admin changes a teammate: role, disabled, or a new password. Nobody changes their own role or
 * disables themselves, and the last active admin stays an admin. Disabling or a new password ends
 * the user's sessions at once (the session version moves on).
 */
export async function updateUser(db: Db, actor: AuditActor & { id: string }, userId: string, changes: UserChanges): Promise<User> {
  return db.transaction(async (tx) => {
    // One admin change at a time, so two admins cannot demote each other to no admin at all.
    await tx.execute(sql`select pg_advisory_xact_lock(${USER_CHANGE_LOCK})`);
    const [user] = await tx.select().from(users).where(eq(users.id, userId)).for("update");
    if (!user || user.deletedAt !== null) throw notFound("That user");
    if (userId === actor.id && (changes.role === "member" || changes.disabled === true)) {
      throw validationFailed(
        changes.role ? { role: "You cannot change your own role." } : { disabled: "You cannot disable yourself." },
        "You cannot do that to your own account.",
      );
    }
    const losesAdmin = user.role === "admin" && user.disabledAt === null && (changes.role === "member" || changes.disabled === true);
    if (losesAdmin) {
      const [row] = await tx
        .select({ count: sql<number>`count(*)::int` })
        .from(users)
        .where(and(eq(users.role, "admin"), isNull(users.disabledAt), isNull(users.deletedAt)));
      if ((row?.count ?? 0) <= 1)
        throw new AppError("CONFLICT", "Cutroom needs at least one active admin. Make someone else an admin first.");
    }
    const endsSessions = changes.disabled === true || changes.password !== undefined;
    const [updated] = await tx
      .update(users)
      .set({
        ...(changes.role ? { role: changes.role } : {}),
        ...(changes.disabled !== undefined ? { disabledAt: changes.disabled ? new Date() : null } : {}),
        ...(changes.password ? { passwordHash: await hashPassword(changes.password) } : {}),
        ...(endsSessions ? { sessionVersion: sql`${users.sessionVersion} + 1` } : {}),
        updatedAt: new Date(),
      })
      .where(eq(users.id, userId))
      .returning();
    // Each kind of change is its own entry, in the same transaction as the change.
    const target = userTarget(updated!);
    if (changes.role && changes.role !== user.role) {
      await recordAudit(tx, actor, { action: "role_changed", target, before: { role: user.role }, after: { role: changes.role } });
    }
    if (changes.disabled !== undefined && changes.disabled !== (user.disabledAt !== null)) {
      await recordAudit(tx, actor, { action: changes.disabled ? "user_disabled" : "user_enabled", target });
    }
    // That it happened, never the password.
    if (changes.password !== undefined) await recordAudit(tx, actor, { action: "password_reset", target });
    return updated!;
  });
}

/** Held by every change to who may administer Cutroom (role, disabling, deleting). */
export const USER_CHANGE_LOCK = 728_190_004;
