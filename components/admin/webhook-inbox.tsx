"use client";
import Link from "next/link";
import { Inbox, RefreshCw } from "lucide-react";
import { useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { StateBadge } from "@/components/tasks/state-badge";
import { useRecheckTask, useWebhookInbox, type RecheckResult } from "@/lib/client/admin";
import { isApiError } from "@/lib/client/api";
import { useNow } from "@/lib/client/use-now";
import { formatDateTime, formatRelative } from "@/lib/shared/format";
import type { DeliveryView, RefusalView, UnlinkedView } from "@/lib/shared/webhooks";

/** Recent deliveries: verification, the task they matched, what came of them, and a re-check button. */
export function WebhookInbox() {
  const inbox = useWebhookInbox();
  const now = useNow(true, 10_000);
  if (inbox.isPending) {
    return (
      <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
        <Spinner className="size-4" /> Loading deliveries…
      </Card>
    );
  }
  if (inbox.isError) {
    return (
      <Alert tone="error" title="Could not load the webhook inbox.">
        {isApiError(inbox.error) ? inbox.error.message : "Check your connection and reload the page."}
      </Alert>
    );
  }
  const deliveries = inbox.data.pages.flatMap((page) => page.items);
  const refused = inbox.data.pages[0]?.refused ?? [];
  const unlinked = inbox.data.pages[0]?.unlinked ?? [];
  return (
    <div className="space-y-6">
      <div className="flex justify-end">
        <Button variant="secondary" size="sm" busy={inbox.isRefetching} onClick={() => void inbox.refetch()}>
          <RefreshCw className="size-4" aria-hidden="true" /> Refresh
        </Button>
      </div>
      {deliveries.length === 0 ? (
        <Card className="flex flex-col items-center gap-3 p-10 text-center">
          <Inbox className="size-8 text-zinc-300" aria-hidden="true" />
          <p className="font-medium text-zinc-800">No webhook deliveries yet.</p>
          <p className="max-w-md text-sm text-zinc-500">
            Providers call back here when a task changes state. Until they do, the reconciler asks them on its own.
          </p>
        </Card>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-100">
            {deliveries.map((delivery) => (
              <DeliveryRow key={delivery.id} delivery={delivery} now={now} />
            ))}
          </ul>
        </Card>
      )}
      {inbox.hasNextPage ? (
        <div className="flex justify-center">
          <Button variant="secondary" size="sm" busy={inbox.isFetchingNextPage} onClick={() => void inbox.fetchNextPage()}>
            Show older deliveries
          </Button>
        </div>
      ) : null}
      <UnlinkedList unlinked={unlinked} now={now} />
      <RefusedList refused={refused} now={now} />
    </div>
  );
}

function UnlinkedList({ unlinked, now }: { unlinked: UnlinkedView[]; now: number }) {
  if (unlinked.length === 0) return null;
  return (
    <section aria-labelledby="unlinked-title" className="space-y-2">
      <h2 id="unlinked-title" className="text-sm font-semibold text-zinc-900">
        Provider tasks with no task here
      </h2>
      <p className="text-sm text-zinc-500">
        Signed deliveries about a provider task that no task here knew when they came: a task whose create answer was lost, one that learnt
        its id a moment later, or work done elsewhere with the same account. Cutroom links one to its task only when the provider names the
        task&apos;s own idempotency key; the rest are kept here for a week.
      </p>
      <Card className="overflow-hidden">
        <ul className="divide-y divide-zinc-100 text-sm">
          {unlinked.map((item) => (
            <li key={item.id} className="space-y-1 px-4 py-2.5" data-unlinked-id={item.providerTaskId}>
              <div className="flex flex-wrap items-center gap-x-3 gap-y-1">
                {item.linkedTaskId ? <Badge tone="green">Linked</Badge> : <Badge>No task</Badge>}
                <span className="font-medium text-zinc-800">{item.providerLabel}</span>
                <span className="font-mono text-xs text-zinc-600">{item.providerTaskId}</span>
                <Badge tone="sky">{item.status ?? "no status"}</Badge>
                <span className="tabular-nums text-zinc-600">
                  {item.deliveries.toLocaleString("en-US")} {item.deliveries === 1 ? "delivery" : "deliveries"}
                </span>
                <span className="ml-auto text-zinc-500" title={formatDateTime(item.lastSeenAt)}>
                  {formatRelative(item.lastSeenAt, now)}
                </span>
              </div>
              {item.lookedUp || item.note || item.linkedTaskId ? (
                <p className="text-zinc-600">
                  {item.lookedUp ? `The provider has it as ${item.lookedUp.status ?? "unknown"}. ` : null}
                  {item.note}{" "}
                  {item.linkedTaskId ? (
                    <Link href={`/tasks/${item.linkedTaskId}`} className="font-medium text-zinc-800 underline-offset-2 hover:underline">
                      Open the task
                    </Link>
                  ) : null}
                </p>
              ) : null}
            </li>
          ))}
        </ul>
      </Card>
    </section>
  );
}

function DeliveryRow({ delivery, now }: { delivery: DeliveryView; now: number }) {
  const recheck = useRecheckTask();
  const [answer, setAnswer] = useState<RecheckResult | null>(null);
  return (
    <li className="grid gap-3 p-4 sm:grid-cols-[1fr_auto] sm:items-start" data-delivery-id={delivery.id}>
      <div className="min-w-0 space-y-1.5">
        <div className="flex flex-wrap items-center gap-2 text-sm">
          <span className="font-medium text-zinc-900">{delivery.providerLabel}</span>
          <span className="text-zinc-500">reported</span>
          <Badge tone="sky">{delivery.status ?? "no status"}</Badge>
          <Badge tone="green">{delivery.verification}</Badge>
          {delivery.outcome === "duplicate" ? <Badge>Repeat</Badge> : null}
          <span className="text-zinc-500" title={formatDateTime(delivery.receivedAt)}>
            {formatRelative(delivery.receivedAt, now)}
          </span>
        </div>
        <p className="flex min-w-0 items-center gap-2 text-sm">
          <StateBadge state={delivery.task.state} />
          <Link
            href={`/tasks/${delivery.task.id}`}
            className="truncate font-medium text-zinc-800 underline-offset-2 hover:text-brand-700 hover:underline"
          >
            {delivery.task.prompt || "(no prompt)"}
          </Link>
          <span className="shrink-0 text-zinc-500">· {delivery.task.ownerName}</span>
        </p>
        <p className="text-sm text-zinc-600">{delivery.result}</p>
        {answer ? (
          <p className="text-sm text-emerald-800" role="status">
            The provider reports {answer.providerStatus}
            {answer.changed ? "; the task was updated." : "; Cutroom already knew."}
          </p>
        ) : null}
        {recheck.isError ? (
          <p className="text-sm text-red-700" role="alert">
            {isApiError(recheck.error) ? recheck.error.message : "The re-check did not go through. Try again."}
          </p>
        ) : null}
      </div>
      <Button
        variant="secondary"
        size="sm"
        busy={recheck.isPending}
        onClick={() => recheck.mutate(delivery.task.id, { onSuccess: setAnswer })}
        aria-label={`Re-check "${delivery.task.prompt.slice(0, 60)}" with ${delivery.providerLabel}`}
      >
        <RefreshCw className="size-4" aria-hidden="true" /> Re-check
      </Button>
    </li>
  );
}

function RefusedList({ refused, now }: { refused: RefusalView[]; now: number }) {
  return (
    <section aria-labelledby="refused-title" className="space-y-2">
      <h2 id="refused-title" className="text-sm font-semibold text-zinc-900">
        Refused deliveries
      </h2>
      <p className="text-sm text-zinc-500">
        Deliveries with a bad token, an unknown task or an unreadable body are refused without writing anything, so they never crowd out the
        deliveries above. This server has counted them by reason since it started:
      </p>
      {refused.length === 0 ? (
        <p className="text-sm text-zinc-600">None.</p>
      ) : (
        <Card className="overflow-hidden">
          <ul className="divide-y divide-zinc-100 text-sm">
            {refused.map((refusal) => (
              <li
                key={`${refusal.provider}-${refusal.reason}`}
                className="flex flex-wrap items-center gap-x-3 gap-y-1 px-4 py-2.5"
                data-refusal-reason={refusal.reason}
              >
                <Badge tone="red">Refused</Badge>
                <span className="font-medium text-zinc-800">{refusal.providerLabel}</span>
                <span className="text-zinc-800">{refusal.reason}</span>
                <span className="tabular-nums text-zinc-600">
                  {refusal.count.toLocaleString("en-US")} {refusal.count === 1 ? "time" : "times"}
                </span>
                {refusal.taskId ? (
                  <Link href={`/tasks/${refusal.taskId}`} className="font-mono text-xs text-zinc-500 hover:text-brand-700">
                    {refusal.taskId.slice(0, 8)}
                  </Link>
                ) : null}
                <span className="ml-auto text-zinc-500">
                  {refusal.count > 1 ? (
                    <>
                      first <span title={formatDateTime(refusal.firstAt)}>{formatRelative(refusal.firstAt, now)}</span>, last{" "}
                    </>
                  ) : null}
                  <span title={formatDateTime(refusal.lastAt)}>{formatRelative(refusal.lastAt, now)}</span>
                </span>
              </li>
            ))}
          </ul>
        </Card>
      )}
    </section>
  );
}
