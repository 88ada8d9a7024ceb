import "server-only";
import { and, eq, inArray, isNull } from "drizzle-orm";
import type { Db } from "../db";
import { modelAccess, users } from "../db/schema";
import { recordAudit, type AuditActor } from "../audit/log";
import { AppError, notFound } from "../errors";
import type { SessionUser } from "../auth/session";
import { NOT_ALLOWED_MESSAGE, accessAllows, type AccessUpdate, type ModelAccessView } from "@/lib/shared/budgets";
import type { CatalogModel } from "@/lib/shared/catalog";
import { TEAM } from "./limits";

// Which models members may use. A member's own list wins over the list for every member ("*");
// no list means every model. Admins are never restricted: they set the lists.

/** The member's allowed entries, or null when they may use every model. */
export async function allowedFor(db: Db, user: Pick<SessionUser, "id" | "role">): Promise<string[] | null> {
  if (user.role === "admin") return null;
  const rows = await db
    .select()
    .from(modelAccess)
    .where(inArray(modelAccess.subject, [TEAM, user.id]));
  return (rows.find((row) => row.subject === user.id) ?? rows.find((row) => row.subject === TEAM))?.allowed ?? null;
}

/** Refuses (403, on the model field) a model the member has not been allowed. */
export async function assertModelAllowed(db: Db, user: Pick<SessionUser, "id" | "role">, model: CatalogModel): Promise<void> {
  if (accessAllows(await allowedFor(db, user), model.provider, model.id)) return;
  throw new AppError("FORBIDDEN", NOT_ALLOWED_MESSAGE, {
    fields: { model: NOT_ALLOWED_MESSAGE },
    details: { reason: "MODEL_NOT_ALLOWED" },
  });
}

export async function listModelAccess(db: Db): Promise<ModelAccessView> {
  const rows = await db.select({ subject: modelAccess.subject, allowed: modelAccess.allowed }).from(modelAccess);
  return rows;
}

/** Sets (or with null, removes) one list, with an audit entry holding it before and after. */
export async function saveModelAccess(db: Db, actor: AuditActor, update: AccessUpdate): Promise<void> {
  await db.transaction(async (tx) => {
    let label = "Every member";
    if (update.subject !== TEAM) {
      const [user] = await tx
        .select({ name: users.name, email: users.email })
        .from(users)
        .where(and(eq(users.id, update.subject), isNull(users.deletedAt)));
      if (!user) throw notFound("That person");
      label = `${user.name} <${user.email}>`;
    }
    const [before] = await tx.select().from(modelAccess).where(eq(modelAccess.subject, update.subject));
    const allowed = update.allowed === null ? null : [...new Set(update.allowed)].sort();
    if (allowed === null) await tx.delete(modelAccess).where(eq(modelAccess.subject, update.subject));
    else {
      await tx
        .insert(modelAccess)
        .values({ subject: update.subject, allowed, updatedBy: actor.id })
        .onConflictDoUpdate({ target: modelAccess.subject, set: { allowed, updatedBy: actor.id, updatedAt: new Date() } });
    }
    await recordAudit(tx, actor, {
      action: "model_access_changed",
      target: update.subject === TEAM ? { type: "team", id: null, label } : { type: "user", id: update.subject, label },
      before: { allowed: before?.allowed ?? null },
      after: { allowed },
    });
  });
}
