"use client";
import { Bell, Send } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge, type BadgeTone } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field, controlClass, describedBy } from "@/components/ui/field";
import { LocalTime } from "@/components/ui/local-time";
import { CopyButton } from "@/components/tasks/copy-button";
import { isApiError } from "@/lib/client/api";
import { useAlerts, useSaveAlerts, useTestAlert } from "@/lib/client/budgets";
import { useToasts } from "@/lib/client/toasts";
import type { AlertSettingsView, AlertView } from "@/lib/shared/budgets";

// Admin > Budgets: where alerts go (a Slack or Discord incoming webhook, or any receiver that
// checks the Standard Webhooks signature), a test delivery, and the latest alerts.

const DELIVERY: Record<AlertView["delivery"], { label: string; tone: BadgeTone }> = {
  delivered: { label: "Sent", tone: "green" },
  pending: { label: "Sending", tone: "sky" },
  retrying: { label: "Retrying", tone: "amber" },
  failed: { label: "Not delivered", tone: "red" },
  "in-app": { label: "In the app", tone: "neutral" },
};

export function AlertsPanel() {
  const alerts = useAlerts();
  return (
    <Card className="p-4 sm:p-5" role="region" aria-labelledby="alerts-heading">
      <h2 id="alerts-heading" className="flex items-center gap-2 text-base font-semibold text-zinc-900">
        <Bell className="size-4 text-zinc-400" aria-hidden="true" /> Alerts
      </h2>
      <p className="mt-1 text-sm text-zinc-500">
        When a budget or a limit passes 80% or is used up, and when a task waits for approval. Listed here, and sent to a webhook if you set
        one.
      </p>
      {alerts.isPending ? (
        <p className="mt-4 text-sm text-zinc-500">Loading…</p>
      ) : alerts.isError ? (
        <Alert tone="error" title="The alerts could not be loaded." className="mt-4" />
      ) : (
        <>
          <AlertSettingsForm key={alerts.data.settings.webhookUrl ?? ""} settings={alerts.data.settings} />
          <RecentAlerts alerts={alerts.data.alerts} />
        </>
      )}
    </Card>
  );
}

function AlertSettingsForm({ settings }: { settings: AlertSettingsView }) {
  const save = useSaveAlerts();
  const test = useTestAlert();
  const toasts = useToasts();
  const [url, setUrl] = useState(settings.webhookUrl ?? "");
  const [error, setError] = useState<string | null>(null);
  const [shown, setShown] = useState(false);
  const submit = (newSecret = false) => {
    setError(null);
    save.mutate(
      { webhookUrl: url.trim() === "" ? null : url.trim(), ...(newSecret ? { newSecret } : {}) },
      {
        onSuccess: () => toasts.show({ tone: "success", title: newSecret ? "A new signing secret is in use." : "Alert webhook saved." }),
        onError: (failure) =>
          setError(isApiError(failure) ? (failure.fields.webhookUrl ?? failure.message) : "It could not be saved. Try again."),
      },
    );
  };
  const testOutcome = test.data?.outcome;
  return (
    <form
      className="mt-4 space-y-4"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        submit();
      }}
    >
      <Field
        id="alert-webhook"
        label="Webhook URL"
        error={error ?? undefined}
        help="An https:// address. Slack and Discord incoming webhooks work as they are."
      >
        <input
          id="alert-webhook"
          type="url"
          inputMode="url"
          placeholder="https://hooks.slack.com/services/…"
          className={controlClass(Boolean(error))}
          aria-invalid={Boolean(error)}
          aria-describedby={describedBy("alert-webhook", error ?? undefined, true)}
          value={url}
          onChange={(event) => setUrl(event.target.value)}
        />
      </Field>
      <div className="space-y-1.5">
        <p className="text-sm font-medium text-zinc-800">Signing secret</p>
        <div className="flex flex-wrap items-center gap-2">
          <code className="max-w-full truncate rounded-md bg-zinc-100 px-2 py-1 text-xs text-zinc-800" data-testid="alert-secret">
            {shown ? settings.secret : "whsec_••••••••••••••••"}
          </code>
          <Button type="button" variant="ghost" size="sm" onClick={() => setShown(!shown)}>
            {shown ? "Hide" : "Show"}
          </Button>
          <CopyButton text={settings.secret} label="Copy secret" />
          <Button type="button" variant="ghost" size="sm" busy={save.isPending} onClick={() => submit(true)}>
            New secret
          </Button>
        </div>
        <p className="text-sm text-zinc-500">
          Each delivery carries webhook-id, webhook-timestamp and webhook-signature headers (Standard Webhooks) for a receiver that checks
          them.
        </p>
      </div>
      {testOutcome ? (
        <Alert
          tone={testOutcome === "delivered" ? "success" : "warning"}
          title={
            testOutcome === "delivered"
              ? "The test alert was delivered."
              : testOutcome === "no-webhook"
                ? "Save a webhook URL first."
                : "The test alert was not delivered; Cutroom will retry it."
          }
        />
      ) : null}
      <div className="flex flex-wrap justify-end gap-2 border-t border-zinc-100 pt-4">
        <Button type="button" variant="secondary" busy={test.isPending} disabled={!settings.webhookUrl} onClick={() => test.mutate()}>
          <Send className="size-4" aria-hidden="true" /> Send a test alert
        </Button>
        <Button type="submit" busy={save.isPending}>
          Save webhook
        </Button>
      </div>
    </form>
  );
}

function RecentAlerts({ alerts }: { alerts: AlertView[] }) {
  if (alerts.length === 0) return <p className="mt-4 text-sm text-zinc-500">No alerts yet.</p>;
  return (
    <div className="mt-4 border-t border-zinc-100 pt-4">
      <h3 className="text-sm font-medium text-zinc-800">Latest alerts</h3>
      <ul className="mt-2 divide-y divide-zinc-100">
        {alerts.map((alert) => (
          <li key={alert.id} className="flex flex-wrap items-start justify-between gap-x-4 gap-y-1 py-2 text-sm">
            <div className="min-w-0 flex-1 basis-64">
              <p className="text-zinc-900">{alert.message}</p>
              <p className="text-xs text-zinc-500">
                <LocalTime iso={alert.createdAt} />
                {alert.lastError ? ` · ${alert.lastError}` : ""}
              </p>
            </div>
            <Badge tone={DELIVERY[alert.delivery].tone}>{DELIVERY[alert.delivery].label}</Badge>
          </li>
        ))}
      </ul>
    </div>
  );
}
