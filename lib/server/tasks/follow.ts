import "server-only";
import { findTask } from "../db/queries/tasks";
import type { Db } from "../db";
import { logger } from "../logger";
import type { ProviderTaskSnapshot, VideoProvider } from "../providers/types";
import { isTerminal } from "@/lib/shared/tasks";
import { applySnapshot } from "./apply-snapshot";
import { recordEvent } from "./state-machine";

// Follows a task the provider pushes updates for (skills.video's SSE stream), on the server: each
// event goes through the state machine. When the stream drops or ends before a terminal state,
// the task is polled (GET, every few seconds) until it finishes; if this process stops first, the
// reconciler's task-by-task checks take over, since nothing here lives only in memory.

export const POLL_FALLBACK_MS = 3000;
const POLL_FALLBACK_LIMIT_MS = 15 * 60_000;

const globalForFollow = globalThis as unknown as { cutroomFollowed?: Map<string, AbortController> };
const followed = () => (globalForFollow.cutroomFollowed ??= new Map());

/** Whether this process is following the task right now (the reconciler leaves it alone). */
export function isFollowed(taskId: string): boolean {
  return followed().has(taskId);
}

/** Stops every follower (on shutdown); the reconciler picks their tasks up. */
export function stopFollowing(): void {
  for (const controller of followed().values()) controller.abort();
  followed().clear();
}

/** Applies one snapshot; true once the task is terminal (here or at the provider). */
async function apply(db: Db, provider: VideoProvider, taskId: string, snapshot: ProviderTaskSnapshot): Promise<boolean> {
  const task = await findTask(db, taskId);
  if (!task || isTerminal(task.state)) return true;
  await applySnapshot(db, provider, task, snapshot, { source: "provider", detailed: true });
  return Boolean(snapshot.state && isTerminal(snapshot.state));
}

async function poll(db: Db, provider: VideoProvider, taskId: string, providerTaskId: string, signal: AbortSignal, intervalMs: number) {
  const until = Date.now() + POLL_FALLBACK_LIMIT_MS;
  while (!signal.aborted && Date.now() < until) {
    await new Promise((resolve) => setTimeout(resolve, intervalMs).unref?.());
    if (signal.aborted) return;
    const result = await provider.fetchTask(providerTaskId);
    if (result.ok && (await apply(db, provider, taskId, result.data))) return;
    if (!result.ok && result.errorCode === "TASK_NOT_FOUND") return; // the reconciler's strikes decide
  }
}

export function followUpdates(
  db: Db,
  provider: VideoProvider,
  taskId: string,
  providerTaskId: string,
  updates: AsyncIterable<ProviderTaskSnapshot>,
  options: { pollIntervalMs?: number } = {},
): Promise<void> {
  const controller = new AbortController();
  followed().get(taskId)?.abort();
  followed().set(taskId, controller);
  const log = logger().child({ taskId, provider: provider.id });
  return (async () => {
    let finished = false;
    try {
      for await (const snapshot of updates) {
        if (controller.signal.aborted) return;
        if (await apply(db, provider, taskId, snapshot)) {
          finished = true;
          break;
        }
      }
      if (finished || controller.signal.aborted) return;
      const task = await findTask(db, taskId);
      if (!task || isTerminal(task.state)) return;
      await recordEvent(db, taskId, {
        source: "system",
        kind: "poll",
        message: `The live updates from ${provider.label} stopped before the task finished; Cutroom checks on it instead.`,
      });
      log.info({ event: "stream_fallback" }, "stream ended early; polling");
      await poll(db, provider, taskId, providerTaskId, controller.signal, options.pollIntervalMs ?? POLL_FALLBACK_MS);
    } catch (error) {
      log.error({ event: "follow_failed", err: error }, "following a task failed; the reconciler takes over");
    } finally {
      if (followed().get(taskId) === controller) followed().delete(taskId);
    }
  })();
}
