"use client";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Card, CardSection } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { useProviders } from "@/lib/client/admin";
import { ModelImport } from "./model-import";
import { isApiError } from "@/lib/client/api";
import { useNow } from "@/lib/client/use-now";
import { formatDateTime, formatRelative } from "@/lib/shared/format";
import type { ProviderHealth, ProviderOverview } from "@/lib/shared/providers";

const HEALTH: Record<ProviderHealth["status"], { label: string; tone: BadgeTone }> = {
  ok: { label: "Healthy", tone: "green" },
  degraded: { label: "Failing: calls paused", tone: "red" },
  failing: { label: "Failing: new tasks do not start", tone: "red" },
  paused: { label: "Rate limited", tone: "amber" },
};

export function ProvidersPanel() {
  const providers = useProviders();
  const now = useNow(true, 5000);
  if (providers.isPending) {
    return (
      <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
        <Spinner className="size-4" /> Asking the providers…
      </Card>
    );
  }
  if (providers.isError) {
    return (
      <Alert tone="error" title="Could not load the providers.">
        {isApiError(providers.error) ? providers.error.message : "Check your connection and reload the page."}
      </Alert>
    );
  }
  return (
    <div className="grid gap-4 lg:grid-cols-2">
      {providers.data.map((provider) => (
        <ProviderCard key={provider.id} provider={provider} now={now} />
      ))}
    </div>
  );
}

function ProviderCard({ provider, now }: { provider: ProviderOverview; now: number }) {
  const { health } = provider;
  const used = health.queryCallsLastMinute;
  const budget = provider.queryBudgetPerMinute;
  const share = budget > 0 ? Math.min(1, used / budget) : 0;
  const until = health.breakerOpenUntil ?? health.pausedUntil;
  return (
    <CardSection className="p-4 sm:p-5" labelledBy={`provider-${provider.id}`}>
      <div className="flex flex-wrap items-center gap-2">
        <h2 id={`provider-${provider.id}`} className="mr-auto text-base font-semibold text-zinc-900">
          {provider.label}
        </h2>
        <Badge tone={provider.mode === "sandbox" ? "amber" : "brand"}>{provider.mode === "sandbox" ? "Sandbox" : "Live"}</Badge>
        <Badge tone={HEALTH[health.status].tone}>{HEALTH[health.status].label}</Badge>
      </div>
      {provider.mode === "sandbox" ? (
        <p className="mt-1 text-sm text-zinc-500">
          No API key is set, so the built-in sandbox answers. Set the provider&apos;s key to go live.
        </p>
      ) : null}
      <dl className="mt-4 grid gap-4 text-sm sm:grid-cols-2">
        <div>
          <dt className="text-zinc-500">Credits</dt>
          <dd className="mt-0.5 font-medium text-zinc-900">
            {"error" in provider.account ? (
              <span className="text-red-700">Could not read: {provider.account.error}</span>
            ) : provider.account.balance === null ? (
              "Not reported by the provider"
            ) : (
              `${provider.account.balance.toLocaleString()} credits`
            )}
          </dd>
        </div>
        <div>
          <dt className="text-zinc-500">Status-call budget</dt>
          <dd className="mt-0.5">
            <span className="font-medium tabular-nums text-zinc-900">
              {used} of {budget}
            </span>{" "}
            <span className="text-zinc-500">in the last minute</span>
            <div
              className="mt-1.5 h-1.5 overflow-hidden rounded-full bg-zinc-100"
              role="meter"
              aria-label="Status-call budget in use"
              aria-valuemin={0}
              aria-valuemax={budget}
              aria-valuenow={used}
            >
              <div className={share > 0.85 ? "h-full bg-amber-600" : "h-full bg-brand-600"} style={{ width: `${share * 100}%` }} />
            </div>
          </dd>
        </div>
        {until ? (
          <div>
            <dt className="text-zinc-500">{health.breakerOpenUntil ? "Calls resume" : "Pause ends"}</dt>
            <dd className="mt-0.5 font-medium text-zinc-900">{formatDateTime(until)}</dd>
          </div>
        ) : null}
        {health.failingCreates ? (
          <div className="sm:col-span-2">
            <dt className="text-zinc-500">New tasks</dt>
            <dd className="mt-0.5 font-medium text-red-700">
              The last {health.failingCreates.count} could not be sent
              {health.failingCreates.lastError ? ` (${health.failingCreates.lastError})` : ""}
            </dd>
          </div>
        ) : null}
        <div>
          <dt className="text-zinc-500">Failures in a row</dt>
          <dd className="mt-0.5 font-medium tabular-nums text-zinc-900">{health.consecutiveFailures}</dd>
        </div>
        {health.lastError ? (
          <div className="sm:col-span-2">
            <dt className="text-zinc-500">Last error</dt>
            <dd className="mt-0.5 break-words text-zinc-900">{health.lastError}</dd>
          </div>
        ) : null}
        {"supportedModels" in provider.account && provider.account.supportedModels?.length ? (
          <div className="sm:col-span-2">
            <dt className="text-zinc-500">Models the account can use</dt>
            <dd className="mt-1 flex flex-wrap gap-1.5">
              {provider.account.supportedModels.map((model) => (
                <Badge key={model}>{model}</Badge>
              ))}
            </dd>
          </div>
        ) : null}
      </dl>
      {provider.importsModels ? <ModelImport provider={provider.id} /> : null}
      <p className="mt-4 text-xs text-zinc-500" title={formatDateTime(provider.checkedAt)}>
        Checked {formatRelative(provider.checkedAt, now)}
      </p>
    </CardSection>
  );
}
