"use client";
import type { QueryClient } from "@tanstack/react-query";
import { taskQuery } from "@/lib/client/task-query";
import type { Toast } from "@/lib/client/toasts";
import { STATE_LABELS, isTerminal } from "@/lib/shared/tasks";

/**
 * Tells the person that one of their tasks left flight (finished, or an admin decided on it): a
 * toast, and a browser notification when Cutroom is open but not in use. Loaded by the header's
 * activity watcher the first time a task does so, so no page's cold load carries it.
 */
export async function announceFinish(
  client: QueryClient,
  show: (toast: Omit<Toast, "id">) => void,
  { id, prompt, pathname }: { id: string; prompt: string; pathname: string },
): Promise<void> {
  const task = await client.fetchQuery({ ...taskQuery(id), staleTime: 0 });
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
}
