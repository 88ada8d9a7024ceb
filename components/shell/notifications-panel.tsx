"use client";
import { AtSign } from "lucide-react";
import { useRouter } from "next/navigation";
import { cn } from "@/components/ui/cn";
import { LocalTime } from "@/components/ui/local-time";
import { useMarkRead, useNotificationList } from "@/lib/client/notifications";

/** My latest notices, newest first: each opens its task's comments and counts as read. */
export function NotificationsPanel({ id, onClose }: { id: string; onClose: () => void }) {
  const list = useNotificationList(true);
  const mark = useMarkRead();
  const router = useRouter();
  const anyUnread = list.data?.some((notice) => !notice.read) ?? false;
  return (
    <div
      id={id}
      role="region"
      aria-label="Notifications"
      className="absolute right-0 z-30 mt-2 w-80 max-w-[calc(100vw-2rem)] overflow-hidden rounded-xl border border-zinc-200 bg-surface shadow-lg"
    >
      <div className="flex items-center justify-between border-b border-zinc-100 px-4 py-2.5">
        <p className="text-sm font-semibold text-zinc-900">Notifications</p>
        {anyUnread ? (
          <button
            type="button"
            className="text-xs font-medium text-brand-700 hover:underline"
            onClick={() => mark.mutate({ all: true })}
            disabled={mark.isPending}
          >
            Mark all read
          </button>
        ) : null}
      </div>
      {list.isPending ? (
        <p className="px-4 py-6 text-sm text-zinc-500">Loading…</p>
      ) : list.isError ? (
        <p className="px-4 py-6 text-sm text-red-700">Could not load your notifications.</p>
      ) : list.data.length === 0 ? (
        <p className="px-4 py-6 text-sm text-zinc-500">Nothing yet. When a teammate @mentions you in a comment, it shows here.</p>
      ) : (
        <ul className="max-h-96 divide-y divide-zinc-100 overflow-y-auto" aria-label="Latest notifications">
          {list.data.map((notice) => (
            <li key={notice.id}>
              <a
                href={`/tasks/${notice.task.id}#comments`}
                onClick={(event) => {
                  event.preventDefault();
                  if (!notice.read) mark.mutate({ ids: [notice.id] });
                  onClose();
                  router.push(`/tasks/${notice.task.id}#comments`);
                }}
                className={cn("flex gap-3 px-4 py-3 text-left hover:bg-zinc-50", !notice.read && "bg-brand-50/60")}
              >
                <AtSign className="mt-0.5 size-4 shrink-0 text-brand-600" aria-hidden="true" />
                <span className="min-w-0 space-y-0.5">
                  <span className="block text-sm text-zinc-900">
                    <span className="font-medium">{notice.actor}</span> mentioned you on{" "}
                    <span className="font-medium">{notice.task.prompt || "a task"}</span>
                    {notice.read ? null : <span className="sr-only"> (unread)</span>}
                  </span>
                  <span className="line-clamp-2 block break-words text-sm text-zinc-600">{notice.excerpt}</span>
                  <span className="block text-xs text-zinc-500">
                    <LocalTime iso={notice.createdAt} />
                  </span>
                </span>
              </a>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
