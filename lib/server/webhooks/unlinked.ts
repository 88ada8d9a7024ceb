import "server-only";
import type { Db } from "../db";
import { updateTask } from "../db/queries/tasks";
import { adoptableTasks, pruneUnlinked, taskByProviderTaskId, unlinkedSince, updateUnlinked } from "../db/queries/unlinked";
import type { Task, UnlinkedProviderTask } from "../db/schema";
import { findDescriptor } from "../providers/registry";
import type { VideoProvider } from "../providers/types";
import { ADOPT_WINDOW_MS, adoptProviderTask } from "../tasks/adopt";
import { applySnapshot } from "../tasks/apply-snapshot";
import { isTerminal } from "@/lib/shared/tasks";
import type { UnlinkedView } from "@/lib/shared/webhooks";

// Signed deliveries about a provider task no task of ours is linked to are kept (receive-signed.ts),
// one row per provider task. Such a task is one of three things: a task of ours whose create answer
// was lost before it named the task (SUBMIT_UNCONFIRMED, or still pending); one whose id we learn a
// moment later (the delivery overtook the answer); or work the provider account did elsewhere. Each
// reconcile cycle sorts them out, as far as that is safe:
//  - a row whose provider task a task of ours has learnt by now is linked to it (no call);
//  - while a task of ours could be the owner (tasks/adopt.ts `adoptableTasks`), the provider's own
//    record of the row's task is looked up by id, a few a cycle and each at most every ten minutes,
//    and the task is adopted only if that record carries the create's idempotency key back;
//  - everything else stays visible in the admin's webhook inbox, with what the look-up found, and
//    goes after a week. Nothing here matches on prompt, model or time (see tasks/adopt.ts).

export const UNLINKED_LOOKUP_INTERVAL_MS = 10 * 60_000;
const LOOKUPS_PER_CYCLE = 5;
export const UNLINKED_KEEP_MS = 7 * 24 * 60 * 60_000;

export type UnlinkedReport = { linked: number; adopted: number; lookedUp: number; blocked: boolean };

export async function resolveUnlinked(db: Db, provider: VideoProvider, now = new Date()): Promise<UnlinkedReport> {
  const report: UnlinkedReport = { linked: 0, adopted: 0, lookedUp: 0, blocked: false };
  await pruneUnlinked(db, new Date(now.getTime() - UNLINKED_KEEP_MS));
  const since = new Date(now.getTime() - ADOPT_WINDOW_MS);
  const rows = await unlinkedSince(db, provider.id, provider.sandbox, since);
  let candidates: Task[] | null = null;
  for (const row of rows) {
    const owner = await taskByProviderTaskId(db, provider.id, row.providerTaskId);
    if (owner) {
      await updateUnlinked(db, row.id, { linkedTaskId: owner.id, linkedAt: now, note: "Its task learnt this id on its own." });
      // The delivery may have said more than the task knows: the next cycle asks about it.
      if (!isTerminal(owner.state)) await updateTask(db, owner.id, { lastCheckedAt: null });
      report.linked += 1;
      continue;
    }
    if (row.lookedUpAt && now.getTime() - row.lookedUpAt.getTime() < UNLINKED_LOOKUP_INTERVAL_MS) continue;
    // No call is spent while no task of ours could be its owner.
    candidates ??= await adoptableTasks(db, { provider: provider.id, sandbox: provider.sandbox, since });
    if (candidates.length === 0 || report.lookedUp >= LOOKUPS_PER_CYCLE) continue;
    report.lookedUp += 1;
    const adopted = await lookUp(db, provider, row, candidates, now);
    if (adopted === "blocked") {
      report.blocked = true;
      break;
    }
    if (adopted) {
      report.adopted += 1;
      candidates = candidates.filter((task) => task.id !== adopted.id);
    }
  }
  return report;
}

/** Asks the provider about one row's task; adopts the candidate its record names by key. */
async function lookUp(
  db: Db,
  provider: VideoProvider,
  row: UnlinkedProviderTask,
  candidates: Task[],
  now: Date,
): Promise<Task | "blocked" | null> {
  const found = await provider.fetchTask(row.providerTaskId);
  if (!found.ok) {
    if (found.blocked) return "blocked";
    await updateUnlinked(db, row.id, {
      lookedUpAt: now,
      note:
        found.errorCode === "TASK_NOT_FOUND"
          ? `${provider.label} does not know it under the API key Cutroom uses.`
          : `The look-up failed (${found.errorCode}); tried again later.`,
    });
    return null;
  }
  const snapshot = found.data;
  const owner = snapshot.idempotencyKey ? candidates.find((task) => task.idempotencyKey === snapshot.idempotencyKey) : undefined;
  if (!owner) {
    await updateUnlinked(db, row.id, {
      lookedUpAt: now,
      lookedUpStatus: snapshot.providerStatus,
      note: `${provider.label}'s record of it carries nothing that ties it to a task here.`,
    });
    return null;
  }
  const adopted = await adoptProviderTask(
    db,
    owner,
    { providerTaskId: row.providerTaskId, providerStatus: snapshot.providerStatus },
    { source: "reconciler", how: "the provider's record of it carries the create's idempotency key" },
  );
  await updateUnlinked(db, row.id, {
    lookedUpAt: now,
    lookedUpStatus: snapshot.providerStatus,
    ...(adopted ? { linkedTaskId: owner.id, linkedAt: now, note: "Adopted by the task whose idempotency key it carries." } : {}),
  });
  if (!adopted) return null;
  await applySnapshot(db, provider, adopted, snapshot, { source: "reconciler", detailed: true });
  return adopted;
}

export function toUnlinkedView(row: UnlinkedProviderTask): UnlinkedView {
  return {
    id: row.id,
    provider: row.provider,
    providerLabel: findDescriptor(row.provider)?.label ?? row.provider,
    providerTaskId: row.providerTaskId,
    status: row.statusHint,
    deliveries: row.deliveries,
    firstSeenAt: row.firstSeenAt.toISOString(),
    lastSeenAt: row.lastSeenAt.toISOString(),
    lookedUp: row.lookedUpAt ? { at: row.lookedUpAt.toISOString(), status: row.lookedUpStatus } : null,
    linkedTaskId: row.linkedTaskId,
    note: row.note,
  };
}
