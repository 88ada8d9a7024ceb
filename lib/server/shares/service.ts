import "server-only";
import { createHash, randomBytes, randomUUID } from "node:crypto";
import { and, desc, eq, gt, isNotNull, isNull, sql } from "drizzle-orm";
import { recordAudit, type AuditActor } from "../audit/log";
import type { Db } from "../db";
import { findVisibleTask } from "../db/queries/tasks";
import { projects, shareLinks, tasks, users, type ShareLink, type Task } from "../db/schema";
import { AppError, forbidden, notFound } from "../errors";
import type { SessionUser } from "../auth/session";
import { takeRateSlot, type RateRule } from "../limits/rate-limit";
import { reviewTask } from "../tasks/review";
import { canManage } from "../tasks/view";
import type { ExternalReviewBody, ReviewView } from "@/lib/shared/review";
import { findModel } from "@/lib/shared/catalog";
import { taskSettingsOf } from "@/lib/shared/catalog/task-settings";
import type { CreateShareInput, PublicShare, SharedItem, ShareStatus, ShareView } from "@/lib/shared/shares";

// Share links. The token (32 random bytes, base64url) is in the link alone; only its SHA-256 is
// stored, so the database opens nothing. A link answers while it is neither expired nor revoked,
// and only for what it names: one succeeded output Cutroom holds a copy of, or the outputs of one
// project, read at each request (an output deleted or moved out since is not there). Anything else,
// an unknown token included, is the same 404: a link says nothing about what it does not open.

const BOARD_MAX = 200;
const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export function shareUrl(origin: string, token: string): string {
  return `${origin.replace(/\/+$/, "")}/s/${token}`;
}

/** What a link may show: succeeded, not deleted, with Cutroom's own copy. */
const shown = and(eq(tasks.state, "succeeded"), isNotNull(tasks.mediaPath), isNull(tasks.deletedAt));

export async function createShare(
  db: Db,
  actor: SessionUser & AuditActor,
  input: CreateShareInput,
  now = new Date(),
): Promise<{ share: ShareView; token: string }> {
  const token = randomBytes(32).toString("base64url");
  let label: string;
  if (input.taskId) {
    const task = await findVisibleTask(db, input.taskId);
    if (!task) throw notFound("That task");
    if (!canManage(actor, task)) throw forbidden("Only the person who created this task, or an admin, can share it.");
    if (task.state !== "succeeded" || !task.mediaPath)
      throw new AppError("CONFLICT", "Only a finished output Cutroom holds can be shared.");
    label = (task.promptText || task.model).slice(0, 120);
  } else {
    const [project] = await db.select().from(projects).where(eq(projects.id, input.projectId!));
    if (!project) throw notFound("That project");
    if (actor.role !== "admin" && project.createdBy !== actor.id) {
      throw forbidden("Only the person who started this project, or an admin, can share it.");
    }
    label = project.name;
  }
  const id = randomUUID();
  await db.transaction(async (tx) => {
    await tx.insert(shareLinks).values({
      id,
      tokenHash: hashToken(token),
      kind: input.taskId ? "task" : "project",
      taskId: input.taskId ?? null,
      projectId: input.taskId ? null : input.projectId!,
      title: input.title,
      showPrompt: input.showPrompt,
      allowReview: input.allowReview,
      createdBy: actor.id,
      expiresAt: new Date(now.getTime() + input.expiresInHours * 3_600_000),
    });
    await recordAudit(tx, actor, {
      action: "share_created",
      target: { type: "task", id: (input.taskId ?? input.projectId)!, label: `Share link: ${label}` },
      after: { expiresInHours: input.expiresInHours, showPrompt: input.showPrompt, allowReview: input.allowReview },
    });
  });
  const [share] = await listShares(db, actor, { id });
  return { share: share!, token };
}

const statusOf = (link: Pick<ShareLink, "revokedAt" | "expiresAt">, now: Date): ShareStatus =>
  link.revokedAt ? "revoked" : link.expiresAt <= now ? "expired" : "active";

/** Links newest first: every link for admins, one object's (`taskId`/`projectId`) or one link's for its page. */
export async function listShares(
  db: Db,
  viewer: SessionUser,
  only: { id?: string; taskId?: string; projectId?: string } = {},
  now = new Date(),
): Promise<ShareView[]> {
  const target = sql<string>`coalesce((select coalesce(nullif(${tasks.promptText}, ''), ${tasks.model}) from ${tasks} where ${tasks.id} = ${shareLinks.taskId}), (select ${projects.name} from ${projects} where ${projects.id} = ${shareLinks.projectId}), '')`;
  const rows = await db
    .select({ link: shareLinks, createdBy: users.name, target })
    .from(shareLinks)
    .innerJoin(users, eq(users.id, shareLinks.createdBy))
    .where(
      and(
        only.id ? eq(shareLinks.id, only.id) : undefined,
        only.taskId ? eq(shareLinks.taskId, only.taskId) : undefined,
        only.projectId ? eq(shareLinks.projectId, only.projectId) : undefined,
      ),
    )
    .orderBy(desc(shareLinks.createdAt), desc(shareLinks.id))
    .limit(500);
  return rows.map(({ link, createdBy, target: label }) => ({
    id: link.id,
    kind: link.kind,
    target: { id: (link.taskId ?? link.projectId)!, label: label.slice(0, 120) },
    title: link.title,
    createdBy,
    createdAt: link.createdAt.toISOString(),
    expiresAt: link.expiresAt.toISOString(),
    revokedAt: link.revokedAt?.toISOString() ?? null,
    status: statusOf(link, now),
    showPrompt: link.showPrompt,
    allowReview: link.allowReview,
    views: link.views,
    lastViewedAt: link.lastViewedAt?.toISOString() ?? null,
    canRevoke: viewer.role === "admin" || viewer.id === link.createdBy,
  }));
}

export async function revokeShare(db: Db, actor: SessionUser & AuditActor, id: string, now = new Date()): Promise<void> {
  const [link] = await db.select().from(shareLinks).where(eq(shareLinks.id, id));
  if (!link) throw notFound("That share link");
  if (actor.role !== "admin" && actor.id !== link.createdBy)
    throw forbidden("Only the person who made this link, or an admin, can revoke it.");
  await db.transaction(async (tx) => {
    const [revoked] = await tx
      .update(shareLinks)
      .set({ revokedAt: now, revokedBy: actor.id })
      .where(and(eq(shareLinks.id, id), isNull(shareLinks.revokedAt)))
      .returning({ id: shareLinks.id });
    if (!revoked) return; // revoked a moment ago: the same end
    await recordAudit(tx, actor, {
      action: "share_revoked",
      target: { type: "task", id: link.taskId ?? link.projectId, label: `Share link: ${link.title}` },
    });
  });
}

/** The live link behind a token, or null (unknown, expired or revoked look the same). */
export async function openShare(db: Db, token: string, now = new Date()): Promise<ShareLink | null> {
  if (!/^[A-Za-z0-9_-]{43}$/.test(token)) return null;
  const [link] = await db
    .select()
    .from(shareLinks)
    .where(and(eq(shareLinks.tokenHash, hashToken(token)), isNull(shareLinks.revokedAt), gt(shareLinks.expiresAt, now)));
  return link ?? null;
}

/** The outputs a link opens now, newest first. */
async function sharedTasks(db: Db, link: ShareLink): Promise<Task[]> {
  const scope = link.kind === "task" ? eq(tasks.id, link.taskId!) : eq(tasks.projectId, link.projectId!);
  return db
    .select()
    .from(tasks)
    .where(and(scope, shown))
    .orderBy(sql`${tasks.finishedAt} desc nulls last`, desc(tasks.id))
    .limit(BOARD_MAX);
}

/** One output a link opens, or 404. */
export async function sharedTask(db: Db, link: ShareLink, taskId: string): Promise<Task> {
  const [task] = await db
    .select()
    .from(tasks)
    .where(and(eq(tasks.id, taskId), shown, link.kind === "task" ? eq(tasks.id, link.taskId!) : eq(tasks.projectId, link.projectId!)));
  if (!task) throw notFound("That output");
  return task;
}

const mediaBase = (token: string, taskId: string) => `/api/share/${token}/media/${taskId}`;

function toItem(link: ShareLink, token: string, task: Task): SharedItem {
  const model = findModel(task.provider, task.model);
  return {
    id: task.id,
    kind: task.outputKind ?? "video",
    mediaUrl: mediaBase(token, task.id),
    posterUrl: task.posterPath ? `${mediaBase(token, task.id)}/poster` : null,
    width: task.mediaWidth,
    height: task.mediaHeight,
    prompt: link.showPrompt ? task.promptText : null,
    settings: link.showPrompt ? taskSettingsOf(model, task.input) : null,
    modelLabel: link.showPrompt ? (model?.label ?? task.model) : null,
    // A teammate's name stays inside the team: outside, their verdict is the team's.
    review: task.reviewState
      ? { state: task.reviewState, by: task.reviewedExternally ? (task.reviewerName ?? "A reviewer") : "the team" }
      : null,
  };
}

/**
 * What a share page shows, or null for a link that opens nothing (unknown, expired, revoked, or
 * whose output is gone). Counts the view.
 */
export async function readPublicShare(db: Db, token: string, now = new Date()): Promise<PublicShare | null> {
  const link = await openShare(db, token, now);
  if (!link) return null;
  const items = await sharedTasks(db, link);
  if (link.kind === "task" && items.length === 0) return null;
  await db
    .update(shareLinks)
    .set({ views: sql`${shareLinks.views} + 1`, lastViewedAt: now })
    .where(eq(shareLinks.id, link.id));
  return {
    title: link.title,
    kind: link.kind,
    expiresAt: link.expiresAt.toISOString(),
    allowReview: link.allowReview,
    items: items.map((task) => toItem(link, token, task)),
  };
}

/** Outside reviews through one link: a few an hour is what a reviewer needs; more is someone else. */
export const SHARE_REVIEW_RULE: RateRule = { bucket: "share-review", limit: 30, windowSeconds: 3600, what: "Reviews through this link" };

/**
 * An outside viewer's verdict on an output the link opens, under the name they give, when the link
 * allows it. It lands like a teammate's review (state, timeline step), marked as through a link.
 */
export async function reviewThroughShare(
  db: Db,
  token: string,
  review: ExternalReviewBody & { taskId: string },
): Promise<ReviewView | null> {
  const link = await openShare(db, token);
  if (!link) throw notFound("That link");
  if (!link.allowReview) throw forbidden("This link does not take reviews.");
  await sharedTask(db, link, review.taskId);
  await takeRateSlot(db, SHARE_REVIEW_RULE, link.id);
  return reviewTask(db, { kind: "external", name: review.name }, review.taskId, { state: review.state, note: review.note });
}
