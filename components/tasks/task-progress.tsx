"use client";
import { formatClock, formatDuration } from "@/lib/shared/format";
import type { TaskView } from "@/lib/shared/tasks";

const WAITING_TEXT: Partial<Record<TaskView["state"], string>> = {
  pending: "Sending to the provider…",
  queued: "Waiting in the provider's queue…",
  running: "Generating…",
};

/**
 * Progress for a task in flight, with the queue and the generation apart. In the queue nothing
 * moves yet, so the bar only says it is waiting. While generating, the bar is the provider's own
 * percentage where it reports one (APIDot), else the time since it started against the model's
 * typical duration, never full: past that, it says the task is taking longer than usual.
 */
export function TaskProgress({ task, elapsedSeconds, now }: { task: TaskView; elapsedSeconds: number; now: number }) {
  const estimate = task.typicalSeconds;
  const generating = task.state === "running";
  const startedAt = task.startedAt ? Date.parse(task.startedAt) : null;
  const runSeconds = generating && startedAt !== null ? Math.max(0, (now - startedAt) / 1000) : 0;
  const queuedSeconds = task.queuedAt ? Math.max(0, ((startedAt ?? now) - Date.parse(task.queuedAt)) / 1000) : 0;
  const reported = generating && task.progress !== null ? task.progress : null;
  const late = generating && reported === null && runSeconds > estimate;
  const fraction =
    reported !== null ? Math.min(0.99, Math.max(0.02, reported / 100)) : Math.min(0.9, Math.max(0.03, runSeconds / estimate));
  const remaining = Math.max(0, estimate - runSeconds);
  return (
    <div className="space-y-3">
      <div className="flex items-baseline justify-between gap-3 text-sm">
        <p className="font-medium text-zinc-800">
          {WAITING_TEXT[task.state]}
          {reported !== null ? <span className="ml-2 tabular-nums text-zinc-600">{Math.round(reported)}%</span> : null}
        </p>
        <p className="tabular-nums text-zinc-500">
          <span className="sr-only">Elapsed </span>
          <span data-testid="elapsed">{formatClock(elapsedSeconds)}</span>
        </p>
      </div>
      {generating ? (
        <div
          className="h-2 overflow-hidden rounded-full bg-zinc-100"
          role="progressbar"
          aria-label={reported !== null ? `Progress reported by ${task.providerLabel}` : "Estimated progress"}
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round(fraction * 100)}
        >
          <div
            className="h-full rounded-full bg-brand-500 transition-[width] duration-1000 ease-linear"
            style={{ width: `${fraction * 100}%` }}
          />
        </div>
      ) : (
        // Nothing to measure yet: a bar that says "waiting", not a share of the work.
        <div
          className="h-2 overflow-hidden rounded-full bg-zinc-100"
          role="progressbar"
          aria-label={task.state === "queued" ? "Waiting in the queue" : "Sending"}
          aria-valuetext="Not started"
        >
          <div className="h-full w-1/4 animate-pulse rounded-full bg-zinc-300" />
        </div>
      )}
      <p className="text-sm text-zinc-500">
        {task.queuedAt && (generating || task.state === "queued") ? `In the queue ${formatDuration(queuedSeconds)}. ` : ""}
        {generating
          ? late
            ? "Taking longer than usual. Cutroom keeps checking with the provider."
            : `Generating for ${formatDuration(runSeconds)}; this model usually takes about ${formatDuration(estimate)}${
                reported === null ? `, so about ${formatDuration(remaining)} to go` : ""
              }.`
          : `Once it starts, this model usually takes about ${formatDuration(estimate)}.`}{" "}
        You can leave this page; the task keeps going.
      </p>
    </div>
  );
}
