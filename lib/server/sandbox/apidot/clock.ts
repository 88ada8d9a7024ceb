import "server-only";
import type { SandboxDb as Db } from "../db";
import * as store from "./store";
import { callbackOf, type RunningWord } from "./wire";

// The APIDot sandbox's clock: tasks move when their time comes, and a task that ends owes a POST
// of its status to its callback_url.

export async function tickApidot(
  db: Db,
  plan: store.CallbackPlanner,
  basePath: string,
  timeoutMs: number,
  running: RunningWord = "running",
): Promise<void> {
  await store.advanceDueTasks(db, new Date(), plan);
  const due = await store.dueCallbacks(db, new Date());
  if (due.length === 0) return;
  // All at once, so duplicates really arrive together.
  const results = await Promise.all(due.map((delivery) => send(delivery, basePath, timeoutMs, running)));
  await store.settleCallbacks(
    db,
    due.filter((_, index) => results[index]).map((delivery) => delivery.id),
    due.filter((_, index) => !results[index]).map((delivery) => ({ id: delivery.id, attempts: delivery.attempts })),
    new Date(),
  );
}

async function send(delivery: store.DueCallback, basePath: string, timeoutMs: number, running: RunningWord): Promise<boolean> {
  const { task } = delivery;
  if (!task.callbackUrl) return true;
  try {
    const response = await fetch(task.callbackUrl, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(callbackOf(task, delivery.status, basePath, running)),
      signal: AbortSignal.timeout(timeoutMs),
      redirect: "manual",
    });
    await response.body?.cancel().catch(() => undefined);
    return response.ok;
  } catch {
    return false;
  }
}
