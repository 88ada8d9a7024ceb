import "server-only";
import { and, asc, inArray, isNull, lte, type SQL } from "drizzle-orm";
import type { PgColumn, PgTable } from "drizzle-orm/pg-core";
import type { SandboxDb as Db } from "./db";

// The three sandboxes keep their outgoing webhooks in an outbox table each, with the same columns
// for when a delivery is due and whether it went. Claiming is the same for all: the due rows,
// oldest first, locked so two ticks never send one twice; the caller moves their `deliverAfter`
// a lease ahead (a crash mid-send lets them come due again).

type Outbox = PgTable & { id: PgColumn; deliveredAt: PgColumn; deliverAfter: PgColumn };

/** How long a claimed delivery is held before it may be claimed again. */
export const OUTBOX_LEASE_MS = 60_000;

/** The condition that picks up to `limit` due, undelivered rows of `outbox`, skipping locked ones. */
export function dueOutboxRows(db: Db, outbox: Outbox, now: Date, limit: number): SQL {
  return inArray(
    outbox.id,
    db
      .select({ id: outbox.id })
      .from(outbox)
      .where(and(isNull(outbox.deliveredAt), lte(outbox.deliverAfter, now)))
      .orderBy(asc(outbox.deliverAfter), asc(outbox.id))
      .limit(limit)
      .for("update", { skipLocked: true }),
  );
}
