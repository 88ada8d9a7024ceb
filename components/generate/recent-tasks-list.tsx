import { Download, ExternalLink, Film, RotateCcw } from "lucide-react";
import Link from "next/link";
import { Card } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { StateBadge } from "@/components/tasks/state-badge";
import { UseAsInputButton } from "@/components/tasks/use-as-input-button";
import { formatClock, formatRelative, taskSeconds } from "@/lib/shared/format";
import { isTerminal, outputProblemOf, type TaskListItem } from "@/lib/shared/tasks";

// The cards of Generate's feed, from the tasks and the time to count from. No "use client": the
// server renders them into the page (recent-tasks.tsx), so an idle Generate ships none of this;
// the browser loads this module only once the feed changes (recent-tasks-feed.tsx).

export function RecentTasksList({ items, failed, now }: { items: TaskListItem[]; failed?: boolean; now: number }) {
  if (failed && items.length === 0) return <p className="text-sm text-zinc-500">Your tasks could not be loaded. They are under Tasks.</p>;
  if (items.length === 0) {
    return (
      <Card className="flex flex-col items-center gap-2 p-6 text-center text-sm text-zinc-600">
        <Film className="size-6 text-zinc-300" aria-hidden="true" />
        What you generate shows up here, with its progress and then the result.
      </Card>
    );
  }
  return (
    <ul className="space-y-3" aria-label="Your recent tasks">
      {groupsOf(items).map((group) =>
        group.length === 1 ? (
          <RecentTask key={group[0]!.id} task={group[0]!} now={now} />
        ) : (
          <VariantGroup key={group[0]!.batchId} tasks={group} now={now} />
        ),
      )}
    </ul>
  );
}

/** Tasks in feed order, variants made together kept together. */
function groupsOf(items: TaskListItem[]): TaskListItem[][] {
  const groups: TaskListItem[][] = [];
  for (const task of items) {
    const last = groups.at(-1);
    if (task.batchId && last?.[0]?.batchId === task.batchId) last.push(task);
    else groups.push([task]);
  }
  return groups;
}

/** Variants of one request: the prompt once, then each result (or its progress) side by side. */
function VariantGroup({ tasks, now }: { tasks: TaskListItem[]; now: number }) {
  const first = tasks[0]!;
  return (
    <li data-batch-id={first.batchId}>
      <Card className="space-y-2 p-3">
        <p className="line-clamp-2 break-words text-sm font-medium text-zinc-900">{first.prompt || "(no prompt)"}</p>
        <p className="text-xs text-zinc-500">
          {tasks.length} variants · {first.modelLabel} · {first.providerLabel} · {formatRelative(first.createdAt, now)}
        </p>
        <ul className="grid grid-cols-2 gap-2" aria-label={`${tasks.length} variants`}>
          {tasks.map((task, index) => (
            <li key={task.id} data-task-id={task.id} className="space-y-1">
              <div className="overflow-hidden rounded-lg ring-1 ring-zinc-200">
                <Result task={task} now={now} />
              </div>
              <div className="flex flex-wrap items-center gap-1.5">
                <StateBadge state={task.state} problem={outputProblemOf(task)} />
                <Link href={`/tasks/${task.id}`} className="text-xs font-medium text-brand-700 hover:underline">
                  Open {index + 1}
                </Link>
                {task.media ? (
                  <a href={task.media.downloadUrl} className="text-xs font-medium text-brand-700 hover:underline">
                    Download
                  </a>
                ) : null}
              </div>
            </li>
          ))}
        </ul>
      </Card>
    </li>
  );
}

/** The result playing in place, or where the task is while it is not there yet. */
function Result({ task, now }: { task: TaskListItem; now: number }) {
  const media = task.media;
  if (!media) return <Progress task={task} now={now} />;
  const label = `Result of "${task.prompt.slice(0, 60)}"`;
  return media.kind === "image" ? (
    // eslint-disable-next-line @next/next/no-img-element -- a private image served by our own API
    <img src={media.url} alt={label} className="aspect-video w-full bg-zinc-100 object-contain" />
  ) : (
    <video
      src={media.url}
      poster={media.posterUrl ?? undefined}
      controls
      playsInline
      preload="none"
      aria-label={label}
      className="aspect-video w-full bg-black"
    />
  );
}

const PHASE: Partial<Record<TaskListItem["state"], string>> = {
  awaiting_approval: "Waiting for an admin's approval",
  pending: "Sending to the provider",
  queued: "In the provider's queue",
  running: "Generating",
};

function RecentTask({ task, now }: { task: TaskListItem; now: number }) {
  const media = task.media;
  return (
    <li data-task-id={task.id}>
      <Card className="overflow-hidden">
        {/* A task that ended without a result needs no empty frame: its state says it all. */}
        {media || !isTerminal(task.state) ? <Result task={task} now={now} /> : null}
        <div className="space-y-2 p-3">
          <p className="line-clamp-2 break-words text-sm font-medium text-zinc-900">{task.prompt || "(no prompt)"}</p>
          <div className="flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-500">
            <StateBadge state={task.state} problem={outputProblemOf(task)} />
            <span>{task.modelLabel}</span>
            <span aria-hidden="true">·</span>
            <span>{task.providerLabel}</span>
            <span aria-hidden="true">·</span>
            <span>{formatRelative(task.createdAt, now)}</span>
          </div>
          {task.state === "failed" && task.error ? <p className="text-xs text-red-700">{task.error.message}</p> : null}
          <div className="flex flex-wrap gap-1.5">
            <Link href={`/tasks/${task.id}`} className={buttonClass("secondary", "sm")} aria-label={`Open "${task.prompt.slice(0, 60)}"`}>
              <ExternalLink className="size-3.5" aria-hidden="true" /> Open
            </Link>
            <Link
              href={`/generate?from=${task.id}`}
              className={buttonClass("ghost", "sm")}
              aria-label={`Re-run "${task.prompt.slice(0, 60)}"`}
            >
              <RotateCcw className="size-3.5" aria-hidden="true" /> Re-run
            </Link>
            {media ? (
              <>
                <UseAsInputButton taskId={task.id} kind={media.kind} label={`"${task.prompt.slice(0, 60)}"`} />
                <a href={media.downloadUrl} className={buttonClass("ghost", "sm")} aria-label={`Download "${task.prompt.slice(0, 60)}"`}>
                  <Download className="size-3.5" aria-hidden="true" /> Download
                </a>
              </>
            ) : null}
          </div>
        </div>
      </Card>
    </li>
  );
}

/** Where a task in flight is: the phase it is in and for how long, never a bar that guesses. */
function Progress({ task, now }: { task: TaskListItem; now: number }) {
  const ended = isTerminal(task.state);
  const seconds = taskSeconds(task, now);
  const late = task.state === "running" && seconds > task.typicalSeconds;
  return (
    <div className="flex aspect-video w-full flex-col items-center justify-center gap-1 bg-zinc-50 px-4 text-center text-zinc-600">
      <Film className="size-6 text-zinc-300" aria-hidden="true" />
      {ended ? (
        <p className="text-sm">No result to show</p>
      ) : (
        <>
          <p className="text-sm font-medium text-zinc-700">{PHASE[task.state]}</p>
          <p className="text-xs tabular-nums">
            {formatClock(seconds)}
            {late ? " · taking longer than usual" : ""}
          </p>
        </>
      )}
    </div>
  );
}
