import { LocalTime } from "@/components/ui/local-time";
import { ArrowRightCircle, HardDrive, Info, RefreshCw, Send, Webhook, XCircle, type LucideIcon } from "lucide-react";
import { cn } from "@/components/ui/cn";
import type { TaskView } from "@/lib/shared/tasks";

const KINDS: Record<string, { icon: LucideIcon; tone: string; label: string }> = {
  state: { icon: ArrowRightCircle, tone: "text-brand-600", label: "State" },
  submit: { icon: Send, tone: "text-sky-600", label: "Submit" },
  webhook: { icon: Webhook, tone: "text-violet-600", label: "Webhook" },
  poll: { icon: RefreshCw, tone: "text-zinc-500", label: "Check" },
  archive: { icon: HardDrive, tone: "text-emerald-600", label: "Storage" },
  cancel: { icon: XCircle, tone: "text-red-600", label: "Cancel" },
  note: { icon: Info, tone: "text-zinc-500", label: "Note" },
};

const SOURCES: Record<string, string> = {
  user: "person",
  provider: "provider",
  reconciler: "reconciler",
  webhook: "webhook",
  watchdog: "watchdog",
  system: "Cutroom",
};

/** Everything that happened to a task, in order, so anyone can see why it is where it is. */
export function TaskTimeline({ events }: { events: TaskView["events"] }) {
  return (
    <ol className="mt-3 space-y-3" aria-label="Timeline">
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
                <LocalTime iso={event.at} /> · {SOURCES[event.source] ?? event.source}
              </p>
            </div>
          </li>
        );
      })}
    </ol>
  );
}
