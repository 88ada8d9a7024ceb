"use client";
import { useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useMyTasksInFlight } from "@/lib/client/activity";
import { taskQuery } from "@/lib/client/task-query";
import { useToasts } from "@/lib/client/toasts";
import { STATE_LABELS, isTerminal } from "@/lib/shared/tasks";

const TITLE_PREFIX = /^\(\d+\) /;

/**
 * Watches my tasks in flight from anywhere in Cutroom: the tab title shows how many are running,
 * and when one finishes a toast says so (with a browser notification too, if I allowed them).
 */
export function ActivityWatcher() {
  const { data } = useMyTasksInFlight();
  const client = useQueryClient();
  const { show } = useToasts();
  const pathname = usePathname();
  const previous = useRef<Map<string, { prompt: string; state: string }> | null>(null);
  const count = data?.length ?? 0;

  useEffect(() => {
    if (!data) return;
    const current = new Map(data.map((task) => [task.id, { prompt: task.prompt, state: task.state }]));
    const before = previous.current;
    previous.current = current;
    if (!before) return;
    for (const [id, { prompt, state }] of before) {
      const now = current.get(id);
      // Still in flight: only the end of a wait for approval is news.
      if (now && !(state === "awaiting_approval" && now.state !== "awaiting_approval")) continue;
      void client.fetchQuery({ ...taskQuery(id), staleTime: 0 }).then((task) => {
        if (pathname === `/tasks/${id}`) return;
        const ok = task.state === "succeeded";
        const approved = task.approval?.decision === "approved" && !isTerminal(task.state);
        const refused = task.approval?.decision === "rejected";
        const by = task.approval?.by ?? "An admin";
        const title = approved
          ? `${by} approved your task`
          : refused
            ? `${by} refused your task`
            : ok
              ? "Your video is ready"
              : `Your task ${STATE_LABELS[task.state].toLowerCase()}`;
        // The admin's note is what the person needs to read; the prompt says which task.
        const body = (approved || refused) && task.approval?.note ? `“${task.approval.note}” · ${prompt}` : prompt;
        show({
          tone: ok || approved ? "success" : task.state === "canceled" ? "info" : "error",
          title,
          body,
          href: `/tasks/${id}`,
          action: ok ? "Watch it" : approved ? "Follow it" : "See why",
        });
        // A hidden tab makes no requests at all, so it learns of the finish on its return; the browser
        // notice is for a Cutroom window that is open but not the one in use (the person is in another app).
        if (typeof Notification !== "undefined" && Notification.permission === "granted" && !document.hasFocus()) {
          const notice = new Notification(`Cutroom: ${title.toLowerCase()}`, { body, tag: id });
          notice.onclick = () => window.focus();
        }
      });
    }
  }, [data, client, show, pathname]);

  // Next.js sets the title on every navigation; keep the "(2) " prefix on whatever it sets.
  useEffect(() => {
    const apply = () => {
      const base = document.title.replace(TITLE_PREFIX, "");
      const next = count > 0 ? `(${count}) ${base}` : base;
      if (document.title !== next) document.title = next;
    };
    apply();
    const title = document.querySelector("title");
    if (!title) return;
    const observer = new MutationObserver(apply);
    observer.observe(title, { childList: true });
    return () => observer.disconnect();
  }, [count, pathname]);

  return null;
}
