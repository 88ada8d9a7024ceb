"use client";
import { useQueryClient } from "@tanstack/react-query";
import { usePathname } from "next/navigation";
import { useEffect, useRef } from "react";
import { useMyTasksInFlight } from "@/lib/client/activity";
import { useToasts } from "@/lib/client/toasts";

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
      // What the notice says, and its code, only once a task does leave flight.
      void import("./finish-notice").then(({ announceFinish }) => announceFinish(client, show, { id, prompt, pathname }));
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
