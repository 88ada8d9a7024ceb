import "server-only";
import type { FaultState } from "./faults";

export type OutboxRow = { taskId: string; status: string; deliverAfter: Date };

const TERMINAL = new Set(["COMPLETED", "FAILED", "CANCEL"]);
const REORDER_WINDOW_MS = 3000;

/**
 * The webhook deliveries owed for a task's status changes, shaped by the fault knobs: dropped for
 * some tasks, sent several times, delayed, shuffled, and with stale repeats after the terminal one.
 */
export function planDeliveries(
  faults: FaultState,
  task: { id: string; webhookUrl: string | null },
  statuses: string[],
  now: Date,
): OutboxRow[] {
  if (!task.webhookUrl || statuses.length === 0 || faults.dropsWebhooksOf(task.id)) return [];
  const knobs = faults.current.webhooks ?? {};
  const copies = knobs.duplicates ?? 1;
  const base = now.getTime() + (knobs.delayMs ?? 0);
  const rows: OutboxRow[] = [];
  statuses.forEach((status, order) => {
    // Without reordering, later statuses go out a little later, so they arrive in order.
    const at = knobs.reorder ? base + Math.floor(faults.random() * REORDER_WINDOW_MS) : base + order * 10;
    for (let copy = 0; copy < copies; copy++) rows.push({ taskId: task.id, status, deliverAfter: new Date(at) });
  });
  const terminal = statuses.find((status) => TERMINAL.has(status));
  if (knobs.staleRepeats && terminal) {
    const latest = Math.max(...rows.map((row) => row.deliverAfter.getTime()));
    for (const stale of ["SUBMITTED", "PROGRESS"]) rows.push({ taskId: task.id, status: stale, deliverAfter: new Date(latest + 200) });
  }
  return rows;
}
