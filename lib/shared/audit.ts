import * as z from "zod/mini";
import { optionalDateTime, pageCursor, pageLimit } from "./list-params";
import { emptyAsAbsent } from "./validation";

// The audit log as the admin page and the API show it: one entry per admin or money action.

export const AUDIT_ACTION_LABELS = {
  sign_in: "Signed in",
  sign_in_failed: "Failed sign-in",
  sign_in_disabled: "Sign-in to a disabled account",
  user_added: "Added a user",
  role_changed: "Changed a role",
  user_disabled: "Disabled a user",
  user_enabled: "Re-enabled a user",
  password_reset: "Reset a password",
  task_canceled: "Cancelled a task",
  tasks_bulk_canceled: "Cancelled tasks in bulk",
  models_imported: "Imported models",
  task_rechecked: "Re-checked a task at its provider",
  budget_changed: "Changed budgets or limits",
  model_access_changed: "Changed model access",
  approval_given: "Approved a task",
  approval_refused: "Refused a task",
  alerts_changed: "Changed where alerts go",
  password_changed: "Changed their own password",
  invite_created: "Invited a teammate",
  invite_revoked: "Withdrew an invitation",
  invite_accepted: "Joined by invitation",
  user_deleted: "Deleted a user",
  tasks_reassigned: "Reassigned a user's tasks",
  task_deleted: "Deleted an output",
  task_restored: "Restored a deleted output",
  retention_changed: "Changed the retention rule",
  retention_applied: "Retention rule deleted outputs",
  share_created: "Made a share link",
  share_revoked: "Revoked a share link",
} as const;

export type AuditActionName = keyof typeof AUDIT_ACTION_LABELS;
export const AUDIT_ACTION_NAMES = Object.keys(AUDIT_ACTION_LABELS) as AuditActionName[];

export type AuditEntryView = {
  id: string;
  at: string;
  actor: { id: string | null; name: string };
  action: AuditActionName;
  target: { type: "user" | "task" | "provider" | "account" | "team"; id: string | null; label: string };
  ip: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
};

export type AuditPage = { items: AuditEntryView[]; nextCursor: string | null };

const dateTime = optionalDateTime("Use an ISO date and time, like 2026-01-31T00:00:00Z.");

/** The audit page's filters: in its URL, the browser's query and the API's validation alike. */
export const auditFiltersSchema = z.strictObject({
  action: emptyAsAbsent(z.enum(AUDIT_ACTION_NAMES, { error: "Choose an action from the list." })),
  actor: emptyAsAbsent(z.uuid({ error: "Choose a person from the list." })),
  from: dateTime,
  to: dateTime,
});
export type AuditFilters = z.infer<typeof auditFiltersSchema>;

export const auditQuerySchema = z.extend(auditFiltersSchema, { cursor: pageCursor, limit: pageLimit(100, 50) });

/** Filters as URL search params, leaving out empty ones. */
export function auditFiltersToParams(filters: Partial<AuditFilters>): URLSearchParams {
  const params = new URLSearchParams();
  for (const key of ["action", "actor", "from", "to"] as const) {
    const value = filters[key];
    if (value) params.set(key, value);
  }
  return params;
}
