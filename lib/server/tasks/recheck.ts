import "server-only";
import type { Db } from "../db";
import { findTask } from "../db/queries/tasks";
import { AppError, notFound } from "../errors";
import { getProvider } from "../providers/registry";
import type { SessionUser } from "../auth/session";
import type { ProviderId } from "@/lib/shared/catalog";
import { isTerminal } from "@/lib/shared/tasks";
import { applySnapshot } from "./apply-snapshot";
import { recordEvent } from "./state-machine";

/** An admin asks the provider about one task now (from the webhook inbox), and applies its answer. */
export async function recheckTask(db: Db, user: SessionUser, taskId: string): Promise<{ providerStatus: string; changed: boolean }> {
  const task = await findTask(db, taskId);
  if (!task) throw notFound("That task");
  if (!task.providerTaskId) throw new AppError("CONFLICT", "This task has not reached the provider, so there is nothing to ask it yet.");
  const provider = getProvider(task.provider as ProviderId);
  const result = await provider.fetchTask(task.providerTaskId);
  if (!result.ok) {
    throw new AppError("PROVIDER_UNAVAILABLE", `${provider.label} did not answer: ${result.errorMessage}`, {
      retryAfterSeconds: result.retryAfter ?? undefined,
    });
  }
  const changed = isTerminal(task.state) ? false : await applySnapshot(db, provider, task, result.data, { source: "user", detailed: true });
  await recordEvent(db, task.id, {
    source: "user",
    kind: "poll",
    message: `${user.name} asked the provider: it reports ${result.data.providerStatus}${changed ? "." : ", which Cutroom already knew."}`,
  });
  return { providerStatus: result.data.providerStatus, changed };
}
