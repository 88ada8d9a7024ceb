import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNull } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import { hashPassword } from "../auth/password";
import type { Db } from "../db";
import { isUniqueViolation } from "../db/errors";
import { findUserByEmail } from "../db/queries/users";
import { userInvites, users, type User, type UserInvite } from "../db/schema";
import { AppError, notFound, validationFailed } from "../errors";
import {
  INVITE_PROBLEMS,
  INVITE_TTL_DAYS,
  type AcceptInviteInput,
  type InviteInput,
  type InviteState,
  type InviteView,
} from "@/lib/shared/invites";

// One-time invitation links. The token (32 random bytes) is shown once, in the link; only its
// SHA-256 is stored, so a copy of the database opens no account. A link is used at most once: the
// conditional UPDATE that marks it used is the check, in the transaction that creates the account,
// so two tabs racing with one link make one account and one clear refusal.

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

/** Still usable at `now`: not used, not withdrawn, not expired. */
const pending = (now: Date) => and(isNull(userInvites.usedAt), isNull(userInvites.revokedAt), gt(userInvites.expiresAt, now));

const inviteTarget = (invite: Pick<UserInvite, "id" | "email">) => ({
  type: "user" as const,
  id: invite.id,
  label: `Invitation for ${invite.email}`,
});

export function inviteLink(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/invite/${token}`;
}

/**
 * Makes an invitation for an email nobody has an account with. An earlier pending invitation for
 * the same email is withdrawn: the newest link is the one that works.
 */
export async function createInvite(
  db: Db,
  actor: AuditActor & { id: string },
  input: InviteInput,
  now = new Date(),
): Promise<{ invite: UserInvite; token: string }> {
  const token = randomBytes(32).toString("base64url");
  return db.transaction(async (tx) => {
    if (await findUserByEmail(tx, input.email)) {
      throw validationFailed({ email: `${input.email} already has an account.` }, "That teammate is already on the team.");
    }
    const replaced = await tx
      .update(userInvites)
      .set({ revokedAt: now })
      .where(and(eq(userInvites.email, input.email), pending(now)))
      .returning({ id: userInvites.id });
    const [invite] = await tx
      .insert(userInvites)
      .values({
        id: randomUUID(),
        tokenHash: hashToken(token),
        email: input.email,
        role: input.role,
        createdBy: actor.id,
        expiresAt: new Date(now.getTime() + INVITE_TTL_DAYS * 86_400_000),
        createdAt: now,
      })
      .returning();
    await recordAudit(tx, actor, {
      action: "invite_created",
      target: inviteTarget(invite!),
      after: { email: invite!.email, role: invite!.role, expiresAt: invite!.expiresAt.toISOString(), replaced: replaced.length },
    });
    return { invite: invite!, token };
  });
}

export async function listPendingInvites(db: Db, now = new Date()): Promise<InviteView[]> {
  const rows = await db
    .select({ invite: userInvites, invitedBy: users.name })
    .from(userInvites)
    .innerJoin(users, eq(users.id, userInvites.createdBy))
    .where(pending(now))
    .orderBy(desc(userInvites.createdAt), desc(userInvites.id))
    .limit(200);
  return rows.map(({ invite, invitedBy }) => toInviteView(invite, invitedBy));
}

export function toInviteView(invite: UserInvite, invitedBy: string): InviteView {
  return {
    id: invite.id,
    email: invite.email,
    role: invite.role,
    invitedBy,
    createdAt: invite.createdAt.toISOString(),
    expiresAt: invite.expiresAt.toISOString(),
  };
}

function stateOf(invite: UserInvite | undefined, now: Date): InviteState {
  if (!invite) return { status: "unknown" };
  if (invite.usedAt) return { status: "used" };
  if (invite.revokedAt) return { status: "withdrawn" };
  if (invite.expiresAt <= now) return { status: "expired" };
  return { status: "open", email: invite.email, role: invite.role, expiresAt: invite.expiresAt.toISOString() };
}

/** What a link leads to, for /invite/<token>; a malformed token is simply unknown. */
export async function inviteState(db: Db, token: string, now = new Date()): Promise<InviteState> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return { status: "unknown" };
  const [invite] = await db
    .select()
    .from(userInvites)
    .where(eq(userInvites.tokenHash, hashToken(token)));
  return stateOf(invite, now);
}

function refusal(state: InviteState): AppError {
  if (state.status === "open") return new AppError("CONFLICT", "This invitation could not be used. Try again.");
  const { title, body } = INVITE_PROBLEMS[state.status];
  return new AppError(state.status === "unknown" ? "NOT_FOUND" : "CONFLICT", `${title}. ${body}`, { details: { reason: state.status } });
}

/** Withdraws a pending invitation; one already used, withdrawn or expired is a 409 saying which. */
export async function revokeInvite(db: Db, actor: AuditActor, id: string, now = new Date()): Promise<void> {
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(userInvites)
      .set({ revokedAt: now })
      .where(and(eq(userInvites.id, id), pending(now)))
      .returning();
    if (!revoked) {
      const [invite] = await tx.select().from(userInvites).where(eq(userInvites.id, id));
      if (!invite) throw notFound("That invitation");
      throw refusal(stateOf(invite, now));
    }
    await recordAudit(tx, actor, {
      action: "invite_revoked",
      target: inviteTarget(revoked),
      before: { email: revoked.email, role: revoked.role },
    });
  });
}

/**
 * Creates the invitee's account and uses the invitation up, in one transaction: the invitation is
 * taken by a conditional UPDATE (unused, not withdrawn, unexpired), so of two racing requests one
 * gets the account and the other a clear refusal. The password is hashed before, outside any lock,
 * and only for a link that looked usable (a stranger's made-up tokens cost one lookup each).
 */
export async function acceptInvite(db: Db, input: AcceptInviteInput, origin: { ip: string | null }, now = new Date()): Promise<User> {
  const before = await inviteState(db, input.token, now);
  if (before.status !== "open") throw refusal(before);
  const passwordHash = await hashPassword(input.password);
  const tokenHash = hashToken(input.token);
  return db.transaction(async (tx) => {
    const [invite] = await tx
      .update(userInvites)
      .set({ usedAt: now })
      .where(and(eq(userInvites.tokenHash, tokenHash), pending(now)))
      .returning();
    if (!invite) throw refusal(await inviteState(tx, input.token, now));
    let user: User;
    try {
      [user] = (await tx
        .insert(users)
        .values({ id: randomUUID(), email: invite.email, name: input.name, passwordHash, role: invite.role })
        .returning()) as [User];
    } catch (error) {
      if (isUniqueViolation(error)) throw new AppError("CONFLICT", `${invite.email} already has an account. Sign in instead.`);
      throw error;
    }
    await tx.update(userInvites).set({ usedBy: user.id }).where(eq(userInvites.id, invite.id));
    await recordAudit(
      tx,
      { id: user.id, name: user.name, ip: origin.ip },
      {
        action: "invite_accepted",
        target: { type: "user", id: user.id, label: `${user.name} <${user.email}>` },
        after: { name: user.name, email: user.email, role: user.role, inviteId: invite.id },
      },
    );
    return user;
  });
}
