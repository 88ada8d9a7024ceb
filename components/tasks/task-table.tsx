"use client";
import Link from "next/link";
import { ChevronLeft, ChevronRight, Film, SearchX } from "lucide-react";
import { useMemo, useState } from "react";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Spinner } from "@/components/ui/spinner";
import { isApiError } from "@/lib/client/api";
import { useCancelTasks, useTasksPage, type BulkCancelResult } from "@/lib/client/tasks";
import { useNow } from "@/lib/client/use-now";
import { useUrlFilters } from "@/lib/client/use-url-filters";
import { formatDateTime, formatDuration, formatRelative, taskSeconds } from "@/lib/shared/format";
import { filtersToParams, taskFiltersSchema } from "@/lib/shared/task-filters";
import { CANCELLABLE_STATES, isTerminal, type TaskListItem, type TaskState, outputProblemOf } from "@/lib/shared/tasks";
import { BulkCancelDialog, ConfirmBulkCancelDialog } from "./bulk-cancel-dialog";
import { CancelButton } from "./cancel-button";
import { StateBadge } from "./state-badge";
import { TaskFiltersBar } from "./task-filters";

const cancellable = (task: TaskListItem) => task.canCancel && CANCELLABLE_STATES.includes(task.state);

/**
 * The team's tasks with filters kept in the URL, keyset pages, and (for admins) a selection of
 * queued tasks to cancel at once. `states` narrows the table to some states (the admin queue).
 */
export function TaskTable({ selectable, states, emptyText }: { selectable: boolean; states?: readonly TaskState[]; emptyText?: string }) {
  const { filters, apiQuery, cursor, setFilters, setCursor } = useUrlFilters(taskFiltersSchema, filtersToParams);
  const query = useMemo(() => {
    if (!states) return apiQuery;
    const chosen = filters.state?.filter((state) => states.includes(state));
    return filtersToParams({ ...filters, state: chosen?.length ? chosen : [...states] }).toString();
  }, [apiQuery, filters, states]);
  const page = useTasksPage(query, cursor);
  // Running times tick every 5 s while a row is in flight; "5 minutes ago" needs only a minute.
  const inFlight = (page.data?.items ?? []).some((task) => !isTerminal(task.state));
  const now = useNow(true, inFlight ? 5000 : 60_000);
  const [selected, setSelected] = useState<Set<string>>(new Set());
  const [results, setResults] = useState<BulkCancelResult[] | null>(null);
  const [confirming, setConfirming] = useState<TaskListItem[] | null>(null);
  // What was confirmed, so the results name each task by its prompt even once the list has moved on.
  const [confirmed, setConfirmed] = useState<TaskListItem[]>([]);
  const cancelMany = useCancelTasks();
  // Everything but the owner and favourites, which have empty states of their own.
  const narrowed = Boolean(
    filters.q ||
    filters.state?.length ||
    filters.model ||
    filters.provider ||
    filters.from ||
    filters.to ||
    filters.tag?.length ||
    filters.rating ||
    filters.review ||
    filters.project,
  );
  const filtered = narrowed || Boolean(filters.owner || filters.favourites);
  const onlyFavourites = filters.favourites && !(narrowed || filters.owner);
  const onlyMine = filters.owner === "me" && !(narrowed || filters.favourites);

  const items = page.data?.items ?? [];
  // A Previous link that walked back to the start is the first page, whatever its URL says.
  const atStart = !page.data?.prevCursor;
  const choosable = items.filter(cancellable);
  const chosen = [...selected].filter((id) => choosable.some((task) => task.id === id));
  const toggle = (id: string) =>
    setSelected((current) => {
      const next = new Set(current);
      if (next.has(id)) next.delete(id);
      else next.add(id);
      return next;
    });

  let body;
  if (page.isPending) {
    body = (
      <Card className="flex items-center justify-center gap-2 p-10 text-sm text-zinc-500">
        <Spinner className="size-4" /> Loading tasks…
      </Card>
    );
  } else if (page.isError) {
    body = (
      <Alert tone="error" title="Could not load the tasks.">
        {isApiError(page.error) ? page.error.message : "Check your connection and reload the page."}
      </Alert>
    );
  } else if (items.length === 0 && onlyMine && atStart && !states) {
    // A new member's own list: nothing is filtered away, there is just nothing yet.
    body = (
      <Card className="flex flex-col items-center gap-3 p-10 text-center">
        <Film className="size-8 text-zinc-300" aria-hidden="true" />
        <p className="font-medium text-zinc-800">You have not generated anything yet.</p>
        <Link href="/generate" className={buttonClass("primary", "md")}>
          Generate a video
        </Link>
      </Card>
    );
  } else if (items.length === 0) {
    body = (
      <Card className="flex flex-col items-center gap-3 p-10 text-center">
        {filtered ? (
          <SearchX className="size-8 text-zinc-300" aria-hidden="true" />
        ) : (
          <Film className="size-8 text-zinc-300" aria-hidden="true" />
        )}
        <p className="font-medium text-zinc-800">
          {onlyFavourites && atStart
            ? "No favourites yet: star a result (on its task page or in the gallery) to find it here."
            : filtered
              ? "No tasks match these filters."
              : !atStart
                ? "No older tasks."
                : (emptyText ?? "No tasks yet: generate your first video.")}
        </p>
        {filtered ? (
          <Button variant="secondary" onClick={() => setFilters({ sort: filters.sort, dir: filters.dir })}>
            Clear filters
          </Button>
        ) : !atStart ? (
          <Button variant="secondary" onClick={() => setCursor(null)}>
            Back to the first page
          </Button>
        ) : emptyText ? null : (
          <Link href="/generate" className={buttonClass("primary", "md")}>
            Generate a video
          </Link>
        )}
      </Card>
    );
  } else {
    body = (
      <Card className="overflow-hidden">
        <table className="hidden w-full text-sm md:table">
          <thead className="border-b border-zinc-200 bg-zinc-50 text-left text-xs font-medium whitespace-nowrap uppercase tracking-wide text-zinc-500">
            <tr>
              {selectable ? (
                <th scope="col" className="w-10 px-4 py-2.5">
                  <input
                    type="checkbox"
                    aria-label="Select every cancellable task on this page"
                    disabled={choosable.length === 0}
                    checked={choosable.length > 0 && chosen.length === choosable.length}
                    onChange={(event) => setSelected(event.target.checked ? new Set(choosable.map((task) => task.id)) : new Set())}
                    className="size-4 rounded border-zinc-300 accent-brand-600"
                  />
                </th>
              ) : null}
              <th scope="col" className="px-4 py-2.5">
                Prompt
              </th>
              <th scope="col" className="px-4 py-2.5">
                Model
              </th>
              <th scope="col" className="px-4 py-2.5">
                Owner
              </th>
              <th scope="col" className="px-4 py-2.5">
                State
              </th>
              <th scope="col" className="px-4 py-2.5">
                Created
              </th>
              <th scope="col" className="px-4 py-2.5">
                Time taken
              </th>
              <th scope="col" className="px-4 py-2.5 text-right">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-100">
            {items.map((task) => (
              <tr key={task.id} className="align-middle hover:bg-zinc-50/70" data-task-id={task.id}>
                {selectable ? (
                  <td className="px-4 py-3">
                    {cancellable(task) ? (
                      <input
                        type="checkbox"
                        aria-label={`Select "${task.prompt.slice(0, 60)}"`}
                        checked={selected.has(task.id)}
                        onChange={() => toggle(task.id)}
                        className="size-4 rounded border-zinc-300 accent-brand-600"
                      />
                    ) : null}
                  </td>
                ) : null}
                <td className="max-w-sm px-4 py-3">
                  <Link href={`/tasks/${task.id}`} className="flex items-center gap-3 font-medium text-zinc-900 hover:text-brand-700">
                    <Thumbnail task={task} />
                    <span className="line-clamp-2 break-words">{task.prompt || <span className="text-zinc-500">(no prompt)</span>}</span>
                  </Link>
                </td>
                <td className="px-4 py-3 text-zinc-700">
                  <span className="whitespace-nowrap">{task.modelDisplayLabel}</span>
                  {task.sandbox ? (
                    <Badge tone="amber" className="ml-1.5">
                      Sandbox
                    </Badge>
                  ) : null}
                </td>
                <td className="px-4 py-3 text-zinc-700">{task.owner.name}</td>
                <td className="px-4 py-3">
                  <StateBadge state={task.state} problem={outputProblemOf(task)} />
                </td>
                <td className="whitespace-nowrap px-4 py-3 text-zinc-600" title={formatDateTime(task.createdAt)}>
                  {formatRelative(task.createdAt, now)}
                </td>
                <td className="whitespace-nowrap px-4 py-3 tabular-nums text-zinc-600">{timeTaken(task, now)}</td>
                <td className="px-4 py-3 text-right">
                  <CancelButton task={task} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ul className="divide-y divide-zinc-100 md:hidden">
          {items.map((task) => (
            <li key={task.id} className="flex gap-3 p-4" data-task-id={task.id}>
              {selectable && cancellable(task) ? (
                <input
                  type="checkbox"
                  aria-label={`Select "${task.prompt.slice(0, 60)}"`}
                  checked={selected.has(task.id)}
                  onChange={() => toggle(task.id)}
                  className="mt-1 size-4 shrink-0 rounded border-zinc-300 accent-brand-600"
                />
              ) : null}
              <div className="min-w-0 flex-1 space-y-2">
                <Link href={`/tasks/${task.id}`} className="flex items-start justify-between gap-3">
                  <span className="line-clamp-2 break-words font-medium text-zinc-900">{task.prompt || "(no prompt)"}</span>
                  <ChevronRight className="mt-0.5 size-4 shrink-0 text-zinc-400" aria-hidden="true" />
                </Link>
                <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-sm text-zinc-500">
                  <StateBadge state={task.state} problem={outputProblemOf(task)} />
                  <span>{task.modelDisplayLabel}</span>
                  <span aria-hidden="true">·</span>
                  <span>{task.owner.name}</span>
                  <span aria-hidden="true">·</span>
                  <span title={formatDateTime(task.createdAt)}>{formatRelative(task.createdAt, now)}</span>
                  <span aria-hidden="true">·</span>
                  <span className="tabular-nums">{timeTaken(task, now)}</span>
                </div>
                <div className="flex justify-end">
                  <CancelButton task={task} />
                </div>
              </div>
            </li>
          ))}
        </ul>
      </Card>
    );
  }

  return (
    <div className="space-y-4">
      <TaskFiltersBar filters={filters} onChange={setFilters} states={states} />
      {selectable && chosen.length > 0 ? (
        <div className="sticky top-16 z-10 flex flex-wrap items-center justify-between gap-3 rounded-xl border border-brand-100 bg-brand-50 px-4 py-2.5">
          <p className="text-sm font-medium text-brand-700">
            {chosen.length} queued task{chosen.length === 1 ? "" : "s"} selected
          </p>
          <div className="flex gap-2">
            <Button variant="ghost" size="sm" onClick={() => setSelected(new Set())}>
              Clear selection
            </Button>
            <Button
              variant="danger"
              size="sm"
              busy={cancelMany.isPending}
              onClick={() => setConfirming(choosable.filter((task) => chosen.includes(task.id)))}
            >
              Cancel {chosen.length} selected
            </Button>
          </div>
        </div>
      ) : null}
      {cancelMany.isError ? (
        <Alert tone="error" title="Could not cancel the selected tasks.">
          {isApiError(cancelMany.error) ? cancelMany.error.message : "Try again."}
        </Alert>
      ) : null}
      {page.data?.total && !page.isError ? (
        <p role="status" className="text-sm text-zinc-600" data-testid="task-count">
          {matchCountText(page.data.total, page.data.totalCapped ?? false, filtered || Boolean(states))}
        </p>
      ) : null}
      {body}
      {items.length > 0 && (page.data?.prevCursor || page.data?.nextCursor) ? (
        <nav aria-label="Pages" className="flex flex-wrap items-center justify-between gap-2">
          <div className="flex gap-2">
            {page.data.prevCursor ? (
              <>
                <Button variant="ghost" size="sm" onClick={() => setCursor(null)}>
                  First page
                </Button>
                <Button variant="secondary" size="sm" onClick={() => setCursor(page.data.prevCursor)}>
                  <ChevronLeft className="size-4" aria-hidden="true" /> Previous page
                </Button>
              </>
            ) : null}
          </div>
          {page.data.nextCursor ? (
            <Button variant="secondary" size="sm" onClick={() => setCursor(page.data.nextCursor)}>
              Next page <ChevronRight className="size-4" aria-hidden="true" />
            </Button>
          ) : null}
        </nav>
      ) : null}
      <ConfirmBulkCancelDialog
        tasks={confirming}
        busy={cancelMany.isPending}
        onClose={() => setConfirming(null)}
        onConfirm={() => {
          setConfirmed(confirming ?? []);
          cancelMany.mutate(
            (confirming ?? []).map((task) => task.id),
            {
              onSuccess: (result) => {
                setConfirming(null);
                setResults(result.results);
                setSelected(new Set());
              },
              onError: () => setConfirming(null),
            },
          );
        }}
      />
      <BulkCancelDialog results={results} tasks={confirmed} onClose={() => setResults(null)} />
    </div>
  );
}

/** The output's poster, or an empty frame of the same size, so prompts line up down the table. */
function Thumbnail({ task }: { task: TaskListItem }) {
  if (!task.media?.posterUrl) {
    return (
      <span className="flex h-9 w-16 shrink-0 items-center justify-center rounded bg-zinc-100 text-zinc-300" aria-hidden="true">
        <Film className="size-4" />
      </span>
    );
  }
  return (
    // eslint-disable-next-line @next/next/no-img-element -- a private poster served by our own API
    <img
      src={task.media.posterUrl}
      alt=""
      loading="lazy"
      width={64}
      height={36}
      className="h-9 w-16 shrink-0 rounded bg-zinc-100 object-cover"
    />
  );
}

/** "1 task matches", "2,345 tasks match", "10,000+ tasks match"; unfiltered, "2,345 tasks". */
function matchCountText(total: number, capped: boolean, filtered: boolean): string {
  const count = `${total.toLocaleString("en-US")}${capped ? "+" : ""}`;
  const one = total === 1 && !capped;
  if (!filtered) return `${count} ${one ? "task" : "tasks"}`;
  return `${count} ${one ? "task matches" : "tasks match"}`;
}

function timeTaken(task: TaskListItem, now: number): string {
  const seconds = taskSeconds(task, now);
  return isTerminal(task.state) ? formatDuration(seconds) : `${formatDuration(seconds)} so far`;
}
