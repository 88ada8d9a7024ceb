import "server-only";
import { randomUUID } from "node:crypto";
import { and, desc, eq, gte, lt, or, type SQL } from "drizzle-orm";
import type { Db } from "../db";
import { auditLog, type AuditAction, type AuditEntry } from "../db/schema";
import { decodeListCursor, encodeListCursor } from "../db/queries/cursor";
import { clientIp } from "../http/client-info";
import type { AuditEntryView } from "@/lib/shared/audit";

// The audit log: who did what to whom, when and from where. Entries are only ever inserted (the
// database refuses updates and deletes); they hold names and values, never secrets: a password
// reset records that it happened, not the password.

/** Who acts, as the entry will name them; `ip` as the configured proxies report it. */
export type AuditActor = { id: string | null; name: string; ip?: string | null };

/** The signed-in user behind a request, with the client's address, as services record them. */
export function actorOf<T extends { id: string; name: string }>(request: Request, user: T): T & { ip: string | null } {
  return { ...user, ip: clientIp(request) };
}

export type AuditRecord = {
  action: AuditAction;
  target: { type: AuditEntry["targetType"]; id: string | null; label: string };
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
};

/** Appends one entry (in the caller's transaction when given one, so it lands with the change). */
export async function recordAudit(db: Db, actor: AuditActor, record: AuditRecord): Promise<void> {
  await db.insert(auditLog).values({
    id: randomUUID(),
    actorId: actor.id,
    actorName: actor.name.slice(0, 200),
    action: record.action,
    targetType: record.target.type,
    targetId: record.target.id,
    targetLabel: record.target.label.slice(0, 300),
    ip: actor.ip ?? null,
    before: record.before ?? null,
    after: record.after ?? null,
  });
}

export type AuditFilter = { action?: AuditAction; actorId?: string; from?: Date; to?: Date; targetId?: string };

function filterClause(filter: AuditFilter): SQL | undefined {
  return and(
    filter.action ? eq(auditLog.action, filter.action) : undefined,
    filter.actorId ? eq(auditLog.actorId, filter.actorId) : undefined,
    filter.targetId ? eq(auditLog.targetId, filter.targetId) : undefined,
    filter.from ? gte(auditLog.at, filter.from) : undefined,
    filter.to ? lt(auditLog.at, filter.to) : undefined,
  );
}

/** Newest first, keyset on (at, id); null for a cursor that is not one of ours. */
export async function listAudit(
  db: Db,
  filter: AuditFilter,
  page: { limit: number; cursor: string | null },
): Promise<{ rows: AuditEntry[]; next: string | null } | null> {
  let after: SQL | undefined;
  if (page.cursor) {
    const cursor = decodeListCursor(page.cursor, "time");
    if (!cursor) return null;
    const key = new Date(cursor.key);
    after = or(lt(auditLog.at, key), and(eq(auditLog.at, key), lt(auditLog.id, cursor.id)));
  }
  const rows = await db
    .select()
    .from(auditLog)
    .where(and(filterClause(filter), after))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .limit(page.limit + 1);
  const kept = rows.slice(0, page.limit);
  const last = kept.at(-1);
  return {
    rows: kept,
    next: rows.length > page.limit && last ? encodeListCursor({ key: last.at.toISOString(), id: last.id }) : null,
  };
}

/** Every matching entry, newest first, a page at a time (for the CSV export, which streams). */
export async function* eachAuditEntry(db: Db, filter: AuditFilter, batch = 500): AsyncGenerator<AuditEntry> {
  let cursor: string | null = null;
  for (;;) {
    const page = await listAudit(db, filter, { limit: batch, cursor });
    if (!page) return;
    yield* page.rows;
    if (!page.next) return;
    cursor = page.next;
  }
}

export function toAuditView(entry: AuditEntry): AuditEntryView {
  return {
    id: entry.id,
    at: entry.at.toISOString(),
    actor: { id: entry.actorId, name: entry.actorName },
    action: entry.action,
    target: { type: entry.targetType, id: entry.targetId, label: entry.targetLabel },
    ip: entry.ip,
    before: entry.before ?? null,
    after: entry.after ?? null,
  };
}
