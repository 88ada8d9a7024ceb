import "server-only";
import { randomBytes } from "node:crypto";
import type { LiveFaults } from "../fault-knobs";
import type { SkillsVideoFaults } from "./faults";
import { TERMINAL, type Status } from "./wire";

export type WebhookRow = { generationId: string; status: Status; messageId: string; deliverAfter: Date };

const REORDER_WINDOW_MS = 3000;
const STALE_AFTER_MS = 3200;

const newMessageId = () => `msg_${randomBytes(12).toString("base64url")}`;

/**
 * The signed webhooks owed for the statuses a generation just reached, shaped by the fault knobs:
 * none without a dashboard endpoint or for a dropped task; copies of one delivery share its
 * webhook-id (at-least-once delivery sends the same message again); delayed, shuffled, and with
 * stale repeats of the earlier statuses after the terminal one.
 */
export function planWebhooks(
  faults: LiveFaults<SkillsVideoFaults>,
  generationId: string,
  statuses: Status[],
  hasEndpoint: boolean,
  now: Date,
): WebhookRow[] {
  if (!hasEndpoint || statuses.length === 0 || faults.dropsWebhooksOf(generationId)) return [];
  const knobs = faults.current.webhooks ?? {};
  const base = now.getTime() + (knobs.delayMs ?? 0);
  const rows: WebhookRow[] = [];
  statuses.forEach((status, order) => {
    // Without reordering, later statuses go out a little later, so they arrive in order.
    const at = new Date(knobs.reorder ? base + Math.floor(faults.random() * REORDER_WINDOW_MS) : base + order * 10);
    const messageId = newMessageId();
    for (let copy = 0; copy < (knobs.duplicates ?? 1); copy++) rows.push({ generationId, status, messageId, deliverAfter: at });
  });
  if (knobs.staleRepeats && statuses.some((status) => TERMINAL.has(status))) {
    for (const stale of ["IN_QUEUE", "IN_PROGRESS"] as const) {
      rows.push({ generationId, status: stale, messageId: newMessageId(), deliverAfter: new Date(base + STALE_AFTER_MS) });
    }
  }
  return rows;
}
