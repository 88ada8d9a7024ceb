import { LocalTime } from "@/components/ui/local-time";
import { ArrowRightCircle, ClipboardCheck, HardDrive, Info, RefreshCw, Send, Webhook, XCircle, type LucideIcon } from "lucide-react";
import { cn } from "@/components/ui/cn";
import { formatClock } from "@/lib/shared/format";
import type { TaskView } from "@/lib/shared/tasks";

const KINDS: Record<string, { icon: LucideIcon; tone: string; label: string }> = {
  state: { icon: ArrowRightCircle, tone: "text-brand-600", label: "State" },
  submit: { icon: Send, tone: "text-sky-600", label: "Submit" },
  webhook: { icon: Webhook, tone: "text-violet-600", label: "Webhook" },
  poll: { icon: RefreshCw, tone: "text-zinc-500", label: "Check" },
  archive: { icon: HardDrive, tone: "text-emerald-600", label: "Storage" },
  cancel: { icon: XCircle, tone: "text-red-600", label: "Cancel" },
  note: { icon: Info, tone: "text-zinc-500", label: "Note" },
  review: { icon: ClipboardCheck, tone: "text-emerald-600", label: "Review" },
};

const SOURCES: Record<string, string> = {
  user: "person",
  provider: "provider",
  reconciler: "reconciler",
  webhook: "webhook",
  watchdog: "watchdog",
  system: "Cutroom",
};

/** The steps a person cares about, in their words. */
const MILESTONES: Partial<Record<string, string>> = {
  pending: "Created",
  awaiting_approval: "Waiting for an admin's approval",
  queued: "Accepted by the provider, in its queue",
  running: "Started generating",
  succeeded: "Finished",
  failed: "Failed",
  canceled: "Cancelled",
  expired: "Expired",
};

/**
 * A milestone's words. Decisions people made are told in their own words: a later move to pending
 * is an admin's approval ("Approved by …: note"), a cancel says who cancelled, a review who reviewed.
 */
const milestoneOf = (event: TaskView["events"][number], index: number): string | null => {
  if (event.saved) return "Saved to Cutroom's storage";
  // Each review ("Approved by …", "Changes requested by …: note") is a decision a person made.
  if (event.kind === "review") return event.message;
  if (event.kind !== "state" || !event.toState) return null;
  if ((event.toState === "pending" && index > 0) || (event.toState === "canceled" && event.source === "user")) return event.message;
  return MILESTONES[event.toState] ?? null;
};

/**
 * What happened to a task: first the milestones (created, queued, started, finished, saved) to the
 * second, each with the time since it was created; then, folded under "Every step", everything in
 * order (each submission attempt, provider answer, webhook and check), so anyone can see why it is
 * where it is.
 */
export function TaskTimeline({ events }: { events: TaskView["events"] }) {
  const start = events[0] ? new Date(events[0].at).getTime() : 0;
  const milestones = events.flatMap((event, index) => {
    const label = milestoneOf(event, index);
    return label ? [{ label, at: event.at }] : [];
  });
  return (
    <div className="mt-3 space-y-4">
      <ol className="space-y-2" aria-label="Milestones">
        {milestones.map((milestone, index) => (
          <li key={index} className="flex flex-wrap items-baseline justify-between gap-x-3 text-sm">
            <span className="min-w-0 break-words font-medium text-zinc-800">{milestone.label}</span>
            <span className="text-xs tabular-nums text-zinc-500">
              <LocalTime iso={milestone.at} seconds />
              {index > 0 ? ` · +${formatClock((new Date(milestone.at).getTime() - start) / 1000)}` : ""}
            </span>
          </li>
        ))}
      </ol>
      <details className="group rounded-lg border border-zinc-200">
        <summary className="cursor-pointer select-none px-3 py-2 text-sm font-medium text-zinc-700 focus-visible:outline-none focus-visible:ring-2 focus-visible:ring-brand-500/40">
          Every step ({events.length})
        </summary>
        <ol className="space-y-3 border-t border-zinc-200 p-3" aria-label="Timeline">
          {events.map((event, index) => {
            const kind = KINDS[event.kind] ?? KINDS.note!;
            const Icon = kind.icon;
            return (
              <li key={index} className="flex gap-3 text-sm">
                <Icon className={cn("mt-0.5 size-4 shrink-0", kind.tone)} aria-hidden="true" />
                <div className="min-w-0">
                  <p className="break-words text-zinc-800">{event.message}</p>
                  <p className="text-xs text-zinc-500">
                    <span className="sr-only">{kind.label}, </span>
                    <LocalTime iso={event.at} seconds /> · {SOURCES[event.source] ?? event.source}
                  </p>
                </div>
              </li>
            );
          })}
        </ol>
      </details>
    </div>
  );
}
