import "server-only";
import { Counter, Gauge, Registry, collectDefaultMetrics } from "prom-client";

// Cutroom's Prometheus metrics. Counters count what this process did since it started (each
// instance is scraped on its own, as Prometheus expects); the gauges are read from the database
// at scrape time (lib/server/metrics/scrape.ts), so every instance reports the same team-wide
// numbers for them. Labels are bounded sets (providers, call kinds, outcomes, error codes), never
// a task id, a user or a URL. The registry lives on globalThis: the route handlers and the
// background work (started from instrumentation) are separate module graphs in one process.

function createMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: "cutroom_" });
  const counter = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Counter<L>({ name, help, labelNames, registers: [registry] });
  const gauge = <L extends string>(name: string, help: string, labelNames: readonly L[]) =>
    new Gauge<L>({ name, help, labelNames, registers: [registry] });
  return {
    registry,
    tasksCreated: counter("cutroom_tasks_created_total", "Tasks saved by this instance, before any provider call.", ["provider"]),
    providerCalls: counter("cutroom_provider_calls_total", "Calls this instance made to a provider, by kind and how they ended.", [
      "provider",
      "kind",
      "outcome",
    ]),
    providerCallsBlocked: counter(
      "cutroom_provider_calls_blocked_total",
      "Calls this instance did not make: the breaker was open, the provider had asked to wait, or the query budget was used up.",
      ["provider", "reason"],
    ),
    webhookDeliveries: counter("cutroom_webhook_deliveries_total", "Webhook deliveries received by this instance.", [
      "provider",
      "outcome",
    ]),
    archiveBytes: counter("cutroom_archive_bytes_total", "Bytes of provider outputs this instance copied into storage.", []),
    archives: counter("cutroom_archives_total", "Attempts to copy an output into storage, by how they ended.", ["outcome"]),
    tasks: gauge("cutroom_tasks", "Tasks in the database, by state and provider.", ["state", "provider"]),
    taskFailures: gauge("cutroom_task_failures", "Failed tasks in the database, by provider and error code.", ["provider", "code"]),
    jobQueue: gauge("cutroom_job_queue_depth", "Background jobs waiting or running, by queue and state.", ["queue", "state"]),
    breakerOpen: gauge("cutroom_provider_breaker_open", "1 while a provider's circuit breaker is open.", ["provider"]),
    providerPaused: gauge("cutroom_provider_paused", "1 while a provider has asked Cutroom to wait (429 with Retry-After).", ["provider"]),
    queryCalls: gauge(
      "cutroom_provider_query_calls_last_minute",
      "Status queries made to a provider in the last 60 seconds (all instances).",
      ["provider"],
    ),
    queryBudget: gauge("cutroom_provider_query_budget_per_minute", "The query budget per minute for a provider.", ["provider"]),
    spendMonth: gauge("cutroom_spend_month_credits", "Credits spent with a provider this UTC month, the whole team.", ["provider"]),
    spendToday: gauge("cutroom_spend_today_credits", "Credits spent with a provider this UTC day, the whole team.", ["provider"]),
    budgetMonth: gauge("cutroom_budget_month_credits", "The team's monthly budget for a provider (absent when none is set).", ["provider"]),
  };
}

export type Metrics = ReturnType<typeof createMetrics>;

const globalForMetrics = globalThis as unknown as { cutroomMetrics?: Metrics };

export function metrics(): Metrics {
  return (globalForMetrics.cutroomMetrics ??= createMetrics());
}
