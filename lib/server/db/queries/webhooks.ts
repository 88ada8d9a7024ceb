import "server-only";
import { and, desc, eq, lt, or } from "drizzle-orm";
import type { Db } from "../client";
import { tasks, users, webhookDeliveries } from "../schema";
import { ownerDisplayName } from "./owner-name";
import { decodeListCursor, encodeListCursor } from "./cursor";

export type DeliveryRow = {
  id: string;
  provider: string;
  receivedAt: Date;
  statusHint: string | null;
  outcome: "accepted" | "duplicate";
  reason: string | null;
  processedAt: Date | null;
  taskId: string;
  taskPrompt: string;
  taskState: string;
  ownerName: string;
};

/** Recent webhook deliveries with the task each named, newest first, keyset on (received_at, id). */
export async function listDeliveries(
  db: Db,
  options: { limit: number; cursor: string | null },
): Promise<{ rows: DeliveryRow[]; next: string | null } | null> {
  let after;
  if (options.cursor) {
    const cursor = decodeListCursor(options.cursor, "time");
    if (!cursor) return null;
    const key = new Date(cursor.key);
    after = or(lt(webhookDeliveries.receivedAt, key), and(eq(webhookDeliveries.receivedAt, key), lt(webhookDeliveries.id, cursor.id)));
  }
  const rows = await db
    .select({
      id: webhookDeliveries.id,
      provider: webhookDeliveries.provider,
      receivedAt: webhookDeliveries.receivedAt,
      statusHint: webhookDeliveries.statusHint,
      outcome: webhookDeliveries.outcome,
      reason: webhookDeliveries.reason,
      processedAt: webhookDeliveries.processedAt,
      taskId: tasks.id,
      taskPrompt: tasks.promptText,
      taskState: tasks.state,
      ownerName: ownerDisplayName,
    })
    .from(webhookDeliveries)
    .innerJoin(tasks, eq(tasks.id, webhookDeliveries.taskId))
    .innerJoin(users, eq(users.id, tasks.ownerId))
    .where(after)
    .orderBy(desc(webhookDeliveries.receivedAt), desc(webhookDeliveries.id))
    .limit(options.limit + 1);
  const page = rows.slice(0, options.limit);
  const last = page.at(-1);
  return {
    rows: page,
    next: rows.length > options.limit && last ? encodeListCursor({ key: last.receivedAt.toISOString(), id: last.id }) : null,
  };
}
