"use client";
import dynamic from "next/dynamic";
import { BarChart3, Download, X } from "lucide-react";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cn } from "@/components/ui/cn";
import { Spinner } from "@/components/ui/spinner";
import { SpendMeter } from "@/components/ui/spend-meter";
import { LocalTime } from "@/components/ui/local-time";
import { DateFilter, SelectFilter } from "@/components/filters/filter-controls";
import { isApiError } from "@/lib/client/api";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { useUsage } from "@/lib/client/usage";
import { PROVIDER_IDS, PROVIDER_LABELS, type ProviderId } from "@/lib/shared/catalog/ids";
import { LIMIT_LABELS, resetText, type LimitStanding } from "@/lib/shared/spend";
import { usageFiltersSchema, usageFiltersToParams, type UsageReport } from "@/lib/shared/usage";

// The Usage page: spend per day (a chart), per person, per model and per provider for a period,
// what is left of the budgets, and (admins) the balance checked against the ledger. Filters live in
// the URL; the CSV export takes the same ones.

const UsageChart = dynamic(() => import("./usage-chart"), {
  ssr: false,
  loading: () => <div className="h-64 animate-pulse rounded-lg bg-zinc-100" aria-hidden="true" />,
});

const credits = (value: number) => value.toLocaleString("en-US");
const usd = (value: number, rate: number | null) =>
  rate === null ? null : `US$${(value * rate).toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

type Person = { id: string; name: string };

export function UsageReportView({ people }: { people: Person[] | null }) {
  const { filters, apiQuery, setFilters } = useUrlFilters(usageFiltersSchema, usageFiltersToParams);
  const usage = useUsage(apiQuery);
  const set = (patch: Partial<typeof filters>) => setFilters((current) => ({ ...current, ...patch }));
  const active = [filters.from, filters.to, filters.provider, filters.member].filter(Boolean).length;
  const report = usage.data;
  return (
    <div className="space-y-4">
      <div className="flex flex-col gap-3 lg:flex-row lg:items-end lg:justify-between" role="search" aria-label="Choose the period and who">
        <div className={cn("grid grid-cols-2 gap-2", people ? "sm:grid-cols-4 lg:w-[44rem]" : "sm:grid-cols-3 lg:w-[33rem]")}>
          {/* Without dates the report is this UTC month so far: the boxes show the days it covers. */}
          <DateFilter
            id="usage-from"
            label="From"
            value={filters.from ?? report?.from ?? ""}
            onChange={(day) => set({ from: day || undefined })}
          />
          <DateFilter id="usage-to" label="To" value={filters.to ?? report?.to ?? ""} onChange={(day) => set({ to: day || undefined })} />
          <SelectFilter
            id="usage-provider"
            label="Provider"
            value={filters.provider ?? ""}
            onChange={(provider) => set({ provider: (provider || undefined) as ProviderId | undefined })}
          >
            <option value="">Every provider</option>
            {PROVIDER_IDS.map((id) => (
              <option key={id} value={id}>
                {PROVIDER_LABELS[id]}
              </option>
            ))}
          </SelectFilter>
          {people ? (
            <SelectFilter
              id="usage-member"
              label="Person"
              value={filters.member ?? ""}
              onChange={(member) => set({ member: member || undefined })}
            >
              <option value="">The whole team</option>
              {people.map((person) => (
                <option key={person.id} value={person.id}>
                  {person.name}
                </option>
              ))}
            </SelectFilter>
          ) : null}
        </div>
        <div className="flex flex-wrap gap-2">
          {active ? (
            <Button variant="ghost" size="sm" onClick={() => setFilters({})}>
              <X className="size-4" aria-hidden="true" /> This month
            </Button>
          ) : null}
          <a href={`/api/usage/export${apiQuery ? `?${apiQuery}` : ""}`} download className={buttonClass("secondary", "sm")}>
            <Download className="size-4" aria-hidden="true" /> Export CSV
          </a>
        </div>
      </div>

      {usage.isPending ? (
        <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
          <Spinner className="size-4" /> Adding up the spend…
        </Card>
      ) : usage.isError || !report ? (
        <Alert tone="error" title="Could not load the usage.">
          {isApiError(usage.error) ? usage.error.message : "Check your connection and reload the page."}
        </Alert>
      ) : (
        <Report report={report} />
      )}
    </div>
  );
}

function Report({ report }: { report: UsageReport }) {
  const any = report.providers.some((provider) => provider.totals.tasks > 0);
  const who = report.scope.kind === "team" ? "The team" : report.scope.name;
  return (
    <div className="space-y-4">
      <p className="text-sm text-zinc-600">
        {who}, {report.from === report.to ? report.from : `${report.from} to ${report.to}`} (UTC). Running tasks count at their hold.
      </p>
      <div className="grid gap-3 sm:grid-cols-3">
        {report.providers.map((provider) => {
          const budgets = report.budgets.find((entry) => entry.provider === provider.id)?.limits ?? [];
          const money = usd(provider.totals.credits, provider.creditValueUsd);
          return (
            <Card key={provider.id} className="p-4" data-testid={`usage-total-${provider.id}`}>
              <p className="text-sm font-medium text-zinc-700">{provider.label}</p>
              <p className="mt-1 text-2xl font-semibold text-zinc-900 tabular-nums">{credits(provider.totals.credits)}</p>
              <p className="text-xs text-zinc-500">
                credits{money ? ` (${money})` : ""} · {credits(provider.totals.tasks)} {provider.totals.tasks === 1 ? "task" : "tasks"}
              </p>
              {budgets.map((limit) => (
                <BudgetLeft key={limit.kind} limit={limit} />
              ))}
            </Card>
          );
        })}
      </div>

      {any ? (
        <>
          <Card className="p-4 text-zinc-600">
            <h2 className="mb-2 text-sm font-semibold text-zinc-900">Credits per day</h2>
            <UsageChart report={report} />
          </Card>
          <div className="grid gap-4 lg:grid-cols-2">
            <SpendTable
              title={report.scope.kind === "team" ? "By person" : "By provider"}
              rows={report.byMember.map((row) => ({
                ...row,
                key: `${row.userId}:${row.provider}`,
                name: report.scope.kind === "team" ? row.name : PROVIDER_LABELS[row.provider],
                detail: report.scope.kind === "team" ? PROVIDER_LABELS[row.provider] : row.name,
              }))}
            />
            <SpendTable
              title="By model"
              rows={report.byModel.map((row) => ({
                key: `${row.provider}:${row.model}`,
                name: row.modelLabel,
                detail: PROVIDER_LABELS[row.provider],
                ...row,
              }))}
            />
          </div>
        </>
      ) : (
        <Card className="flex flex-col items-center gap-3 p-10 text-center">
          <BarChart3 className="size-8 text-zinc-300" aria-hidden="true" />
          <p className="font-medium text-zinc-800">Nothing spent in this period.</p>
          <p className="max-w-md text-sm text-zinc-500">
            Every task counts here from the moment it is created, at its hold, then at what the provider charged.
          </p>
        </Card>
      )}

      {report.reconciliation.length > 0 ? <Reconciliation items={report.reconciliation} /> : null}
    </div>
  );
}

function BudgetLeft({ limit }: { limit: LimitStanding }) {
  return (
    <div className="mt-3 space-y-1">
      <p className="text-xs text-zinc-600">
        {credits(Math.max(0, limit.left))} of {credits(limit.limit)} left of {LIMIT_LABELS[limit.kind]}; resets {resetText(limit.resetsAt)}
      </p>
      <SpendMeter used={limit.used} limit={limit.limit} label={LIMIT_LABELS[limit.kind]} className="h-1.5" />
    </div>
  );
}

function SpendTable({
  title,
  rows,
}: {
  title: string;
  rows: { key: string; name: string; detail: string; credits: number; tasks: number }[];
}) {
  return (
    <Card className="overflow-hidden">
      <h2 className="border-b border-zinc-200 px-4 py-3 text-sm font-semibold text-zinc-900">{title}</h2>
      <table className="w-full text-sm">
        <thead className="text-left text-xs text-zinc-500">
          <tr>
            <th className="px-4 py-2 font-medium">Name</th>
            <th className="px-4 py-2 text-right font-medium">Tasks</th>
            <th className="px-4 py-2 text-right font-medium">Credits</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100">
          {rows.map((row) => (
            <tr key={row.key}>
              <td className="px-4 py-2">
                <span className="text-zinc-900">{row.name}</span> <span className="text-xs text-zinc-500">· {row.detail}</span>
              </td>
              <td className="px-4 py-2 text-right tabular-nums text-zinc-700">{credits(row.tasks)}</td>
              <td className="px-4 py-2 text-right font-medium tabular-nums text-zinc-900">{credits(row.credits)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </Card>
  );
}

function Reconciliation({ items }: { items: UsageReport["reconciliation"] }) {
  return (
    <Card className="p-4" role="region" aria-labelledby="reconciliation-heading">
      <h2 id="reconciliation-heading" className="text-sm font-semibold text-zinc-900">
        Balance against Cutroom&rsquo;s ledger (last 24 hours)
      </h2>
      <ul className="mt-2 space-y-2">
        {items.map((item) => (
          <li key={item.provider} className="text-sm" data-testid={`reconciliation-${item.provider}`}>
            {item.status === "mismatch" ? (
              <Alert tone="warning" title={`${item.label}: ${item.message}`}>
                The balance fell {credits(item.balanceDrop ?? 0)} credits; Cutroom&rsquo;s tasks account for{" "}
                {credits(item.ledgerSpend ?? 0)}
                {item.since && item.until ? (
                  <>
                    {" "}
                    (<LocalTime iso={item.since} /> to <LocalTime iso={item.until} />)
                  </>
                ) : null}
                .
              </Alert>
            ) : (
              <p className="text-zinc-600">
                <span className="font-medium text-zinc-800">{item.label}:</span> {item.message}
              </p>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
