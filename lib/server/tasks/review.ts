import "server-only";
import { and, eq, isNull } from "drizzle-orm";
import type { Db } from "../db";
import { insertTaskEvent } from "../db/queries/tasks";
import { tasks, type Task } from "../db/schema";
import { AppError, notFound } from "../errors";
import type { SessionUser } from "../auth/session";
import { reviewOf } from "./view";
import { REVIEW_LABELS, type ReviewState, type ReviewView } from "@/lib/shared/review";

// Reviewing an output: any teammate approves it or asks for changes, with a note; a share link
// that allows it lets an outside viewer do the same under a name they give. The newest review is
// the output's state (what lists filter by and boards show); every review is also a step in the
// task's timeline, so who said what, and when, stays.

export type Reviewer = { kind: "member"; user: SessionUser } | { kind: "external"; name: string };

const words = (state: ReviewState | null, name: string, note: string | undefined) =>
  `${state ? REVIEW_LABELS[state] : "Review cleared"} by ${name}${note ? `: ${note}` : ""}`.slice(0, 1200);

/**
 * Sets (or, for a teammate, clears) the review of a succeeded output that is not deleted. The row
 * is locked while it is written, so two reviewers end with the later one's verdict and both steps
 * in the timeline, in order.
 */
export async function reviewTask(
  db: Db,
  reviewer: Reviewer,
  taskId: string,
  review: { state: ReviewState | null; note?: string },
): Promise<ReviewView | null> {
  return db.transaction(async (tx) => {
    const [task] = await tx
      .select()
      .from(tasks)
      .where(and(eq(tasks.id, taskId), isNull(tasks.deletedAt)))
      .for("update");
    if (!task) throw notFound("That task");
    assertReviewable(task);
    const name = reviewer.kind === "member" ? reviewer.user.name : reviewer.name;
    const note = review.note ? review.note : undefined;
    const [updated] = await tx
      .update(tasks)
      .set({
        reviewState: review.state,
        reviewNote: review.state ? (note ?? null) : null,
        reviewedBy: review.state && reviewer.kind === "member" ? reviewer.user.id : null,
        reviewerName: review.state ? name : null,
        reviewedExternally: review.state !== null && reviewer.kind === "external",
        reviewedAt: review.state ? new Date() : null,
      })
      .where(eq(tasks.id, taskId))
      .returning();
    await insertTaskEvent(tx, {
      taskId,
      source: "user",
      kind: "review",
      message: words(review.state, reviewer.kind === "external" ? `${name} (through a share link)` : name, note),
      detail: { state: review.state, external: reviewer.kind === "external" },
    });
    return reviewOf(updated!);
  });
}

function assertReviewable(task: Task): void {
  if (task.state !== "succeeded") throw new AppError("CONFLICT", "Only a finished output can be reviewed.");
}
