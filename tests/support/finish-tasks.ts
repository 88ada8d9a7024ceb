import type { Db } from "@/lib/server/db";
import { waitFor } from "./sandbox";

/**
 * Runs the AIVideoMaker reconciler until every listed task has finished, then archives each that
 * succeeded (its video and poster), as the background work would. Set-up, not a test: it is used
 * in beforeAll hooks, so it throws with the reason instead of asserting.
 */
export async function finishTasks(database: Db, ids: string[]): Promise<void> {
  const { reconcileProvider } = await import("@/lib/server/tasks/reconcile");
  const { archiveTask } = await import("@/lib/server/tasks/archive");
  const { getProvider } = await import("@/lib/server/providers/registry");
  const { findTask } = await import("@/lib/server/db/queries/tasks");
  // At a reconciler's pace (each pass spends one of the provider's 48 list calls a minute), so
  // suites that finish tasks one after another never run out of calls on a fast machine.
  await waitFor(
    async () => {
      await reconcileProvider(database, getProvider("aivideomaker"), { submitRetryAfterMs: 60_000 });
      const states = await Promise.all(ids.map(async (id) => (await findTask(database, id))!.state));
      return states.every((state) => state === "succeeded" || state === "failed");
    },
    30_000,
    500,
  );
  for (const id of ids) {
    if ((await findTask(database, id))!.state !== "succeeded") continue;
    const outcome = await archiveTask(database, id);
    if (outcome !== "archived") throw new Error(`task ${id} finished but its archive ended "${outcome}"`);
  }
}
