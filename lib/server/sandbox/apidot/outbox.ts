import "server-only";
import type { LiveFaults } from "../fault-knobs";
import type { ApidotFaults } from "./faults";
import type { Status } from "./wire";

export type CallbackRow = { taskId: string; status: Status; deliverAfter: Date };

const REORDER_WINDOW_MS = 3000;

/**
 * The callbacks owed when a task ends, shaped by the fault knobs: none without a callback_url or
 * for a dropped task; copies sent at once (at-least-once delivery sends the same one again);
 * delayed, shuffled, and a stale `running` one after the terminal one.
 */
export function planCallbacks(
  faults: LiveFaults<ApidotFaults>,
  task: { id: string; callbackUrl: string | null },
  terminal: Status,
  now: Date,
): CallbackRow[] {
  if (!task.callbackUrl || faults.dropsWebhooksOf(task.id)) return [];
  const knobs = faults.current.webhooks ?? {};
  const base = now.getTime() + (knobs.delayMs ?? 0);
  const at = (offset: number) => new Date(knobs.reorder ? base + Math.floor(faults.random() * REORDER_WINDOW_MS) : base + offset);
  const terminalAt = at(0);
  const rows: CallbackRow[] = [];
  for (let copy = 0; copy < (knobs.duplicates ?? 1); copy++) rows.push({ taskId: task.id, status: terminal, deliverAfter: terminalAt });
  if (knobs.staleRepeats) rows.push({ taskId: task.id, status: "running", deliverAfter: at(1000) });
  return rows;
}
