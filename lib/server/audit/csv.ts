import "server-only";
import { Readable } from "node:stream";
import { stringify } from "csv-stringify";
import type { Db } from "../db";
import { AUDIT_ACTION_LABELS } from "@/lib/shared/audit";
import { eachAuditEntry, type AuditFilter } from "./log";

// The audit log as CSV, streamed a page of rows at a time (never the whole log in memory). A cell
// that a spreadsheet would run as a formula (=, +, -, @, tab, CR at its start) is escaped by
// csv-stringify's `escape_formulas`: names and labels come from people and providers.

const COLUMNS = ["at", "actor", "actor_id", "action", "action_label", "target_type", "target_id", "target", "ip", "before", "after"];

export function auditCsv(db: Db, filter: AuditFilter): ReadableStream<Uint8Array> {
  async function* rows() {
    for await (const entry of eachAuditEntry(db, filter)) {
      yield [
        entry.at.toISOString(),
        entry.actorName,
        entry.actorId ?? "",
        entry.action,
        AUDIT_ACTION_LABELS[entry.action],
        entry.targetType,
        entry.targetId ?? "",
        entry.targetLabel,
        entry.ip ?? "",
        entry.before ? JSON.stringify(entry.before) : "",
        entry.after ? JSON.stringify(entry.after) : "",
      ];
    }
  }
  const csv = Readable.from(rows()).pipe(stringify({ header: true, columns: COLUMNS, escape_formulas: true }));
  return Readable.toWeb(csv) as ReadableStream<Uint8Array>;
}
