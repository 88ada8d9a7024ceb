"use client";
import { Bell } from "lucide-react";
import { Suspense, lazy, useEffect, useId, useRef } from "react";
import { usePathname, useRouter } from "next/navigation";
import { usePopover } from "@/components/ui/use-popover";
import { useNotificationSummary } from "@/lib/client/notifications";
import { useToasts } from "@/lib/client/toasts";
import type { NotificationSummary } from "@/lib/shared/comments";

// The header's bell: how many notices (mentions) I have not read, from the page's own render, then
// read again each minute while the tab is visible. A new one shows a toast (and a browser
// notification when Cutroom is open but not in use). The list's code loads on first open.
const loadPanel = () => import("./notifications-panel");
const NotificationsPanel = lazy(() => loadPanel().then((module) => ({ default: module.NotificationsPanel })));

export function NotificationsBell({ initial }: { initial: NotificationSummary }) {
  const summary = useNotificationSummary(initial);
  const { open, setOpen, ref, onKeyDown } = usePopover();
  const panelId = useId();
  const { show } = useToasts();
  const pathname = usePathname();
  const router = useRouter();
  const seen = useRef(initial.newest?.id ?? null);
  const unread = summary.data.unread;
  const newest = summary.data.newest;

  useEffect(() => {
    if (!newest || newest.id === seen.current) return;
    seen.current = newest.id;
    if (pathname === `/tasks/${newest.task.id}`) return;
    void import("./mention-notice").then(({ announceMention }) => announceMention(show, newest, (href) => router.push(href)));
  }, [newest, pathname, show, router]);

  return (
    <div ref={ref} onKeyDown={onKeyDown} className="relative">
      <button
        type="button"
        aria-expanded={open}
        aria-controls={panelId}
        onPointerEnter={() => void loadPanel()}
        onFocus={() => void loadPanel()}
        onClick={() => setOpen(!open)}
        className="relative flex size-9 items-center justify-center rounded-lg text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900"
      >
        <Bell className="size-5" aria-hidden="true" />
        <span className="sr-only">Notifications{unread ? `, ${unread} unread` : ""}</span>
        {unread ? (
          <span
            className="absolute -top-0.5 -right-0.5 min-w-5 rounded-full bg-red-600 px-1 text-center text-xs font-semibold leading-5 text-white"
            aria-hidden="true"
            data-testid="unread-count"
          >
            {unread > 99 ? "99+" : unread}
          </span>
        ) : null}
      </button>
      {open ? (
        <Suspense
          fallback={
            <div id={panelId} className="absolute right-0 z-30 mt-2 h-48 w-80 rounded-xl border border-zinc-200 bg-surface shadow-lg" />
          }
        >
          <NotificationsPanel id={panelId} onClose={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  );
}
