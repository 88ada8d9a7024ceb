import "server-only";
import type { Db } from "../db";
import type { Task } from "../db/schema";
import {
  findTask,
  inFlightTasks,
  overdueTasks,
  pendingTasksDue,
  possibleOrphans,
  strandedTasks,
  tasksAwaitingArchive,
  tasksMissingPoster,
  expiredTasksToRecheck,
  updateTask,
} from "../db/queries/tasks";
import { logger } from "../logger";
import { pruneProviderCalls } from "../providers/gate";
import type { ProviderTaskSnapshot, VideoProvider } from "../providers/types";
import { isTerminal } from "@/lib/shared/tasks";
import { findModel } from "@/lib/shared/catalog";
import { webhookUrlFor } from "../webhooks/token";
import { resolveUnlinked } from "../webhooks/unlinked";
import { MAX_ARCHIVE_ATTEMPTS, MAX_POSTER_ATTEMPTS, scheduleArchive } from "./archive";
import { typicalSecondsFor } from "./deadline";
import { recordEvent, transition } from "./state-machine";
import { isFollowed } from "./follow";
import { applySnapshot } from "./apply-snapshot";
import { cancelAtProvider } from "./cancel-at-provider";
import { SENDING, failUnconfirmed, submitTask } from "./submit";

// Brings Cutroom's tasks in line with the provider's. One list call per cycle refreshes every
// in-flight task; a task's own record is fetched when it has turned terminal and the list did not
// already say everything, and when the list lags behind (see listMayLag); expired tasks are looked
// at again now and then while the provider may still finish them; pending tasks are adopted
// (matched by the idempotency key a list entry carries) or, once their resend wait is over (see
// submit-policy.ts), sent again with their key; the watchdog ends tasks past their deadline.
// Every provider call goes through the shared call budget, so a cycle that runs out simply leaves
// the rest for the next one.

export type ReconcileReport = {
  listed: boolean;
  updated: number;
  resubmitted: number;
  adopted: number;
  expired: number;
  archivesQueued: number;
  /** Expired tasks the provider finished after all. */
  recovered: number;
  skippedForBudget: boolean;
  errors: number;
};

const MISSING_STRIKES = 3;
/**
 * Strikes count only this far apart, so three "not found" answers span minutes, not one burst:
 * a provider's hiccup passes, and a key that was changed is told apart from a lost task.
 */
export const MISSING_STRIKE_SPACING_MS = 2 * 60_000;
const FALLBACK_FETCHES = 10;
/** A task the list has not moved is read on its own at most this often. */
export const OWN_READ_INTERVAL_MS = 30_000;
/**
 * How long an expired task may still finish at the provider: AIVideoMaker keeps outputs for 24
 * hours (docs/provider-contracts.md §1.4); the others do not say, so the same window is used.
 */
export const LATE_RESULT_WINDOW_MS = 24 * 60 * 60_000;
/** How often an expired task is looked at again within that window. */
export const LATE_RESULT_CHECK_MS = 10 * 60_000;

/**
 * The list is an optimisation, not the source of truth: a list that keeps saying a task is where it
 * was (some never move a task past SUBMITTED), or a word Cutroom does not know, is checked against
 * the task's own record once the task has sat there longer than its model usually takes.
 */
function listMayLag(task: Task, listed: ProviderTaskSnapshot, now: Date): boolean {
  if (task.lastCheckedAt && now.getTime() - task.lastCheckedAt.getTime() < OWN_READ_INTERVAL_MS) return false;
  if (listed.state === null) return true;
  const model = findModel(task.provider, task.model);
  const since = (task.startedAt ?? task.queuedAt ?? task.createdAt).getTime();
  return now.getTime() - since > (model ? typicalSecondsFor(model, task.sandbox) : 0) * 1000;
}

/** Models that usually finish within this are polled every cycle even when a callback will come. */
export const SHORT_TASK_SECONDS = 120;
/** How often a long task with a callback on its way is still checked, in case the callback is lost. */
export const CALLBACK_TASK_POLL_MS = 60_000;

/**
 * Polling for short-lived work, the callback for the rest (APIDot's async guide): a long task whose
 * provider was given a callback URL is asked about at most once a minute, not every cycle.
 */
function waitsForCallback(provider: VideoProvider, task: Task, now: Date): boolean {
  const callback = provider.capabilities.callbacks ? webhookUrlFor(provider.id, task.id) : undefined;
  if (!callback || provider.callbackAccepted?.(callback) === false) return false;
  // The sandbox's tasks take SANDBOX_TASK_SECONDS whatever the model, as the task page says.
  const model = findModel(task.provider, task.model);
  const typical = model ? typicalSecondsFor(model, task.sandbox) : 0;
  if (typical <= SHORT_TASK_SECONDS) return false;
  return task.lastCheckedAt !== null && now.getTime() - task.lastCheckedAt.getTime() < CALLBACK_TASK_POLL_MS;
}

/** One task the list did not mention: its own record, a strike towards "the provider lost it". */
async function checkSingleTask(db: Db, provider: VideoProvider, task: Task, report: ReconcileReport, now: Date): Promise<void> {
  // Marked before asking, so a callback that clears the mark meanwhile wins; undone if held back.
  await updateTask(db, task.id, { lastCheckedAt: now });
  const single = await provider.fetchTask(task.providerTaskId!);
  if (!single.ok && single.blocked) await updateTask(db, task.id, { lastCheckedAt: task.lastCheckedAt });
  if (single.ok) {
    if (await applySnapshot(db, provider, task, single.data, { source: "reconciler", detailed: true })) report.updated += 1;
    return;
  }
  if (single.blocked) {
    report.skippedForBudget = true;
    return;
  }
  if (single.errorCode !== "TASK_NOT_FOUND") return;
  // One 404 may be a provider hiccup; three, minutes apart, mean the task is gone (or the API key
  // it was made with is no longer the one Cutroom uses).
  if (task.providerMissingAt && now.getTime() - task.providerMissingAt.getTime() < MISSING_STRIKE_SPACING_MS) return;
  const strikes = task.providerMissingCount + 1;
  if (strikes < MISSING_STRIKES) {
    await updateTask(db, task.id, { providerMissingCount: strikes, providerMissingAt: now });
    await recordEvent(db, task.id, {
      source: "reconciler",
      kind: "poll",
      message: `${provider.label} did not find this task (check ${strikes} of ${MISSING_STRIKES}, a few minutes apart).`,
    });
    return;
  }
  const minutes = Math.round((MISSING_STRIKES - 1) * (MISSING_STRIKE_SPACING_MS / 60_000));
  await transition(db, task.id, "failed", {
    source: "reconciler",
    message: `${provider.label} had no record of this task at ${MISSING_STRIKES} checks over at least ${minutes} minutes.`,
    patch: {
      errorCode: "TASK_NOT_FOUND",
      errorMessage: `${provider.label} no longer knows this task. If its API key was changed while the task ran, tasks made with the old key cannot be followed.`,
      providerMissingCount: strikes,
      providerMissingAt: now,
    },
  });
  report.updated += 1;
}

async function expireStranded(db: Db, provider: VideoProvider, report: ReconcileReport): Promise<void> {
  for (const task of await strandedTasks(db, provider.id, provider.sandbox)) {
    const moved = await transition(db, task.id, "expired", {
      source: "watchdog",
      message: provider.sandbox
        ? `${provider.label} now runs as the sandbox (its API key was removed), so this live task can no longer be followed.`
        : `${provider.label} now uses a real API key, so this sandbox task can no longer be followed.`,
      patch: { errorCode: "EXPIRED", errorMessage: "The provider's mode changed while this task was in flight." },
    });
    if (moved.moved) report.expired += 1;
  }
}

/** Runs `work` for each item, so that one item's exception is logged and counted, not fatal. */
async function eachSafely<T extends { id: string }>(items: T[], report: ReconcileReport, work: (item: T) => Promise<void>): Promise<void> {
  for (const item of items) {
    try {
      await work(item);
    } catch (error) {
      report.errors += 1;
      logger().error({ event: "reconcile_item_failed", taskId: item.id, err: error }, "reconciling a task failed");
    }
  }
}

export async function reconcileProvider(
  db: Db,
  provider: VideoProvider,
  options: { submitRetryAfterMs: number; now?: Date },
): Promise<ReconcileReport> {
  const report: ReconcileReport = {
    listed: false,
    updated: 0,
    resubmitted: 0,
    adopted: 0,
    expired: 0,
    archivesQueued: 0,
    recovered: 0,
    skippedForBudget: false,
    errors: 0,
  };
  const now = options.now ?? new Date();
  const log = logger().child({ provider: provider.id });

  await expireStranded(db, provider, report);
  const retryBefore = new Date(now.getTime() - options.submitRetryAfterMs);
  const pending = await pendingTasksDue(db, provider.id, provider.sandbox, retryBefore, now);
  const inFlight = await inFlightTasks(db, provider.id, provider.sandbox);
  const orphans = await possibleOrphans(db, provider.id, provider.sandbox);

  let listed: ProviderTaskSnapshot[] | null = null;
  // Without a list endpoint, every in-flight task is checked on its own below.
  if (provider.listTasks && (inFlight.length > 0 || orphans.length > 0 || pending.some((task) => task.submitAttempts > 0))) {
    const result = await provider.listTasks();
    if (result.ok) {
      listed = result.data;
      report.listed = true;
    } else if (result.blocked) {
      report.skippedForBudget = true;
    } else {
      log.warn(
        { event: "reconcile_list_failed", errorCode: result.errorCode, httpStatus: result.httpStatus },
        "could not list provider tasks",
      );
    }
  }
  const byId = new Map((listed ?? []).map((snapshot) => [snapshot.providerTaskId, snapshot]));
  const byKey = new Map(
    (listed ?? []).filter((snapshot) => snapshot.idempotencyKey).map((snapshot) => [snapshot.idempotencyKey!, snapshot]),
  );

  // Pending: if the provider already has it (an answer was lost), adopt it; else send it again.
  await eachSafely(pending, report, async (task) => {
    if (!provider.capabilities.idempotentCreate && task.providerStatus === SENDING) {
      // A create that may have reached the provider before this process lost track of it.
      const ended = await failUnconfirmed(db, provider, task.id, {
        cause: "lost",
        message: `Cutroom stopped while sending the task to ${provider.label}, which documents no idempotency key; it was not sent again, as a second one could be charged twice.`,
      });
      if (ended) report.updated += 1;
      return;
    }
    // Adopted only when a list entry carries this task's key itself: never on a guess such as the
    // same prompt at about the same time (AIVideoMaker's list may or may not carry keys, U28).
    const known = byKey.get(task.idempotencyKey);
    if (known && known.state) {
      const moved = await transition(db, task.id, "queued", {
        source: "reconciler",
        message: "Found at the provider by its idempotency key (an earlier attempt had reached it).",
        patch: { providerTaskId: known.providerTaskId, providerStatus: known.providerStatus, creditsCharged: known.creditsCharged },
      });
      if (moved.moved) {
        report.adopted += 1;
        const fresh = await findTask(db, task.id);
        if (fresh) await applySnapshot(db, provider, fresh, known, { source: "reconciler", detailed: false });
        return;
      }
    }
    if (await submitTask(db, provider, task.id, { claimBefore: retryBefore, now })) report.resubmitted += 1;
  });

  // Provider tasks signed deliveries named that no task here had: link or adopt them where that
  // is safe (webhooks/unlinked.ts), before the in-flight checks below take over the adopted ones.
  const unlinked = await resolveUnlinked(db, provider, now);
  report.adopted += unlinked.adopted;
  report.updated += unlinked.adopted;
  if (unlinked.blocked) report.skippedForBudget = true;

  // In flight: apply the list; read a task's own record when the list did not mention it (or
  // failed), or has not moved it for longer than it should take. Oldest first, within the budget.
  let fallbackFetches = 0;
  await eachSafely(inFlight, report, async (task) => {
    const fresh = await findTask(db, task.id);
    if (!fresh || isTerminal(fresh.state)) return;
    const snapshot = byId.get(task.providerTaskId!);
    if (snapshot) {
      if (await applySnapshot(db, provider, fresh, snapshot, { source: "reconciler", detailed: false })) {
        report.updated += 1;
        return;
      }
      if (!listMayLag(fresh, snapshot, now)) return;
    }
    // A task this process follows live (an SSE stream) needs no extra call.
    if (isFollowed(task.id)) return;
    // Long work whose provider calls back is checked now and then; the callback does the rest.
    if (waitsForCallback(provider, fresh, now)) return;
    const fetchLimit = provider.listTasks ? FALLBACK_FETCHES : Number.POSITIVE_INFINITY;
    if (listed === null && (report.skippedForBudget || fallbackFetches >= fetchLimit)) return;
    fallbackFetches += 1;
    await checkSingleTask(db, provider, fresh, report, now);
  });

  // Cancelled while a submission's answer was lost: cancel the provider task nobody tracks.
  await eachSafely(orphans, report, async (task) => {
    const found = byKey.get(task.idempotencyKey);
    if (!found) return;
    await updateTask(db, task.id, { providerTaskId: found.providerTaskId, creditsCharged: found.creditsCharged });
    const canceled = found.state === "queued" && provider.cancel ? await cancelAtProvider(provider, found.providerTaskId) : null;
    const refunded = canceled?.canceled ? (canceled.refunded ?? found.creditsCharged) : null;
    if (refunded !== null) await updateTask(db, task.id, { creditsRefunded: refunded });
    await recordEvent(db, task.id, {
      source: "reconciler",
      kind: "cancel",
      message: canceled?.canceled
        ? `An earlier attempt had reached the provider after all; cancelled it there${refunded ? ` (${refunded} credits refunded)` : ""}.`
        : `An earlier attempt had reached the provider after all, which has it as ${found.providerStatus}; it could not be cancelled there.`,
    });
  });

  // The watchdog: one last look at overdue tasks, then they expire with the reason.
  await eachSafely(await overdueTasks(db, provider.id, provider.sandbox, now), report, async (task) => {
    const fresh = await findTask(db, task.id);
    if (!fresh || isTerminal(fresh.state)) return;
    const latest = await provider.fetchTask(fresh.providerTaskId!);
    if (latest.ok && latest.data.state && isTerminal(latest.data.state)) {
      if (await applySnapshot(db, provider, fresh, latest.data, { source: "watchdog", detailed: true })) report.updated += 1;
      return;
    }
    if (!latest.ok && latest.blocked) return;
    const minutes = Math.round((now.getTime() - fresh.createdAt.getTime()) / 60_000);
    // Looked at just now: the late-result checks start LATE_RESULT_CHECK_MS from here.
    await updateTask(db, fresh.id, { lastCheckedAt: now });
    const moved = await transition(db, fresh.id, "expired", {
      source: "watchdog",
      message: `No result after ${minutes} minutes, far longer than this model usually takes; Cutroom stopped waiting.`,
      patch: {
        errorCode: "EXPIRED",
        errorMessage: `The provider had not finished after ${minutes} minutes (last status: ${latest.ok ? latest.data.providerStatus : (fresh.providerStatus ?? "unknown")}).`,
      },
    });
    if (!moved.moved) return;
    report.expired += 1;
    // That was its last look: the late-result checks below start LATE_RESULT_CHECK_MS from now.
    await updateTask(db, fresh.id, { lastCheckedAt: now });
  });

  // Expired, but the provider may still finish it within its retention: look again now and then.
  const lateWindow = {
    since: new Date(now.getTime() - LATE_RESULT_WINDOW_MS),
    checkedBefore: new Date(now.getTime() - LATE_RESULT_CHECK_MS),
  };
  await eachSafely(await expiredTasksToRecheck(db, provider.id, provider.sandbox, lateWindow), report, async (task) => {
    await updateTask(db, task.id, { lastCheckedAt: now });
    const latest = await provider.fetchTask(task.providerTaskId!);
    if (latest.ok && latest.data.state && isTerminal(latest.data.state)) {
      if (await applySnapshot(db, provider, task, latest.data, { source: "reconciler", detailed: true })) report.recovered += 1;
    }
  });

  // Finished outputs that were never copied (a job lost in a crash): queue the copy again.
  const archiveBefore = new Date(now.getTime() - 2 * 60_000);
  await eachSafely(await tasksAwaitingArchive(db, MAX_ARCHIVE_ATTEMPTS, archiveBefore, now), report, async (task) => {
    if (task.provider !== provider.id) return;
    await scheduleArchive(task.id);
    report.archivesQueued += 1;
  });

  for (const task of await tasksMissingPoster(db, MAX_POSTER_ATTEMPTS, now)) {
    if (task.provider === provider.id && task.finishedAt && task.finishedAt < archiveBefore) await scheduleArchive(task.id);
  }

  await pruneProviderCalls(db);
  return report;
}
