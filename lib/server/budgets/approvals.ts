import "server-only";
import { and, asc, eq, lt } from "drizzle-orm";
import type { Db } from "../db";
import { tasks, users, type Task } from "../db/schema";
import { ownerDisplayName } from "../db/queries/owner-name";
import { findTask } from "../db/queries/tasks";
import { recordAudit, type AuditActor } from "../audit/log";
import { env } from "../env";
import { logger } from "../logger";
import { getProvider } from "../providers/registry";
import { deadlineFor } from "../tasks/deadline";
import { submitTask } from "../tasks/submit";
import { transition } from "../tasks/state-machine";
import {
  APPROVAL_EXPIRED,
  APPROVAL_REFUSED,
  type ApprovalDecision,
  type ApprovalRequest,
  type ApprovalResult,
  type ExpectedCost,
} from "@/lib/shared/budgets";
import { PROVIDER_LABELS, findModel, type ProviderId } from "@/lib/shared/catalog";

// Tasks whose expected cost is above the approval threshold wait in `awaiting_approval`: nothing is
// sent and nothing charged, while their hold counts against budgets. An admin approves (the task is
// sent as any new one is) or refuses (it ends cancelled with the note); unanswered, it expires.

export function approvalExpiry(now = new Date()): Date {
  return new Date(now.getTime() + env().APPROVAL_EXPIRY_HOURS * 3600_000);
}

const MAX_LISTED = 200;

export async function listAwaiting(db: Db): Promise<ApprovalRequest[]> {
  const rows = await db
    .select({ task: tasks, ownerName: ownerDisplayName })
    .from(tasks)
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(eq(tasks.state, "awaiting_approval"))
    .orderBy(asc(tasks.createdAt))
    .limit(MAX_LISTED);
  return rows.map(({ task, ownerName }) => ({
    id: task.id,
    owner: { id: task.ownerId, name: ownerName },
    provider: task.provider as ProviderId,
    providerLabel: PROVIDER_LABELS[task.provider as ProviderId] ?? task.provider,
    model: task.model,
    modelLabel: findModel(task.provider, task.model)?.label ?? task.model,
    prompt: task.promptText,
    expected: { credits: task.holdCredits ?? 0, basis: task.holdBasis ?? "provider-default" } as ExpectedCost,
    createdAt: task.createdAt.toISOString(),
    expiresAt: task.approvalExpiresAt?.toISOString() ?? null,
  }));
}

export async function countAwaiting(db: Db): Promise<number> {
  return (await db.$count(tasks, eq(tasks.state, "awaiting_approval"))) as number;
}

const taskTarget = (task: Task) => ({
  type: "task" as const,
  id: task.id,
  label: `${task.provider} ${task.model} task ${task.id.slice(0, 8)}`,
});

/** A decision applies only to a task still waiting: one sent or ended meanwhile is left as it is. */
const stillWaiting = (current: Task) => current.state === "awaiting_approval";

/** Approves or refuses each task in turn, and says for each what happened. */
export async function decideApprovals(db: Db, admin: AuditActor & { id: string }, decision: ApprovalDecision): Promise<ApprovalResult[]> {
  const results: ApprovalResult[] = [];
  for (const id of [...new Set(decision.ids)]) results.push(await decideOne(db, admin, id, decision));
  return results;
}

async function decideOne(db: Db, admin: AuditActor & { id: string }, id: string, decision: ApprovalDecision): Promise<ApprovalResult> {
  const task = await findTask(db, id);
  if (!task) return { id, outcome: "not_found", message: "That task was not found." };
  const note = decision.note ? decision.note : null;
  const now = new Date();
  const decided = { approvalDecidedBy: admin.name.slice(0, 200), approvalDecidedAt: now, approvalNote: note };
  const said = note ? `: “${note}”` : ".";
  if (decision.decision === "approve") {
    // Past its window it is expired, whether or not the sweep has run yet: never sent late.
    if (task.state === "awaiting_approval" && task.approvalExpiresAt && task.approvalExpiresAt < now) {
      await expireApprovals(db, now);
      return { id, outcome: "not_waiting", message: "It waited longer than allowed and has expired; ask for it to be generated again." };
    }
    const provider = getProvider(task.provider as ProviderId);
    // Made while the provider ran in the other mode (sandbox or live): its budgets and its images
    // belong there, so it is not sent to this one.
    if (task.state === "awaiting_approval" && task.sandbox !== provider.sandbox) {
      return {
        id,
        outcome: "not_waiting",
        message: `It was made while ${provider.label} ran ${task.sandbox ? "as the sandbox" : "live"}; ask for it to be generated again.`,
      };
    }
    const model = findModel(task.provider, task.model);
    const moved = await transition(db, id, "pending", {
      source: "user",
      message: `Approved by ${admin.name}${said}`,
      guard: stillWaiting,
      // Its deadline starts now, and it is sent below as a new task would be.
      patch: {
        ...decided,
        approvalDecision: "approved",
        lastSubmitAt: now,
        ...(model ? { deadlineAt: deadlineFor(model, task.sandbox) } : {}),
      },
    });
    if (!moved.moved)
      return { id, outcome: "not_waiting", message: `It is no longer waiting for approval (${moved.task?.state ?? task.state}).` };
    await recordAudit(db, admin, {
      action: "approval_given",
      target: taskTarget(task),
      before: { state: "awaiting_approval", expected: task.holdCredits },
      after: { state: "pending", note, ownerId: task.ownerId },
    });
    try {
      await submitTask(db, provider, id);
    } catch (error) {
      // The reconciler sends it again with its idempotency key, as after any failed first send.
      logger().error({ taskId: id, err: error }, "submitting an approved task failed; the reconciler will retry it");
    }
    return { id, outcome: "approved", message: "Approved and sent." };
  }
  const moved = await transition(db, id, "canceled", {
    source: "user",
    message: `Refused by ${admin.name}${said}`,
    guard: stillWaiting,
    patch: {
      ...decided,
      approvalDecision: "rejected",
      errorCode: APPROVAL_REFUSED,
      errorMessage: note ? `Refused by ${admin.name}: ${note}` : `Refused by ${admin.name}.`,
    },
  });
  if (!moved.moved)
    return { id, outcome: "not_waiting", message: `It is no longer waiting for approval (${moved.task?.state ?? task.state}).` };
  await recordAudit(db, admin, {
    action: "approval_refused",
    target: taskTarget(task),
    before: { state: "awaiting_approval", expected: task.holdCredits },
    after: { state: "canceled", note, ownerId: task.ownerId },
  });
  return { id, outcome: "rejected", message: "Refused; nothing was sent." };
}

/** Ends the tasks that waited past their approval window, unsent; returns how many. */
export async function expireApprovals(db: Db, now = new Date()): Promise<number> {
  const due = await db
    .select({ id: tasks.id })
    .from(tasks)
    .where(and(eq(tasks.state, "awaiting_approval"), lt(tasks.approvalExpiresAt, now)))
    .limit(100);
  let expired = 0;
  for (const { id } of due) {
    const moved = await transition(db, id, "expired", {
      source: "system",
      message: "No admin approved it in time, so it was never sent.",
      patch: {
        approvalDecision: "expired",
        approvalDecidedAt: now,
        errorCode: APPROVAL_EXPIRED,
        errorMessage: "It waited for approval longer than allowed and was not sent. Generate it again if it is still wanted.",
      },
      // Still waiting: one approved meanwhile is on its way to the provider and must not be ended here.
      guard: (current) => stillWaiting(current) && current.approvalExpiresAt !== null && current.approvalExpiresAt < now,
    });
    if (moved.moved) expired += 1;
  }
  return expired;
}
