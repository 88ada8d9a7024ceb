import "server-only";
import { expectedCostText } from "@/lib/shared/spend";
import type { Task, TaskEvent } from "../db/schema";
import type { GalleryRow } from "../db/queries/gallery";
import type { TaskListRow } from "../db/queries/task-list";
import type { GalleryItem } from "@/lib/shared/gallery";
import type { ReviewView } from "@/lib/shared/review";
import type { TaskWithOwner } from "../db/queries/tasks";
import type { SessionUser } from "../auth/session";
import { CATALOG, PROVIDER_LABELS, allModels, findModel, outputOf, videoSecondsFor, type ProviderId } from "@/lib/shared/catalog";
import { modelDisplayLabel } from "@/lib/shared/catalog/model-names";
import { taskSettingsOf } from "@/lib/shared/catalog/task-settings";
import { cancelBlockedReason, isTerminal, type TaskListItem, type TaskView } from "@/lib/shared/tasks";
import { findDescriptor } from "../providers/registry";
import { typicalSecondsFor } from "./deadline";
import { hasOutputProblem } from "../storage/media-types";
import { adviceFor } from "./advice";

const iso = (date: Date | null) => date?.toISOString() ?? null;

/** The owner of a task and admins may act on it; everyone on the team may look at it. */
export function canManage(viewer: SessionUser, task: Pick<Task, "ownerId">): boolean {
  return viewer.role === "admin" || viewer.id === task.ownerId;
}

/** What the list and the detail views both read from a task (the list reads a narrow row). */
type ListableTask = TaskListRow & { errorFields?: Task["errorFields"] };

/** A full task as a list row, for the detail view. */
function asListRow(task: TaskWithOwner): ListableTask {
  return {
    ...task,
    hasOutput: Boolean(task.mediaPath || task.outputUrl),
    durationChoice: typeof task.input.duration === "string" || typeof task.input.duration === "number" ? String(task.input.duration) : null,
    segmentCount: Array.isArray(task.input.segments) ? task.input.segments.length : null,
  };
}

export function toTaskListItem(task: ListableTask, viewer: SessionUser): TaskListItem {
  const model = findModel(task.provider, task.model);
  const providerLabel = PROVIDER_LABELS[task.provider as ProviderId] ?? task.provider;
  const blocked = cancelBlockedReason(task.state, {
    label: providerLabel,
    cancels: findDescriptor(task.provider)?.capabilities.cancel ?? false,
  });
  const mayManage = canManage(viewer, task);
  // A refused output is neither copied nor relayed, so there is nothing to play.
  const outputProblem = task.state === "succeeded" && hasOutputProblem(task.errorCode);
  const hasMedia = task.state === "succeeded" && task.hasOutput && !outputProblem;
  return {
    id: task.id,
    provider: task.provider,
    providerLabel,
    model: task.model,
    modelLabel: model?.label ?? task.model,
    modelDisplayLabel: modelDisplayLabel({ provider: task.provider, label: model?.label ?? task.model }, allModels()),
    sandbox: task.sandbox,
    state: task.state,
    prompt: task.promptText,
    owner: { id: task.ownerId, name: task.ownerName },
    batchId: task.batchId ?? null,
    createdAt: task.createdAt.toISOString(),
    queuedAt: iso(task.queuedAt),
    startedAt: iso(task.startedAt),
    finishedAt: iso(task.finishedAt),
    creditsCharged: task.creditsCharged,
    creditsRefunded: task.creditsRefunded,
    error:
      task.errorCode || task.errorMessage
        ? {
            code: task.errorCode ?? "UNKNOWN_ERROR",
            message: task.errorMessage ?? "The task failed.",
            advice: adviceFor(task.errorCode, {
              sandbox: task.sandbox,
              providerLabel,
              provider: task.provider,
              output: task.outputKind ?? (model ? outputOf(model.kind) : "video"),
              refunded: task.creditsRefunded,
            }),
            fields: task.errorFields ?? undefined,
          }
        : null,
    media: hasMedia
      ? {
          url: `/api/media/${task.id}`,
          downloadUrl: `/api/media/${task.id}?download=1`,
          posterUrl: task.posterPath ? `/api/media/${task.id}/poster` : null,
          kind: task.outputKind ?? "video",
        }
      : null,
    videoSeconds: model
      ? (videoSecondsFor(model, {
          duration: task.durationChoice ?? undefined,
          segments: task.segmentCount === null ? undefined : Array(task.segmentCount),
        }) ?? null)
      : null,
    typicalSeconds: typicalSecondsFor(model ?? CATALOG[0]!, task.sandbox),
    canCancel: mayManage && blocked === null,
    canRecheckOutput: mayManage && outputProblem,
    cancelBlockedReason: mayManage ? blocked : "Only the person who created this task, or an admin, can cancel it.",
  };
}

/** The output's review as people see it; null until someone reviews it. */
export function reviewOf(task: Task): ReviewView | null {
  if (!task.reviewState || !task.reviewedAt) return null;
  return {
    state: task.reviewState,
    by: task.reviewerName ?? "A teammate",
    external: task.reviewedExternally,
    note: task.reviewNote,
    at: task.reviewedAt.toISOString(),
  };
}

/** What the viewer's marks and the team's labels add to a task (read beside it). */
export type TaskLabels = { favourite: boolean; tags: string[]; project: { id: string; name: string } | null };

export function toTaskView(
  task: TaskWithOwner,
  viewer: SessionUser,
  events: TaskEvent[],
  labels: TaskLabels = { favourite: false, tags: [], project: null },
): TaskView {
  return {
    ...labels,
    rating: task.rating ?? null,
    review: reviewOf(task),
    canReview: task.state === "succeeded",
    canOrganise: canManage(viewer, task),
    canDelete: canManage(viewer, task) && isTerminal(task.state),
    ...toTaskListItem(asListRow(task), viewer),
    input: task.input,
    settings: taskSettingsOf(findModel(task.provider, task.model), task.input),
    progress: task.progress ?? null,
    hold:
      task.holdCredits !== null && task.holdBasis
        ? {
            credits: task.holdCredits,
            basis: task.holdBasis,
            text: expectedCostText({ credits: task.holdCredits, basis: task.holdBasis }),
          }
        : null,
    approval:
      task.state === "awaiting_approval"
        ? { decision: "awaiting", by: null, note: null, at: null, expiresAt: iso(task.approvalExpiresAt) }
        : task.approvalDecision
          ? {
              decision: task.approvalDecision,
              by: task.approvalDecidedBy,
              note: task.approvalNote,
              at: iso(task.approvalDecidedAt),
              expiresAt: iso(task.approvalExpiresAt),
            }
          : null,
    readAt: new Date().toISOString(),
    events: events.map((event) => ({
      at: event.at.toISOString(),
      source: event.source,
      kind: event.kind,
      message: event.message,
      toState: event.toState,
      saved: event.kind === "archive" && typeof event.detail?.sha256 === "string",
    })),
  };
}

export function toGalleryItem(row: GalleryRow): GalleryItem {
  const model = findModel(row.provider, row.model);
  return {
    id: row.id,
    prompt: row.promptText,
    model: row.model,
    modelLabel: model?.label ?? row.model,
    modelDisplayLabel: modelDisplayLabel({ provider: row.provider, label: model?.label ?? row.model }, allModels()),
    providerLabel: PROVIDER_LABELS[row.provider as ProviderId] ?? row.provider,
    sandbox: row.sandbox,
    owner: { id: row.ownerId, name: row.ownerName },
    finishedAt: row.finishedAt.toISOString(),
    favourite: row.favourite,
    tags: row.tags,
    rating: row.rating,
    review: row.reviewState ? { state: row.reviewState, by: row.reviewerName ?? "A teammate" } : null,
    media: {
      url: `/api/media/${row.id}`,
      downloadUrl: `/api/media/${row.id}?download=1`,
      posterUrl: row.posterPath ? `/api/media/${row.id}/poster` : null,
      kind: row.outputKind ?? "video",
      width: row.mediaWidth,
      height: row.mediaHeight,
    },
  };
}
