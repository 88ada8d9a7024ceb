"use client";
import { formatClock, formatDuration } from "@/lib/shared/format";
import type { TaskView } from "@/lib/shared/tasks";

const WAITING_TEXT: Partial<Record<TaskView["state"], string>> = {
  pending: "Sending to the provider…",
  queued: "Waiting in the provider's queue…",
  running: "Generating…",
};

/**
 * Progress for a task in flight: the provider's own percentage when it reports one (APIDot), else
 * an estimate from the model's typical duration that stops short of the end until the provider
 * says it is done.
 */
export function TaskProgress({ task, elapsedSeconds }: { task: TaskView; elapsedSeconds: number }) {
  const estimate = task.typicalSeconds;
  const reported = task.state === "running" && task.progress !== null ? task.progress : null;
  const fraction =
    reported !== null
      ? Math.min(0.99, Math.max(0.02, reported / 100))
      : task.state === "pending"
        ? 0.03
        : Math.min(0.95, Math.max(0.05, elapsedSeconds / estimate));
  const remaining = Math.max(0, estimate - elapsedSeconds);
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
      <p className="text-sm text-zinc-500">
        {remaining > 0
          ? `This model usually takes about ${formatDuration(estimate)}; about ${formatDuration(remaining)} to go.`
          : "Taking longer than usual. Cutroom keeps checking with the provider."}{" "}
        You can leave this page; the task keeps going.
      </p>
    </div>
  );
}
