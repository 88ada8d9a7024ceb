"use client";
import { Download, ScrollText, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { LocalTime } from "@/components/ui/local-time";
import { DateFilter, SelectFilter } from "@/components/filters/filter-controls";
import { useAuditLog } from "@/lib/client/admin";
import { isApiError } from "@/lib/client/api";
import { useTeam } from "@/lib/client/team";
import { dayToIso, isoToDay, useUrlFilters } from "@/lib/client/use-url-filters";
import {
  AUDIT_ACTION_LABELS,
  AUDIT_ACTION_NAMES,
  auditFiltersSchema,
  auditFiltersToParams,
  type AuditActionName,
  type AuditEntryView,
} from "@/lib/shared/audit";

// The audit log page: filters in the URL (so a view can be shared), entries newest first with who,
// what, whom, from where and what changed, and a CSV export of exactly what the filters select.

const TONE: Partial<Record<AuditActionName, BadgeTone>> = {
  sign_in_failed: "amber",
  sign_in_disabled: "amber",
  user_disabled: "red",
  role_changed: "brand",
  password_reset: "brand",
  task_canceled: "sky",
  tasks_bulk_canceled: "sky",
};

export function AuditLog() {
  const { filters, apiQuery, setFilters } = useUrlFilters(auditFiltersSchema, auditFiltersToParams);
  const log = useAuditLog(apiQuery);
  const team = useTeam();
  const set = (patch: Partial<typeof filters>) => setFilters((current) => ({ ...current, ...patch }));
  const active = [filters.action, filters.actor, filters.from, filters.to].filter(Boolean).length;
  const entries = log.data?.pages.flatMap((page) => page.items) ?? [];

  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between" role="search" aria-label="Filter the audit log">
        <div className="grid grid-cols-2 gap-2 sm:grid-cols-4 lg:w-[44rem]">
          <SelectFilter
            id="audit-action"
            label="Action"
            value={filters.action ?? ""}
            onChange={(action) => set({ action: (action || undefined) as AuditActionName | undefined })}
          >
            <option value="">Every action</option>
            {AUDIT_ACTION_NAMES.map((name) => (
              <option key={name} value={name}>
                {AUDIT_ACTION_LABELS[name]}
              </option>
            ))}
          </SelectFilter>
          <SelectFilter
            id="audit-actor"
            label="Person"
            value={filters.actor ?? ""}
            onChange={(actor) => set({ actor: actor || undefined })}
          >
            <option value="">Anyone</option>
            {team.data?.members.map((member) => (
              <option key={member.id} value={member.id}>
                {member.name}
              </option>
            ))}
          </SelectFilter>
          <DateFilter id="audit-from" label="From" value={isoToDay(filters.from)} onChange={(day) => set({ from: dayToIso(day) })} />
          <DateFilter id="audit-to" label="To" value={isoToDay(filters.to, -1)} onChange={(day) => set({ to: dayToIso(day, 1) })} />
        </div>
        <div className="flex flex-wrap gap-2">
          {active ? (
            <Button variant="ghost" size="sm" onClick={() => setFilters({})}>
              <X className="size-4" aria-hidden="true" /> Clear filters
            </Button>
          ) : null}
          <a href={`/api/admin/audit/export${apiQuery ? `?${apiQuery}` : ""}`} download className={buttonClass("secondary", "sm")}>
            <Download className="size-4" aria-hidden="true" /> Export CSV
          </a>
        </div>
      </div>

      {log.isPending ? (
        <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
          <Spinner className="size-4" /> Loading the audit log…
        </Card>
      ) : log.isError ? (
        <Alert tone="error" title="Could not load the audit log.">
          {isApiError(log.error) ? log.error.message : "Check your connection and reload the page."}
        </Alert>
      ) : entries.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 p-10 text-center">
          <ScrollText className="size-8 text-zinc-300" aria-hidden="true" />
          <p className="font-medium text-zinc-800">{active ? "Nothing matches these filters." : "Nothing recorded yet."}</p>
          <p className="max-w-md text-sm text-zinc-500">
            Sign-ins, changes to teammates, admin cancels, re-checks and model imports appear here as they happen.
          </p>
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-100">
            {entries.map((entry) => (
              <EntryRow key={entry.id} entry={entry} />
            ))}
          </ul>
        </Card>
      )}
      {log.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" size="sm" busy={log.isFetchingNextPage} onClick={() => void log.fetchNextPage()}>
            Show older entries
          </Button>
        </div>
      ) : null}
    </div>
  );
}

function EntryRow({ entry }: { entry: AuditEntryView }) {
  const change = describeChange(entry);
  return (
    <li className="grid gap-1.5 px-4 py-3 text-sm sm:grid-cols-[11rem_1fr] sm:gap-4" data-audit-action={entry.action}>
      <div className="text-zinc-500 tabular-nums">
        <LocalTime iso={entry.at} />
      </div>
      <div className="min-w-0 space-y-1">
        <p className="flex flex-wrap items-center gap-x-2 gap-y-1">
          <span className="font-medium text-zinc-900">{entry.actor.name}</span>
          <Badge tone={TONE[entry.action] ?? "neutral"}>{AUDIT_ACTION_LABELS[entry.action]}</Badge>
          <span className="min-w-0 break-words text-zinc-700">{entry.target.label}</span>
        </p>
        {change ? <p className="break-words text-zinc-600">{change}</p> : null}
        <p className="text-xs text-zinc-500">{entry.ip ? `From ${entry.ip}` : "Address unknown (TRUST_PROXY is off)"}</p>
      </div>
    </li>
  );
}

/** What changed, in words: "member → admin", the import's counts, a bulk cancel's tally. */
function describeChange(entry: AuditEntryView): string | null {
  const { before, after } = entry;
  switch (entry.action) {
    case "role_changed":
      return `${String(before?.role)} → ${String(after?.role)}`;
    case "user_added":
      return after ? `As ${String(after.role)}, ${String(after.email)}` : null;
    case "tasks_bulk_canceled":
      return after ? `${Number(after.canceled)} of ${Number(after.requested)} cancelled` : null;
    case "task_canceled":
      return after?.refunded ? `${Number(after.refunded)} credits refunded` : before?.state ? `Was ${String(before.state)}` : null;
    case "models_imported": {
      const added = Array.isArray(after?.added) ? after.added.length : 0;
      const updated = Array.isArray(after?.updated) ? after.updated.length : 0;
      return `${added} added, ${updated} updated`;
    }
    case "task_rechecked":
      return after ? `The provider said ${String(after.providerStatus)}${after.changed ? "; the task was updated" : ""}` : null;
    case "sign_in_failed":
      return "Wrong password";
    default:
      return null;
  }
}
