import "server-only";
import { env } from "../env";
import type { CatalogModel } from "@/lib/shared/catalog";

/** Seconds a model usually takes: its typical duration, or SANDBOX_TASK_SECONDS in the sandbox. */
export function typicalSecondsFor(model: Pick<CatalogModel, "typicalSeconds">, sandbox: boolean): number {
  return sandbox ? env().SANDBOX_TASK_SECONDS : model.typicalSeconds;
}

/**
 * When the watchdog gives up on a task: WATCHDOG_MULTIPLIER times the model's typical duration,
 * and never sooner than WATCHDOG_MIN_MINUTES (providers queue work at busy times).
 */
export function deadlineFor(model: Pick<CatalogModel, "typicalSeconds">, sandbox: boolean, from: Date = new Date()): Date {
  const config = env();
  const seconds = Math.max(typicalSecondsFor(model, sandbox) * config.WATCHDOG_MULTIPLIER, config.WATCHDOG_MIN_MINUTES * 60);
  return new Date(from.getTime() + seconds * 1000);
}
