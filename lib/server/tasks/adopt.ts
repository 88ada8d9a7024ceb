import "server-only";
import type { Db } from "../db";
import { adoptableTasks } from "../db/queries/unlinked";
import type { Task } from "../db/schema";
import { logger } from "../logger";
import { transition, type EventSource } from "./state-machine";

// Adopting a provider task: a task of ours that never learnt the id of the provider task its create
// made (the answer was lost: pending with the sending mark, or failed SUBMIT_UNCONFIRMED) is linked
// to it once the provider shows that it has it, and is then followed like any other.
//
// Only a safe match adopts: the provider naming the task by the Idempotency-Key Cutroom sent with
// the create, which is Cutroom's own and random per task. Never a guess from the prompt, the model or
// the time: the provider account may run other work much like ours (another app, another Cutroom),
// and a wrong match would show one person's result as another's and settle the wrong charge. Where
// the provider gives nothing safe to match on, the delivery is kept for an admin to see
// (webhooks/unlinked.ts) and the task keeps its honest "cannot tell" failure.

/** How far back a task may be adopted: a provider task reported a day after its create is not ours to guess at. */
export const ADOPT_WINDOW_MS = 24 * 60 * 60_000;

/** The task of ours a provider's echoed Idempotency-Key names, if it is one that may be adopted. */
export async function adoptableByKey(
  db: Db,
  task: { provider: string; sandbox: boolean; idempotencyKey: string },
  now = new Date(),
): Promise<Task | undefined> {
  const [found] = await adoptableTasks(
    db,
    {
      provider: task.provider,
      sandbox: task.sandbox,
      idempotencyKey: task.idempotencyKey,
      since: new Date(now.getTime() - ADOPT_WINDOW_MS),
    },
    1,
  );
  return found;
}

/**
 * Links the task to the provider task and moves it to queued through the state machine (which
 * checks, on the locked row, that it may still be adopted); the provider's later word moves it on.
 * Undefined when it was not adopted (another path linked it first, or it moved on meanwhile).
 */
export async function adoptProviderTask(
  db: Db,
  task: Task,
  found: { providerTaskId: string; providerStatus: string | null },
  change: { source: EventSource; how: string },
): Promise<Task | undefined> {
  const moved = await transition(db, task.id, "queued", {
    source: change.source,
    message: `Found at the provider after all (${change.how}); Cutroom follows it from here.`,
    adopt: { providerTaskId: found.providerTaskId },
    patch: { providerStatus: found.providerStatus },
    detail: { adopted: true, wasState: task.state, wasError: task.errorCode },
  });
  if (!moved.moved) return undefined;
  logger().info({ event: "task_adopted", taskId: task.id, provider: task.provider, from: moved.from }, "task linked to its provider task");
  return moved.task;
}
