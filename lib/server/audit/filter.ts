import "server-only";
import type { AuditFilters } from "@/lib/shared/audit";
import type { AuditFilter } from "./log";

/** The validated query's filters as the log's query takes them. */
export function auditFilterOf(filters: AuditFilters): AuditFilter {
  return {
    action: filters.action,
    actorId: filters.actor,
    from: filters.from ? new Date(filters.from) : undefined,
    to: filters.to ? new Date(filters.to) : undefined,
  };
}
